package assessment

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/codes"
)

// Background is what the assessment gathers of a client's education, work
// and competences (73 § 5): one record per client, saved in versions
// (optimistic locking), sealed with the client's key.
type Background struct {
	Education        []Education
	Work             []Work
	Literacy         Literacy
	OtherCompetences string
	TargetOccupation string // codes.ISCO
	// UnemployedMonths is the duration of unemployment in months; nil when
	// not recorded.
	UnemployedMonths *int
	// Version counts the saves: 0 when nothing is recorded yet.
	Version   int
	UpdatedAt time.Time
	UpdatedBy string
}

// Education is one education of the client.
type Education struct {
	Level       string `json:"level"`           // codes.ISCED: ISCED 2011 level
	Field       string `json:"field,omitempty"` // codes.ISCEDF: ISCED-F 2013 broad field
	Country     string `json:"country,omitempty"`
	Years       int    `json:"years,omitempty"`
	Completed   bool   `json:"completed"`
	Recognition string `json:"recognition,omitempty"` // Recognitions: of a foreign degree
}

// Work is one occupation in the client's work history.
type Work struct {
	Occupation string `json:"occupation"` // codes.ISCO: ISCO-08
	Years      int    `json:"years,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Literacy is the client's literacy, as the assessment found it.
type Literacy string

// Literacy levels; "" is not assessed.
var Literacies = []Literacy{"literate", "latin_alphabet_needed", "partly_literate", "not_literate"}

// Recognitions of a foreign degree; "" is not applicable.
var Recognitions = []string{"not_applied", "applied", "recognised", "not_recognised"}

// Limits of the background.
const (
	MaxEducations = 20
	MaxWork       = 30
	maxYears      = 60
	maxMonths     = 600
)

// Normalize trims the background's codes and text.
func (b *Background) Normalize() {
	for i := range b.Education {
		e := &b.Education[i]
		e.Level, e.Field, e.Recognition = strings.TrimSpace(e.Level), strings.TrimSpace(e.Field), strings.TrimSpace(e.Recognition)
		e.Country = codes.Countries.Canonical(strings.TrimSpace(e.Country))
	}
	for i := range b.Work {
		w := &b.Work[i]
		w.Occupation = strings.TrimSpace(w.Occupation)
		w.Country = codes.Countries.Canonical(strings.TrimSpace(w.Country))
	}
	b.Literacy = Literacy(strings.TrimSpace(string(b.Literacy)))
	b.OtherCompetences, b.TargetOccupation = strings.TrimSpace(b.OtherCompetences), strings.TrimSpace(b.TargetOccupation)
}

// Validate checks a normalized background; fields are the API's
// ("education[0].level", "work[1].occupation", "targetOccupation").
func (b *Background) Validate() error {
	var v apperr.Validation
	if len(b.Education) > MaxEducations {
		v.Add("education", "validation.too_many", MaxEducations)
	}
	if len(b.Work) > MaxWork {
		v.Add("work", "validation.too_many", MaxWork)
	}
	for i, e := range b.Education {
		p := "education[" + strconv.Itoa(i) + "]."
		code(&v, p+"level", e.Level, codes.ISCED, true)
		code(&v, p+"field", e.Field, codes.ISCEDF, false)
		code(&v, p+"country", e.Country, codes.Countries, false)
		years(&v, p+"years", e.Years, maxYears)
		if e.Recognition != "" && !slices.Contains(Recognitions, e.Recognition) {
			v.Add(p+"recognition", "validation.choice")
		}
	}
	for i, w := range b.Work {
		p := "work[" + strconv.Itoa(i) + "]."
		code(&v, p+"occupation", w.Occupation, codes.ISCO, true)
		code(&v, p+"country", w.Country, codes.Countries, false)
		years(&v, p+"years", w.Years, maxYears)
	}
	if b.Literacy != "" && !slices.Contains(Literacies, b.Literacy) {
		v.Add("literacy", "validation.choice")
	}
	text(&v, "otherCompetences", b.OtherCompetences, maxText)
	code(&v, "targetOccupation", b.TargetOccupation, codes.ISCO, false)
	if b.UnemployedMonths != nil {
		years(&v, "unemployedMonths", *b.UnemployedMonths, maxMonths)
	}
	return v.Err()
}

// code checks a coded value against list: new data takes valid codes only.
func code(v *apperr.Validation, field, c string, list *codes.List, required bool) {
	switch {
	case c == "" && required:
		v.Add(field, "validation.required")
	case c != "" && list.Status(c) != codes.Valid:
		v.Add(field, "validation.choice")
	}
}

func years(v *apperr.Validation, field string, n, max int) {
	if n < 0 || n > max {
		v.Add(field, "assessment.validation.number_range", 0, max)
	}
}
