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
}

// EmploymentArea is the demo employment area; its caseworker shows that a
// user of one organisation sees none of another's clients.
var EmploymentArea = org.Org{Code: "TA-MERI-LAPPI", Name: "Meri-Lapin työllisyysalue", Kind: org.EmploymentArea}

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
			out = append(out, Account{Username: "demo." + ra.Prefix + "." + m.Slug, Password: Password,
				OrgCode: m.Code, Roles: []access.Role{ra.Role}})
		}
	}
	return append(out, Account{Username: "demo.ohjaaja.merilappi", Password: Password,
		OrgCode: EmploymentArea.Code, Roles: []access.Role{access.Caseworker}})
}

// caseworkerName is the username of a municipality's demo caseworker, the
// actor every demo client is created as.
func caseworkerName(m Municipality) string { return "demo.ohjaaja." + m.Slug }
