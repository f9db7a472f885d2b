package access

import (
	"fmt"
	"slices"
	"strings"
)

// RoleDocs says in one line what each role is for. It is rendered into
// docs/permissions.md; every role in AllRoles must have an entry.
var RoleDocs = map[Role]string{
	Caseworker:    "ohjaaja: works with the clients they are responsible for; opens others only by stating a reason",
	Supervisor:    "esihenkilö: sees the organisation's clients, assigns caseworkers, reviews stated reasons and reads access logs",
	Finance:       "state compensation data only, no other client content",
	Statistician:  "tilastoija: aggregates with small cells suppressed, never a person",
	DPO:           "tietosuojavastaava (data-protection officer): access logs, the review of stated reasons, data-subject requests; no case work",
	OrgAdmin:      "pääkäyttäjä: the users of the own organisation; no client content",
	OperatorAdmin: "KEHA-keskus operator: organisations and settings; no client content",
	Provider:      "palveluntuottaja: a user of a service-provider organisation; sees only the disclosure packages addressed to it (ADR 31), no client search, no client record",
}

// Markdown renders the permission model (Rules, AllRoles, RoleDocs) as the
// page docs/permissions.md. A test keeps the file equal to it.
func Markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# Permissions\n\n")
	p("<!-- Generated from internal/access (rules.go, doc.go) by access.Markdown. Do not edit by hand;\n")
	p("     regenerate with: go test ./internal/access -run TestPermissionsDoc -update -->\n\n")
	p("Who may do what in Koto. The rules are plain data in `internal/access/rules.go`; every route of the\n")
	p("web UI and of the API declares the action it needs, and every domain call checks it. Anything not\n")
	p("listed here is denied to everyone.\n\n")

	p("## Roles\n\n")
	p("A user acts for exactly one organisation and holds any number of roles.\n\n")
	p("| role | meaning |\n|---|---|\n")
	for _, r := range AllRoles {
		p("| `%s` | %s |\n", r, RoleDocs[r])
	}

	p("\n## Actions\n\n")
	p("- ✓ — for every client of the own organisation\n")
	p("- ● — only with a need-to-know relation to the client: responsible caseworker, member of the client's\n")
	p("  team, or an active stated reason for access (see below)\n")
	p("- blank — never\n")
	p("- **P** after the description — every use states its purpose (one of %s), which the access log records\n",
		"`"+strings.Join(Purposes, "`, `")+"`")
	p("- **C** after the description — casework processing: after the integration period (the client's service\n")
	p("  end has passed) allowed only while the client's consent to processing after the integration period is\n")
	p("  active (ADR 30)\n")
	p("- **R** after the description — changes, processes or discloses the record: refused to everyone but the\n")
	p("  data-protection officer while the processing of the client is restricted (GDPR art. 18, ADR 40)\n")
	p("- **CLI** — the server operator's command line (`koto org …`, `koto user …`, `koto token …`,\n")
	p("  `koto demo`); it administers but reads no client content\n\n")
	p("| action |")
	for _, r := range AllRoles {
		p(" %s |", r)
	}
	p(" CLI | what it allows |\n|---|")
	for range AllRoles {
		p(":-:|")
	}
	p(":-:|---|\n")
	actions := make([]Action, 0, len(Rules))
	for a := range Rules {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	for _, a := range actions {
		rule := Rules[a]
		p("| `%s` |", a)
		for _, r := range AllRoles {
			switch {
			case slices.Contains(rule.Org, r):
				p(" ✓ |")
			case slices.Contains(rule.Related, r):
				p(" ● |")
			default:
				p(" |")
			}
		}
		if rule.System {
			p(" ✓ |")
		} else {
			p(" |")
		}
		doc := rule.Doc
		if rule.Purpose {
			doc += " **P**"
		}
		if rule.Processing {
			doc += " **C**"
		}
		if rule.Changes {
			doc += " **R**"
		}
		p(" %s |\n", doc)
	}

	p(`
## Need-to-know

Holding a role is not enough to open a person's data where the table shows ●. A caseworker opens the
clients they are responsible for (a supervisor assigns responsible caseworkers; whoever registers a
client becomes one) or whose team they belong to. Special-category data (health, work ability,
functional capacity) needs such a relation even from a supervisor, every use states its purpose, and
every save is kept as a new version.

## Reason for access

Any other client of the own organisation answers "reason for access required" (the UI shows the reason
form, the API answers 403 with problem type ` + "`reason-required`" + `). Stating a reason — a reason
code from the list and a free-text explanation of at least ` + "`client.MinReasonText`" + ` characters — opens the
client to that user for a limited time (` + "`client.ReasonDuration`" + `); a user may state only a limited
number of reasons per day (` + "`--reasons-per-day`" + `, default 10), after which a supervisor must assign
them. Every access-log entry of a use that a reason opened names the reason.

## Review by someone else

All access that rests on the user's own word lands in the review queue: every stated reason, and every
assignment a supervisor makes of themselves. Supervisors and the data-protection officer clear the
queue, never an item of their own (403). A supervisor cannot add themselves to a team (membership opens
every client of the team); another supervisor decides it.

## Objects one may not know exist

A client of another organisation, a client that does not exist, and any client page whose action the
user's roles never allow all answer the same 404 "not found", so nobody learns that a person is in
another municipality's register. Other refused routes answer 403. Every refused attempt on a client,
and every route refused for the user's roles, is written to the access log with result ` + "`denied`" + `,
like every allowed view and change. An attempt on a client of another organisation is also written to
the log of the organisation that holds the client, as an attempt by another organisation.

## Defence in depth

The services check every action, and the store scopes every query by the actor's organisation. On
PostgreSQL the application also works as the non-owner role ` + "`koto_app`" + ` under row-level security:
a transaction sees only the rows of its organisation even if a query forgot to filter, and the access
log is append-only by privilege as well as by trigger. See [security.md](security.md) and
[ADR 8](decisions/0008-postgres-defence-in-depth.md).

## Tested

` + "`internal/app/authz_test.go`" + ` sends a real request to every route of the UI and the API, for every role
and relation (responsible, same organisation, other organisation, not logged in), on SQLite and
PostgreSQL, and compares the outcome with ` + "`internal/app/testdata/authz_matrix.txt`" + `.
`)
	return b.String()
}
