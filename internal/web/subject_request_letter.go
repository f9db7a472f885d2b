package web

import (
	"bytes"
	"net/http"
	"time"

	"koto/internal/civil"
	"koto/internal/i18n"
	"koto/internal/subject"
	"koto/internal/subjectrequest"
)

// letter is the response letter of a request (or the notice of its
// extension) in the request's language: controller, date, the request,
// the decision and its reasons, and for a refusal the right to complain
// to the Data Protection Ombudsman and to a court.
type letter struct {
	Lang, Title, Controller, Date, To string
	Paragraphs                        []string
	Facts                             []labelled
	Rights                            []string // a refusal's remedies
	Pending                           bool     // no decision yet: the letter is a draft
	Extension                         bool     // the notice of an extended deadline
}

// letterOf builds the letter of v in its language; extension: the notice
// of the extended deadline.
func letterOf(cat *i18n.Catalog, v subjectrequest.View, extension bool, now time.Time) letter {
	r := v.Request
	p := cat.Printer(r.Language)
	pg := page{p: p, Lang: p.Lang}
	l := letter{Lang: p.Lang, Controller: v.Controller, Date: pg.Date(civil.DateOf(now.In(civil.Helsinki))), To: r.ClientName}
	kind := p.T("subjectrequest.kind." + r.Kind)
	l.Facts = []labelled{{p.T("subjectrequest.field.kind"), kind}, {p.T("subjectrequest.field.received"), pg.Date(r.Received)},
		{p.T("subjectrequest.field.channel"), p.T("subjectrequest.channel." + r.Channel)}}
	if extension {
		l.Extension = true
		l.Title = p.T("subjectrequest.letter.extension_title")
		l.Paragraphs = []string{p.T("subjectrequest.letter.extension_body", kind, pg.Date(r.Received), pg.Date(r.Extended))}
		l.Facts = append(l.Facts, labelled{p.T("subjectrequest.field.until"), pg.Date(r.Extended)},
			labelled{p.T("subjectrequest.field.extension_reason"), r.ExtensionReason})
		return l
	}
	l.Title = p.T("subjectrequest.letter.title")
	l.Paragraphs = []string{p.T("subjectrequest.letter.intro", kind, pg.Date(r.Received))}
	if r.Decision == "" {
		l.Pending = true
		l.Paragraphs = append(l.Paragraphs, p.T("subjectrequest.letter.pending"))
		return l
	}
	l.Paragraphs = append(l.Paragraphs, p.T("subjectrequest.letter.decision."+r.Decision))
	l.Facts = append(l.Facts, labelled{p.T("subjectrequest.field.decision"), p.T("subjectrequest.decision." + r.Decision)})
	l.Facts = compact(append(l.Facts, labelled{p.T("subjectrequest.field.reason"), r.Reason}, labelled{p.T("subjectrequest.field.outcome"), r.Outcome}))
	if r.Decision == subjectrequest.Refused || r.Decision == subjectrequest.PartlyGranted {
		l.Rights = []string{p.T("subjectrequest.letter.right_ombudsman"), p.T("subjectrequest.letter.right_court")}
	}
	return l
}

type letterPage struct {
	page
	Letter letter
	Back   string
}

// subjectRequestLetter shows the response letter (or with ?extension=1
// the extension notice) in the request's language.
func (h *Handler) subjectRequestLetter(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("requestId")
	v, err := h.SubjectRequests.Get(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "subjectrequest.letter.page_title")
	pg.Nav = "subject-requests"
	h.render(w, r, http.StatusOK, "subject_request_letter", letterPage{page: pg, Letter: letterOf(h.catalog, v, r.URL.Query().Get("extension") != "" && !v.Extended.IsZero(), time.Now()), Back: "/subject-requests/" + id})
}

// subjectRequestLetterPDF sends the letter as a PDF.
func (h *Handler) subjectRequestLetterPDF(w http.ResponseWriter, r *http.Request) {
	v, err := h.SubjectRequests.Get(r.Context(), actor(r), r.PathValue("requestId"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := time.Now()
	l := letterOf(h.catalog, v, r.URL.Query().Get("extension") != "" && !v.Extended.IsZero(), now)
	p := h.catalog.Printer(l.Lang)
	intro := l.Controller + " · " + l.Date
	if l.To != "" {
		intro += "\n" + p.T("subjectrequest.letter.to", l.To)
	}
	doc := subject.Document{Title: l.Title, Intro: intro, Generated: l.Date, PageLabel: p.T("plan.pdf.page", "%v"), None: p.T("subject.none")}
	var body [][]subject.Field
	for _, para := range l.Paragraphs {
		body = append(body, []subject.Field{{Label: "", Value: para}})
	}
	doc.Sections = append(doc.Sections, subject.Section{Title: p.T("subjectrequest.letter.body"), Entries: body})
	var facts []subject.Field
	for _, f := range l.Facts {
		facts = append(facts, subject.Field{Label: f.Label, Value: f.Value})
	}
	doc.Sections = append(doc.Sections, subject.Section{Title: p.T("subjectrequest.letter.facts"), Entries: [][]subject.Field{facts}})
	if len(l.Rights) > 0 {
		var rs [][]subject.Field
		for _, s := range l.Rights {
			rs = append(rs, []subject.Field{{Label: "", Value: s}})
		}
		doc.Sections = append(doc.Sections, subject.Section{Title: p.T("subjectrequest.letter.rights"), Entries: rs})
	}
	var buf bytes.Buffer
	if err := subject.WritePDF(&buf, doc, now); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Language", l.Lang)
	hd.Set("Content-Disposition", `attachment; filename="letter.pdf"`)
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
