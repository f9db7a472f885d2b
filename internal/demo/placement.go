package demo

import (
	"fmt"
	"math/rand/v2"

	"koto/internal/client"
	"koto/internal/placement"
)

// receptionCentres are the demo's reception centres (names of places, no
// real addresses).
var receptionCentres = []string{"Joutsenon vastaanottokeskus", "Oulun vastaanottokeskus", "Kemin vastaanottokeskus",
	"Turun vastaanottokeskus", "Espoon vastaanottokeskus"}

// authorities are the regional authorities that assign municipalities.
var authorities = []string{"Lapin elinvoimakeskus", "Uudenmaan elinvoimakeskus", "Varsinais-Suomen elinvoimakeskus"}

var endReasons = []string{client.ReasonMovedAway, client.ReasonEmployed, client.ReasonPlanCompleted, client.ReasonNoLongerNeeded}

// casework returns client i's own random source for the casework of this
// file, apart from the person's (Generator.Client), so adding casework
// changes no generated person.
func casework(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x706c6163, uint64(i)))
}

// endService ends the service of about one client in ten who registered
// in the municipality more than three years before the demo's day.
func endService(seed int64, i int, d *client.Details) {
	r := casework(seed, i)
	if r.IntN(10) != 0 || d.MunicipalityRegistered.IsZero() || addDays(d.MunicipalityRegistered, 3*365).After(asOf) {
		return
	}
	d.ServiceEnd = minDate(addDays(d.MunicipalityRegistered, 3*365+r.IntN(200)), asOf)
	d.ServiceEndReason = pick(r, endReasons)
}

// clientPlacement returns the reception and placement of about a third
// of the clients who came under international protection: quota refugees
// placed from abroad with a UNHCR number, others from a reception centre
// after some months there; false for the other clients.
func clientPlacement(seed int64, i int, m Municipality, c client.Client) (placement.Loaded, bool) {
	if len(c.Permits) == 0 {
		return placement.Loaded{}, false
	}
	r := casework(seed, i)
	r.IntN(10) // endService's draw
	ground := c.Permits[len(c.Permits)-1].Ground
	protected := ground == client.GroundQuotaRefugee || ground == client.GroundRefugeeStatus || ground == client.GroundSubsidiaryProtection
	if !protected || r.IntN(3) != 0 || c.ArrivalDate.IsZero() {
		return placement.Loaded{}, false
	}
	p := placement.Placement{Municipality: m.Code, AssigningAuthority: pick(r, authorities)}
	if ground == client.GroundQuotaRefugee {
		p.QuotaRefugee, p.PlacedFrom = true, "Ulkomailta (kiintiö)"
		p.UNHCRNumber = fmt.Sprintf("%03d-%02dC%05d", r.IntN(1000), r.IntN(100), r.IntN(100000))
		p.DecisionDate = maxDate(addDays(c.ArrivalDate, -60-r.IntN(60)), c.BirthDate)
		p.ArrivalDate = c.ArrivalDate
	} else {
		p.ReceptionCentre = pick(r, receptionCentres)
		p.PlacedFrom = p.ReceptionCentre
		p.DecisionDate = minDate(addDays(c.ArrivalDate, 90+r.IntN(200)), asOf)
		p.ArrivalDate = minDate(addDays(p.DecisionDate, r.IntN(45)), asOf)
	}
	return placement.Loaded{ClientID: c.ID, Placement: p}, true
}
