package disclosure

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/org"
	"koto/internal/plan"
	"koto/internal/referral"
)

// ServiceTx is what the provider-package service reads inside its
// transactions: the disclosures, and the records a package is built from
// (through the other capabilities' own store methods).
type ServiceTx interface {
	Tx
	client.Tx
	plan.Tx
	assessment.Tx
	referral.Tx
	// OrganisationsByID maps organisation ids to the organisations.
	OrganisationsByID(ids []string) (map[string]org.Org, error)
}

// ServiceStore runs the service's transactions through the gate.
type ServiceStore = gate.Store[ServiceTx]

// Service previews and records the package to a service provider, lists
// a client's disclosures, and shows a provider's users the packages
// addressed to their organisation. Every method is one gate call.
type Service struct {
	store ServiceStore
	newID func() string
}

// NewService returns the service over store; newID makes identifiers.
func NewService(store ServiceStore, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// DisclosableStatuses are the referral steps at which the package may go
// to the provider: the referral is sent, accepted or started. A proposed
// referral has not been made; a rejected, interrupted or completed one
// needs nothing more.
var DisclosableStatuses = []referral.Status{referral.Sent, referral.Accepted, referral.Started}

// Preview is what the caseworker checks before recording: the package as
// it would be disclosed, and the referral and provider it goes to.
type Preview struct {
	Package  Package
	Items    []string // the keys with data, which would be recorded
	Referral referral.Referral
}

// ProviderInput is a disclosure to the provider of a referral.
type ProviderInput struct {
	Recipient  string // the provider organisation's code; must be the referral's
	Basis      string // BasisIntegrationAct86 ("" means it)
	ReferralID string
	FreeText   FreeText
}

// Preview builds the package for the provider of the client's referral
// without recording anything; the read is logged (disclosure.provider:
// supervisors, caseworkers with need-to-know). Errors: NotFound for a
// client the actor may not see or a referral not of this client; Invalid
// (referralId) for a referral in a state that takes no package.
func (s *Service) Preview(ctx context.Context, actor access.Actor, clientID, referralID string, free FreeText) (Preview, error) {
	var out Preview
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureProvider, ClientID: clientID, Touched: "disclosure-preview,referral:" + referralID},
		func(tx ServiceTx, e *audit.Entry) error {
			r, err := disclosableReferral(tx, actor.OrgID, clientID, referralID)
			if err != nil {
				return err
			}
			p, err := buildPackage(tx, actor, clientID, free)
			if err != nil {
				return err
			}
			out = Preview{Package: p, Items: p.Items(), Referral: r}
			return nil
		})
	if err != nil {
		return Preview{}, err
	}
	return out, nil
}

// Disclose records the package to the provider of the client's referral:
// an immutable disclosure (kind provider, basis integration-act-86) whose
// items are the keys with data, with a copy sealed for the provider; the
// log entry of the transaction names the disclosure (disclosure.provider).
// Errors: NotFound for a client the actor may not see or a referral not of
// this client; Invalid when the recipient is not the referral's provider,
// the basis is not integration-act-86, the referral takes no package or a
// free text is too long.
func (s *Service) Disclose(ctx context.Context, actor access.Actor, clientID string, in ProviderInput) (Disclosure, error) {
	var d Disclosure
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureProvider, ClientID: clientID, Touched: "disclosure,referral:" + in.ReferralID},
		func(tx ServiceTx, e *audit.Entry) error {
			r, err := disclosableReferral(tx, actor.OrgID, clientID, in.ReferralID)
			if err != nil {
				return err
			}
			if err := checkProviderInput(in, r); err != nil {
				return err
			}
			p, err := buildPackage(tx, actor, clientID, in.FreeText)
			if err != nil {
				return err
			}
			d = Disclosure{ID: s.newID(), OrgID: actor.OrgID, ClientID: clientID, Kind: KindProvider, RecipientOrgID: r.ProviderID,
				Basis: BasisIntegrationAct86, Items: p.Items(), Channel: ChannelKoto, ReferralID: r.ID,
				DisclosedBy: actor.UserID, DisclosedUsername: actor.Username, CreatedAt: tx.Now()}
			if d.Content, d.ContentHash, err = Seal(p); err != nil {
				return err
			}
			if err := tx.InsertDisclosure(actor.OrgID, &d); err != nil {
				return err
			}
			e.Touched = "disclosure:" + d.ID + ",referral:" + r.ID
			return nil
		})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

// disclosableReferral is the client's referral id, NotFound when the
// client has none with it, Invalid when it is in a state that takes no
// package.
func disclosableReferral(tx ServiceTx, orgID, clientID, id string) (referral.Referral, error) {
	if strings.TrimSpace(id) == "" {
		return referral.Referral{}, apperr.InvalidField("referralId", "validation.required")
	}
	r, err := tx.Referral(orgID, clientID, id)
	if err != nil {
		return referral.Referral{}, err
	}
	if !slices.Contains(DisclosableStatuses, r.Status) {
		return referral.Referral{}, apperr.InvalidField("referralId", "disclosure.referral_state")
	}
	return r, nil
}

func checkProviderInput(in ProviderInput, r referral.Referral) error {
	var v apperr.Validation
	if !strings.EqualFold(strings.TrimSpace(in.Recipient), r.ProviderCode) {
		v.Add("recipient", "disclosure.recipient_not_referral")
	}
	if in.Basis != "" && in.Basis != BasisIntegrationAct86 {
		v.Add("basis", "disclosure.basis.invalid")
	}
	for field, t := range map[string]string{"earlierStudyPlan": in.FreeText.EarlierStudyPlan,
		"continuationMeasures": in.FreeText.ContinuationMeasures, "otherNecessary": in.FreeText.OtherNecessary} {
		if utf8.RuneCountInString(t) > MaxFreeText {
			v.Add(field, "validation.too_long", MaxFreeText)
		}
	}
	return v.Err()
}

// buildPackage reads the sources of the package in tx.
func buildPackage(tx ServiceTx, actor access.Actor, clientID string, free FreeText) (Package, error) {
	c, err := tx.Client(actor.OrgID, clientID)
	if err != nil {
		return Package{}, err
	}
	src := Sources{Client: c, Official: actor.DisplayName, FreeText: free}
	if src.Official == "" {
		src.Official = actor.Username
	}
	plans, err := tx.Plans(actor.OrgID, clientID)
	if err != nil {
		return Package{}, err
	}
	for _, v := range plans { // newest start first
		if v.ClosedOn.IsZero() {
			src.Plan = &v
			break
		}
	}
	if src.Assessments, err = tx.Assessments(actor.OrgID, clientID); err != nil {
		return Package{}, err
	}
	if src.Tests, err = tx.LanguageTests(actor.OrgID, clientID); err != nil {
		return Package{}, err
	}
	if src.Background, err = tx.Background(actor.OrgID, clientID); err != nil {
		return Package{}, err
	}
	return Build(src), nil
}

// Entry is a disclosure with its recipient named for a reader.
type Entry struct {
	Disclosure
	RecipientCode string // the recipient organisation's code; "" when not an organisation in Koto
	RecipientName string // its name, else the recipient as recorded
	UserName      string // the discloser's display name, else username
}

// List is the client's disclosure log, newest first, without content
// (disclosure.read: supervisors, data-protection officers, caseworkers
// with need-to-know). Errors: NotFound for a client the actor may not see.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Entry, error) {
	var out []Entry
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureRead, ClientID: clientID, Touched: "disclosures"},
		func(tx ServiceTx, e *audit.Entry) error {
			ds, err := tx.Disclosures(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			out, err = named(tx, ds)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get is one of the client's disclosures with its content
// (disclosure.read). Errors: NotFound for a client the actor may not see
// and for a disclosure of another client.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, id string) (Entry, error) {
	var out Entry
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureRead, ClientID: clientID, Touched: "disclosure:" + id},
		func(tx ServiceTx, e *audit.Entry) error {
			d, err := tx.Disclosure(actor.OrgID, clientID, id)
			if err != nil {
				return err
			}
			es, err := named(tx, []Disclosure{d})
			if err != nil {
				return err
			}
			out = es[0]
			return nil
		})
	if err != nil {
		return Entry{}, err
	}
	return out, nil
}

// named names the recipients and the users of ds.
func named(tx ServiceTx, ds []Disclosure) ([]Entry, error) {
	var orgIDs, userIDs []string
	for _, d := range ds {
		if d.RecipientOrgID != "" {
			orgIDs = append(orgIDs, d.RecipientOrgID)
		}
		userIDs = append(userIDs, d.DisclosedBy)
	}
	orgs, err := tx.OrganisationsByID(orgIDs)
	if err != nil {
		return nil, err
	}
	users, err := tx.UserDisplayNames(userIDs)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(ds))
	for i, d := range ds {
		e := Entry{Disclosure: d, RecipientName: d.Recipient, UserName: users[d.DisclosedBy]}
		if o, ok := orgs[d.RecipientOrgID]; ok {
			e.RecipientCode, e.RecipientName = o.Code, o.Name
		}
		if e.UserName == "" {
			e.UserName = d.DisclosedUsername
		}
		out[i] = e
	}
	return out, nil
}
