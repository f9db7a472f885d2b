package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/retention"
)

// retentionHoldPage is the model of a client's legal-hold page: the hold
// if any, the form to set (or change) it and the form to clear it.
type retentionHoldPage struct {
	page
	ID     string
	Held   bool
	Reason string
	SetBy  string
	SetAt  string
	Errors formErrors
	Fields []field
}

// retentionHoldPath is a client's legal-hold page.
func retentionHoldPath(clientID string) string { return "/clients/" + clientID + "/retention-hold" }

// retentionHoldShow shows a client's legal hold (read through the gate,
// logged).
func (h *Handler) retentionHoldShow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	hold, ok, err := h.Retention.Hold(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, retentionHoldPath(id))
		return
	}
	pg := h.newPage(r, "retention.hold.title")
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "retention_hold", retentionHoldModel(pg, id, hold, ok, "", formErrors{}))
}

// retentionHoldSet sets the hold of the form; a form with errors comes
// back with what was typed.
func (h *Handler) retentionHoldSet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	reason := r.PostFormValue("reason")
	err := h.Retention.SetHold(r.Context(), actor(r), id, reason)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, retentionHoldPath(id), http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, retentionHoldPath(id))
		return
	}
	// The hold is read (through the gate) before the form comes back.
	hold, held, herr := h.Retention.Hold(r.Context(), actor(r), id)
	if herr != nil {
		h.failOrReason(w, r, herr, retentionHoldPath(id))
		return
	}
	pg := h.newPage(r, "retention.hold.title")
	pg.Here = retentionHoldPath(id)
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.render(w, r, httpx.Status(err), "retention_hold", retentionHoldModel(pg, id, hold, held, reason, errs))
}

// retentionHoldClear clears the client's hold.
func (h *Handler) retentionHoldClear(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.Retention.ClearHold(r.Context(), actor(r), id); err != nil {
		h.failOrReason(w, r, err, retentionHoldPath(id))
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, retentionHoldPath(id), http.StatusSeeOther)
}

func retentionHoldModel(pg page, id string, hold retention.Hold, held bool, reason string, errs formErrors) retentionHoldPage {
	m := retentionHoldPage{page: pg, ID: id, Held: held, Errors: errs}
	if held {
		m.Reason, m.SetBy, m.SetAt = hold.Reason, hold.SetBy, pg.Time(hold.SetAt)
		if reason == "" && !errs.Any() {
			reason = hold.Reason
		}
	}
	b := builder{p: pg.p, errs: errs}
	m.Fields = []field{b.text("reason", "retention.hold.field.reason", reason).required().withHint(pg.T("retention.hold.field.reason_hint"))}
	return m
}
