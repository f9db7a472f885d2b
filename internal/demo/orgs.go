package demo

import (
	"koto/internal/access"
	"koto/internal/org"
)

// Password is the password of every demo account. It is printed by the CLI
// on purpose: demo data is for trying Koto out, never for production.
const Password = "demo-salasana-2026"

// Municipality is a demo municipality: a real Statistics Finland code and
// name, with the postal codes its synthetic addresses use.
type Municipality struct {
	Code, Name string
	// Slug names the municipality in demo usernames (demo.ohjaaja.kemi).
	Slug        string
	PostalCodes []string
	PostOffice  string
	// Weight is the municipality's share of the generated clients.
	Weight int
}

// Municipalities are the demo municipalities. The first one's existence
// marks the demo data as loaded.
var Municipalities = []Municipality{
	{Code: "240", Name: "Kemi", Slug: "kemi", PostOffice: "KEMI", Weight: 2,
		PostalCodes: []string{"94100", "94200", "94300", "94400", "94450", "94500", "94600", "94700"}},
	{Code: "430", Name: "Loimaa", Slug: "loimaa", PostOffice: "LOIMAA", Weight: 1,
		PostalCodes: []string{"32200", "32210", "32250", "32260"}},
	{Code: "049", Name: "Espoo", Slug: "espoo", PostOffice: "ESPOO", Weight: 5,
		PostalCodes: []string{"02100", "02150", "02200", "02230", "02600", "02620", "02650", "02700", "02760", "02940"}},
	{Code: "851", Name: "Tornio", Slug: "tornio", PostOffice: "TORNIO", Weight: 1,
		PostalCodes: []string{"95400", "95410", "95420", "95450"}},
}

// EmploymentArea is the demo employment area. It covers Kemi and Tornio
// (Coverage), so its users can act for either municipality, and sees none
// of Loimaa's or Espoo's clients.
var EmploymentArea = org.Org{Code: "TA-MERI-LAPPI", Name: "Meri-Lapin työllisyysalue", Kind: org.EmploymentArea}

// Cover is one coverage of the demo employment area, as `koto org cover
// --area TA-MERI-LAPPI --municipality CODE --roles …` sets it: the roles
// the area's users hold when acting for the municipality.
type Cover struct {
	Municipality string
	Roles        []access.Role
}

// Coverage is what the demo employment area covers: in Kemi its users work
// as caseworkers and supervisors, in Tornio as caseworkers only.
var Coverage = []Cover{
	{Municipality: "240", Roles: []access.Role{access.Caseworker, access.Supervisor}},
	{Municipality: "851", Roles: []access.Role{access.Caseworker}},
}

// roleAccount is a demo account template: the username is
// "demo."+Prefix+"."+slug.
type roleAccount struct {
	Prefix string
	Role   access.Role
	// FirstOnly accounts exist only in the first municipality: one
	// finance officer, statistician and DPO are enough to try the roles.
	FirstOnly bool
}

var roleAccounts = []roleAccount{
	{Prefix: "ohjaaja", Role: access.Caseworker},
	{Prefix: "ohjaaja2", Role: access.Caseworker},
	{Prefix: "ohjaaja3", Role: access.Caseworker},
	{Prefix: "esihenkilo", Role: access.Supervisor},
	{Prefix: "admin", Role: access.OrgAdmin},
	{Prefix: "talous", Role: access.Finance, FirstOnly: true},
	{Prefix: "tilasto", Role: access.Statistician, FirstOnly: true},
	{Prefix: "tietosuoja", Role: access.DPO, FirstOnly: true},
}

// Accounts lists the demo accounts Load creates, in creation order.
func Accounts() []Account {
	var out []Account
	for i, m := range Municipalities {
		for _, ra := range roleAccounts {
			if ra.FirstOnly && i > 0 {
				continue
			}
			u := "demo." + ra.Prefix + "." + m.Slug
			out = append(out, Account{Username: u, DisplayName: staffName(len(out)), Password: Password,
				OrgCode: m.Code, Roles: []access.Role{ra.Role}})
		}
	}
	for _, a := range []struct {
		prefix string
		role   access.Role
	}{{"ohjaaja", access.Caseworker}, {"ohjaaja2", access.Caseworker}, {"esihenkilo", access.Supervisor}} {
		out = append(out, Account{Username: "demo." + a.prefix + ".merilappi", DisplayName: staffName(len(out)), Password: Password,
			OrgCode: EmploymentArea.Code, Roles: []access.Role{a.role}})
	}
	return out
}

// staffNames are synthetic display names for the demo staff: common
// Finnish and Finland-Swedish first names and surnames, combined so that
// no pairing is meant to be a real person.
var staffNames = []string{
	"Aino Rautio", "Mikko Kallio", "Leena Hietala", "Tuula Ylitalo", "Jari Niskala", "Satu Lehtola",
	"Hanna Kivelä", "Pekka Salmi", "Noora Väisänen", "Ville Heinonen", "Maria Lindqvist", "Johanna Rantanen",
	"Eero Koskinen", "Sanna Nyberg", "Timo Laaksonen", "Riikka Mäkelä", "Anders Holmström", "Elina Virtanen",
	"Katja Peltonen", "Juha Tervo", "Paula Saarinen", "Mervi Alatalo", "Oskari Huhta", "Laura Keskitalo",
	"Heikki Raappana", "Minna Outila", "Antti Junttila", "Kaisa Lassila", "Petra Forsman", "Tiina Aaltonen",
}

// staffName is the display name of the i-th demo account.
func staffName(i int) string { return staffNames[i%len(staffNames)] }

// caseworkerName is the username of a municipality's demo caseworker, the
// actor every demo client is created as.
func caseworkerName(m Municipality) string { return "demo.ohjaaja." + m.Slug }
