package api

import (
	"time"

	"koto/internal/civil"
	"koto/internal/note"
)

// noteJSON is a case note on the wire (schema Note). text is absent (not
// empty) when the note is sensitive and the caller may not open it, or
// did not state a purpose; then the amendments' text is absent too.
type noteJSON struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Date       civil.Date      `json:"date"`
	Text       *string         `json:"text,omitempty"`
	Sensitive  bool            `json:"sensitive"`
	Author     string          `json:"author"`
	CreatedAt  time.Time       `json:"createdAt"`
	Amendments []amendmentJSON `json:"amendments"`
}

// amendmentJSON is an amendment of a note (schema NoteAmendment).
type amendmentJSON struct {
	ID     string    `json:"id"`
	Text   *string   `json:"text,omitempty"`
	At     time.Time `json:"at"`
	Author string    `json:"author"`
}

// notesJSON is the list of a client's notes, newest first (schema Notes).
// sensitiveOpened tells whether sensitive notes' text is included.
type notesJSON struct {
	Items           []noteJSON `json:"items"`
	SensitiveOpened bool       `json:"sensitiveOpened"`
}

// noteInput is the body of POST /clients/{id}/notes.
type noteInput struct {
	Type      *string `json:"type"`
	Date      *string `json:"date"`
	Text      *string `json:"text"`
	Sensitive *bool   `json:"sensitive"`
}

// amendmentInput is the body of POST /clients/{id}/notes/{noteId}/amendments.
type amendmentInput struct {
	Text *string `json:"text"`
}

func noteOut(n note.Note) noteJSON {
	out := noteJSON{ID: n.ID, Type: n.Type, Date: n.Date, Sensitive: n.Sensitive, Author: n.Author,
		CreatedAt: n.CreatedAt.UTC(), Amendments: []amendmentJSON{}}
	if !n.Hidden {
		out.Text = &n.Text
	}
	for _, a := range n.Amendments {
		aj := amendmentOut(a)
		if n.Hidden {
			aj.Text = nil
		}
		out.Amendments = append(out.Amendments, aj)
	}
	return out
}

func amendmentOut(a note.Amendment) amendmentJSON {
	return amendmentJSON{ID: a.ID, Text: &a.Text, At: a.CreatedAt.UTC(), Author: a.Author}
}
