package store

import (
	"koto/internal/apperr"
	"koto/internal/attachment"
	"koto/internal/crypto"
)

// Attachments returns the store as the attachments service's store.
func (db *DB) Attachments() attachment.Store { return gated[attachment.Tx]{db} }

// *Tx serves the attachments' transactions.
var _ attachment.Tx = (*Tx)(nil)

// attachmentAD binds a sealed column of an attachment row to its place.
func attachmentAD(orgID, id, column string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "attachments", Column: column, RowID: id}
}

// attachmentContentAD binds an attachment's content to the organisation,
// the client and the attachment: a blob copied to another attachment or
// client fails to open.
func attachmentContentAD(orgID, clientID, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "attachments", Column: "content", RowID: clientID + "/" + id}
}

// sealedAttachment is a row of attachments before its text is opened.
type sealedAttachment struct {
	attachment.Attachment
	title, description []byte
}

const attachmentColumns = `id, client_id, category, COALESCE(consent_id, ''), content_type, size_bytes, title_enc, description_enc,
	recorded_by, recorded_username, created_at`

func scanAttachment(sc scanner) (sealedAttachment, error) {
	var a sealedAttachment
	var typ string
	err := sc.Scan(&a.ID, &a.ClientID, &a.Category, &a.ConsentID, &typ, &a.Size, &a.title, &a.description,
		&a.RecordedBy, &a.Recorder, &a.CreatedAt)
	a.Type = attachment.Type(typ)
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

// Attachments lists a client's attachments (and those uploaded to records
// merged into it), newest first, with titles and descriptions opened with
// the clients' keys.
func (t *Tx) Attachments(orgID, clientID string) ([]attachment.Attachment, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := collect(t, "attachments", scanAttachment, `SELECT `+attachmentColumns+`
		FROM attachments WHERE org_id = ? AND `+t.db.dialect.inList("client_id")+`
		ORDER BY created_at DESC, id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	ciphers := map[string]*crypto.FieldCipher{}
	out := make([]attachment.Attachment, len(sealed))
	for i, s := range sealed {
		fc := ciphers[s.ClientID]
		if fc == nil {
			if fc, err = t.clientCipher(orgID, s.ClientID); err != nil {
				return nil, err
			}
			ciphers[s.ClientID] = fc
		}
		if out[i], err = openAttachmentRow(fc, orgID, s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Attachment is one attachment of the client (or of a record merged
// into it); NotFound for one of another client or organisation.
func (t *Tx) Attachment(orgID, clientID, id string) (attachment.Attachment, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return attachment.Attachment{}, err
	}
	s, err := scanAttachment(t.queryRow(`SELECT `+attachmentColumns+`
		FROM attachments WHERE id = ? AND org_id = ? AND `+t.db.dialect.inList("client_id"), id, orgID, t.db.dialect.listArg(ids)))
	if err != nil {
		return attachment.Attachment{}, notFound(err, "attachment")
	}
	fc, err := t.clientCipher(orgID, s.ClientID)
	if err != nil {
		return attachment.Attachment{}, err
	}
	return openAttachmentRow(fc, orgID, s)
}

func openAttachmentRow(fc *crypto.FieldCipher, orgID string, s sealedAttachment) (attachment.Attachment, error) {
	a := s.Attachment
	for _, f := range []struct {
		enc    []byte
		column string
		dst    *string
	}{{s.title, "title_enc", &a.Title}, {s.description, "description_enc", &a.Description}} {
		if f.enc == nil {
			continue
		}
		plain, err := fc.Open(f.enc, attachmentAD(orgID, a.ID, f.column))
		if err != nil {
			return attachment.Attachment{}, apperr.Wrap(err, "open attachment %s", f.column)
		}
		*f.dst = string(plain)
	}
	return a, nil
}

// InsertAttachment seals a's title and description (when given) with the
// client's key and stores the row.
func (t *Tx) InsertAttachment(orgID string, a *attachment.Attachment) error {
	var title, description []byte
	if a.Title != "" || a.Description != "" {
		fc, err := t.clientCipher(orgID, a.ClientID)
		if err != nil {
			return err
		}
		if a.Title != "" {
			if title, err = fc.Seal([]byte(a.Title), attachmentAD(orgID, a.ID, "title_enc")); err != nil {
				return apperr.Wrap(err, "seal attachment title")
			}
		}
		if a.Description != "" {
			if description, err = fc.Seal([]byte(a.Description), attachmentAD(orgID, a.ID, "description_enc")); err != nil {
				return apperr.Wrap(err, "seal attachment description")
			}
		}
	}
	var consentID any
	if a.ConsentID != "" {
		consentID = a.ConsentID
	}
	_, err := t.exec(`INSERT INTO attachments (id, org_id, client_id, category, consent_id, content_type, size_bytes, title_enc,
		description_enc, recorded_by, recorded_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, orgID, a.ClientID, a.Category, consentID, string(a.Type), a.Size, title, description, a.RecordedBy, a.Recorder, a.CreatedAt)
	return apperr.Wrap(err, "insert attachment")
}

// SealAttachment encrypts an attachment's content with the client's key.
func (t *Tx) SealAttachment(orgID, clientID, id string, plain []byte) ([]byte, error) {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := fc.Seal(plain, attachmentContentAD(orgID, clientID, id))
	return sealed, apperr.Wrap(err, "seal attachment %s", id)
}

// OpenAttachment decrypts an attachment's content sealed by
// SealAttachment for the same organisation, client and id.
func (t *Tx) OpenAttachment(orgID, clientID, id string, sealed []byte) ([]byte, error) {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	plain, err := fc.Open(sealed, attachmentContentAD(orgID, clientID, id))
	return plain, apperr.Wrap(err, "open attachment %s", id)
}

// ConsentOfClient returns nil when consentID is a consent of the client
// of orgID, NotFound otherwise.
func (t *Tx) ConsentOfClient(orgID, clientID, consentID string) error {
	var one int
	err := t.queryRow(`SELECT 1 FROM consents WHERE id = ? AND org_id = ? AND client_id = ?`, consentID, orgID, clientID).Scan(&one)
	return notFound(err, "consent of client")
}

// AttachmentIDs lists the ids of a client's attachments (their blob ids),
// for erasure (issue 15); the blob store's List finds the same blobs from
// the other side.
func (t *Tx) AttachmentIDs(orgID, clientID string) ([]string, error) {
	return collect(t, "attachment ids", func(sc scanner) (string, error) {
		var id string
		return id, sc.Scan(&id)
	}, `SELECT id FROM attachments WHERE org_id = ? AND client_id = ? ORDER BY id`, orgID, clientID)
}

// ConsentForms maps the ids of the client's consents (and those of records
// merged into it) to the ids of the attachments linked to them, oldest
// first.
func (t *Tx) ConsentForms(orgID, clientID string) (map[string][]string, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	type link struct{ consentID, id string }
	links, err := collect(t, "consent forms", func(sc scanner) (link, error) {
		var l link
		return l, sc.Scan(&l.consentID, &l.id)
	}, `SELECT consent_id, id FROM attachments WHERE org_id = ? AND `+t.db.dialect.inList("client_id")+`
		AND consent_id IS NOT NULL ORDER BY created_at, id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, l := range links {
		out[l.consentID] = append(out[l.consentID], l.id)
	}
	return out, nil
}
