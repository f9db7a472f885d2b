package handover

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/disclosure"
	"koto/internal/gate"
	"koto/internal/org"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/services"
)

// DefaultProvision is the provision recorded as the basis of a hand-over
// to the employment authority when the exporter names none: the act's
// provisions on disclosing integration data between the authorities that
// carry out the integration programme (681/2023, chapter on processing
// personal data). ADR 34 asks the data-protection officer to confirm the
// section; the exporter may name another in BasisDetail.
const DefaultProvision = "681/2023 84–85 § (disclosure between integration authorities)"

// TransferProvision is the basis of the disclosure to the new home
// municipality when a client moves (ADR 34).
const TransferProvision = "681/2023 84–85 § (the new home municipality continues the integration programme)"

// Tx is what hand-overs and transfers need inside a transaction: the
// reads of every record of a client, the bulk writers of the capabilities
// that own them (the same store code as their services and loaders), the
// disclosure log, and the receipts and transfer requests of their own.
type Tx interface {
	gate.Tx
	disclosure.Recorder
	Client(orgID, id string) (client.Client, error)
	InsertClients(orgID string, cs []client.Client) ([]bool, error)
	UpdateClient(c *client.Client, changes []client.Change) error
	ClientWithHETU(orgID, hetu, exceptID string) (string, error)
	Background(orgID, clientID string) (assessment.Background, error)
	Assessments(orgID, clientID string) ([]assessment.Assessment, error)
	LanguageTests(orgID, clientID string) ([]assessment.LanguageTest, error)
	InsertRecords(orgID string, rs []assessment.Records) error
	Plans(orgID, clientID string) ([]plan.Version, error)
	PlanVersions(orgID, clientID, planID string) ([]plan.VersionInfo, error)
	PlanVersion(orgID, clientID, planID string, n int) (plan.Version, error)
	InsertPlans(orgID string, plans [][]plan.Version) error
	Referrals(orgID, clientID string) ([]referral.Referral, error)
	ProviderByCode(code string) (referral.Provider, error)
	OwnServices(orgID string) ([]services.Kind, error)
	InsertReferrals(orgID string, rs []referral.Referral) error
	Placement(orgID, clientID string) (placement.Placement, error)
	InsertPlacements(orgID string, ps []placement.Loaded) error
	OrgByCode(code string) (org.Org, error)
	// OrgByID is the organisation id; NotFound when there is none.
	OrgByID(id string) (org.Org, error)
	// Orgs lists every organisation by code.
	Orgs() ([]org.Org, error)
	OrganisationNames(ids []string) (map[string]string, error)
	ReceiptTx
	TransferTx
}

// ReceiptTx stores the receipts of imported documents.
type ReceiptTx interface {
	// HandoverReceipt is the receipt of document documentID for the
	// person with hetu ("" without one) in orgID; NotFound when there is
	// none.
	HandoverReceipt(orgID, documentID, hetu string) (Receipt, error)
	// InsertHandoverReceipt stores r (immutable); the source text is
	// sealed with the new client's key.
	InsertHandoverReceipt(orgID string, r *Receipt) error
}

// Store runs the transactions.
type Store = gate.Store[Tx]

// Receipt records a received document: which one, for which client it
// made, from where, by whom.
type Receipt struct {
	ID               string
	OrgID            string
	ClientID         string
	DocumentID       string
	HETU             string // the person's HETU, stored only as its blind index
	SourceOrgID      string // the sender when it is an organisation in Koto
	SourceName       string // that organisation's name (the access report only)
	Source           string // the sender as the document names it; sealed
	TransferID       string
	ContentHash      string
	ReceivedBy       string
	ReceivedUsername string
	CreatedAt        time.Time
}

// Service exports and imports integration records and runs transfers.
type Service struct {
	store Store
	newID func() string
	rules []plan.Rule
}

// NewService returns the service over st.
func NewService(st Store, newID func() string) *Service {
	return &Service{store: st, newID: newID, rules: plan.Rules}
}

// Recipient is to whom an export goes: an organisation in Koto by its
// code, or a named office outside Koto.
type Recipient struct {
	OrgCode     string
	Name        string
	BasisDetail string // the provision; DefaultProvision when ""
}

// Export makes the client's document and records it as a disclosure of
// kind handover to the recipient, in one transaction with the access-log
// entry (handover.export: supervisors). The document's id is the
// disclosure's. Errors: NotFound (also another organisation's client),
// Invalid (recipient: neither a known organisation nor a name).
func (s *Service) Export(ctx context.Context, actor access.Actor, clientID string, to Recipient) (Document, disclosure.Disclosure, error) {
	var doc Document
	var d disclosure.Disclosure
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.HandoverExport, ClientID: clientID, Touched: "handover"},
		func(tx Tx, e *audit.Entry) error {
			d = disclosure.Disclosure{ID: s.newID(), ClientID: clientID, Kind: disclosure.KindHandover, Basis: disclosure.BasisLaw,
				BasisDetail: strings.TrimSpace(to.BasisDetail), Channel: disclosure.ChannelAPI, RequestID: actor.RequestID,
				DisclosedBy: actor.UserID, DisclosedUsername: actor.Username, CreatedAt: tx.Now()}
			if d.BasisDetail == "" {
				d.BasisDetail = DefaultProvision
			}
			switch code, name := strings.TrimSpace(to.OrgCode), strings.TrimSpace(to.Name); {
			case code != "":
				o, err := tx.OrgByCode(code)
				if apperr.Is(err, apperr.NotFound) || (err == nil && o.ID == actor.OrgID) {
					return apperr.InvalidField("recipient", "handover.recipient_unknown")
				} else if err != nil {
					return err
				}
				d.RecipientOrgID = o.ID
			case name != "":
				d.Recipient = name
			default:
				return apperr.InvalidField("recipient", "validation.required")
			}
			var err error
			doc, err = s.document(tx, actor.OrgID, actor.OrgCode, clientID, d.ID)
			if err != nil {
				return err
			}
			if err := seal(&d, doc); err != nil {
				return err
			}
			if err := tx.InsertDisclosure(actor.OrgID, &d); err != nil {
				return err
			}
			e.Touched = gate.Touched("handover", "disclosure:"+d.ID)
			return nil
		})
	if err != nil {
		return Document{}, disclosure.Disclosure{}, err
	}
	return doc, d, nil
}

// seal sets d's content, hash and items from doc.
func seal(d *disclosure.Disclosure, doc Document) error {
	var err error
	d.Content, d.ContentHash, err = disclosure.Seal(doc)
	d.Items = Items(doc)
	return err
}

// Items names the parts of a document that hold data: the items of its
// disclosure.
func Items(d Document) []string {
	out := []string{"person"}
	add := func(ok bool, item string) {
		if ok {
			out = append(out, item)
		}
	}
	add(len(d.Permits) > 0, "permits")
	add(d.Background != nil, "background")
	add(len(d.Assessments) > 0, "assessments")
	add(len(d.LanguageTests) > 0, "languageTests")
	add(len(d.Plans) > 0, "plans")
	add(len(d.Referrals) > 0, "referrals")
	add(d.Placement != nil, "placement")
	add(d.ServiceEnd != nil, "serviceEnd")
	return out
}

// document reads every record of the client of orgID and builds the
// document id.
func (s *Service) document(tx Tx, orgID, orgCode, clientID, id string) (Document, error) {
	var m Material
	var err error
	if m.Client, err = tx.Client(orgID, clientID); err != nil {
		return Document{}, err
	}
	if m.Background, err = tx.Background(orgID, clientID); err != nil {
		return Document{}, err
	}
	if m.Assessments, err = tx.Assessments(orgID, clientID); err != nil {
		return Document{}, err
	}
	if m.Tests, err = tx.LanguageTests(orgID, clientID); err != nil {
		return Document{}, err
	}
	current, err := tx.Plans(orgID, clientID)
	if err != nil {
		return Document{}, err
	}
	for _, cur := range current {
		infos, err := tx.PlanVersions(orgID, clientID, cur.PlanID)
		if err != nil {
			return Document{}, err
		}
		vs := make([]plan.Version, 0, len(infos))
		for _, info := range infos {
			v, err := tx.PlanVersion(orgID, clientID, cur.PlanID, info.Number)
			if err != nil {
				return Document{}, err
			}
			vs = append(vs, v)
		}
		m.Plans = append(m.Plans, vs)
	}
	if m.Referrals, err = tx.Referrals(orgID, clientID); err != nil {
		return Document{}, err
	}
	slices.Reverse(m.Referrals) // oldest first
	if m.Placement, err = tx.Placement(orgID, clientID); err != nil && !apperr.Is(err, apperr.NotFound) {
		return Document{}, err
	}
	names, err := tx.OrganisationNames([]string{orgID})
	if err != nil {
		return Document{}, err
	}
	return Build(id, Origin{Organisation: orgCode, Name: names[orgID]}, tx.Now(), m), nil
}

// Imported is the outcome of an import.
type Imported struct {
	ClientID string
	Created  bool // false: the document was imported before (nothing new)
}

// Import validates the document b whole — the schema, every record by
// its capability's rules, the code lists, the providers of the referrals —
// and only then stores the client with every record in one transaction
// with the receipt and the access-log entry (handover.import:
// supervisors). It is idempotent: the same document (its id) for the same
// person (the HETU) again answers the client it made, Created false, and
// stores nothing. A person the organisation already has (the same HETU)
// is Conflict (handover.client_exists): records are never merged into an
// existing client (ADR 34). Errors: Forbidden, Invalid (every invalid
// field by its path), Conflict.
func (s *Service) Import(ctx context.Context, actor access.Actor, b []byte) (Imported, error) {
	var out Imported
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.HandoverImport, Touched: "handover"},
		func(tx Tx, e *audit.Entry) error {
			doc, recs, err := Parse(b, client.Today(tx.Now()))
			if apperr.Is(err, apperr.Invalid) {
				// The referrals' providers and services are checked too,
				// so that the answer lists every invalid field at once.
				_, rerr := s.checkReferrals(tx, actor.OrgID, recs.Referrals)
				return joinInvalid(err, rerr)
			}
			if err != nil {
				return err
			}
			r := Receipt{DocumentID: doc.ID, HETU: recs.Details.HETU, Source: doc.Origin.Name + " (" + doc.Origin.Organisation + ")",
				ContentHash: disclosure.Hash(b)}
			out, err = s.importRecords(tx, actor, doc, recs, r)
			if err != nil {
				return err
			}
			e.ClientID = out.ClientID
			e.Touched = gate.Touched("handover", "document:"+doc.ID, "created:"+boolString(out.Created))
			return nil
		})
	return out, err
}

func boolString(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// importRecords stores recs as a new client of the actor's organisation
// with the receipt r, or answers the client an earlier import of the same
// document made. The domain checks that need the store (the HETU, the
// providers and services of the referrals) are made before anything is
// written.
func (s *Service) importRecords(tx Tx, actor access.Actor, doc Document, recs Records, r Receipt) (Imported, error) {
	orgID := actor.OrgID
	prev, err := tx.HandoverReceipt(orgID, doc.ID, recs.Details.HETU)
	switch {
	case err == nil:
		return Imported{ClientID: prev.ClientID}, nil
	case !apperr.Is(err, apperr.NotFound):
		return Imported{}, err
	}
	if recs.Details.HETU != "" {
		holder, err := tx.ClientWithHETU(orgID, recs.Details.HETU, "")
		if err != nil {
			return Imported{}, err
		}
		if holder != "" {
			return Imported{}, apperr.OnField(apperr.Conflict, "handover.client_exists", "person.hetu")
		}
	}
	now := tx.Now()
	refs, err := s.checkReferrals(tx, orgID, recs.Referrals)
	if err != nil {
		return Imported{}, err
	}
	c := client.Client{ID: s.newID(), OrgID: orgID, Details: recs.Details, CreatedAt: now, CreatedBy: actor.UserID,
		UpdatedAt: now, UpdatedBy: actor.UserID, Version: 1, CodeLists: codes.Versions()}
	for j := range c.Permits {
		c.Permits[j].ID = s.newID()
	}
	inserted, err := tx.InsertClients(orgID, []client.Client{c})
	if err != nil {
		return Imported{}, err
	}
	if !inserted[0] { // the HETU arrived between the check and the insert
		return Imported{}, apperr.OnField(apperr.Conflict, "handover.client_exists", "person.hetu")
	}
	ar := assessment.Records{ClientID: c.ID, Background: recs.Background}
	if ar.Background != nil {
		ar.Background.Version, ar.Background.UpdatedAt, ar.Background.UpdatedBy = 1, now, actor.UserID
	}
	for _, a := range recs.Assessments {
		a.ID, a.ClientID, a.Version = s.newID(), c.ID, 1
		a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.UpdatedBy = now, actor.UserID, now, actor.UserID
		ar.Assessments = append(ar.Assessments, a)
	}
	for _, t := range recs.Tests {
		t.ID, t.ClientID, t.CreatedAt, t.CreatedBy = s.newID(), c.ID, now, actor.UserID
		ar.Tests = append(ar.Tests, t)
	}
	if ar.Background != nil || len(ar.Assessments) > 0 || len(ar.Tests) > 0 {
		if err := tx.InsertRecords(orgID, []assessment.Records{ar}); err != nil {
			return Imported{}, err
		}
	}
	if len(recs.Plans) > 0 {
		var plans [][]plan.Version
		var current []plan.Content
		for _, pvs := range recs.Plans {
			planID := s.newID()
			vs := make([]plan.Version, 0, len(pvs))
			for k, pv := range pvs {
				v := plan.Version{Content: pv.Content, PlanID: planID, ClientID: c.ID, Number: k + 1, SavedAt: pv.SavedAt, SavedBy: actor.UserID}
				v.Warnings = plan.Evaluate(s.rules, pv.Content, current)
				vs = append(vs, v)
			}
			current = append(current, vs[len(vs)-1].Content)
			plans = append(plans, vs)
		}
		if err := tx.InsertPlans(orgID, plans); err != nil {
			return Imported{}, err
		}
	}
	if len(recs.Referrals) > 0 {
		rs := make([]referral.Referral, 0, len(recs.Referrals))
		for i, rr := range recs.Referrals {
			p := refs[i]
			x := referral.Referral{ID: s.newID(), ClientID: c.ID, ProviderID: p.ID, ProviderCode: p.Code, ProviderName: p.Name,
				Service: rr.Service, CreatedAt: now, CreatedBy: actor.UserID}
			for _, ev := range rr.Events {
				ev.At, ev.By = now, actor.UserID
				x.Events = append(x.Events, ev)
				x.Status, x.Date = ev.Status, ev.Date
			}
			rs = append(rs, x)
		}
		if err := tx.InsertReferrals(orgID, rs); err != nil {
			return Imported{}, err
		}
	}
	if recs.Placement != nil {
		p := *recs.Placement
		p.UpdatedAt, p.UpdatedBy, p.Version = now, actor.UserID, 1
		if err := tx.InsertPlacements(orgID, []placement.Loaded{{ClientID: c.ID, Placement: p}}); err != nil {
			return Imported{}, err
		}
	}
	r.ID, r.OrgID, r.ClientID, r.ReceivedBy, r.ReceivedUsername, r.CreatedAt = s.newID(), orgID, c.ID, actor.UserID, actor.Username, now
	if err := tx.InsertHandoverReceipt(orgID, &r); err != nil {
		return Imported{}, err
	}
	return Imported{ClientID: c.ID, Created: true}, nil
}

// checkReferrals finds the provider of every referral and checks its
// service against the organisation's catalogue; the error is Invalid on
// every referral that fails, by its path.
func (s *Service) checkReferrals(tx Tx, orgID string, rs []ReferralRecord) ([]referral.Provider, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	own, err := tx.OwnServices(orgID)
	if err != nil {
		return nil, err
	}
	catalogue := services.Catalogue(own)
	var v apperr.Validation
	out := make([]referral.Provider, len(rs))
	for i, r := range rs {
		at := "referrals[" + strconv.Itoa(i) + "]."
		p, err := tx.ProviderByCode(r.Provider)
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Add(at+"provider", "referral.provider_unknown")
		case err != nil:
			return nil, err
		}
		out[i] = p
		if _, ok := services.Find(catalogue, r.Service); !ok {
			v.Add(at+"service", "referral.service_unknown")
		}
	}
	return out, v.Err()
}

// joinInvalid is one Invalid error with the fields of a and of b, an
// Invalid error or nil; any other error of b wins.
func joinInvalid(a, b error) error {
	if b == nil {
		return a
	}
	be, ok := apperr.As(b)
	if !ok || be.Kind != apperr.Invalid {
		return b
	}
	ae, _ := apperr.As(a)
	var v apperr.Validation
	v.Fields = append(append(v.Fields, ae.Fields...), be.Fields...)
	return v.Err()
}
