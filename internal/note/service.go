package note

import (
	"context"
	"slices"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Store is what the notes service needs from persistence: the gate's
// transactions.
type Store interface {
	gate.Store[Tx]
}

// Tx is what case notes need inside a transaction. Every method is scoped
// to one organisation; a note of another client or organisation is
// apperr.NotFound, like a missing one.
type Tx interface {
	gate.Tx
	// Notes lists a client's notes (and those of records merged into it),
	// newest first by date, with their amendments oldest first. The text
	// of sensitive notes is opened only when openSensitive; otherwise it
	// is "" and Hidden is set.
	Notes(orgID, clientID string, openSensitive bool) ([]Note, error)
	// Note loads one note of the client (or of a record merged into it),
	// opened as Notes does.
	Note(orgID, clientID, noteID string, openSensitive bool) (Note, error)
	// InsertNote seals n's text with the client's key and stores it.
	InsertNote(orgID string, n *Note) error
	// InsertNoteAmendment seals a's text with the key of clientID (the
	// client the note was written on) and stores it.
	InsertNoteAmendment(orgID, clientID string, a *Amendment) error
	// InsertNotes seals and stores many notes of orgID's clients and
	// their Amendments, as InsertNote and InsertNoteAmendment would: the
	// bulk path of Load.
	InsertNotes(orgID string, notes []Note) error
	// UserDisplayNames maps user ids to display names, leaving out users
	// without one.
	UserDisplayNames(ids []string) (map[string]string, error)
}

// Service is the case-notes use cases; every method goes through the gate.
type Service struct {
	store Store
	newID func() string
}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// List is the notes of a client as one reader sees them.
type List struct {
	Notes []Note
	// MayOpen: the reader may open sensitive notes by stating a purpose.
	MayOpen bool
	// Opened: the sensitive notes' text is shown (a purpose was stated).
	Opened bool
}

// List shows a client's notes, newest first (note.read: supervisors, and
// caseworkers with need-to-know). The text of sensitive notes is shown
// only when purpose is given and the reader holds note.read_sensitive
// with an assignment to the client; the log entry then records the
// purpose. Errors: NotFound (a client the actor may not see), reason
// required, gate.ErrPurposeRequired when purpose is given but is not one
// of access.Purposes.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID, purpose string) (List, error) {
	var out List
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.NoteRead, ClientID: clientID, Touched: "notes"},
		func(tx Tx, e *audit.Entry) error {
			open, err := s.opening(tx, actor, clientID, purpose, e)
			if err != nil {
				return err
			}
			out.MayOpen, out.Opened = open.may, open.opened
			if out.Notes, err = tx.Notes(actor.OrgID, clientID, open.opened); err != nil {
				return err
			}
			return nameAuthors(tx, out.Notes)
		})
	if err != nil {
		return List{}, err
	}
	return out, nil
}

// Get shows one note of the client as List does. Errors: those of List;
// NotFound for a note of another client, exactly like a missing one.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, noteID, purpose string) (Note, error) {
	var out Note
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.NoteRead, ClientID: clientID, Touched: "note:" + noteID},
		func(tx Tx, e *audit.Entry) error {
			open, err := s.opening(tx, actor, clientID, purpose, e)
			if err != nil {
				return err
			}
			if out, err = tx.Note(actor.OrgID, clientID, noteID, open.opened); err != nil {
				return err
			}
			ns := []Note{out}
			err = nameAuthors(tx, ns)
			out = ns[0]
			return err
		})
	if err != nil {
		return Note{}, err
	}
	return out, nil
}

type opening struct{ may, opened bool }

// opening decides whether a read opens sensitive notes and records the
// purpose in e when it does. A purpose that is not one of access.Purposes
// is refused even for a reader who may not open them: the caller learns
// nothing from it but that the purpose is wrong.
func (s *Service) opening(tx Tx, actor access.Actor, clientID, purpose string, e *audit.Entry) (opening, error) {
	if purpose != "" && !slices.Contains(access.Purposes, purpose) {
		return opening{}, gate.ErrPurposeRequired()
	}
	may, err := MayOpenSensitive(tx, actor, clientID)
	if err != nil || !may || purpose == "" {
		return opening{may: may}, err
	}
	e.Touched = gate.Touched(e.Touched, "sensitive", "purpose:"+purpose)
	return opening{may: true, opened: true}, nil
}

// MayOpenSensitive reports whether actor may open the text of the
// client's sensitive notes: note.read_sensitive with an assignment
// (responsible caseworker or member of the client's team). A stated
// reason opens the client and its other notes, not sensitive ones: it
// rests on the user's own word (ADR 20).
func MayOpenSensitive(tx gate.Tx, actor access.Actor, clientID string) (bool, error) {
	if actor.Decide(access.NoteReadSensitive, access.Relation{}) == access.Allow {
		return true, nil // a role allowed for every client (none today)
	}
	if !actor.Can(access.NoteReadSensitive) {
		return false, nil
	}
	rel, err := tx.Relation(actor.OrgID, clientID, actor.UserID, tx.Now())
	if err != nil {
		return false, err
	}
	return rel.Assigned && actor.Decide(access.NoteReadSensitive, rel) == access.Allow, nil
}

// Create writes a new note (note.create: supervisors, and caseworkers
// with need-to-know); the actor is its author. Errors: those of List,
// Invalid (type, date, text).
func (s *Service) Create(ctx context.Context, actor access.Actor, clientID string, in Input) (Note, error) {
	in.Normalize()
	var n Note
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.NoteCreate, ClientID: clientID, Touched: "note"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(civil.DateOf(now.In(civil.Helsinki))); err != nil {
				return err
			}
			date, _ := civil.ParseDate(in.Date) // valid: Validate parsed it
			n = Note{ID: s.newID(), ClientID: clientID, Type: in.Type, Date: date, Text: in.Text, Sensitive: in.Sensitive,
				AuthorID: actor.UserID, Author: actor.Username, CreatedAt: now}
			e.Touched = "note:" + n.ID
			if n.Sensitive {
				e.Touched += ",sensitive"
			}
			if err := tx.InsertNote(actor.OrgID, &n); err != nil {
				return err
			}
			ns := []Note{n}
			err := nameAuthors(tx, ns)
			n = ns[0]
			return err
		})
	if err != nil {
		return Note{}, err
	}
	return n, nil
}

// Amend adds an amendment to a note of the client; the note stays as
// written (note.amend, as Create). A sensitive note is amended only by a
// reader who may open it (MayOpenSensitive). Errors: those of List,
// NotFound for a note of another client, Forbidden (note.sensitive_only)
// for a sensitive note the actor may not open, Invalid (text).
func (s *Service) Amend(ctx context.Context, actor access.Actor, clientID, noteID, text string) (Amendment, error) {
	var a Amendment
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.NoteAmend, ClientID: clientID, Touched: "note:" + noteID},
		func(tx Tx, e *audit.Entry) error {
			n, err := tx.Note(actor.OrgID, clientID, noteID, false)
			if err != nil {
				return err
			}
			if n.Sensitive {
				may, err := MayOpenSensitive(tx, actor, clientID)
				if err != nil {
					return err
				}
				if !may {
					return apperr.New(apperr.Forbidden, "note.sensitive_only")
				}
				e.Touched += ",sensitive"
			}
			a = Amendment{ID: s.newID(), NoteID: n.ID, Text: trim(text), AuthorID: actor.UserID, Author: actor.Username, CreatedAt: tx.Now()}
			if err := ValidateAmendment(a.Text); err != nil {
				return err
			}
			e.Touched += ",amendment:" + a.ID
			if err := tx.InsertNoteAmendment(actor.OrgID, n.ClientID, &a); err != nil {
				return err
			}
			names, err := tx.UserDisplayNames([]string{a.AuthorID})
			if name := names[a.AuthorID]; name != "" {
				a.Author = name
			}
			return err
		})
	if err != nil {
		return Amendment{}, err
	}
	return a, nil
}

// nameAuthors replaces the authors' usernames with their display names
// where they have one.
func nameAuthors(tx Tx, ns []Note) error {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, n := range ns {
		add(n.AuthorID)
		for _, a := range n.Amendments {
			add(a.AuthorID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := tx.UserDisplayNames(ids)
	if err != nil {
		return err
	}
	for i := range ns {
		if name := names[ns[i].AuthorID]; name != "" {
			ns[i].Author = name
		}
		for j := range ns[i].Amendments {
			if name := names[ns[i].Amendments[j].AuthorID]; name != "" {
				ns[i].Amendments[j].Author = name
			}
		}
	}
	return nil
}
