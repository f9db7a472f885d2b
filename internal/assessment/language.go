package assessment

import (
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Level is a language level: CEFR with the Finnish sub-levels.
type Level string

// Levels in ascending order; "" is not tested.
var Levels = []Level{"A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "B1.1", "B1.2", "B2.1", "B2.2", "C1.1", "C1.2", "C2"}

// Goal is the level integration training aims at (B1.1).
const Goal Level = "B1.1"

// Rank is the level's place in Levels (1 = A1.1); 0 for "" or unknown.
func (l Level) Rank() int { return slices.Index(Levels, l) + 1 }

// Reaches reports whether l is at least the goal.
func (l Level) Reaches(goal Level) bool { return l.Rank() >= goal.Rank() && l.Rank() > 0 }

// TestKind is the kind of language test.
type TestKind string

// Test kinds.
const (
	TestInitial TestKind = "initial" // lähtötasotesti
	TestFinal   TestKind = "final"   // kotoutumiskoulutuksen päättötesti
)

// TestKinds in display order.
var TestKinds = []TestKind{TestInitial, TestFinal}

// TestLanguages: the language tested, Finnish or Swedish.
var TestLanguages = []string{"fi", "sv"}

// Skills of a language test.
var Skills = []string{"listening", "reading", "speaking", "writing"}

// LanguageTest is one test result: the level per skill.
type LanguageTest struct {
	ID        string
	ClientID  string
	Kind      TestKind
	Language  string // TestLanguages
	Date      civil.Date
	Listening Level
	Reading   Level
	Speaking  Level
	Writing   Level
	Provider  string
	CreatedAt time.Time
	CreatedBy string
}

// Skill returns a pointer to the level of skill (Skills).
func (t *LanguageTest) Skill(skill string) *Level {
	switch skill {
	case "listening":
		return &t.Listening
	case "reading":
		return &t.Reading
	case "speaking":
		return &t.Speaking
	case "writing":
		return &t.Writing
	}
	return nil
}

// Normalize trims a test.
func (t *LanguageTest) Normalize() {
	t.Kind, t.Language, t.Provider = TestKind(strings.TrimSpace(string(t.Kind))), strings.TrimSpace(t.Language), strings.TrimSpace(t.Provider)
	for _, s := range Skills {
		p := t.Skill(s)
		*p = Level(strings.ToUpper(strings.TrimSpace(string(*p))))
	}
}

// Validate checks a normalized test: a kind, a date not in the future and
// at least one skill's level.
func (t *LanguageTest) Validate(today civil.Date) error {
	var v apperr.Validation
	switch {
	case t.Kind == "":
		v.Add("kind", "validation.required")
	case !slices.Contains(TestKinds, t.Kind):
		v.Add("kind", "validation.choice")
	}
	if t.Language == "" {
		t.Language = "fi"
	}
	if !slices.Contains(TestLanguages, t.Language) {
		v.Add("language", "validation.choice")
	}
	switch {
	case t.Date.IsZero():
		v.Add("date", "validation.required")
	case t.Date.After(today):
		v.Add("date", "validation.date_future")
	}
	any := false
	for _, s := range Skills {
		l := *t.Skill(s)
		if l == "" {
			continue
		}
		any = true
		if l.Rank() == 0 {
			v.Add(s, "validation.choice")
		}
	}
	if !any {
		v.Add("listening", "assessment.validation.one_skill")
	}
	text(&v, "provider", t.Provider, maxShort)
	return v.Err()
}

// Progress is the latest result per skill against the goal.
type Progress struct {
	Goal   Level
	Skills []SkillProgress
}

// SkillProgress is one skill's latest level.
type SkillProgress struct {
	Skill   string
	Level   Level // "" when never tested
	Date    civil.Date
	Reached bool
}

// LatestProgress takes, per skill, the level of the latest test (by date,
// then by recording time) that tested it, and compares it with Goal.
func LatestProgress(tests []LanguageTest) Progress {
	p := Progress{Goal: Goal}
	for _, s := range Skills {
		sp := SkillProgress{Skill: s}
		var at time.Time
		for _, t := range tests {
			l := *t.Skill(s)
			if l == "" {
				continue
			}
			c := t.Date.Compare(sp.Date)
			if sp.Level == "" || c > 0 || (c == 0 && t.CreatedAt.After(at)) {
				sp.Level, sp.Date, at = l, t.Date, t.CreatedAt
			}
		}
		sp.Reached = sp.Level.Reaches(Goal)
		p.Skills = append(p.Skills, sp)
	}
	return p
}
