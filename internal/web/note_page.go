package web

import (
	"net/url"

	"koto/internal/access"
	"koto/internal/note"
)

// notesPage is the model of a client's case notes: the list, newest first,
// the form that opens sensitive notes for a purpose, and the form of a new
// note.
type notesPage struct {
	page
	ID      string
	Notes   []noteRow
	MayOpen bool // the user may open sensitive notes with a purpose
	Opened  bool // sensitive notes are shown (PurposeLabel says why)
	// HasHidden: some sensitive note's text is not shown.
	HasHidden    bool
	PurposeLabel string
	Purpose      field // the purpose select
	CanCreate    bool
	Errors       formErrors
	Fields       []field // the new note's form
	Sensitive    field
}

// noteRow is one note as the page shows it.
type noteRow struct {
	ID, Type, Date, Author, Written, Text string
	Sensitive, Hidden                     bool
	Amendments                            []amendmentRow
	AmendURL                              string // "" when the user may not amend it
}

type amendmentRow struct{ At, Author, Text string }

// noteRowOf shows n; purpose is carried to the amendment page so that a
// sensitive note opened for it stays open there.
func noteRowOf(pg page, clientID string, n note.Note, purpose string, mayAmend bool) noteRow {
	row := noteRow{ID: n.ID, Type: pg.T("note.type." + n.Type), Date: pg.Date(n.Date), Author: n.Author, Written: pg.Time(n.CreatedAt),
		Text: n.Text, Sensitive: n.Sensitive, Hidden: n.Hidden}
	for _, a := range n.Amendments {
		row.Amendments = append(row.Amendments, amendmentRow{At: pg.Time(a.CreatedAt), Author: a.Author, Text: a.Text})
	}
	if mayAmend && !n.Hidden {
		row.AmendURL = "/clients/" + clientID + "/notes/" + n.ID + "/amend"
		if n.Sensitive && purpose != "" {
			row.AmendURL += "?" + url.Values{"purpose": {purpose}}.Encode()
		}
	}
	return row
}

// notesModel builds the list page of l; in is the new note's form as
// typed (empty on a first visit), errs its errors.
func notesModel(pg page, act access.Actor, id string, l note.List, purpose string, in note.Input, errs formErrors) notesPage {
	m := notesPage{page: pg, ID: id, MayOpen: l.MayOpen, Opened: l.Opened, Errors: errs}
	m.CanCreate = act.Can(access.NoteCreate)
	for _, n := range l.Notes {
		row := noteRowOf(pg, id, n, purpose, act.Can(access.NoteAmend))
		m.HasHidden = m.HasHidden || row.Hidden
		m.Notes = append(m.Notes, row)
	}
	if l.Opened {
		m.PurposeLabel = pg.T("case.purpose." + purpose)
	}
	b := builder{p: pg.p, errs: errs}
	m.Purpose = b.choice("purpose", "case.sensitive.purpose", purpose, "case.purpose.", access.Purposes).required()
	m.Fields = []field{
		b.choice("type", "notes.field.type", in.Type, "note.type.", note.Types).required(),
		b.date("date", "notes.field.date", in.Date).required(),
		b.text("text", "notes.field.text", in.Text).as("textarea").required(),
	}
	m.Fields[2].Rows = 6
	m.Sensitive = b.checkbox("sensitive", "notes.field.sensitive", in.Sensitive).withHint(pg.T("notes.field.sensitive_hint"))
	return m
}
