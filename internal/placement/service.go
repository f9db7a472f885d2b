package placement

import (
	"context"
	"slices"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Tx is what placement needs inside a transaction; every method is scoped
// to one organisation.
type Tx interface {
	gate.Tx
	// Placement loads a client's placement; Version 0 when none is
	// recorded.
	Placement(orgID, clientID string) (Placement, error)
	// SavePlacement stores p as version p.Version (1 inserts), replacing
	// version p.Version-1; another save in between is Conflict.
	SavePlacement(orgID, clientID string, p Placement) error
	// InsertPlacements stores many clients' first placements (the bulk
	// path); a client with one already is Conflict.
	InsertPlacements(orgID string, ps []Loaded) error
	// HouseholdLinks lists the links of a client from its side (the
	// kind inverted for links stored from the other side), with the
	// other client's name.
	HouseholdLinks(orgID, clientID string) ([]Link, error)
	// HouseholdLink loads one stored link; NotFound when orgID has none.
	HouseholdLink(orgID, linkID string) (StoredLink, error)
	// LinkedTo reports whether a link between the two clients exists
	// (either way round).
	LinkedTo(orgID, clientID, otherID string) (bool, error)
	// ClientIDByKoto returns the id of the client of orgID with Koto id
	// kotoID; NotFound when there is none.
	ClientIDByKoto(orgID, kotoID string) (string, error)
	InsertHouseholdLink(l StoredLink) error
	DeleteHouseholdLink(orgID, linkID string) error
	// InsertPlacementChanges appends changes to the client's change
	// history (sealed with the client's key like the client's own).
	InsertPlacementChanges(orgID, clientID string, changes []Change) error
}

// Service is reception, placement and household links. Every method goes
// through the gate: authorized first, validated inside the transaction,
// logged in it.
type Service struct {
	store gate.Store[Tx]
	newID func() string
}

// NewService returns a Service over store; newID makes opaque ids.
func NewService(store gate.Store[Tx], newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// Get returns a client's reception data and placement (Version 0 when
// none is recorded). Caseworkers with need-to-know and supervisors
// (placement.read). Errors: NotFound for a client the actor may not see,
// reason-required.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID string) (Placement, error) {
	var p Placement
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlacementRead, ClientID: clientID, Touched: "placement"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			p, err = tx.Placement(actor.OrgID, clientID)
			return err
		})
	return answer(p, err)
}

// Save records a client's reception data and placement, replacing what
// was recorded. version, unless negative (unchecked), must be the version
// read, 0 when nothing was recorded (optimistic locking). placement.update. Errors: those of Get, Invalid, Conflict.
func (s *Service) Save(ctx context.Context, actor access.Actor, clientID string, version int, in Placement) (Placement, error) {
	in.Normalize()
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlacementUpdate, ClientID: clientID, Touched: "placement"},
		func(tx Tx, _ *audit.Entry) error {
			old, err := tx.Placement(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			if err := in.Validate(civil.DateOf(tx.Now().In(civil.Helsinki)), old); err != nil {
				return err
			}
			if version >= 0 && version != old.Version {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			in.UpdatedAt, in.UpdatedBy, in.Version = tx.Now(), actor.UserID, old.Version+1
			if err := tx.SavePlacement(actor.OrgID, clientID, in); err != nil {
				return err
			}
			return tx.InsertPlacementChanges(actor.OrgID, clientID, stamp(Diff(old, in), tx, actor))
		})
	return answer(in, err)
}

// Overview is the placement page: the placement and the household links.
type Overview struct {
	Placement Placement
	Household []Link
}

// Overview reads a client's placement and household links in one
// transaction with one entry (placement.read; the linked clients logged
// as shown). Errors: those of Get.
func (s *Service) Overview(ctx context.Context, actor access.Actor, clientID string) (Overview, error) {
	var o Overview
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlacementRead, ClientID: clientID, Touched: "placement,household"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if o.Placement, err = tx.Placement(actor.OrgID, clientID); err != nil {
				return err
			}
			o.Household, err = tx.HouseholdLinks(actor.OrgID, clientID)
			e.Shown = otherIDs(o.Household)
			return err
		})
	return answer(o, err)
}

// Household lists a client's household links; the entry names the
// linked clients as shown. household.read. Errors: those of Get.
func (s *Service) Household(ctx context.Context, actor access.Actor, clientID string) ([]Link, error) {
	var links []Link
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.HouseholdRead, ClientID: clientID, Touched: "household"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			links, err = tx.HouseholdLinks(actor.OrgID, clientID)
			e.Shown = otherIDs(links)
			return err
		})
	return answer(links, err)
}

// Link records that otherID is kind (Kinds) of clientID: both clients of
// the actor's organisation, one household. otherID may also be the other
// client's Koto id ("K-…", as staff read it from a card). It is a use of both clients,
// allowed only when the actor may update both (household.update); each
// gets its own log entry. Errors: NotFound for either client the actor
// may not see, Invalid (otherId, kind), Conflict when the two are linked
// already.
func (s *Service) Link(ctx context.Context, actor access.Actor, clientID, otherID, kind string) (Link, error) {
	otherID, kind = strings.TrimSpace(otherID), strings.TrimSpace(kind)
	var out Link
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.HouseholdUpdate, ClientID: clientID, Touched: "household"},
		func(tx Tx, e *audit.Entry) error {
			var v apperr.Validation
			switch {
			case otherID == "":
				v.Add("otherId", "validation.required")
			case otherID == clientID:
				v.Add("otherId", "household.self")
			}
			if !slices.Contains(Kinds, kind) {
				v.Add("kind", "validation.choice")
			}
			if err := v.Err(); err != nil {
				return err
			}
			if strings.HasPrefix(strings.ToUpper(otherID), "K-") {
				id, err := tx.ClientIDByKoto(actor.OrgID, "K-"+strings.ToLower(otherID[2:]))
				if apperr.Is(err, apperr.NotFound) {
					return errOtherNotFound()
				}
				if err != nil {
					return err
				}
				if otherID = id; otherID == clientID {
					return apperr.InvalidField("otherId", "household.self")
				}
			}
			if err := alsoUse(tx, actor, access.HouseholdUpdate, otherID, "household"); err != nil {
				e.Touched = gate.Touched(e.Touched, "other_client")
				if apperr.Is(err, apperr.NotFound) {
					return errOtherNotFound()
				}
				return err
			}
			linked, err := tx.LinkedTo(actor.OrgID, clientID, otherID)
			if err != nil {
				return err
			}
			if linked {
				return apperr.OnField(apperr.Conflict, "household.link_exists", "otherId")
			}
			l := StoredLink{ID: s.newID(), OrgID: actor.OrgID, ClientID: clientID, OtherID: otherID, Kind: kind,
				CreatedAt: tx.Now(), CreatedBy: actor.UserID}
			if err := tx.InsertHouseholdLink(l); err != nil {
				return err
			}
			links, err := tx.HouseholdLinks(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			for _, x := range links {
				if x.ID == l.ID {
					out = x
				}
			}
			e.Shown = []string{otherID}
			return linkHistory(tx, actor, l, true)
		})
	return answer(out, err)
}

// Unlink removes a household link of clientID; like Link it is a use of
// both clients. household.update. Errors: NotFound for a link that is not
// clientID's (another client's answers like a missing one) or a client
// the actor may not see.
func (s *Service) Unlink(ctx context.Context, actor access.Actor, clientID, linkID string) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.HouseholdUpdate, ClientID: clientID, Touched: "household"},
		func(tx Tx, e *audit.Entry) error {
			l, err := tx.HouseholdLink(actor.OrgID, linkID)
			if err != nil {
				return err
			}
			other := l.OtherID
			switch clientID {
			case l.ClientID:
			case l.OtherID:
				other = l.ClientID
			default:
				return apperr.ErrNotFound()
			}
			if err := alsoUse(tx, actor, access.HouseholdUpdate, other, "household"); err != nil {
				return err
			}
			e.Shown = []string{other}
			if err := linkHistory(tx, actor, l, false); err != nil {
				return err
			}
			return tx.DeleteHouseholdLink(actor.OrgID, linkID)
		})
}

// alsoUse authorizes the actor's action on a second client inside the
// transaction of a use of the first, as the gate authorizes the first, and
// appends that client's own entry. A client the actor may not use is
// NotFound (the caller's use is then refused and logged as such).
func alsoUse(tx Tx, actor access.Actor, action access.Action, clientID, touched string) error {
	if actor.Decide(action, access.Relation{}) == access.Allow {
		if err := tx.HoldsClient(actor.OrgID, clientID); err != nil {
			return err
		}
	} else {
		rel, err := tx.Relation(actor.OrgID, clientID, actor.UserID, tx.Now())
		if err != nil {
			return err
		}
		if actor.Decide(action, rel) != access.Allow {
			return apperr.ErrNotFound()
		}
		if !rel.Assigned && rel.ReasonID != "" {
			touched = gate.Touched(touched, "by_reason:"+rel.ReasonID)
		}
	}
	// The other client's processing may be restricted (ADR 40): a link
	// changes its record too.
	if err := gate.CheckRestriction(tx, actor, action, clientID); err != nil {
		return err
	}
	return tx.AppendAudit(gate.Entry(actor, action, clientID, touched, audit.Allowed, tx.Now()))
}

// errOtherNotFound is the answer when the other client of a link is
// missing or not the actor's to use: NotFound (logged as a refusal), on
// the field otherId so a form can say so.
func errOtherNotFound() error {
	return apperr.OnField(apperr.NotFound, "household.other_not_found", "otherId")
}

func otherIDs(links []Link) []string {
	var ids []string
	for _, l := range links {
		ids = append(ids, l.OtherID)
	}
	return ids
}

// answer returns v only when err is nil: no log, no answer.
func answer[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// stamp sets the time and user of history entries.
func stamp(changes []Change, tx Tx, actor access.Actor) []Change {
	for i := range changes {
		changes[i].At, changes[i].UserID, changes[i].Username = tx.Now(), actor.UserID, actor.Username
	}
	return changes
}

// linkHistory writes a link's addition (added) or removal to the history of both clients, each side with the kind as that
// client's page shows it and the other client's Koto id. The stored link
// l must still exist.
func linkHistory(tx Tx, actor access.Actor, l StoredLink, added bool) error {
	for _, side := range []struct{ client, other string }{{l.ClientID, l.OtherID}, {l.OtherID, l.ClientID}} {
		links, err := tx.HouseholdLinks(l.OrgID, side.client)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(links, func(x Link) bool { return x.ID == l.ID })
		if i < 0 {
			return apperr.ErrNotFound()
		}
		value := LinkValue(links[i].Kind, links[i].OtherKoto)
		ch := Change{Field: HouseholdField, Old: value}
		if added {
			ch.Old, ch.New = "", value
		}
		if err := tx.InsertPlacementChanges(l.OrgID, side.client, stamp([]Change{ch}, tx, actor)); err != nil {
			return err
		}
	}
	return nil
}
