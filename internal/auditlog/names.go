package auditlog

import (
	"strings"

	"koto/internal/civil"
)

// Names turns the codes of an entry into the words a person reads, in one
// language: the log's page, its user report and its downloads use it
// (names, never codes, in front of a user). T translates a key
// (i18n.Printer.T); Has reports whether the catalog has it.
type Names struct {
	T   func(key string, args ...any) string
	Has func(key string) bool
}

func (n Names) or(key, raw string) string {
	if n.Has(key) {
		return n.T(key)
	}
	return raw
}

// Action is the name of an action ("audit.action.<code>"), the code for
// one the catalog lacks.
func (n Names) Action(code string) string { return n.or("audit.action."+code, code) }

// Result is the name of a result.
func (n Names) Result(code string) string { return n.or("audit.result."+code, code) }

// Roles names a comma-separated list of roles.
func (n Names) Roles(roles string) string {
	var out []string
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			out = append(out, n.or("role."+r, r))
		}
	}
	return strings.Join(out, ", ")
}

// User is the user's display name with the username, or the username.
func (n Names) User(e Entry) string {
	if e.DisplayName != "" && e.DisplayName != e.Username {
		return e.DisplayName + " (" + e.Username + ")"
	}
	return e.Username
}

// Touched names what an entry touched: "card,permits" reads "asiakaskortti,
// oleskeluluvat"; a part with a value is named by "audit.touched.<key>.
// <value>" when the catalog has it, else by its key with the value.
func (n Names) Touched(s string) string {
	if rest, ok := strings.CutPrefix(s, "fields:"); ok {
		var names []string
		for _, f := range strings.Split(rest, ",") {
			names = append(names, n.or("field."+f, f))
		}
		return n.T("audit.touched.fields") + ": " + strings.Join(names, ", ")
	}
	var parts []string
	for _, p := range strings.Split(s, ",") {
		key, value, ok := strings.Cut(p, ":")
		switch {
		case p == "", key == "id": // the id of what the entry created: the row says enough
		case key == "results":
			parts = append(parts, n.T("audit.touched.results", value))
		case key == "by_reason" && ok:
			parts = append(parts, n.or("audit.touched."+key, key))
		case ok && n.Has("audit.touched."+key+"."+value):
			parts = append(parts, n.T("audit.touched."+key+"."+value))
		case ok && n.Has("audit.touched."+key):
			parts = append(parts, n.T("audit.touched."+key)+": "+value)
		default:
			parts = append(parts, n.or("audit.touched."+key, p))
		}
	}
	return strings.Join(parts, ", ")
}

// Header is the downloads' header row.
func (n Names) Header() []string {
	cols := []string{"time", "username", "user", "roles", "action", "action_code", "client", "koto_id", "client_id",
		"touched", "result", "channel", "organisation", "entry_id"}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = n.T("auditlog.col." + c)
	}
	return out
}

// Row is an entry as a row of the downloads (time in Finnish time).
func (n Names) Row(e Entry) []string {
	return []string{e.At.In(civil.Helsinki).Format("2006-01-02 15:04:05"), e.Username, e.DisplayName, n.Roles(e.Roles),
		n.Action(e.Action), e.Action, e.Client.Name, e.Client.KotoID, e.ClientID, n.Touched(e.Touched), n.Result(string(e.Result)),
		strings.ToUpper(e.Channel), e.OrgID, e.ID}
}
