package store

import (
	"koto/internal/apperr"
	"koto/internal/crypto"
	"koto/internal/note"
)

// Notes returns the store as the case-notes service's store.
func (db *DB) Notes() note.Store { return gated[note.Tx]{db} }

// *Tx serves the case notes' transactions.
var _ note.Tx = (*Tx)(nil)

func noteAD(orgID, noteID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "notes", Column: "text_enc", RowID: noteID}
}

func noteAmendmentAD(orgID, amendmentID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "note_amendments", Column: "text_enc", RowID: amendmentID}
}

// sealedNote is a row of notes (or of note_amendments: Type empty) before
// its text is opened.
type sealedNote struct {
	note.Note
	enc []byte
}

const noteColumns = `id, client_id, note_type, note_date, sensitive, text_enc, author_id, author_username, created_at`

func scanNote(sc scanner) (sealedNote, error) {
	var n sealedNote
	err := sc.Scan(&n.ID, &n.ClientID, &n.Type, &n.Date, &n.Sensitive, &n.enc, &n.AuthorID, &n.Author, &n.CreatedAt)
	n.CreatedAt = n.CreatedAt.UTC()
	return n, err
}

type sealedAmendment struct {
	note.Amendment
	clientID string
	enc      []byte
}

func scanAmendment(sc scanner) (sealedAmendment, error) {
	var a sealedAmendment
	err := sc.Scan(&a.ID, &a.NoteID, &a.clientID, &a.enc, &a.AuthorID, &a.Author, &a.CreatedAt)
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}

// noteClients is the client and the records merged into it: their notes
// are read with the survivor's (ADR 17).
func (t *Tx) noteClients(orgID, clientID string) ([]string, error) {
	merged, err := t.MergedFrom(orgID, clientID)
	return append([]string{clientID}, merged...), err
}

// Notes lists a client's notes, newest first by date and then by writing,
// with their amendments oldest first; sensitive notes' text is opened only
// when openSensitive.
func (t *Tx) Notes(orgID, clientID string, openSensitive bool) ([]note.Note, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := collect(t, "notes", scanNote, `SELECT `+noteColumns+` FROM notes WHERE org_id = ? AND `+t.db.dialect.inList("client_id")+`
		ORDER BY note_date DESC, created_at DESC, id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	amends, err := collect(t, "note amendments", scanAmendment, `SELECT id, note_id, client_id, text_enc, author_id, author_username, created_at
		FROM note_amendments WHERE org_id = ? AND `+t.db.dialect.inList("client_id")+` ORDER BY created_at, id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	return t.openNotes(orgID, sealed, amends, openSensitive)
}

// Note loads one note of the client (or of a record merged into it);
// NotFound when it has none with noteID.
func (t *Tx) Note(orgID, clientID, noteID string, openSensitive bool) (note.Note, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return note.Note{}, err
	}
	n, err := scanNote(t.queryRow(`SELECT `+noteColumns+` FROM notes WHERE id = ? AND org_id = ? AND `+t.db.dialect.inList("client_id"),
		noteID, orgID, t.db.dialect.listArg(ids)))
	if err != nil {
		return note.Note{}, notFound(err, "load note")
	}
	amends, err := collect(t, "note amendments", scanAmendment, `SELECT id, note_id, client_id, text_enc, author_id, author_username, created_at
		FROM note_amendments WHERE org_id = ? AND note_id = ? ORDER BY created_at, id`, orgID, noteID)
	if err != nil {
		return note.Note{}, err
	}
	out, err := t.openNotes(orgID, []sealedNote{n}, amends, openSensitive)
	if err != nil {
		return note.Note{}, err
	}
	return out[0], nil
}

// openNotes opens the notes' and amendments' text with their clients'
// keys, leaving sensitive ones sealed unless openSensitive, and puts the
// amendments under their notes.
func (t *Tx) openNotes(orgID string, sealed []sealedNote, amends []sealedAmendment, openSensitive bool) ([]note.Note, error) {
	ciphers := map[string]*crypto.FieldCipher{}
	cipher := func(clientID string) (*crypto.FieldCipher, error) {
		if fc := ciphers[clientID]; fc != nil {
			return fc, nil
		}
		fc, err := t.clientCipher(orgID, clientID)
		ciphers[clientID] = fc
		return fc, err
	}
	out := make([]note.Note, len(sealed))
	at := map[string]int{}
	for i, s := range sealed {
		n := s.Note
		n.Hidden = n.Sensitive && !openSensitive
		if !n.Hidden {
			fc, err := cipher(n.ClientID)
			if err != nil {
				return nil, err
			}
			plain, err := fc.Open(s.enc, noteAD(orgID, n.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open note")
			}
			n.Text = string(plain)
		}
		out[i] = n
		at[n.ID] = i
	}
	for _, s := range amends {
		i, ok := at[s.NoteID]
		if !ok {
			continue
		}
		a := s.Amendment
		if !out[i].Hidden {
			fc, err := cipher(s.clientID)
			if err != nil {
				return nil, err
			}
			plain, err := fc.Open(s.enc, noteAmendmentAD(orgID, a.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open note amendment")
			}
			a.Text = string(plain)
		}
		out[i].Amendments = append(out[i].Amendments, a)
	}
	return out, nil
}

// insertNoteSQL and insertAmendmentSQL store the rows that noteRow and
// amendmentRow build: one statement each for the single and the bulk path.
const (
	insertNoteSQL      = `INSERT INTO notes (` + noteColumns + `, org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertAmendmentSQL = `INSERT INTO note_amendments (id, org_id, note_id, client_id, text_enc, author_id, author_username, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// noteRow seals n's text with fc, its client's cipher, and returns the
// arguments of insertNoteSQL.
func noteRow(fc *crypto.FieldCipher, orgID string, n *note.Note) ([]any, error) {
	enc, err := fc.Seal([]byte(n.Text), noteAD(orgID, n.ID))
	if err != nil {
		return nil, apperr.Wrap(err, "seal note")
	}
	return []any{n.ID, n.ClientID, n.Type, n.Date, n.Sensitive, enc, n.AuthorID, n.Author, n.CreatedAt, orgID}, nil
}

// amendmentRow seals a's text with fc, the cipher of clientID (the client
// the note was written on), and returns the arguments of
// insertAmendmentSQL.
func amendmentRow(fc *crypto.FieldCipher, orgID, clientID string, a *note.Amendment) ([]any, error) {
	enc, err := fc.Seal([]byte(a.Text), noteAmendmentAD(orgID, a.ID))
	if err != nil {
		return nil, apperr.Wrap(err, "seal note amendment")
	}
	return []any{a.ID, orgID, a.NoteID, clientID, enc, a.AuthorID, a.Author, a.CreatedAt}, nil
}

// InsertNote seals n's text with the client's key and stores the note.
func (t *Tx) InsertNote(orgID string, n *note.Note) error {
	fc, err := t.clientCipher(orgID, n.ClientID)
	if err != nil {
		return err
	}
	row, err := noteRow(fc, orgID, n)
	if err != nil {
		return err
	}
	_, err = t.exec(insertNoteSQL, row...)
	return apperr.Wrap(err, "insert note")
}

// InsertNoteAmendment seals a's text with clientID's key (the client the
// note was written on) and stores the amendment.
func (t *Tx) InsertNoteAmendment(orgID, clientID string, a *note.Amendment) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	row, err := amendmentRow(fc, orgID, clientID, a)
	if err != nil {
		return err
	}
	_, err = t.exec(insertAmendmentSQL, row...)
	return apperr.Wrap(err, "insert note amendment")
}

// InsertNotes stores many notes of orgID's clients with their
// Amendments, each row sealed by noteRow or amendmentRow with its
// client's key exactly as InsertNote and InsertNoteAmendment seal it. The
// keys are opened once per client; the sealing runs on every core
// (sealRows) and the rows are written in order by this one transaction.
func (t *Tx) InsertNotes(orgID string, notes []note.Note) error {
	ciphers := map[string]*crypto.FieldCipher{}
	for _, n := range notes {
		if ciphers[n.ClientID] != nil {
			continue
		}
		fc, err := t.clientCipher(orgID, n.ClientID)
		if err != nil {
			return err
		}
		ciphers[n.ClientID] = fc
	}
	type sealed struct{ note, amendments [][]any }
	rows := make([]sealed, len(notes))
	err := sealRows(len(notes), func(i int) error {
		n := &notes[i]
		fc := ciphers[n.ClientID]
		row, err := noteRow(fc, orgID, n)
		if err != nil {
			return err
		}
		rows[i].note = [][]any{row}
		for j := range n.Amendments {
			row, err := amendmentRow(fc, orgID, n.ClientID, &n.Amendments[j])
			if err != nil {
				return err
			}
			rows[i].amendments = append(rows[i].amendments, row)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := t.exec(insertNoteSQL, r.note[0]...); err != nil {
			return apperr.Wrap(err, "insert note")
		}
		for _, a := range r.amendments {
			if _, err := t.exec(insertAmendmentSQL, a...); err != nil {
				return apperr.Wrap(err, "insert note amendment")
			}
		}
	}
	return nil
}
