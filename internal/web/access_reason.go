package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/httpx"
)

// reasonPage is the model of the "reason for access" page: shown instead
// of a client's page when the client is not among the actor's own.
type reasonPage struct {
	page
	ClientID string
	Next     string // where to go once the reason is given
	Hours    int
	Errors   formErrors
	Code     field
	Text     field
}

// reasonForm builds the reason page from typed input and errors.
func reasonForm(pg page, clientID, next, code, text string, errs formErrors) reasonPage {
	b := builder{p: pg.p, errs: errs}
	txt := b.text("text", "case.reason.text", text).as("textarea").required().withHint(pg.T("case.reason.text_hint"))
	txt.Rows = 4
	return reasonPage{page: pg, ClientID: clientID, Next: next, Hours: int(client.ReasonDuration.Hours()), Errors: errs,
		Code: b.choice("reasonCode", "case.reason.code", code, "case.reason_code.", client.ReasonCodes).required(),
		Text: txt}
}

// reasonNext keeps next only when it is one of the client's own pages, so
// the form cannot be used to send the browser anywhere else.
func reasonNext(clientID, next string) string {
	card := "/clients/" + clientID
	next = localPath(next, card)
	switch path, _, _ := strings.Cut(next, "?"); path {
	case card, card + "/edit", card + "/history", card + "/sensitive":
		return next
	}
	if strings.HasPrefix(next, card+"/plans") {
		return next
	}
	return card
}

// failOrReason answers a refused client page: the reason page (403) when a
// stated reason would open the client, h.fail otherwise. next is the page
// to return to.
func (h *Handler) failOrReason(w http.ResponseWriter, r *http.Request, err error, next string) {
	if !gate.IsReasonRequired(err) {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	pg := h.newPage(r, "case.reason.title")
	h.render(w, r, http.StatusForbidden, "access_reason", reasonForm(pg, id, reasonNext(id, next), "", "", formErrors{}))
}

// accessReasonGive records the stated reason and returns to the client.
func (h *Handler) accessReasonGive(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	code, text := r.PostFormValue("reasonCode"), r.PostFormValue("text")
	next := reasonNext(id, r.PostFormValue("next"))
	_, err := h.Clients.GiveReason(r.Context(), actor(r), id, code, text)
	// The service validates after authorizing: an invalid form is about
	// a client the actor may open.
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.TooMany) {
		pg := h.newPage(r, "case.reason.title")
		pg.Here = next
		var errs formErrors
		errs.addAll(pg.p, ae.Fields, nil)
		h.render(w, r, httpx.Status(err), "access_reason", reasonForm(pg, id, next, code, text, errs))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
