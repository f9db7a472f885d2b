package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"koto/internal/assessment"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/subject"
)

// subjectPage is the art. 15 access report as a readable, printable
// document: one section per kind of record, in the order and with the
// keys of the JSON report (GET /api/v1/clients/{id}/export).
type subjectPage struct {
	page
	ID        string
	Generated string
	Sections  []subjectSection
}

// subjectSection is one kind of record: its entries, each a list of
// labelled values.
type subjectSection struct {
	Key, Title string
	Entries    [][]labelled
}

type labelled struct{ Label, Value string }

// subjectExport shows a client's access report (subject.export: the DPO).
// The same single logged read as the JSON report.
func (h *Handler) subjectExport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rep, err := h.Subjects.Export(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "subject_export", subjectPageOf(h.newPage(r, "subject.title"), id, rep))
}

// subjectPDF sends the access report as a PDF in the page's language
// (subject.export: the DPO), the same single logged read.
func (h *Handler) subjectPDF(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rep, err := h.Subjects.Export(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := subjectPageOf(h.newPage(r, "subject.title"), id, rep)
	doc := subject.Document{Title: m.Title, Intro: m.T("subject.intro"), Generated: m.T("subject.generated", m.Generated),
		PageLabel: m.T("plan.pdf.page", "%v"), None: m.T("subject.none")}
	for _, s := range m.Sections {
		sec := subject.Section{Title: s.Title}
		for _, e := range s.Entries {
			fs := make([]subject.Field, len(e))
			for i, l := range e {
				fs[i] = subject.Field{Label: l.Label, Value: l.Value}
			}
			sec.Entries = append(sec.Entries, fs)
		}
		doc.Sections = append(doc.Sections, sec)
	}
	var buf bytes.Buffer
	if err := subject.WritePDF(&buf, doc, rep.Generated); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Language", m.Lang)
	hd.Set("Content-Disposition", `attachment; filename="access-report.pdf"`)
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// subjectPageOf words the report rep of client id for pg.
func subjectPageOf(pg page, id string, rep subject.Report) subjectPage {
	m := subjectPage{page: pg, ID: id, Generated: pg.Time(rep.Generated)}
	add := func(key string, entries ...[]labelled) {
		m.Sections = append(m.Sections, subjectSection{Key: key, Title: pg.T("subject.section." + key), Entries: entries})
	}
	add("client", clientEntry(pg, rep.Client))
	var es [][]labelled
	for _, p := range rep.Client.Permits {
		es = append(es, []labelled{{pg.T("field.permits"), permitWords(pg, p)}})
	}
	add("permits", es...)
	es = nil
	for _, s := range rep.Sensitive {
		es = append(es, compact([]labelled{{pg.T("plan.field.version"), fmt.Sprint(s.Version)}, {pg.T("web.col.time"), pg.Time(s.UpdatedAt)},
			{pg.T("case.sensitive.health"), s.Health}, {pg.T("case.sensitive.work_ability"), s.WorkAbility}, {pg.T("case.sensitive.functional_ability"), s.FunctionalAbility}}))
	}
	add("sensitive", es...)
	es = nil
	for _, c := range rep.History {
		old, nw := c.OldValue, c.NewValue
		if c.Encrypted {
			old, nw = hiddenValue, hiddenValue
		}
		es = append(es, []labelled{{pg.T("web.col.time"), pg.Time(c.At)}, {pg.T("web.col.field"), translated(pg, "field."+c.Field, c.Field)},
			{pg.T("web.col.old"), old}, {pg.T("web.col.new"), nw}})
	}
	add("history", es...)
	es = nil
	for _, a := range rep.Assignments {
		es = append(es, []labelled{{pg.T("subject.section.assignments"), displayName(a.DisplayName, a.Username)}, {pg.T("web.col.time"), pg.Time(a.AssignedAt)}})
	}
	add("assignments", es...)
	es = nil
	for _, n := range rep.Notes {
		e := []labelled{{pg.T("notes.field.date"), pg.Date(n.Date)}, {pg.T("notes.field.type"), translated(pg, "note.type."+n.Type, n.Type)},
			{pg.T("notes.field.text"), n.Text}}
		for _, a := range n.Amendments {
			e = append(e, labelled{pg.T("notes.amendments.heading"), pg.Time(a.CreatedAt) + ": " + a.Text})
		}
		es = append(es, compact(e))
	}
	add("notes", es...)
	es = nil
	for _, ph := range rep.Plans {
		for _, v := range ph.Versions {
			var measures []string
			for _, ms := range v.Measures {
				measures = append(measures, ms.Text)
			}
			es = append(es, compact([]labelled{{pg.T("plan.field.kind"), translated(pg, "plan.kind."+v.Kind, v.Kind)}, {pg.T("plan.field.version"), fmt.Sprint(v.Number)},
				{pg.T("plan.field.period"), join(pg.Date(v.StartDate), pg.Date(v.EndDate))}, {pg.T("plan.field.goals"), strings.Join(v.Goals, "; ")},
				{pg.T("plan.field.measures"), strings.Join(measures, "; ")}, {pg.T("plan.field.closed_on"), pg.Date(v.ClosedOn)},
				{pg.T("plan.field.close_reason"), v.CloseReason}}))
		}
		for _, f := range ph.FollowUps {
			es = append(es, []labelled{{pg.T("plan.field.follow_ups"), pg.Date(f.Date) + ": " + f.Text}})
		}
	}
	add("plans", es...)
	es = nil
	for _, a := range rep.Assessments {
		e := []labelled{{pg.T("assessment.kind"), translated(pg, "assessment.kind."+string(a.Kind), string(a.Kind))}, {pg.T("notes.field.date"), pg.Date(a.Date)}}
		for _, f := range assessment.TopicFields {
			e = append(e, labelled{translated(pg, "assessment.topic."+f, f), *a.Topics.Topic(f)})
		}
		e = append(e, labelled{pg.T("assessment.training"), a.TrainingRecommendation})
		es = append(es, compact(e))
	}
	add("assessments", es...)
	if bg := backgroundEntry(pg, rep.Background); len(bg) > 0 {
		add("background", bg)
	} else {
		add("background")
	}
	es = nil
	for _, t := range rep.LanguageTests {
		es = append(es, compact([]labelled{{pg.T("assessment.test.kind"), translated(pg, "assessment.test_kind."+string(t.Kind), string(t.Kind))},
			{pg.T("assessment.test.date"), pg.Date(t.Date)}, {pg.T("assessment.test.language"), t.Language},
			{pg.T("assessment.test.levels"), strings.Join([]string{string(t.Listening), string(t.Reading), string(t.Speaking), string(t.Writing)}, " / ")},
			{pg.T("assessment.test.provider"), t.Provider}}))
	}
	add("languageTests", es...)
	es = nil
	for _, rf := range rep.Referrals {
		e := []labelled{{pg.T("subject.section.referrals"), join(rf.ProviderName, rf.Service)}}
		for _, ev := range rf.Events {
			e = append(e, labelled{pg.T("referral.status"), join(pg.Date(ev.Date), translated(pg, "referral.status."+string(ev.Status), string(ev.Status)), ev.Reason)})
		}
		es = append(es, e)
	}
	add("referrals", es...)
	if p := rep.Placement; p != nil && p.Version > 0 {
		add("placement", compact([]labelled{{pg.T("field.placement.receptionCentre"), p.ReceptionCentre}, {pg.T("field.placement.unhcrNumber"), p.UNHCRNumber},
			{pg.T("field.placement.municipality"), pg.CodeName(codes.MunicipalityList, p.Municipality)}, {pg.T("field.placement.decisionDate"), pg.Date(p.DecisionDate)},
			{pg.T("field.placement.arrivalDate"), pg.Date(p.ArrivalDate)}, {pg.T("field.placement.assigningAuthority"), p.AssigningAuthority}}))
	} else {
		add("placement")
	}
	es = nil
	for _, l := range rep.Household {
		es = append(es, []labelled{{translated(pg, "household.kind."+l.Kind, l.Kind), join(l.OtherName, l.OtherKoto)}})
	}
	add("householdLinks", es...)
	es = nil
	for _, c := range rep.Consents {
		e := []labelled{{translated(pg, "consent.type."+c.Type, c.Type), pg.Date(c.Given)}}
		if c.Withdrawal != nil {
			e = append(e, labelled{pg.T("subject.withdrawn"), pg.Date(c.Withdrawal.Date)})
		}
		es = append(es, e)
	}
	add("consents", es...)
	es = nil
	for _, d := range rep.Disclosures {
		es = append(es, compact([]labelled{{pg.T("web.col.time"), pg.Time(d.CreatedAt)}, {pg.T("subject.col.recipient"), translated(pg, "privacy.recipient."+d.Kind, d.Kind)},
			{pg.T("subject.col.recipient_name"), d.Recipient}, {pg.T("subject.col.basis"), join(d.Basis, d.BasisDetail)},
			{pg.T("subject.col.items"), itemNames(pg, d.Items)}}))
	}
	add("disclosures", es...)
	issue14Sections(pg, rep, add)
	es = nil
	for _, e := range rep.AccessLog {
		org := e.Organisation
		if org == "" {
			org = e.OrgID
		}
		es = append(es, []labelled{{pg.T("subject.col.at"), pg.Time(e.At)}, {pg.T("subject.col.organisation"), org},
			{pg.T("subject.col.action"), translated(pg, "audit.action."+e.Action, e.Action)}, {pg.T("subject.col.touched"), touchedText(pg, e.Touched)},
			{pg.T("subject.col.result"), translated(pg, "audit.result."+string(e.Result), string(e.Result))}})
	}
	add("accessLog", es...)
	return m
}

// clientEntry is the client's identity and contact details.
func clientEntry(pg page, c client.Client) []labelled {
	yes := func(b bool) string {
		if b {
			return pg.T("web.yes")
		}
		return ""
	}
	return compact([]labelled{{pg.T("field.kotoId"), c.KotoID}, {pg.T("field.hetu"), c.HETU}, {pg.T("field.lastName"), c.LastName},
		{pg.T("field.firstNames"), c.FirstNames}, {pg.T("field.previousNames"), strings.Join(c.PreviousNames, ", ")},
		{pg.T("field.birthDate"), pg.Date(c.BirthDate)}, {pg.T("field.birthPlace"), c.BirthPlace}, {pg.T("field.sex"), translated(pg, "sex."+string(c.Sex), string(c.Sex))},
		{pg.T("field.motherTongue"), pg.CodeName(codes.LanguageList, c.MotherTongue)}, {pg.T("field.serviceLanguage"), pg.CodeName(codes.LanguageList, c.ServiceLanguage)},
		{pg.T("field.interpreterNeeded"), yes(c.InterpreterNeeded)}, {pg.T("field.interpreterLanguage"), pg.CodeName(codes.LanguageList, c.InterpreterLanguage)},
		{pg.T("field.citizenships"), pg.CodeNames(codes.CountryList, c.Citizenships)}, {pg.T("field.stateless"), yes(c.Stateless)},
		{pg.T("field.nationality"), c.Nationality}, {pg.T("field.homeMunicipality"), pg.CodeName(codes.MunicipalityList, c.HomeMunicipality)},
		{pg.T("field.address.street"), c.Address.Street}, {pg.T("field.address.postalCode"), c.Address.PostalCode}, {pg.T("field.address.postOffice"), c.Address.PostOffice},
		{pg.T("field.phone"), c.Phone}, {pg.T("field.email"), c.Email}, {pg.T("field.addressProtected"), yes(c.AddressProtected)},
		{pg.T("field.arrivalDate"), pg.Date(c.ArrivalDate)}, {pg.T("field.municipalityRegistered"), pg.Date(c.MunicipalityRegistered)},
		{pg.T("field.serviceEnd"), pg.Date(c.ServiceEnd)}, {pg.T("field.serviceEndReason"), c.ServiceEndReason}, {pg.T("field.dateOfDeath"), pg.Date(c.DateOfDeath)}})
}

// backgroundEntry is the education and work background.
func backgroundEntry(pg page, b assessment.Background) []labelled {
	var e []labelled
	for _, ed := range b.Education {
		e = append(e, labelled{pg.T("subject.education"), join(ed.Level, ed.Field, pg.CodeName(codes.CountryList, ed.Country), yearsText(ed.Years))})
	}
	for _, wk := range b.Work {
		e = append(e, labelled{pg.T("subject.work"), join(wk.Occupation, pg.CodeName(codes.CountryList, wk.Country), yearsText(wk.Years))})
	}
	e = append(e, labelled{pg.T("subject.other_competences"), b.OtherCompetences}, labelled{pg.T("subject.target_occupation"), b.TargetOccupation})
	if b.UnemployedMonths != nil {
		e = append(e, labelled{pg.T("subject.unemployed_months"), fmt.Sprint(*b.UnemployedMonths)})
	}
	return compact(e)
}

func yearsText(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// itemNames names the items of a disclosure.
func itemNames(pg page, items []string) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = translated(pg, "privacy.item."+it, it)
	}
	return strings.Join(names, ", ")
}

// compact leaves out the labels with no value.
func compact(ls []labelled) []labelled {
	out := ls[:0]
	for _, l := range ls {
		if strings.TrimSpace(l.Value) != "" {
			out = append(out, l)
		}
	}
	return out
}

// issue14Sections words the attachments (metadata only), the
// authorities' requests, the transfers, the hand-over receipts and the
// legal hold.
func issue14Sections(pg page, rep subject.Report, add func(string, ...[]labelled)) {
	var es [][]labelled
	for _, a := range rep.Attachments {
		es = append(es, compact([]labelled{{pg.T("web.col.time"), pg.Time(a.CreatedAt)},
			{pg.T("attachments.field.category"), translated(pg, "attachment.category."+a.Category, a.Category)},
			{pg.T("attachments.field.title"), a.Title}, {pg.T("attachments.field.description"), a.Description}}))
	}
	add("attachments", es...)
	es = nil
	for _, r := range rep.DisclosureRequests {
		items := make([]string, len(r.Items))
		for i, it := range r.Items {
			items[i] = translated(pg, "authority.item."+it, it)
		}
		e := []labelled{{pg.T("authority.field.received"), pg.Date(r.Received)}, {pg.T("authority.field.requester"), r.Requester},
			{pg.T("authority.field.provision"), r.Provision}, {pg.T("authority.field.items"), strings.Join(items, ", ")},
			{pg.T("subject.col.status"), translated(pg, "authority.status."+r.Status(), r.Status())}}
		if r.Decision != nil {
			e = append(e, labelled{pg.T("authority.field.decision"), pg.Time(r.Decision.CreatedAt)}, labelled{pg.T("authority.field.reason"), r.Decision.Reason})
		}
		es = append(es, compact(e))
	}
	add("disclosureRequests", es...)
	es = nil
	for _, t := range rep.Transfers {
		dir := pg.T("subject.transfer.outgoing", t.ToName)
		if t.Incoming(rep.Client.OrgID) {
			dir = pg.T("subject.transfer.incoming", t.FromName)
		}
		e := []labelled{{pg.T("web.col.time"), pg.Time(t.RequestedAt)}, {pg.T("subject.col.organisation"), dir},
			{pg.T("subject.col.status"), translated(pg, "moves.status."+string(t.Status), string(t.Status))}}
		if !t.DecidedAt.IsZero() {
			e = append(e, labelled{pg.T("authority.field.decision"), pg.Time(t.DecidedAt)})
		}
		es = append(es, e)
	}
	add("transfers", es...)
	es = nil
	for _, r := range rep.HandoverReceipts {
		src := r.SourceName
		if src == "" {
			src = r.Source
		}
		es = append(es, compact([]labelled{{pg.T("web.col.time"), pg.Time(r.CreatedAt)}, {pg.T("subject.col.source"), src},
			{pg.T("subject.col.document"), r.DocumentID}}))
	}
	add("handoverReceipts", es...)
	es = nil
	if h := rep.RetentionHold; h != nil {
		es = append(es, []labelled{{pg.T("web.col.time"), pg.Time(h.SetAt)}, {pg.T("authority.field.reason"), h.Reason}})
	}
	add("retentionHold", es...)
	es = nil
	for _, x := range rep.Restrictions {
		e := []labelled{{pg.T("web.col.time"), pg.Time(x.PlacedAt)}, {pg.T("restriction.field.ground"), pg.T("restriction.ground." + x.Ground)},
			{pg.T("restriction.field.reason"), x.Reason}, {pg.T("restriction.field.request"), x.RequestRef}}
		if !x.Active() {
			e = append(e, labelled{pg.T("restriction.field.lifted"), pg.Time(x.LiftedAt)}, labelled{pg.T("restriction.field.lift_reason"), x.LiftReason})
		}
		es = append(es, compact(e))
	}
	add("restrictions", es...)
	add("subjectRequests", subjectRequestEntries(pg, rep.SubjectRequests)...)
}
