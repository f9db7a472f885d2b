package attachment

import (
	"context"
	"errors"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/blob"
	"koto/internal/gate"
)

// Store is what the attachments service needs from persistence: the
// gate's transactions.
type Store interface {
	gate.Store[Tx]
}

// Tx is what attachments need inside a transaction. Every method is
// scoped to one organisation and client: an attachment or consent of
// another client or organisation is apperr.NotFound, like a missing one.
type Tx interface {
	gate.Tx
	// Attachments lists a client's attachments (and those of records
	// merged into it), newest first, with the titles and descriptions
	// opened.
	Attachments(orgID, clientID string) ([]Attachment, error)
	// Attachment is one attachment of the client or of a record merged
	// into it (Attachment.ClientID tells which).
	Attachment(orgID, clientID, id string) (Attachment, error)
	// InsertAttachment seals a's title and description with the client's
	// key and stores the metadata.
	InsertAttachment(orgID string, a *Attachment) error
	// SealAttachment encrypts an attachment's content with the client's
	// key, bound to the organisation, the client and the attachment id;
	// OpenAttachment decrypts it and fails on any other binding.
	SealAttachment(orgID, clientID, id string, plain []byte) ([]byte, error)
	OpenAttachment(orgID, clientID, id string, sealed []byte) ([]byte, error)
	// ConsentOfClient returns nil when consentID is a consent of the
	// client, NotFound otherwise.
	ConsentOfClient(orgID, clientID, consentID string) error
	// UserDisplayNames maps user ids to display names, leaving out users
	// without one.
	UserDisplayNames(ids []string) (map[string]string, error)
}

// Service is the attachments use cases; every method goes through the
// gate. The bytes go to blobs sealed; the metadata to the store.
type Service struct {
	store    Store
	blobs    blob.Store
	newID    func() string
	maxBytes int64
}

// NewService returns a Service over store and blobs; newID makes opaque
// identifiers; maxBytes limits one attachment (DefaultMaxBytes when ≤ 0).
func NewService(store Store, blobs blob.Store, newID func() string, maxBytes int64) *Service {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Service{store: store, blobs: blobs, newID: newID, maxBytes: maxBytes}
}

// MaxBytes is the size limit of one attachment, for the transports'
// request limits.
func (s *Service) MaxBytes() int64 { return s.maxBytes }

// List shows a client's attachments, newest first, without their content
// (attachment.read: supervisors, and caseworkers with need-to-know).
// Errors: NotFound (a client the actor may not see), reason required.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Attachment, error) {
	var out []Attachment
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AttachmentRead, ClientID: clientID, Touched: "attachments"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if out, err = tx.Attachments(actor.OrgID, clientID); err != nil {
				return err
			}
			return nameRecorders(tx, out)
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Content is one attachment of the client with its content, for a
// download (attachment.read, as List); the access-log entry names the
// attachment. Errors: those of List; NotFound for an attachment of
// another client or organisation.
func (s *Service) Content(ctx context.Context, actor access.Actor, clientID, id string) (Attachment, []byte, error) {
	var a Attachment
	var content []byte
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AttachmentRead, ClientID: clientID, Touched: "attachment:" + id},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if a, err = tx.Attachment(actor.OrgID, clientID, id); err != nil {
				return err
			}
			sealed, err := s.blobs.Get(ctx, Key(actor.OrgID, a))
			if err != nil {
				return apperr.Wrap(err, "get attachment %s", a.ID)
			}
			// Sealed under the record it was uploaded to, which may be one
			// merged into clientID.
			content, err = tx.OpenAttachment(actor.OrgID, a.ClientID, a.ID, sealed)
			return err
		})
	if err != nil {
		return Attachment{}, nil, err
	}
	return a, content, nil
}

// Upload stores a new attachment of the client (attachment.create, as
// List); the actor is its recorder. The content is sealed with the
// client's key before it is written to the blob store; the metadata row
// and the access-log entry commit together, and a blob whose row did not
// commit is deleted. Errors: those of List, Invalid (category, consentId,
// title, description, file: missing, too large, a type not accepted or
// not matching the file's name).
func (s *Service) Upload(ctx context.Context, actor access.Actor, clientID string, in Input) (Attachment, error) {
	in.Normalize()
	var a Attachment
	var written *blob.Key
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AttachmentCreate, ClientID: clientID, Touched: "attachment"},
		func(tx Tx, e *audit.Entry) error {
			typ, err := in.Validate(s.maxBytes)
			if err != nil {
				return err
			}
			if in.ConsentID != "" {
				if err := tx.ConsentOfClient(actor.OrgID, clientID, in.ConsentID); apperr.Is(err, apperr.NotFound) {
					return apperr.InvalidField("consentId", "attachment.consent_unknown")
				} else if err != nil {
					return err
				}
			}
			a = Attachment{ID: s.newID(), ClientID: clientID, Category: in.Category, ConsentID: in.ConsentID, Title: in.Title,
				Description: in.Description, Type: typ, Size: int64(len(in.Content)), RecordedBy: actor.UserID,
				Recorder: actor.Username, CreatedAt: tx.Now()}
			e.Touched = gate.Touched("attachment:"+a.ID, "category:"+a.Category)
			sealed, err := tx.SealAttachment(actor.OrgID, clientID, a.ID, in.Content)
			if err != nil {
				return err
			}
			k := Key(actor.OrgID, a)
			if err := s.blobs.Put(ctx, k, sealed); err != nil {
				return apperr.Wrap(err, "put attachment %s", a.ID)
			}
			written = &k
			if err := tx.InsertAttachment(actor.OrgID, &a); err != nil {
				return err
			}
			as := []Attachment{a}
			err = nameRecorders(tx, as)
			a = as[0]
			return err
		})
	if err != nil {
		if written != nil {
			// The row did not commit: the sealed blob is an orphan.
			// Context-free so a cancelled request still cleans up.
			if derr := s.blobs.Delete(context.WithoutCancel(ctx), *written); derr != nil && !errors.Is(derr, blob.ErrNotFound) {
				err = errors.Join(err, apperr.Wrap(derr, "delete orphan attachment blob"))
			}
		}
		return Attachment{}, err
	}
	return a, nil
}

// Key is where the content of a, of organisation orgID, lives in the blob
// store.
func Key(orgID string, a Attachment) blob.Key {
	return blob.Key{OrgID: orgID, ClientID: a.ClientID, ID: a.ID}
}

// nameRecorders replaces the recorders' usernames with their display
// names where they have one.
func nameRecorders(tx Tx, as []Attachment) error {
	if len(as) == 0 {
		return nil
	}
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.RecordedBy
	}
	names, err := tx.UserDisplayNames(ids)
	if err != nil {
		return err
	}
	for i := range as {
		if n := names[as[i].RecordedBy]; n != "" {
			as[i].Recorder = n
		}
	}
	return nil
}
