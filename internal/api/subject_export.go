package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/i18n"
	"koto/internal/subject"
)

// exportJSON is the art. 15 access report (schema AccessReport): one key
// per kind of record, each holding every record of that kind for the
// person. subject.Tables names the key of every table that refers to a
// client; a test checks each is a key here.
type exportJSON struct {
	Generated      time.Time              `json:"generated"`
	Client         clientJSON             `json:"client"`
	Permits        []permitJSON           `json:"permits"`
	Sensitive      []sensitiveJSON        `json:"sensitive"`
	History        []changeJSON           `json:"history"`
	Assignments    []responsibleJSON      `json:"assignments"`
	Team           string                 `json:"team"`
	MergedRecords  []string               `json:"mergedRecords"`
	Notes          []noteJSON             `json:"notes"`
	Plans          []planHistoryJSON      `json:"plans"`
	Assessments    []assessmentJSON       `json:"assessments"`
	Background     backgroundJSON         `json:"background"`
	LanguageTests  []languageTestJSON     `json:"languageTests"`
	Referrals      []referralJSON         `json:"referrals"`
	Placement      *placementJSON         `json:"placement"`
	HouseholdLinks []householdLinkJSON    `json:"householdLinks"`
	Consents       []consentJSON          `json:"consents"`
	Disclosures    []reportDisclosureJSON `json:"disclosures"`
	AccessLog      []subjectLogJSON       `json:"accessLog"`
	// Attachments are metadata only: the files themselves are not in the
	// report (the DPO hands them over on request, ADR 37).
	Attachments        []reportAttachmentJSON `json:"attachments"`
	DisclosureRequests []reportRequestJSON    `json:"disclosureRequests"`
	Transfers          []reportTransferJSON   `json:"transfers"`
	HandoverReceipts   []reportReceiptJSON    `json:"handoverReceipts"`
	RetentionHold      *reportHoldJSON        `json:"retentionHold"`
	Restrictions       []restrictionJSON      `json:"restrictions"`
	// SubjectRequests are the person's own requests (ADR 39).
	SubjectRequests []subjectRequestJSON `json:"subjectRequests"`
}

// reportAttachmentJSON is an attachment's metadata, without its content.
type reportAttachmentJSON struct {
	ID          string    `json:"id"`
	Category    string    `json:"category"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Type        string    `json:"type"`
	SizeBytes   int64     `json:"sizeBytes"`
	CreatedAt   time.Time `json:"createdAt"`
}

// reportRequestJSON is an authority's request for data and its decision.
type reportRequestJSON struct {
	ID           string     `json:"id"`
	Requester    string     `json:"requester"`
	Provision    string     `json:"provision"`
	Received     string     `json:"received"`
	Channel      string     `json:"channel"`
	Items        []string   `json:"items"`
	Status       string     `json:"status"`
	DecidedAt    *time.Time `json:"decidedAt,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	DisclosureID string     `json:"disclosureId,omitempty"`
	CreatedAt    time.Time  `json:"createdAt"`
}

// reportTransferJSON is a transfer between municipalities: "outgoing"
// when this organisation sent the client on, "incoming" when it took the
// client over.
type reportTransferJSON struct {
	ID            string     `json:"id"`
	Direction     string     `json:"direction"`
	Other         string     `json:"otherMunicipality"`
	Status        string     `json:"status"`
	RequestedAt   time.Time  `json:"requestedAt"`
	DecidedAt     *time.Time `json:"decidedAt,omitempty"`
	RefusalReason string     `json:"refusalReason,omitempty"`
}

// reportReceiptJSON is a hand-over document received into the record.
type reportReceiptJSON struct {
	DocumentID string    `json:"documentId"`
	Source     string    `json:"source"`
	ReceivedAt time.Time `json:"receivedAt"`
}

// reportHoldJSON is a legal hold on the erasure of the record.
type reportHoldJSON struct {
	Reason string    `json:"reason"`
	SetAt  time.Time `json:"setAt"`
}

// responsibleJSON is a responsible caseworker of the client.
type responsibleJSON struct {
	Name       string    `json:"name"`
	AssignedAt time.Time `json:"assignedAt"`
}

// planHistoryJSON is a plan with every version, oldest first.
type planHistoryJSON struct {
	Versions  []planJSON     `json:"versions"`
	FollowUps []followUpJSON `json:"followUps"`
}

// reportDisclosureJSON is an entry of the disclosure log: to whom, what, on
// which basis, when and how.
type reportDisclosureJSON struct {
	ID             string    `json:"id"`
	Kind           string    `json:"kind"`
	RecipientOrgID string    `json:"recipientOrgId,omitempty"`
	Recipient      string    `json:"recipient"`
	Basis          string    `json:"basis"`
	BasisDetail    string    `json:"basisDetail"`
	Items          []string  `json:"items"`
	Channel        string    `json:"channel"`
	At             time.Time `json:"at"`
}

// subjectLogJSON is a use of the person's data: when, which organisation,
// what and why; not the staff member (ADR 37).
type subjectLogJSON struct {
	At           time.Time `json:"at"`
	Organisation string    `json:"organisation"`
	Action       string    `json:"action"`
	Touched      string    `json:"touched"`
	Result       string    `json:"result"`
	Kind         string    `json:"kind,omitempty"` // "search": the person was shown in a search or list
}

// exportClient answers the access report of a client (DPO).
func (a *API) exportClient(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	rep, err := a.Subjects.Export(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, exportOut(a.printer(r), rep))
	return nil
}

func exportOut(p *i18n.Printer, rep subject.Report) exportJSON {
	out := exportJSON{Generated: rep.Generated.UTC(), Client: clientOut(rep.Client), Permits: []permitJSON{},
		Sensitive: []sensitiveJSON{}, History: []changeJSON{}, Assignments: []responsibleJSON{}, Team: rep.TeamID,
		MergedRecords: nonNil(rep.MergedFrom), Notes: []noteJSON{}, Plans: []planHistoryJSON{}, Assessments: []assessmentJSON{},
		Background: backgroundOut(rep.Background), LanguageTests: []languageTestJSON{}, Referrals: referralsOut(rep.Referrals, true),
		HouseholdLinks: []householdLinkJSON{}, Consents: []consentJSON{}, Disclosures: []reportDisclosureJSON{}, AccessLog: []subjectLogJSON{}}
	for _, pm := range rep.Client.Permits {
		out.Permits = append(out.Permits, permitOut(pm))
	}
	for _, s := range rep.Sensitive {
		out.Sensitive = append(out.Sensitive, sensitiveOut(s))
	}
	for _, c := range rep.History {
		ch := changeJSON{At: c.At.UTC(), Field: c.Field, Hidden: c.Encrypted,
			OldValue: ptr(c.OldValue), NewValue: ptr(c.NewValue)}
		if c.Encrypted {
			ch.OldValue, ch.NewValue = nil, nil
		}
		out.History = append(out.History, ch)
	}
	for _, as := range rep.Assignments {
		name := as.DisplayName
		if name == "" {
			name = as.Username
		}
		out.Assignments = append(out.Assignments, responsibleJSON{Name: name, AssignedAt: as.AssignedAt.UTC()})
	}
	for _, n := range rep.Notes {
		out.Notes = append(out.Notes, noteOut(n))
	}
	for _, ph := range rep.Plans {
		h := planHistoryJSON{Versions: []planJSON{}, FollowUps: []followUpJSON{}}
		for _, v := range ph.Versions {
			h.Versions = append(h.Versions, planVersionOut(p, v))
		}
		for _, f := range ph.FollowUps {
			h.FollowUps = append(h.FollowUps, followUpJSON{ID: f.ID, Date: f.Date, Text: f.Text, CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy})
		}
		out.Plans = append(out.Plans, h)
	}
	for _, as := range rep.Assessments {
		out.Assessments = append(out.Assessments, assessmentOut(as))
	}
	for _, t := range rep.LanguageTests {
		out.LanguageTests = append(out.LanguageTests, languageTestOut(t))
	}
	if rep.Placement != nil {
		pl := placementOut(*rep.Placement)
		out.Placement = &pl
	}
	for _, l := range rep.Household {
		out.HouseholdLinks = append(out.HouseholdLinks, householdLinkOut(l))
	}
	today := todayInFinland()
	for _, c := range rep.Consents {
		out.Consents = append(out.Consents, consentOut(c, today))
	}
	for _, d := range rep.Disclosures {
		out.Disclosures = append(out.Disclosures, reportDisclosureJSON{ID: d.ID, Kind: d.Kind, RecipientOrgID: d.RecipientOrgID,
			Recipient: d.Recipient, Basis: d.Basis, BasisDetail: d.BasisDetail, Items: nonNil(d.Items), Channel: d.Channel, At: d.CreatedAt.UTC()})
	}
	for _, e := range rep.AccessLog {
		org := e.Organisation
		if org == "" {
			org = e.OrgID
		}
		item := subjectLogJSON{At: e.At.UTC(), Organisation: org, Action: e.Action, Touched: e.Touched, Result: string(e.Result)}
		if e.Appearance {
			item.Kind = "search"
		}
		out.AccessLog = append(out.AccessLog, item)
	}
	if out.Referrals == nil {
		out.Referrals = []referralJSON{}
	}
	reportIssue14(&out, rep)
	return out
}

// reportIssue14 fills the keys of attachments, authority requests,
// transfers, hand-over receipts and the legal hold.
func reportIssue14(out *exportJSON, rep subject.Report) {
	out.Attachments, out.DisclosureRequests = []reportAttachmentJSON{}, []reportRequestJSON{}
	out.Transfers, out.HandoverReceipts = []reportTransferJSON{}, []reportReceiptJSON{}
	for _, a := range rep.Attachments {
		out.Attachments = append(out.Attachments, reportAttachmentJSON{ID: a.ID, Category: a.Category, Title: a.Title,
			Description: a.Description, Type: string(a.Type), SizeBytes: a.Size, CreatedAt: a.CreatedAt.UTC()})
	}
	for _, r := range rep.DisclosureRequests {
		j := reportRequestJSON{ID: r.ID, Requester: r.Requester, Provision: r.Provision, Received: r.Received.String(),
			Channel: r.Channel, Items: nonNil(r.Items), Status: r.Status(), CreatedAt: r.CreatedAt.UTC()}
		if d := r.Decision; d != nil {
			at := d.CreatedAt.UTC()
			j.DecidedAt, j.Reason, j.DisclosureID = &at, d.Reason, d.DisclosureID
		}
		out.DisclosureRequests = append(out.DisclosureRequests, j)
	}
	orgID := rep.Client.OrgID
	for _, t := range rep.Transfers {
		j := reportTransferJSON{ID: t.ID, Direction: "outgoing", Other: t.ToName, Status: string(t.Status),
			RequestedAt: t.RequestedAt.UTC(), RefusalReason: t.RefusalReason}
		if t.Incoming(orgID) {
			j.Direction, j.Other = "incoming", t.FromName
		}
		if !t.DecidedAt.IsZero() {
			at := t.DecidedAt.UTC()
			j.DecidedAt = &at
		}
		out.Transfers = append(out.Transfers, j)
	}
	for _, r := range rep.HandoverReceipts {
		src := r.SourceName
		if src == "" {
			src = r.Source
		}
		out.HandoverReceipts = append(out.HandoverReceipts, reportReceiptJSON{DocumentID: r.DocumentID, Source: src, ReceivedAt: r.CreatedAt.UTC()})
	}
	if h := rep.RetentionHold; h != nil {
		out.RetentionHold = &reportHoldJSON{Reason: h.Reason, SetAt: h.SetAt.UTC()}
	}
	out.Restrictions = restrictionsJSON(rep.Restrictions)
	out.SubjectRequests = []subjectRequestJSON{}
	for _, r := range rep.SubjectRequests {
		out.SubjectRequests = append(out.SubjectRequests, subjectRequestOut(r))
	}
}

// clientPortability answers the portable copy of a client (DPO): the
// document of internal/subject, which the browser's download sends too.
func (a *API) clientPortability(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	pr, err := a.Subjects.Portability(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pr.Document(todayInFinland()))
	return nil
}
