package authority

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/note"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
)

// Reader is what building the disclosed content reads from the record;
// every method is scoped to one organisation.
type Reader interface {
	Client(orgID, id string) (client.Client, error)
	Assessments(orgID, clientID string) ([]assessment.Assessment, error)
	LanguageTests(orgID, clientID string) ([]assessment.LanguageTest, error)
	Plans(orgID, clientID string) ([]plan.Version, error)
	Referrals(orgID, clientID string) ([]referral.Referral, error)
	Placement(orgID, clientID string) (placement.Placement, error)
	Notes(orgID, clientID string, openSensitive bool) ([]note.Note, error)
}

// Content is what an approval discloses: one key per requested part
// (Items), each as the wire types below — explicit, so that exactly what
// leaves is visible here. It is sealed as canonical JSON
// (disclosure.Seal) and its hash recorded.
type Content map[string]any

// Card is the card part: names, birth date, HETU, contact details and
// address. AddressProtected tells the recipient that the address is under
// address protection (turvakielto).
type Card struct {
	FirstNames       string     `json:"firstNames"`
	LastName         string     `json:"lastName"`
	PreviousNames    []string   `json:"previousNames"`
	BirthDate        civil.Date `json:"birthDate"`
	HETU             string     `json:"hetu"`
	Phone            string     `json:"phone"`
	Email            string     `json:"email"`
	Street           string     `json:"street"`
	PostalCode       string     `json:"postalCode"`
	PostOffice       string     `json:"postOffice"`
	AddressProtected bool       `json:"addressProtected"`
}

// Permit is one residence permit or application (codes as in the API).
type Permit struct {
	Kind            string     `json:"kind"`
	ApplicationDate civil.Date `json:"applicationDate"`
	Outcome         string     `json:"outcome"`
	DecisionDate    civil.Date `json:"decisionDate"`
	Class           string     `json:"class"`
	Ground          string     `json:"ground"`
	ValidFrom       civil.Date `json:"validFrom"`
	ValidTo         civil.Date `json:"validTo"`
}

// Assessment is one assessment with its findings.
type Assessment struct {
	Kind                   string            `json:"kind"`
	Date                   civil.Date        `json:"date"`
	Status                 string            `json:"status"`
	Topics                 assessment.Topics `json:"topics"`
	FurtherMeasures        string            `json:"furtherMeasures"`
	TrainingRecommendation string            `json:"trainingRecommendation"`
	PlanNeeded             string            `json:"planNeeded"`
	PlannedPlanDate        civil.Date        `json:"plannedPlanDate"`
	Referral               string            `json:"referral"`
	Authors                string            `json:"authors"`
}

// Plan is the current version of one integration plan.
type Plan struct {
	plan.Content
	Version int       `json:"version"`
	SavedAt time.Time `json:"savedAt"`
}

// Referral is one referral to a provider's service with its steps.
type Referral struct {
	Provider string          `json:"provider"`
	Service  string          `json:"service"`
	Status   string          `json:"status"`
	Date     civil.Date      `json:"date"`
	Events   []ReferralEvent `json:"events"`
}

// ReferralEvent is one step of a referral.
type ReferralEvent struct {
	Status string     `json:"status"`
	Date   civil.Date `json:"date"`
	Reason string     `json:"reason,omitempty"`
}

// LanguageTest is one language test result.
type LanguageTest struct {
	Kind      string     `json:"kind"`
	Language  string     `json:"language"`
	Date      civil.Date `json:"date"`
	Listening string     `json:"listening"`
	Reading   string     `json:"reading"`
	Speaking  string     `json:"speaking"`
	Writing   string     `json:"writing"`
	Provider  string     `json:"provider"`
}

// Placement is the reception data and municipal placement.
type Placement struct {
	ReceptionCentre    string     `json:"receptionCentre"`
	UNHCRNumber        string     `json:"unhcrNumber"`
	QuotaRefugee       bool       `json:"quotaRefugee"`
	PlacedFrom         string     `json:"placedFrom"`
	AssigningAuthority string     `json:"assigningAuthority"`
	Municipality       string     `json:"municipality"`
	DecisionDate       civil.Date `json:"decisionDate"`
	ArrivalDate        civil.Date `json:"arrivalDate"`
}

// Note is one case note that is not sensitive, with its amendments.
type Note struct {
	Type       string     `json:"type"`
	Date       civil.Date `json:"date"`
	Text       string     `json:"text"`
	Author     string     `json:"author"`
	Amendments []string   `json:"amendments"`
}

// BuildContent reads the requested parts of the client's record in the
// caller's transaction. Lists are empty arrays, never null, and the
// placement is null when none is recorded, so the recipient sees that a
// part was asked for and had no data.
func BuildContent(tx Reader, orgID, clientID string, items []string) (Content, error) {
	out := Content{}
	var c client.Client
	var err error
	if needsClient(items) {
		if c, err = tx.Client(orgID, clientID); err != nil {
			return nil, err
		}
	}
	for _, it := range items {
		var part any
		switch it {
		case ItemCard:
			part = cardOf(c)
		case ItemPermits:
			ps := []Permit{}
			for _, p := range c.Permits {
				ps = append(ps, Permit{Kind: string(p.Kind), ApplicationDate: p.ApplicationDate, Outcome: string(p.Outcome),
					DecisionDate: p.DecisionDate, Class: string(p.Class), Ground: string(p.Ground), ValidFrom: p.ValidFrom, ValidTo: p.ValidTo})
			}
			part = ps
		case ItemAssessments:
			part, err = assessmentsOf(tx, orgID, clientID)
		case ItemPlans:
			part, err = plansOf(tx, orgID, clientID)
		case ItemReferrals:
			part, err = referralsOf(tx, orgID, clientID)
		case ItemLanguageTests:
			part, err = languageTestsOf(tx, orgID, clientID)
		case ItemPlacement:
			part, err = placementOf(tx, orgID, clientID)
		case ItemNotes:
			part, err = notesOf(tx, orgID, clientID)
		default:
			continue // Validate refused unknown items before
		}
		if err != nil {
			return nil, err
		}
		out[it] = part
	}
	return out, nil
}

func needsClient(items []string) bool {
	for _, it := range items {
		if it == ItemCard || it == ItemPermits {
			return true
		}
	}
	return false
}

func cardOf(c client.Client) Card {
	prev := c.PreviousNames
	if prev == nil {
		prev = []string{}
	}
	return Card{FirstNames: c.FirstNames, LastName: c.LastName, PreviousNames: prev, BirthDate: c.BirthDate, HETU: c.HETU,
		Phone: c.Phone, Email: c.Email, Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice,
		AddressProtected: c.AddressProtected}
}

func assessmentsOf(tx Reader, orgID, clientID string) ([]Assessment, error) {
	as, err := tx.Assessments(orgID, clientID)
	out := []Assessment{}
	for _, a := range as {
		out = append(out, Assessment{Kind: string(a.Kind), Date: a.Date, Status: string(a.Status), Topics: a.Topics,
			FurtherMeasures: a.FurtherMeasures, TrainingRecommendation: a.TrainingRecommendation, PlanNeeded: string(a.PlanNeeded),
			PlannedPlanDate: a.PlannedPlanDate, Referral: a.Referral, Authors: a.Authors})
	}
	return out, err
}

func plansOf(tx Reader, orgID, clientID string) ([]Plan, error) {
	vs, err := tx.Plans(orgID, clientID)
	out := []Plan{}
	for _, v := range vs {
		out = append(out, Plan{Content: v.Content, Version: v.Number, SavedAt: v.SavedAt.UTC()})
	}
	return out, err
}

func referralsOf(tx Reader, orgID, clientID string) ([]Referral, error) {
	rs, err := tx.Referrals(orgID, clientID)
	out := []Referral{}
	for _, r := range rs {
		evs := []ReferralEvent{}
		for _, e := range r.Events {
			evs = append(evs, ReferralEvent{Status: string(e.Status), Date: e.Date, Reason: e.Reason})
		}
		out = append(out, Referral{Provider: r.ProviderName, Service: r.Service, Status: string(r.Status), Date: r.Date, Events: evs})
	}
	return out, err
}

func languageTestsOf(tx Reader, orgID, clientID string) ([]LanguageTest, error) {
	ts, err := tx.LanguageTests(orgID, clientID)
	out := []LanguageTest{}
	for _, t := range ts {
		out = append(out, LanguageTest{Kind: string(t.Kind), Language: t.Language, Date: t.Date, Listening: string(t.Listening),
			Reading: string(t.Reading), Speaking: string(t.Speaking), Writing: string(t.Writing), Provider: t.Provider})
	}
	return out, err
}

func placementOf(tx Reader, orgID, clientID string) (*Placement, error) {
	p, err := tx.Placement(orgID, clientID)
	if err != nil || p.IsZero() {
		return nil, err
	}
	return &Placement{ReceptionCentre: p.ReceptionCentre, UNHCRNumber: p.UNHCRNumber, QuotaRefugee: p.QuotaRefugee,
		PlacedFrom: p.PlacedFrom, AssigningAuthority: p.AssigningAuthority, Municipality: p.Municipality,
		DecisionDate: p.DecisionDate, ArrivalDate: p.ArrivalDate}, nil
}

// notesOf is the client's notes that are not sensitive: a sensitive note
// is special-category data and left out altogether, its existence too.
func notesOf(tx Reader, orgID, clientID string) ([]Note, error) {
	ns, err := tx.Notes(orgID, clientID, false)
	out := []Note{}
	for _, n := range ns {
		if n.Sensitive || n.Hidden {
			continue
		}
		ams := []string{}
		for _, a := range n.Amendments {
			ams = append(ams, a.Text)
		}
		out = append(out, Note{Type: n.Type, Date: n.Date, Text: n.Text, Author: n.Author, Amendments: ams})
	}
	return out, err
}
