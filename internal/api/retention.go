package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/retention"
)

// retentionHoldJSON is a client's legal hold.
type retentionHoldJSON struct {
	ClientID string     `json:"clientId"`
	Held     bool       `json:"held"`
	Reason   string     `json:"reason,omitempty"`
	SetBy    string     `json:"setBy,omitempty"`
	SetAt    *time.Time `json:"setAt,omitempty"`
}

// retentionHoldInput is the body of PUT …/retention-hold.
type retentionHoldInput struct {
	Reason *string `json:"reason"`
}

func holdOut(clientID string, h retention.Hold, held bool) retentionHoldJSON {
	out := retentionHoldJSON{ClientID: clientID, Held: held}
	if held {
		at := h.SetAt.UTC()
		out.Reason, out.SetBy, out.SetAt = h.Reason, h.SetBy, &at
	}
	return out
}

// getRetentionHold answers a client's legal hold (held false when none).
func (a *API) getRetentionHold(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	id := r.PathValue("id")
	h, held, err := a.Retention.Hold(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, holdOut(id, h, held))
	return nil
}

// putRetentionHold sets (or replaces) a client's legal hold: 200 with it.
func (a *API) putRetentionHold(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	id := r.PathValue("id")
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in retentionHoldInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	if err := a.Retention.SetHold(r.Context(), actor, id, val(in.Reason)); err != nil {
		return err
	}
	return a.getRetentionHold(w, r, actor)
}

// deleteRetentionHold clears a client's legal hold: 204.
func (a *API) deleteRetentionHold(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if err := a.Retention.ClearHold(r.Context(), actor, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// retentionJSON is the retention overview of the organisation.
type retentionJSON struct {
	Rules        []retentionRuleJSON     `json:"rules"`
	Held         []retentionHoldJSON     `json:"held"`
	Certificates []retention.Certificate `json:"certificates"`
	Job          *retentionJobJSON       `json:"job,omitempty"`
	Preview      *retentionPreviewJSON   `json:"preview,omitempty"`
}

type retentionRuleJSON struct {
	Class       string `json:"class"`
	Description string `json:"description"`
}

type retentionJobJSON struct {
	At     time.Time `json:"at"`
	Result string    `json:"result"`
}

type retentionPreviewJSON struct {
	AsOf  civil.Date          `json:"asOf"`
	Lines []retentionLineJSON `json:"lines"`
}

type retentionLineJSON struct {
	Class     string `json:"class"`
	Count     int    `json:"count"`
	Held      int    `json:"held,omitempty"`
	FirstYear int    `json:"firstYear,omitempty"`
	LastYear  int    `json:"lastYear,omitempty"`
	Text      string `json:"text"`
}

// getRetention answers the rules, the organisation's clients on legal
// hold, the deletion certificates and the daily job's last report; with
// ?asOf=YYYY-MM-DD also a dry-run preview for the organisation.
func (a *API) getRetention(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	var day civil.Date
	q := r.URL.Query().Get("asOf")
	if q != "" {
		var err error
		if day, err = civil.ParseDate(q); err != nil {
			return apperr.InvalidField("asOf", "validation.date")
		}
	}
	o, err := a.Retention.Overview(r.Context(), actor)
	if err != nil {
		return err
	}
	rules, err := a.Retention.Rules()
	if err != nil {
		return err
	}
	out := retentionJSON{Rules: []retentionRuleJSON{}, Held: []retentionHoldJSON{}, Certificates: o.Certificates}
	if out.Certificates == nil {
		out.Certificates = []retention.Certificate{}
	}
	for _, c := range retention.Classes {
		if rule, ok := rules.Rule(c); ok {
			out.Rules = append(out.Rules, retentionRuleJSON{Class: string(c), Description: rule.Describe()})
		}
	}
	for _, h := range o.Held {
		out.Held = append(out.Held, holdOut(h.ClientID, h.Hold, true))
	}
	if !o.JobAt.IsZero() {
		out.Job = &retentionJobJSON{At: o.JobAt, Result: o.JobResult}
	}
	if q != "" {
		rep, err := a.Retention.Preview(r.Context(), actor, day)
		if err != nil {
			return err
		}
		p := &retentionPreviewJSON{AsOf: day, Lines: []retentionLineJSON{}}
		for _, l := range rep.Lines {
			p.Lines = append(p.Lines, retentionLineJSON{Class: string(l.Class), Count: l.Count, Held: l.Held,
				FirstYear: l.FirstYear, LastYear: l.LastYear, Text: l.String(true)})
		}
		out.Preview = p
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
