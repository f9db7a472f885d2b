// Package note is a client's case notes (issue 13): what was done and
// agreed in counselling, follow-up, a home visit, a phone call, the
// e-service, secure e-mail or reception. A note is never edited or
// deleted: a correction is an amendment that keeps the original (ADR 20).
// All note text is personal and sealed with the client's key; a note marked
// sensitive is special-category data, whose text opens only under
// note.read_sensitive with a stated purpose.
package note

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Types of contact a note records, as codes (hyphenated like the other
// casework codes of issue 13); the UI shows them by name (note.type.<code>).
var Types = []string{"counselling", "follow-up", "home-visit", "phone", "e-service", "secure-email", "reception"}

// MaxText bounds a note's and an amendment's text, in characters.
const MaxText = 10000

// Note is one case note with its amendments, oldest first.
type Note struct {
	ID        string
	ClientID  string
	Type      string
	Date      civil.Date // the day of the contact
	Text      string     // "" when Hidden
	Sensitive bool
	// Hidden: the text of a sensitive note (and of its amendments) is
	// withheld from this reader.
	Hidden     bool
	AuthorID   string
	Author     string // the author's display name, else username
	CreatedAt  time.Time
	Amendments []Amendment
}

// Amendment corrects or adds to a note; the original stays as written.
type Amendment struct {
	ID        string
	NoteID    string
	Text      string // "" when the note is Hidden
	AuthorID  string
	Author    string
	CreatedAt time.Time
}

// Input is a new note as the caller gives it.
type Input struct {
	Type      string
	Date      string // YYYY-MM-DD, as typed: Validate parses it
	Text      string
	Sensitive bool
}

// Normalize trims the text and the type.
func (in *Input) Normalize() {
	in.Type = strings.TrimSpace(in.Type)
	in.Date = strings.TrimSpace(in.Date)
	in.Text = strings.TrimSpace(in.Text)
}

// Validate checks a new note against today's date in Finland; the errors
// are translation keys on the API's field names.
func (in Input) Validate(today civil.Date) error {
	var v apperr.Validation
	if !slices.Contains(Types, in.Type) {
		v.Add("type", "validation.choice")
	}
	if d, err := civil.ParseDate(in.Date); in.Date == "" {
		v.Add("date", "validation.required")
	} else if err != nil {
		v.Add("date", "validation.date")
	} else if d.After(today) {
		v.Add("date", "validation.date_future")
	}
	checkText(&v, "text", in.Text)
	return v.Err()
}

// ValidateAmendment checks an amendment's (normalized) text.
func ValidateAmendment(text string) error {
	var v apperr.Validation
	checkText(&v, "text", text)
	return v.Err()
}

func checkText(v *apperr.Validation, field, s string) {
	switch {
	case s == "":
		v.Add(field, "validation.required")
	case utf8.RuneCountInString(s) > MaxText:
		v.Add(field, "validation.too_long", MaxText)
	case !apperr.ValidText(s):
		v.Add(field, "validation.text_chars")
	}
}

func trim(s string) string { return strings.TrimSpace(s) }
