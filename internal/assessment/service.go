package assessment

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Tx is what the capability needs inside a transaction.
type Tx interface {
	gate.Tx
	// AssessmentWindowBasis reads the client's first granted permit,
	// municipality registration and trafficking-victim ground.
	AssessmentWindowBasis(orgID, clientID string) (WindowBasis, error)
	// Assessments lists the client's assessments, newest date first.
	Assessments(orgID, clientID string) ([]Assessment, error)
	// Assessment loads one assessment of the client; NotFound when the
	// client has none with id (also when another client has).
	Assessment(orgID, clientID, id string) (Assessment, error)
	InsertAssessment(orgID string, a *Assessment) error
	// UpdateAssessment stores a as version a.Version when the stored one
	// is a.Version-1; Conflict otherwise.
	UpdateAssessment(orgID string, a *Assessment) error
	// Background loads the client's background (Version 0 when none).
	Background(orgID, clientID string) (Background, error)
	// SaveBackground stores b as version b.Version when the stored one is
	// b.Version-1; Conflict otherwise.
	SaveBackground(orgID, clientID string, b *Background) error
	// LanguageTests lists the client's tests, newest date first.
	LanguageTests(orgID, clientID string) ([]LanguageTest, error)
	InsertLanguageTest(orgID string, t *LanguageTest) error
	// InsertRecords stores many clients' first backgrounds, assessments
	// and language tests (the bulk path); a client with a background
	// already is Conflict.
	InsertRecords(orgID string, rs []Records) error
}

// Store runs the capability's transactions.
type Store = gate.Store[Tx]

// Service records backgrounds, language tests and assessments. Every
// method is one gate call: caseworkers with need-to-know and supervisors of
// the organisation; a client the actor may not see, and a record of
// another client, is NotFound.
type Service struct {
	store Store
	newID func() string
}

// NewService returns the service over store.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// Overview is the assessment page: the window, the assessments, the
// background and the language tests with the progress towards the goal.
type Overview struct {
	Window      Window
	Assessments []Assessment
	Background  Background
	Tests       []LanguageTest
	Progress    Progress
}

// Overview reads everything the assessment page shows in one
// transaction and one entry (assessment.read). Errors: NotFound.
func (s *Service) Overview(ctx context.Context, actor access.Actor, clientID string) (Overview, error) {
	var out Overview
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "assessment,background,language_tests"},
		func(tx Tx, _ *audit.Entry) error {
			basis, err := tx.AssessmentWindowBasis(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			out.Window = WindowOn(basis, today(tx.Now()))
			if out.Assessments, err = tx.Assessments(actor.OrgID, clientID); err != nil {
				return err
			}
			if out.Background, err = tx.Background(actor.OrgID, clientID); err != nil {
				return err
			}
			if out.Tests, err = tx.LanguageTests(actor.OrgID, clientID); err != nil {
				return err
			}
			out.Progress = LatestProgress(out.Tests)
			return nil
		})
	return answer(out, err)
}

// Window is the client's assessment window today (assessment.read).
func (s *Service) Window(ctx context.Context, actor access.Actor, clientID string) (Window, error) {
	var out Window
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "assessment_window"},
		func(tx Tx, _ *audit.Entry) error {
			basis, err := tx.AssessmentWindowBasis(actor.OrgID, clientID)
			out = WindowOn(basis, today(tx.Now()))
			return err
		})
	return answer(out, err)
}

// List lists the client's assessments and the window (assessment.read).
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Assessment, Window, error) {
	var list []Assessment
	var w Window
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "assessment"},
		func(tx Tx, _ *audit.Entry) error {
			basis, err := tx.AssessmentWindowBasis(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			w = WindowOn(basis, today(tx.Now()))
			list, err = tx.Assessments(actor.OrgID, clientID)
			return err
		})
	if err != nil {
		return nil, Window{}, err
	}
	return list, w, nil
}

// Get reads one assessment of the client (assessment.read). Errors:
// NotFound, also for an assessment of another client.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, id string) (Assessment, error) {
	var out Assessment
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "assessment:" + id},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			out, err = tx.Assessment(actor.OrgID, clientID, id)
			return err
		})
	return answer(out, err)
}

// Create starts an assessment (assessment.create): a draft, or completed
// at once when in.Status says so. Errors: NotFound, Invalid.
func (s *Service) Create(ctx context.Context, actor access.Actor, clientID string, in Assessment) (Assessment, error) {
	in.Normalize()
	if in.Status == "" {
		in.Status = StatusDraft
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentCreate, ClientID: clientID, Touched: "assessment"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(today(now)); err != nil {
				return err
			}
			in.ID, in.ClientID, in.Version = s.newID(), clientID, 1
			in.CreatedAt, in.CreatedBy, in.UpdatedAt, in.UpdatedBy = now, actor.UserID, now, actor.UserID
			if in.Status == StatusCompleted {
				in.CompletedAt = now
			}
			e.Touched = "assessment:" + in.ID
			return tx.InsertAssessment(actor.OrgID, &in)
		})
	return answer(in, err)
}

// Update changes a draft assessment, or completes it (in.Status
// completed); in.Version must be the version read (assessment.update).
// Errors: NotFound (also another client's id), Invalid, Conflict (a
// completed assessment, or a stale version).
func (s *Service) Update(ctx context.Context, actor access.Actor, clientID, id string, in Assessment) (Assessment, error) {
	in.Normalize()
	if in.Status == "" {
		in.Status = StatusDraft
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentUpdate, ClientID: clientID, Touched: "assessment:" + id},
		func(tx Tx, _ *audit.Entry) error {
			old, err := tx.Assessment(actor.OrgID, clientID, id)
			if err != nil {
				return err
			}
			now := tx.Now()
			if err := in.Validate(today(now)); err != nil {
				return err
			}
			if old.Status == StatusCompleted {
				return apperr.New(apperr.Conflict, "assessment.completed")
			}
			if in.Version != old.Version {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			in.ID, in.ClientID, in.Version = id, clientID, old.Version+1
			in.CreatedAt, in.CreatedBy, in.UpdatedAt, in.UpdatedBy = old.CreatedAt, old.CreatedBy, now, actor.UserID
			if in.Status == StatusCompleted {
				in.CompletedAt = now
			}
			return tx.UpdateAssessment(actor.OrgID, &in)
		})
	return answer(in, err)
}

// Background reads the client's background (assessment.read).
func (s *Service) Background(ctx context.Context, actor access.Actor, clientID string) (Background, error) {
	var out Background
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "background"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			out, err = tx.Background(actor.OrgID, clientID)
			return err
		})
	return answer(out, err)
}

// SaveBackground records the background; in.Version must be the version
// read, 0 when none (assessment.update). Errors: NotFound, Invalid,
// Conflict.
func (s *Service) SaveBackground(ctx context.Context, actor access.Actor, clientID string, in Background) (Background, error) {
	in.Normalize()
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentUpdate, ClientID: clientID, Touched: "background"},
		func(tx Tx, _ *audit.Entry) error {
			if err := in.Validate(); err != nil {
				return err
			}
			old, err := tx.Background(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			if in.Version != old.Version {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			in.Version, in.UpdatedAt, in.UpdatedBy = old.Version+1, tx.Now(), actor.UserID
			return tx.SaveBackground(actor.OrgID, clientID, &in)
		})
	return answer(in, err)
}

// LanguageTests lists the client's language tests with the latest level
// per skill against the B1.1 goal (assessment.read).
func (s *Service) LanguageTests(ctx context.Context, actor access.Actor, clientID string) ([]LanguageTest, Progress, error) {
	var list []LanguageTest
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "language_tests"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			list, err = tx.LanguageTests(actor.OrgID, clientID)
			return err
		})
	if err != nil {
		return nil, Progress{}, err
	}
	return list, LatestProgress(list), nil
}

// AddLanguageTest records a test result (assessment.create). Errors:
// NotFound, Invalid.
func (s *Service) AddLanguageTest(ctx context.Context, actor access.Actor, clientID string, in LanguageTest) (LanguageTest, error) {
	in.Normalize()
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentCreate, ClientID: clientID, Touched: "language_tests"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(today(now)); err != nil {
				return err
			}
			in.ID, in.ClientID, in.CreatedAt, in.CreatedBy = s.newID(), clientID, now, actor.UserID
			e.Touched = "language_test:" + in.ID
			return tx.InsertLanguageTest(actor.OrgID, &in)
		})
	return answer(in, err)
}

// today is the calendar day in Finland at now: the day dates are checked
// against and the window is counted on.
func today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }

// Open reads one assessment with the window, for its page
// (assessment.read). Errors: as Get.
func (s *Service) Open(ctx context.Context, actor access.Actor, clientID, id string) (Assessment, Window, error) {
	var out Assessment
	var w Window
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AssessmentRead, ClientID: clientID, Touched: "assessment:" + id},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if out, err = tx.Assessment(actor.OrgID, clientID, id); err != nil {
				return err
			}
			basis, err := tx.AssessmentWindowBasis(actor.OrgID, clientID)
			w = WindowOn(basis, today(tx.Now()))
			return err
		})
	if err != nil {
		return Assessment{}, Window{}, err
	}
	return out, w, nil
}

// answer returns nothing with an error: no log, no answer.
func answer[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
