package web

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/subjectrequest"
)

// subjectRequestPage is one request: its facts, what its kind needs
// (links to the report, the copy, the consents, the restriction), and
// the forms of the next steps. Errors of a form come back at that form.
type subjectRequestPage struct {
	page
	R                           subjectrequest.View
	Row                         subjectRequestRow
	Identity, Decided, Delivery string
	Links                       []link
	Errors                      formErrors
	Forms                       []actionForm
	IdentityFirst               bool // open, identity not verified: no decision yet
	OnHoldErasure               bool // an erasure request of a client on legal hold
}

// actionForm is the form of one action on the request.
type actionForm struct {
	ID, Heading, Action, Submit, Hint string
	Fields                            []field
}

// subjectRequestForms are the values typed into the forms, kept when one
// comes back with errors.
type subjectRequestForms struct {
	Method    string
	Extension subjectrequest.ExtensionInput
	Handler   string
	Decision  subjectrequest.DecisionInput
	Action    string // the form that failed
}

func subjectRequestModel(pg page, act access.Actor, v subjectrequest.View, in subjectRequestForms, errs formErrors) subjectRequestPage {
	r := v.Request
	m := subjectRequestPage{page: pg, R: v, Row: subjectRequestRowOf(pg, r, time.Now()), Errors: errs}
	if r.Verified() {
		m.Identity = pg.T("subjectrequest.identity.done", pg.T("subjectrequest.identity."+r.IdentityMethod), r.IdentityByName, pg.Time(r.IdentityAt))
	}
	if !r.DecidedAt.IsZero() {
		m.Decided = pg.T("subjectrequest.event", pg.Time(r.DecidedAt), r.DecidedByName)
	}
	if !r.DeliveredAt.IsZero() {
		m.Delivery = pg.Time(r.DeliveredAt)
	}
	base := "/subject-requests/" + r.ID
	if !r.Kept {
		c := "/clients/" + r.ClientID
		switch r.Kind {
		case subjectrequest.KindAccess:
			m.Links = []link{{c + "/export", pg.T("subjectrequest.link.report")}, {c + "/export.pdf", pg.T("subjectrequest.link.report_pdf")}}
		case subjectrequest.KindPortability:
			// The portable copy is a JSON download (the API's document);
			// the access report shows the same data to check it.
			m.Links = []link{{c + "/portability.json", pg.T("subjectrequest.link.portability")}, {c + "/export", pg.T("subjectrequest.link.report")}}
		case subjectrequest.KindRectification:
			m.Links = []link{{c + "/export", pg.T("subjectrequest.link.report")}}
			if act.Can(access.ClientRead) {
				m.Links = append(m.Links, link{c + "/history", pg.T("subjectrequest.link.history")})
			}
		case subjectrequest.KindRestriction:
			m.Links = []link{{c + "/restriction", pg.T("subjectrequest.link.restriction")}}
		case subjectrequest.KindConsentWithdrawal:
			m.Links = []link{{c + "/consents", pg.T("subjectrequest.link.consents")}}
		case subjectrequest.KindErasure:
			m.Links = []link{{c + "/retention-hold", pg.T("subjectrequest.link.hold")}}
		}
		m.Links = append(m.Links, link{clientSubjectRequestsPath(r.ClientID), pg.T("subjectrequest.link.client_requests")},
			link{"/dpo/clients/" + r.ClientID, pg.T("subjectrequest.link.client_dpo")})
	}
	m.Links = append(m.Links, link{base + "/letter", pg.T("subjectrequest.link.letter")}, link{base + "/letter.pdf", pg.T("subjectrequest.link.letter_pdf")})
	if !r.Extended.IsZero() {
		m.Links = append(m.Links, link{base + "/letter?extension=1", pg.T("subjectrequest.link.extension_letter")})
	}
	if r.Kept || !r.Open() && r.DeliveredAt.IsZero() && !(r.Kind == subjectrequest.KindAccess || r.Kind == subjectrequest.KindPortability) {
		return m
	}
	m.IdentityFirst = r.Open() && !r.Verified()
	m.OnHoldErasure = r.Open() && r.Kind == subjectrequest.KindErasure && v.OnHold
	mayManage := act.Can(access.SubjectRequestManage)
	if !mayManage {
		return m
	}
	fe := func(name string) formErrors {
		if in.Action == name {
			return errs
		}
		return formErrors{}
	}
	if r.Open() && !r.Verified() {
		b := builder{p: pg.p, errs: fe("identity")}
		m.Forms = append(m.Forms, actionForm{ID: "identity", Heading: pg.T("subjectrequest.form.identity"), Action: base + "/identity",
			Submit: pg.T("subjectrequest.form.identity_save"), Fields: []field{
				b.choice("method", "subjectrequest.field.identity_method", in.Method, "subjectrequest.identity.", subjectrequest.IdentityMethods).required()}})
	}
	if r.Verified() && r.DeliveredAt.IsZero() && (r.Kind == subjectrequest.KindAccess || r.Kind == subjectrequest.KindPortability) && r.Status != subjectrequest.StatusRefused && r.Status != subjectrequest.StatusWithdrawn {
		m.Forms = append(m.Forms, actionForm{ID: "delivered", Heading: pg.T("subjectrequest.form.delivered"), Action: base + "/delivered",
			Submit: pg.T("subjectrequest.form.delivered_save"), Hint: pg.T("subjectrequest.form.delivered_hint")})
	}
	if !r.Open() {
		return m
	}
	if r.Kind == subjectrequest.KindObjection {
		b := builder{p: pg.p, errs: fe("handler")}
		f := b.input("select", "handler", "subjectrequest.field.handler", in.Handler).required()
		f.Options = append(f.Options, option{Value: "", Label: pg.T("web.choose"), Selected: in.Handler == ""})
		for _, hd := range v.Handlers {
			f.Options = append(f.Options, option{Value: hd.UserID, Label: hd.Name, Selected: hd.UserID == in.Handler || (in.Handler == "" && hd.UserID == r.HandlerID)})
		}
		m.Forms = append(m.Forms, actionForm{ID: "handler", Heading: pg.T("subjectrequest.form.handler"), Action: base + "/handler",
			Submit: pg.T("subjectrequest.form.handler_save"), Hint: pg.T("subjectrequest.form.handler_hint"), Fields: []field{f}})
	}
	b := builder{p: pg.p, errs: fe("extension")}
	m.Forms = append(m.Forms, actionForm{ID: "extension", Heading: pg.T("subjectrequest.form.extension"), Action: base + "/extension",
		Submit: pg.T("subjectrequest.form.extension_save"), Hint: pg.T("subjectrequest.form.extension_hint", pg.Date(subjectrequest.MaxDue(r.Received))),
		Fields: []field{
			b.date("until", "subjectrequest.field.until", in.Extension.Until).required(),
			b.input("textarea", "reason", "subjectrequest.field.extension_reason", in.Extension.Reason).required(),
			b.date("informed", "subjectrequest.field.informed", in.Extension.Informed).required(),
		}})
	if r.Verified() {
		b := builder{p: pg.p, errs: fe("decision")}
		decisions := subjectrequest.Decisions
		hint := pg.T("subjectrequest.form.decision_hint")
		if r.Kind == subjectrequest.KindErasure {
			decisions = []string{subjectrequest.Granted, subjectrequest.Refused}
			hint = pg.T("subjectrequest.form.erasure_hint")
		}
		m.Forms = append(m.Forms, actionForm{ID: "decision", Heading: pg.T("subjectrequest.form.decision"), Action: base + "/decision",
			Submit: pg.T("subjectrequest.form.decision_save"), Hint: hint, Fields: []field{
				b.choice("decision", "subjectrequest.field.decision", in.Decision.Decision, "subjectrequest.decision.", decisions).required(),
				b.input("textarea", "reason", "subjectrequest.field.reason", in.Decision.Reason).withHint(pg.T("subjectrequest.field.reason_hint")),
				b.input("textarea", "outcome", "subjectrequest.field.outcome", in.Decision.Outcome).withHint(pg.T("subjectrequest.field.outcome_hint")),
			}})
	}
	m.Forms = append(m.Forms, actionForm{ID: "withdrawn", Heading: pg.T("subjectrequest.form.withdrawn"), Action: base + "/withdrawn",
		Submit: pg.T("subjectrequest.form.withdrawn_save")})
	return m
}

// subjectRequestShow shows one request (subject_request.read).
func (h *Handler) subjectRequestShow(w http.ResponseWriter, r *http.Request) {
	v, err := h.SubjectRequests.Get(r.Context(), actor(r), r.PathValue("requestId"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "subjectrequest.request.title")
	pg.Nav = "subject-requests"
	h.render(w, r, http.StatusOK, "subject_request", subjectRequestModel(pg, actor(r), v, subjectRequestForms{}, formErrors{}))
}
