package plan

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Tx is what plans need inside a transaction.
type Tx interface {
	gate.Tx
	// Plans loads the current version of each plan of the client, newest
	// start first (warnings without acknowledgements).
	Plans(orgID, clientID string) ([]Version, error)
	// PlanVersion loads version n of the client's plan planID (n = 0: the
	// current one) with its warnings and their acknowledgements; NotFound
	// when the client has no such plan or version.
	PlanVersion(orgID, clientID, planID string, n int) (Version, error)
	// PlanVersions lists the plan's versions, oldest first.
	PlanVersions(orgID, clientID, planID string) ([]VersionInfo, error)
	// PlanFollowUps lists the plan's follow-up entries, oldest first.
	PlanFollowUps(orgID, clientID, planID string) ([]FollowUp, error)
	// InsertPlan stores a new plan with v as its version 1.
	InsertPlan(orgID string, v Version) error
	// InsertPlanVersion stores v as the plan's next version; Conflict
	// when that version exists already.
	InsertPlanVersion(orgID string, v Version) error
	// InsertPlans stores many new plans, each with all its versions in
	// order (the bulk path); a plan's current version is its last.
	InsertPlans(orgID string, plans [][]Version) error
	InsertPlanFollowUp(orgID, clientID, planID string, f FollowUp) error
	// AcknowledgePlanWarning records that by acknowledged warning code of
	// version n; acknowledging again changes nothing.
	AcknowledgePlanWarning(orgID, clientID, planID string, n int, code, by string, at time.Time) error
	// PlanClient is the client's name and service language (for the PDF).
	PlanClient(orgID, clientID string) (name, serviceLanguage string, err error)
}

// Store runs plan transactions through the gate.
type Store interface{ gate.Store[Tx] }

// Service is the integration plan register. Every method goes through the
// gate: a client the actor may not see, and a plan of another client, are
// NotFound alike.
type Service struct {
	store Store
	newID func() string
	rules []Rule
}

// NewService returns the service over st with the rules of the act.
func NewService(st Store, newID func() string) *Service {
	return &Service{store: st, newID: newID, rules: Rules}
}

// ErrStale is the answer to a revision of a version that is no longer
// the current one.
func ErrStale() error { return apperr.New(apperr.Conflict, "plan.version_stale") }

// List lists the client's plans (plan.read). Errors: NotFound.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Summary, error) {
	var out []Summary
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: clientID, Touched: "plans"},
		func(tx Tx, _ *audit.Entry) error {
			vs, err := tx.Plans(actor.OrgID, clientID)
			for _, v := range vs {
				out = append(out, Summary{ID: v.PlanID, Version: v.Number, Kind: v.Kind, StartDate: v.StartDate,
					EndDate: v.EndDate, ClosedOn: v.ClosedOn, SavedAt: v.SavedAt})
			}
			return err
		})
	return out, err
}

// Get shows a plan's current version with its version list and follow-up
// entries (plan.read). Errors: NotFound (also a plan of another client).
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, planID string) (Plan, error) {
	var p Plan
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: clientID, Touched: "plan:" + planID},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			p, err = s.load(tx, actor.OrgID, clientID, planID)
			return err
		})
	return p, err
}

func (s *Service) load(tx Tx, orgID, clientID, planID string) (Plan, error) {
	var p Plan
	var err error
	if p.Version, err = tx.PlanVersion(orgID, clientID, planID, 0); err != nil {
		return p, err
	}
	if p.Versions, err = tx.PlanVersions(orgID, clientID, planID); err != nil {
		return p, err
	}
	p.FollowUps, err = tx.PlanFollowUps(orgID, clientID, planID)
	return p, err
}

// GetVersion shows version n exactly as it was saved (plan.read).
// Errors: NotFound.
func (s *Service) GetVersion(ctx context.Context, actor access.Actor, clientID, planID string, n int) (Version, error) {
	var v Version
	if n < 1 {
		n = -1 // no such version, after authorization
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: clientID,
		Touched: "plan:" + planID + ",version:" + strconv.Itoa(n)},
		func(tx Tx, _ *audit.Entry) error {
			if n < 1 {
				return apperr.ErrNotFound()
			}
			var err error
			v, err = tx.PlanVersion(actor.OrgID, clientID, planID, n)
			return err
		})
	return v, err
}

// Show is the plan page in one read: the plan (current version, version
// list, follow-ups) and version n of it (n = 0: the current one), exactly
// as saved (plan.read). Errors: NotFound.
func (s *Service) Show(ctx context.Context, actor access.Actor, clientID, planID string, n int) (Plan, Version, error) {
	var p Plan
	var v Version
	touched := "plan:" + planID
	if n != 0 {
		touched += ",version:" + strconv.Itoa(n)
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: clientID, Touched: touched},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if p, err = s.load(tx, actor.OrgID, clientID, planID); err != nil {
				return err
			}
			switch {
			case n == 0 || n == p.Number:
				v = p.Version
			case n < 0:
				return apperr.ErrNotFound()
			default:
				v, err = tx.PlanVersion(actor.OrgID, clientID, planID, n)
			}
			return err
		})
	return p, v, err
}

// Document is what the PDF shows: the plan, the client's name, and the
// language to print in — lang when it is one of fi, sv, en, else the
// client's service language when it is one of them, else Finnish
// (plan.read; the log entry says "pdf"). Errors: NotFound.
func (s *Service) Document(ctx context.Context, actor access.Actor, clientID, planID, lang string) (p Plan, name, language string, err error) {
	err = gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: clientID, Touched: "plan:" + planID + ",pdf"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if p, err = s.load(tx, actor.OrgID, clientID, planID); err != nil {
				return err
			}
			var service string
			name, service, err = tx.PlanClient(actor.OrgID, clientID)
			language = PrintLanguage(lang, service)
			return err
		})
	return p, name, language, err
}

// PrintLanguages are the languages a plan prints in.
var PrintLanguages = []string{"fi", "sv", "en"}

// PrintLanguage picks the language of a printed plan: the one asked for,
// else the service language, else Finnish.
func PrintLanguage(asked, service string) string {
	for _, l := range []string{asked, service} {
		if slices.Contains(PrintLanguages, l) {
			return l
		}
	}
	return "fi"
}

// NewForm authorizes opening the form of a new plan of the client
// (plan.create); the log entry says "plan_form". Errors: NotFound.
func (s *Service) NewForm(ctx context.Context, actor access.Actor, clientID string) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanCreate, ClientID: clientID, Touched: "plan_form"},
		func(Tx, *audit.Entry) error { return nil })
}

// Create makes a plan as version 1 and returns it with the warnings the
// rules give (plan.create). Errors: NotFound, Invalid.
func (s *Service) Create(ctx context.Context, actor access.Actor, clientID string, c Content) (Version, error) {
	c.Normalize()
	var v Version
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanCreate, ClientID: clientID, Touched: "plan"},
		func(tx Tx, e *audit.Entry) error {
			if err := c.Validate(); err != nil {
				return err
			}
			others, err := tx.Plans(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			v = Version{Content: c, PlanID: s.newID(), ClientID: clientID, Number: 1, SavedAt: tx.Now(), SavedBy: actor.UserID}
			v.Warnings = Evaluate(s.rules, c, contents(others, ""))
			e.Touched = "plan:" + v.PlanID + ",version:1"
			return tx.InsertPlan(actor.OrgID, v)
		})
	return v, err
}

// Revise saves c as the next version of the plan; expected is the version
// the caller read (plan.revise; closing is a revision with ClosedOn and
// CloseReason). Earlier versions stay as they were. Errors: NotFound,
// Invalid, Conflict (ErrStale) when expected is not the current version.
func (s *Service) Revise(ctx context.Context, actor access.Actor, clientID, planID string, expected int, c Content) (Version, error) {
	c.Normalize()
	var v Version
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRevise, ClientID: clientID, Touched: "plan:" + planID},
		func(tx Tx, e *audit.Entry) error {
			cur, err := tx.PlanVersion(actor.OrgID, clientID, planID, 0)
			if err != nil {
				return err
			}
			if err := c.Validate(); err != nil {
				return err
			}
			if expected != cur.Number {
				return ErrStale()
			}
			others, err := tx.Plans(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			v = Version{Content: c, PlanID: planID, ClientID: clientID, Number: cur.Number + 1, SavedAt: tx.Now(), SavedBy: actor.UserID}
			v.Warnings = Evaluate(s.rules, c, contents(others, planID))
			e.Touched = "plan:" + planID + ",version:" + strconv.Itoa(v.Number)
			return tx.InsertPlanVersion(actor.OrgID, v)
		})
	return v, err
}

func contents(vs []Version, except string) []Content {
	var out []Content
	for _, v := range vs {
		if v.PlanID != except {
			out = append(out, v.Content)
		}
	}
	return out
}

// AddFollowUp appends a follow-up entry to the plan without a new version
// (plan.follow_up). Errors: NotFound, Invalid (date, text).
func (s *Service) AddFollowUp(ctx context.Context, actor access.Actor, clientID, planID string, date civil.Date, text string) (FollowUp, error) {
	text = strings.TrimSpace(text)
	var f FollowUp
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanFollowUp, ClientID: clientID, Touched: "plan:" + planID + ",follow_up"},
		func(tx Tx, _ *audit.Entry) error {
			if _, err := tx.PlanVersion(actor.OrgID, clientID, planID, 0); err != nil {
				return err
			}
			var v apperr.Validation
			switch {
			case date.IsZero():
				v.Add("date", "validation.required")
			case !date.IsValid():
				v.Add("date", "validation.date")
			}
			switch {
			case text == "":
				v.Add("text", "validation.required")
			case utf8.RuneCountInString(text) > MaxText || !utf8.ValidString(text) || strings.ContainsRune(text, 0):
				v.Add("text", "validation.too_long", MaxText)
			}
			if err := v.Err(); err != nil {
				return err
			}
			f = FollowUp{ID: s.newID(), Date: date, Text: text, CreatedAt: tx.Now(), CreatedBy: actor.UserID}
			return tx.InsertPlanFollowUp(actor.OrgID, clientID, planID, f)
		})
	return f, err
}

// Acknowledge records that the actor has seen warning code of version n
// (plan.acknowledge). Errors: NotFound (also a code that version did not
// get).
func (s *Service) Acknowledge(ctx context.Context, actor access.Actor, clientID, planID string, n int, code string) error {
	if !slices.ContainsFunc(s.rules, func(r Rule) bool { return r.Code == code }) {
		code = "unknown" // the log names only codes the rules know
	}
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanAcknowledge, ClientID: clientID,
		Touched: "plan:" + planID + ",version:" + strconv.Itoa(n) + ",warning:" + code},
		func(tx Tx, _ *audit.Entry) error {
			if n < 1 {
				return apperr.ErrNotFound()
			}
			v, err := tx.PlanVersion(actor.OrgID, clientID, planID, n)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(v.Warnings, func(w Warning) bool { return w.Code == code }) {
				return apperr.ErrNotFound()
			}
			return tx.AcknowledgePlanWarning(actor.OrgID, clientID, planID, n, code, actor.UserID, tx.Now())
		})
}
