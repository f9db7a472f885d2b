package web

import (
	"net/http"
	"time"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/subjectrequest"
)

// clientSubjectRequestsPage is a client's requests and the form of a new
// one.
type clientSubjectRequestsPage struct {
	page
	ID     string
	Rows   []subjectRequestRow
	Errors formErrors
	Fields []field
}

func clientSubjectRequestsPath(id string) string { return "/clients/" + id + "/subject-requests" }

func clientSubjectRequestsModel(pg page, id string, rs []subjectrequest.Request, in subjectrequest.Input, errs formErrors) clientSubjectRequestsPage {
	b := builder{p: pg.p, errs: errs}
	return clientSubjectRequestsPage{page: pg, ID: id, Rows: subjectRequestRows(pg, rs, time.Now()), Errors: errs, Fields: []field{
		b.choice("kind", "subjectrequest.field.kind", in.Kind, "subjectrequest.kind.", subjectrequest.Kinds).required(),
		b.choice("channel", "subjectrequest.field.channel", in.Channel, "subjectrequest.channel.", subjectrequest.Channels).required(),
		b.date("received", "subjectrequest.field.received", in.Received).required().withHint(pg.T("subjectrequest.field.received_hint")),
		b.input("textarea", "details", "subjectrequest.field.details", in.Details).withHint(pg.T("subjectrequest.field.details_hint")),
		b.choice("language", "subjectrequest.field.language", in.Language, "lang.", subjectrequest.Languages).withHint(pg.T("subjectrequest.field.language_hint")),
	}}
}

// clientSubjectRequests shows the client's requests (subject_request.read).
func (h *Handler) clientSubjectRequests(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rs, err := h.SubjectRequests.ForClient(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "subjectrequest.client.title")
	h.render(w, r, http.StatusOK, "subject_requests_client", clientSubjectRequestsModel(pg, id, rs, subjectrequest.Input{}, formErrors{}))
}

// clientSubjectRequestCreate registers the request of the form and opens
// it; a form with errors comes back with what was typed.
func (h *Handler) clientSubjectRequestCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := subjectrequest.Input{Kind: r.PostFormValue("kind"), Channel: r.PostFormValue("channel"), Received: r.PostFormValue("received"),
		Details: r.PostFormValue("details"), Language: r.PostFormValue("language")}
	req, err := h.SubjectRequests.Register(r.Context(), actor(r), id, in)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/subject-requests/"+req.ID, http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.fail(w, r, err)
		return
	}
	rs, lerr := h.SubjectRequests.ForClient(r.Context(), actor(r), id)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	pg := h.newPage(r, "subjectrequest.client.title")
	pg.Here = clientSubjectRequestsPath(id)
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.render(w, r, httpx.Status(err), "subject_requests_client", clientSubjectRequestsModel(pg, id, rs, in, errs))
}
