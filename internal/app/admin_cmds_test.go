package app

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/auth"
)

// openCore opens the data directory as a command would.
func openCore(t *testing.T, dir string) *core {
	t.Helper()
	fs, cfg := flags("test", &env{stderr: &bytes.Buffer{}})
	if err := fs.Parse([]string{"--data-dir", dir}); err != nil {
		t.Fatal(err)
	}
	c, err := open(context.Background(), cfg, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// The interface contract of the account commands: a password given to
// "user add --password-stdin" is the user's own, a password
// "reset-password" generates must be changed, and with --password-stdin
// the operator chooses (--must-change, default true). Tokens are made for
// --days and listed with expiry and last use; a coverage names its roles.
func TestAccountCommands(t *testing.T) {
	t.Setenv("KOTO_DATABASE_URL", "")
	dir := t.TempDir()
	must := func(stdin string, args ...string) string {
		t.Helper()
		out, code := run(t, dir, stdin, args...)
		if code != 0 {
			t.Fatalf("koto %v: exit %d", args, code)
		}
		return out
	}
	must("", "org", "add", "--code", "240", "--name", "Kemi", "--kind", "municipality")
	must("", "org", "add", "--code", "TA-1", "--name", "Alue", "--kind", "employment_area")
	must("annan-oma-salasana\n", "user", "add", "--org", "240", "--username", "anna", "--role", "finance", "--password-stdin") // finance: no second factor to enrol
	step := func(password string) auth.Step {
		t.Helper()
		c := openCore(t, dir)
		_, u, err := c.Auth.Login(context.Background(), "anna", password, "127.0.0.1", access.ChannelCLI, "")
		if err != nil {
			t.Fatalf("login with %q: %v", password, err)
		}
		c.Close()
		return c.Auth.StepAfterLogin(u)
	}
	if s := step("annan-oma-salasana"); s != auth.StepNone {
		t.Errorf("user add --password-stdin: step %q, want none (the user's own password)", s)
	}
	out := must("", "user", "reset-password", "--username", "anna")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if s := step(lines[len(lines)-1]); s != auth.StepPassword {
		t.Errorf("generated password: step %q, want the change", s)
	}
	must("valittu-salasana-1\n", "user", "reset-password", "--username", "anna", "--password-stdin")
	if s := step("valittu-salasana-1"); s != auth.StepPassword {
		t.Errorf("reset-password --password-stdin: step %q, want the change (default)", s)
	}
	must("valittu-salasana-2\n", "user", "reset-password", "--username", "anna", "--password-stdin", "--must-change=false")
	if s := step("valittu-salasana-2"); s != auth.StepNone {
		t.Errorf("reset-password --password-stdin --must-change=false: step %q, want none", s)
	}
	if _, code := run(t, dir, "", "user", "reset-password", "--username", "anna", "--must-change=false"); code == 0 {
		t.Error("a generated password was made permanent")
	}

	out = must("", "token", "create", "--username", "anna", "--days", "7")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[len(lines)-1], "koto_") {
		t.Fatalf("token create: the token is not alone on the last line: %q", out)
	}
	if _, code := run(t, dir, "", "token", "create", "--username", "anna", "--days", "400"); code == 0 {
		t.Error("a token for 400 days")
	}
	out = must("", "token", "list", "--username", "anna")
	if !regexp.MustCompile(`(?m)^\S+\s+active\s+\S+ \S+\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never$`).MatchString(out) {
		t.Errorf("token list:\n%s", out)
	}

	must("", "org", "cover", "--area", "TA-1", "--municipality", "240", "--roles", "caseworker,supervisor")
	if _, code := run(t, dir, "", "org", "cover", "--area", "TA-1", "--municipality", "240", "--roles", "org_admin"); code == 0 {
		t.Error("a coverage granted org_admin")
	}
	c := openCore(t, dir)
	covs, err := c.Orgs.Covered(context.Background(), access.Actor{OrgID: orgID(t, c, "TA-1")})
	if err != nil || len(covs) != 1 || len(covs[0].Roles) != 2 {
		t.Fatalf("coverage: %+v %v", covs, err)
	}
}

func orgID(t *testing.T, c *core, code string) string {
	t.Helper()
	orgs, err := c.Orgs.List(context.Background(), cliActor)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Code == code {
			return o.ID
		}
	}
	t.Fatalf("no organisation %s", code)
	return ""
}
