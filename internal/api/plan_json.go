package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/i18n"
	"koto/internal/plan"
)

// planInput is the body of POST /clients/{id}/plans and PUT
// /clients/{id}/plans/{planId}: the whole plan (a PUT replaces every
// field; absent lists are empty). Dates are YYYY-MM-DD.
type planInput struct {
	Kind        *string        `json:"kind"`
	StartDate   *string        `json:"startDate"`
	EndDate     *string        `json:"endDate"`
	Goals       []string       `json:"goals"`
	Measures    []measureInput `json:"measures"`
	ReviewDates []string       `json:"reviewDates"`
	ClosedOn    *string        `json:"closedOn"`
	CloseReason *string        `json:"closeReason"`
}

type measureInput struct {
	Text        *string `json:"text"`
	ServiceKind *string `json:"serviceKind"`
	Start       *string `json:"start"`
	End         *string `json:"end"`
}

// content turns the body into a plan's content; malformed dates are 422
// on their fields.
func (in planInput) content() (plan.Content, error) {
	var v apperr.Validation
	c := plan.Content{Kind: val(in.Kind), StartDate: date(&v, "startDate", in.StartDate), EndDate: date(&v, "endDate", in.EndDate),
		Goals: in.Goals, ClosedOn: date(&v, "closedOn", in.ClosedOn), CloseReason: val(in.CloseReason)}
	for i, m := range in.Measures {
		c.Measures = append(c.Measures, plan.Measure{Text: val(m.Text), ServiceKind: val(m.ServiceKind),
			Start: date(&v, fmt.Sprintf("measures[%d].start", i), m.Start), End: date(&v, fmt.Sprintf("measures[%d].end", i), m.End)})
	}
	for i, s := range in.ReviewDates {
		if d := date(&v, fmt.Sprintf("reviewDates[%d]", i), &s); !d.IsZero() {
			c.ReviewDates = append(c.ReviewDates, d)
		}
	}
	return c, v.Err()
}

// planJSON is one version of a plan (schema Plan). versions and followUps
// come with the current version only.
type planJSON struct {
	ID          string         `json:"id"`
	ClientID    string         `json:"clientId"`
	Version     int            `json:"version"`
	Kind        string         `json:"kind"`
	StartDate   civil.Date     `json:"startDate"`
	EndDate     civil.Date     `json:"endDate"`
	Goals       []string       `json:"goals"`
	Measures    []measureJSON  `json:"measures"`
	ReviewDates []civil.Date   `json:"reviewDates"`
	ClosedOn    civil.Date     `json:"closedOn"`
	CloseReason string         `json:"closeReason"`
	SavedAt     time.Time      `json:"savedAt"`
	SavedBy     string         `json:"savedBy"`
	Warnings    []warnJSON     `json:"warnings"`
	Versions    []versionJSON  `json:"versions,omitempty"`
	FollowUps   []followUpJSON `json:"followUps,omitempty"`
}

type measureJSON struct {
	Text        string     `json:"text"`
	ServiceKind string     `json:"serviceKind"`
	Start       civil.Date `json:"start"`
	End         civil.Date `json:"end"`
}

// warnJSON is a rule warning: a stable code, the message in the caller's
// language, the law it comes from and its acknowledgement.
type warnJSON struct {
	Code           string     `json:"code"`
	Message        string     `json:"message"`
	Law            string     `json:"law"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt"`
	AcknowledgedBy string     `json:"acknowledgedBy,omitempty"`
}

type versionJSON struct {
	Version int       `json:"version"`
	SavedAt time.Time `json:"savedAt"`
	SavedBy string    `json:"savedBy"`
}

type followUpJSON struct {
	ID        string     `json:"id"`
	Date      civil.Date `json:"date"`
	Text      string     `json:"text"`
	CreatedAt time.Time  `json:"createdAt"`
	CreatedBy string     `json:"createdBy"`
}

// planSummaryJSON is a plan in the list (schema PlanSummary).
type planSummaryJSON struct {
	ID        string     `json:"id"`
	Version   int        `json:"version"`
	Kind      string     `json:"kind"`
	StartDate civil.Date `json:"startDate"`
	EndDate   civil.Date `json:"endDate"`
	ClosedOn  civil.Date `json:"closedOn"`
	SavedAt   time.Time  `json:"savedAt"`
}

func warningsOut(p *i18n.Printer, ws []plan.Warning) []warnJSON {
	out := make([]warnJSON, 0, len(ws))
	for _, w := range ws {
		out = append(out, warnJSON{Code: w.Code, Message: p.T("plan.warning."+w.Code, w.Months), Law: w.Law, AcknowledgedAt: w.AckedAt, AcknowledgedBy: w.AckedBy})
	}
	return out
}

func planVersionOut(p *i18n.Printer, v plan.Version) planJSON {
	out := planJSON{ID: v.PlanID, ClientID: v.ClientID, Version: v.Number, Kind: v.Kind, StartDate: v.StartDate, EndDate: v.EndDate,
		Goals: v.Goals, Measures: []measureJSON{}, ReviewDates: v.ReviewDates, ClosedOn: v.ClosedOn, CloseReason: v.CloseReason,
		SavedAt: v.SavedAt.UTC(), SavedBy: v.SavedBy, Warnings: warningsOut(p, v.Warnings)}
	if out.Goals == nil {
		out.Goals = []string{}
	}
	if out.ReviewDates == nil {
		out.ReviewDates = []civil.Date{}
	}
	for _, m := range v.Measures {
		out.Measures = append(out.Measures, measureJSON(m))
	}
	return out
}

func planOut(p *i18n.Printer, pl plan.Plan) planJSON {
	out := planVersionOut(p, pl.Version)
	for _, v := range pl.Versions {
		out.Versions = append(out.Versions, versionJSON{Version: v.Number, SavedAt: v.SavedAt, SavedBy: v.SavedBy})
	}
	for _, f := range pl.FollowUps {
		out.FollowUps = append(out.FollowUps, followUpJSON{ID: f.ID, Date: f.Date, Text: f.Text, CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy})
	}
	return out
}

// planVersionParam is {n} of a versions route; anything but a positive
// number is a version that does not exist (0 asks the service, which
// answers 404 after authorization).
func planVersionParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.PathValue(name))
	if err != nil || n < 1 || strings.HasPrefix(r.PathValue(name), "+") {
		return 0
	}
	return n
}
