package handover

import (
	"context"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/gate"
	"koto/internal/org"
)

// A transfer moves a client who moved to another municipality (issue 14
// item 5, ADR 34). The municipality the client moved away from — the
// holder, which alone can disclose the records — requests it; the new home
// municipality, which becomes responsible when the client registers there,
// accepts or refuses. On acceptance, in one transaction, the sender's
// records are disclosed to the receiver as a koto-integration-records v1
// document (a disclosure of kind transfer), imported into the receiver as
// a new client (a receipt), and the sender's client gets the service end
// "moved away", its history kept under the sender's retention. Nothing
// of the person is shown to the receiver before it accepts.

// Status is the state of a transfer request.
type Status string

// Statuses.
const (
	Requested Status = "requested"
	Accepted  Status = "accepted"
	Refused   Status = "refused"
)

// RefusalReasons are the codes of the reasons for refusing a transfer;
// their names are the translation keys "moves.refusal.<code>".
var RefusalReasons = []string{"not-resident", "already-client", "other"}

// Transfer is a transfer request. It holds no personal data: ids, the
// organisations and the state.
type Transfer struct {
	ID                string
	FromOrgID         string
	ToOrgID           string
	ClientID          string // the sender's client
	Status            Status
	RequestedBy       string
	RequestedUsername string
	RequestedAt       time.Time
	DecidedBy         string
	DecidedAt         time.Time
	RefusalReason     string
	DisclosureID      string // the sender's disclosure, on acceptance
	NewClientID       string // the receiver's client, on acceptance
	// FromName and ToName are the organisations' names (lists only).
	FromName, ToName string
}

// Incoming reports whether t is addressed to orgID.
func (t Transfer) Incoming(orgID string) bool { return t.ToOrgID == orgID }

// TransferTx stores transfer requests.
type TransferTx interface {
	// InsertTransfer stores a new request; Conflict
	// (moves.already_requested) when the client has an open one.
	InsertTransfer(t *Transfer) error
	// Transfer is a request orgID is a party to; NotFound otherwise.
	Transfer(orgID, id string) (Transfer, error)
	// Transfers lists the requests orgID is a party to, newest first,
	// with the organisations' names.
	Transfers(orgID string) ([]Transfer, error)
	// DecideTransfer stores the decision on an open request addressed to
	// t.ToOrgID; Conflict (moves.decided) when it is no longer open.
	DecideTransfer(t *Transfer) error
}

// Request records the actor's organisation's request to transfer the
// client to the municipality toCode (transfer.request: supervisors).
// Errors: NotFound (the client), Invalid on "to" (not another
// municipality in Koto), Conflict (an open request exists).
func (s *Service) Request(ctx context.Context, actor access.Actor, clientID, toCode string) (Transfer, error) {
	var t Transfer
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.TransferRequest, ClientID: clientID, Touched: "transfer"},
		func(tx Tx, e *audit.Entry) error {
			o, err := tx.OrgByCode(strings.TrimSpace(toCode))
			switch {
			case apperr.Is(err, apperr.NotFound) || (err == nil && (o.ID == actor.OrgID || o.Kind != org.Municipality)):
				return apperr.InvalidField("to", "moves.to_unknown")
			case err != nil:
				return err
			}
			t = Transfer{ID: s.newID(), FromOrgID: actor.OrgID, ToOrgID: o.ID, ClientID: clientID, Status: Requested,
				RequestedBy: actor.UserID, RequestedUsername: actor.Username, RequestedAt: tx.Now(), ToName: o.Name}
			if err := tx.InsertTransfer(&t); err != nil {
				return err
			}
			e.Touched = gate.Touched("transfer:"+t.ID, "to:"+o.ID)
			return nil
		})
	if err != nil {
		return Transfer{}, err
	}
	return t, nil
}

// Municipalities lists the municipalities in Koto other than the actor's,
// the choices of a transfer request of the client (transfer.request:
// supervisors; logged as the start of a request). Errors: NotFound (the
// client).
func (s *Service) Municipalities(ctx context.Context, actor access.Actor, clientID string) ([]org.Org, error) {
	var out []org.Org
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.TransferRequest, ClientID: clientID, Touched: "transfer_form"},
		func(tx Tx, _ *audit.Entry) error {
			all, err := tx.Orgs()
			for _, o := range all {
				if o.Kind == org.Municipality && o.ID != actor.OrgID {
					out = append(out, o)
				}
			}
			return err
		})
	slices.SortFunc(out, func(a, b org.Org) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}

// Transfers lists the incoming and outgoing requests of the actor's
// organisation (transfer.read: supervisors). An outgoing request names
// the own client (logged as shown); an incoming one nothing of the person.
func (s *Service) Transfers(ctx context.Context, actor access.Actor) ([]Transfer, error) {
	var out []Transfer
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.TransferRead, Touched: "transfers"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if out, err = tx.Transfers(actor.OrgID); err != nil {
				return err
			}
			for i := range out {
				if out[i].Incoming(actor.OrgID) {
					out[i].ClientID = "" // the sender's id is none of the receiver's business
					continue
				}
				if !slices.Contains(e.Shown, out[i].ClientID) {
					e.Shown = append(e.Shown, out[i].ClientID)
				}
			}
			return nil
		})
	return out, err
}

// Transfer is one request the actor's organisation is a party to
// (transfer.read). Errors: NotFound.
func (s *Service) Transfer(ctx context.Context, actor access.Actor, id string) (Transfer, error) {
	var t Transfer
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.TransferRead, Touched: "transfer:" + id},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if t, err = tx.Transfer(actor.OrgID, id); err != nil {
				return err
			}
			names, err := tx.OrganisationNames([]string{t.FromOrgID, t.ToOrgID})
			t.FromName, t.ToName = names[t.FromOrgID], names[t.ToOrgID]
			if t.Incoming(actor.OrgID) {
				t.ClientID = ""
			} else {
				e.Shown = []string{t.ClientID}
			}
			return err
		})
	return t, err
}

// Refuse records the refusal of an open request addressed to the actor's
// organisation with a reason code (transfer.decide: supervisors). Errors:
// NotFound (not addressed to the organisation), Invalid on "reason",
// Conflict (already decided).
func (s *Service) Refuse(ctx context.Context, actor access.Actor, id, reason string) (Transfer, error) {
	var t Transfer
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.TransferDecide, Touched: "transfer:" + id},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if t, err = incoming(tx, actor.OrgID, id); err != nil {
				return err
			}
			if !slices.Contains(RefusalReasons, reason) {
				return apperr.InvalidField("reason", "validation.choice")
			}
			t.Status, t.DecidedBy, t.DecidedAt, t.RefusalReason = Refused, actor.UserID, tx.Now(), reason
			if err := tx.DecideTransfer(&t); err != nil {
				return err
			}
			e.Touched = gate.Touched("transfer:"+id, "refused:"+reason)
			t.ClientID = ""
			return nil
		})
	return t, err
}

// incoming is the open request id addressed to orgID: NotFound when it
// is not addressed to orgID, Conflict when decided.
func incoming(tx Tx, orgID, id string) (Transfer, error) {
	t, err := tx.Transfer(orgID, id)
	if err != nil {
		return Transfer{}, err
	}
	if t.ToOrgID != orgID {
		return Transfer{}, apperr.ErrNotFound()
	}
	if t.Status != Requested {
		return Transfer{}, apperr.New(apperr.Conflict, "moves.decided")
	}
	return t, nil
}

// Accept accepts an open request addressed to the actor's organisation
// (transfer.decide: supervisors) and carries it out in one transaction
// across the two organisations (the one place Koto writes to two
// registers at once, ADR 34): the sender's document is recorded as a
// disclosure of kind transfer to the receiver, the sender's client gets
// the service end moved-away (in the requester's name: the sender decided
// it), the document is imported into the receiver as for Import, and both
// access logs get an entry. It returns the request with NewClientID, the
// receiver's client. Errors: NotFound (not addressed to the
// organisation), Conflict (already decided; the receiver already has the
// person: handover.client_exists), Invalid (the sender's records fail the
// receiver's validation: the field paths of the document).
func (s *Service) Accept(ctx context.Context, actor access.Actor, id string) (Transfer, error) {
	u := gate.Use{Action: access.TransferDecide, Touched: "transfer:" + id}
	if !actor.Can(u.Action) || actor.OrgID == "" {
		return Transfer{}, gate.Denied(ctx, s.store, actor, u, apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	var t Transfer
	// System scope: the transaction reads the sender's records and writes
	// both registers; every statement names its organisation explicitly.
	err := s.store.WithTx(ctx, "", func(tx Tx) error {
		var err error
		if t, err = incoming(tx, actor.OrgID, id); err != nil {
			return err
		}
		// The sender's client may have been restricted since the request
		// (GDPR art. 18, ADR 40): its records are not disclosed then.
		if _, restricted, err := tx.Restricted(t.FromOrgID, t.ClientID); err != nil {
			return err
		} else if restricted {
			return gate.ErrRestricted()
		}
		now := tx.Now()
		names, err := tx.OrganisationNames([]string{t.FromOrgID, t.ToOrgID})
		if err != nil {
			return err
		}
		t.FromName, t.ToName = names[t.FromOrgID], names[t.ToOrgID]
		d := disclosure.Disclosure{ID: s.newID(), OrgID: t.FromOrgID, ClientID: t.ClientID, Kind: disclosure.KindTransfer,
			RecipientOrgID: t.ToOrgID, Basis: disclosure.BasisLaw, BasisDetail: TransferProvision, Channel: disclosure.ChannelKoto,
			RequestID: actor.RequestID, DisclosedBy: t.RequestedBy, DisclosedUsername: t.RequestedUsername, CreatedAt: now}
		from, err := tx.OrgByID(t.FromOrgID)
		if err != nil {
			return err
		}
		doc, err := s.document(tx, t.FromOrgID, from.Code, t.ClientID, d.ID)
		if err != nil {
			return err
		}
		if err := seal(&d, doc); err != nil {
			return err
		}
		if err := tx.InsertDisclosure(t.FromOrgID, &d); err != nil {
			return err
		}
		if err := s.endService(tx, t, now); err != nil {
			return err
		}
		recs, err := Check(doc, client.Today(now))
		if err != nil {
			return err
		}
		r := Receipt{DocumentID: doc.ID, HETU: recs.Details.HETU, SourceOrgID: t.FromOrgID, Source: t.FromName,
			TransferID: t.ID, ContentHash: d.ContentHash}
		imported, err := s.importRecords(tx, actor, doc, recs, r)
		if err != nil {
			return err
		}
		t.Status, t.DecidedBy, t.DecidedAt, t.DisclosureID, t.NewClientID = Accepted, actor.UserID, now, d.ID, imported.ClientID
		if err := tx.DecideTransfer(&t); err != nil {
			return err
		}
		at := gate.Entry(actor, access.TransferDecide, t.ClientID, gate.Touched("transfer:"+id, "disclosure:"+d.ID, "service_end"), audit.Allowed, now)
		at.Chain = t.FromOrgID
		if err := tx.AppendAudit(at); err != nil {
			return err
		}
		return tx.AppendAudit(gate.Entry(actor, access.TransferDecide, imported.ClientID,
			gate.Touched("transfer:"+id, "handover", "document:"+d.ID), audit.Allowed, now))
	})
	if err != nil {
		if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
			return Transfer{}, gate.Denied(ctx, s.store, actor, u, err)
		}
		return Transfer{}, err
	}
	t.ClientID = ""
	return t, nil
}

// endService gives the sender's client the service end moved-away today,
// unless the service has already ended; the change is in the client's
// history in the requester's name.
func (s *Service) endService(tx Tx, t Transfer, now time.Time) error {
	old, err := tx.Client(t.FromOrgID, t.ClientID)
	if err != nil {
		return err
	}
	if old.Ended() {
		return nil
	}
	c := old
	c.ServiceEnd, c.ServiceEndReason = client.Today(now), client.ReasonMovedAway
	changes := client.Diff(old.Details, c.Details)
	for i := range changes {
		changes[i].At, changes[i].UserID, changes[i].Username = now, t.RequestedBy, t.RequestedUsername
	}
	c.UpdatedAt, c.UpdatedBy, c.Version = now, t.RequestedBy, old.Version+1
	return tx.UpdateClient(&c, changes)
}
