package client

import (
	"context"
	"strings"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/gate"
)

// History returns the change history of a client, newest first, as the
// actor may see it: the values of the HETU are never shown, and the values
// of the address are withheld from an actor without
// client.read_protected_address when the client has, or ever had, address
// protection — the history must not reveal a protected address, current
// or former; reception and placement values (placement.*) and household
// links (household) only to an actor who may read those. A change of permits comes with the permits read from its
// values (Change.OldPermits, NewPermits), also those written before
// migration 0017. Who may call it and the errors are those of Get.
func (s *Service) History(ctx context.Context, actor access.Actor, id string) ([]Change, error) {
	var changes []Change
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientRead, ClientID: id, Touched: "history"},
		func(tx Tx, e *audit.Entry) error {
			if _, err := notMerged(tx, actor.OrgID, id, e); err != nil {
				return err
			}
			c, err := tx.Client(actor.OrgID, id)
			if err != nil {
				return err
			}
			if changes, err = tx.ClientChanges(actor.OrgID, id); err != nil {
				return err
			}
			names, err := displayNames(tx, changes, func(ch Change) string { return ch.UserID })
			if err != nil {
				return err
			}
			hideAddress := !actor.Can(access.ClientReadProtectedAddress) && everProtected(c, changes)
			for i := range changes {
				changes[i].DisplayName = names[changes[i].UserID]
				ch := &changes[i]
				if ch.Encrypted || hideAddress && strings.HasPrefix(ch.Field, "address.") || !mayReadCasework(actor, ch.Field) {
					ch.OldValue, ch.NewValue, ch.Hidden = "", "", true
				}
				if ch.Field == "permits" && !ch.Hidden {
					var okOld, okNew bool
					ch.OldPermits, okOld = DecodePermits(ch.OldValue)
					ch.NewPermits, okNew = DecodePermits(ch.NewValue)
					ch.Legible = okOld && okNew
				}
			}
			return nil
		})
	return answer(changes, err)
}

// everProtected reports whether the client has address protection now or
// had it at any time the history records.
func everProtected(c Client, changes []Change) bool {
	if c.AddressProtected {
		return true
	}
	for _, ch := range changes {
		if ch.Field == "addressProtected" && (ch.OldValue == "true" || ch.NewValue == "true") {
			return true
		}
	}
	return false
}

// mayReadCasework reports whether the actor may see the values of a
// history field written by another capability: reception and placement
// (placement.read), household links (household.read). Other fields are
// the client's own.
func mayReadCasework(actor access.Actor, field string) bool {
	switch {
	case strings.HasPrefix(field, "placement."):
		return actor.Can(access.PlacementRead)
	case field == "household":
		return actor.Can(access.HouseholdRead)
	}
	return true
}
