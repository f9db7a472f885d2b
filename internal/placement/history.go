package placement

import (
	"strconv"
	"time"
)

// Change is one entry that reception, placement and household links
// write to the client's change history (the one the client card links
// to), beside the client's own fields. Field names are "placement.<api
// field>" and "household"; values are text as in the client's history.
type Change struct {
	At       time.Time
	UserID   string
	Username string
	Field    string
	Old, New string
}

// HouseholdField is the history field of a household link; its value is
// LinkValue.
const HouseholdField = "household"

// LinkValue is a household link as the history holds it: the kind and
// the other client's Koto id ("spouse K-abc123"), never a name, so the
// history of one client holds no other person's name.
func LinkValue(kind, otherKoto string) string { return kind + " " + otherKoto }

// Diff lists the fields that differ between old and new as history
// entries (without time and user).
func Diff(old, new Placement) []Change {
	var out []Change
	add := func(field, o, n string) {
		if o != n {
			out = append(out, Change{Field: "placement." + field, Old: o, New: n})
		}
	}
	add("receptionCentre", old.ReceptionCentre, new.ReceptionCentre)
	add("unhcrNumber", old.UNHCRNumber, new.UNHCRNumber)
	add("quotaRefugee", strconv.FormatBool(old.QuotaRefugee), strconv.FormatBool(new.QuotaRefugee))
	add("placedFrom", old.PlacedFrom, new.PlacedFrom)
	add("assigningAuthority", old.AssigningAuthority, new.AssigningAuthority)
	add("municipality", old.Municipality, new.Municipality)
	add("decisionDate", old.DecisionDate.String(), new.DecisionDate.String())
	add("arrivalDate", old.ArrivalDate.String(), new.ArrivalDate.String())
	return out
}
