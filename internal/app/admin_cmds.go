package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/i18n"
	"koto/internal/org"
)

var cliCatalog = i18n.MustLoad()

// userMessage explains an error to the operator in English, without
// internal causes unless the error is internal.
func userMessage(err error) string {
	ae, ok := apperr.As(err)
	if !ok || ae.Kind == apperr.Internal {
		return err.Error()
	}
	p := cliCatalog.Printer("en")
	msg := p.T(ae.Key)
	if ae.Key == "error.internal" {
		msg = p.T(ae.Key, "-")
	}
	for _, f := range ae.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, p.T(f.Key, f.Args...))
	}
	return msg
}

var cliActor = access.SystemActor(access.ChannelCLI)

func cmdMigrate(ctx context.Context, e *env) error {
	fs, cfg := flags("migrate", e)
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	versions, err := c.db.AppliedMigrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database (%s) is at migration %s\n", c.db.Engine(), versions[len(versions)-1])
	return nil
}

func subcommand(e *env, name string, subs ...string) (string, error) {
	if len(e.args) == 0 {
		return "", fmt.Errorf("%s needs a subcommand: %s", name, strings.Join(subs, ", "))
	}
	sub := e.args[0]
	for _, s := range subs {
		if s == sub {
			e.args = e.args[1:]
			return sub, nil
		}
	}
	return "", fmt.Errorf("unknown %s subcommand %q (want %s)", name, sub, strings.Join(subs, ", "))
}

func cmdOrg(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "org", "add", "list", "cover")
	if err != nil {
		return err
	}
	fs, cfg := flags("org "+sub, e)
	code := fs.String("code", "", "organisation code (e.g. Statistics Finland municipality code)")
	name := fs.String("name", "", "organisation name")
	kind := fs.String("kind", "", "municipality, employment_area, operator or provider")
	area := fs.String("area", "", "employment area code (org cover)")
	municipality := fs.String("municipality", "", "municipality code the area covers (org cover)")
	roles := fs.String("roles", "", "roles the area's users get in the municipality, comma separated (org cover; default caseworker): "+joinRoles(org.CoverageRoles))
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if sub == "cover" {
		rs := org.ParseRoles(*roles)
		if len(rs) == 0 {
			rs = org.DefaultCoverageRoles
		}
		if err := c.Orgs.Cover(ctx, cliActor, *area, *municipality, rs); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "employment area %s now acts for municipality %s with roles %s\n", *area, *municipality, joinRoles(rs))
		return nil
	}
	if sub == "add" {
		o, err := c.Orgs.Add(ctx, cliActor, org.Org{Code: *code, Name: *name, Kind: org.Kind(*kind)})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added organisation %s (%s, %s) id %s\n", o.Code, o.Name, o.Kind, o.ID)
		return nil
	}
	orgs, err := c.Orgs.List(ctx, cliActor)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tKIND\tNAME\tID")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Code, o.Kind, o.Name, o.ID)
	}
	return tw.Flush()
}

// readPassword reads one line from stdin (the password, never a flag, so it
// stays out of shell history and process listings).
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return pw, nil
}

func cmdUser(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "user", "add", "disable", "enable", "reset-password", "list")
	if err != nil {
		return err
	}
	fs, cfg := flags("user "+sub, e)
	org := fs.String("org", "", "organisation code")
	username := fs.String("username", "", "username")
	display := fs.String("display-name", "", "display name: the name colleagues see (default: the username)")
	fs.StringVar(display, "name", "", "the same as --display-name")
	roles := fs.String("role", "", "role(s), comma separated: "+rolesHelp())
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	mustChange := fs.Bool("must-change", true, "reset-password --password-stdin: the user must change the password at the next login (a generated one always must)")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	switch sub {
	case "add":
		if !*pwStdin {
			return fmt.Errorf("--password-stdin is required (passwords are never given as flags)")
		}
		pw, err := readPassword(e.stdin)
		if err != nil {
			return err
		}
		var rs []access.Role
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				rs = append(rs, access.Role(r))
			}
		}
		u, err := c.Auth.AddUser(ctx, cliActor, auth.NewUser{OrgCode: *org, Username: *username, DisplayName: *display, Roles: rs, Password: pw})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added user %s in %s with roles %s\n", u.Username, u.OrgCode, *roles)
	case "disable", "enable":
		if err := c.Auth.SetDisabled(ctx, cliActor, *username, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s %sd\n", *username, sub)
	case "reset-password":
		pw := ""
		if *pwStdin {
			if pw, err = readPassword(e.stdin); err != nil {
				return err
			}
		}
		if !*pwStdin && !*mustChange {
			return fmt.Errorf("--must-change=false needs --password-stdin (a generated password is one-time and must be changed)")
		}
		pw, err = c.Auth.ResetPassword(ctx, cliActor, *username, pw, *mustChange)
		if err != nil {
			return err
		}
		switch {
		case *pwStdin && *mustChange:
			fmt.Fprintf(e.stdout, "password of %s reset; it must be changed at next login\n", *username)
		case *pwStdin:
			fmt.Fprintf(e.stdout, "password of %s reset\n", *username)
		default:
			fmt.Fprintf(e.stdout, "one-time password of %s (shown once, must be changed at next login):\n%s\n", *username, pw)
		}
	case "list":
		users, err := c.Auth.Users(ctx, cliActor)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ORG\tUSERNAME\tROLES\tSTATUS\tLAST LOGIN")
		for _, u := range users {
			status, last := "active", "-"
			if !u.Active() {
				status = "disabled"
			}
			if u.LastLoginAt != nil {
				last = u.LastLoginAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.OrgCode, u.Username, joinRoles(u.Roles), status, last)
		}
		return tw.Flush()
	}
	return nil
}

func rolesHelp() string { return joinRoles(access.AllRoles) }

func joinRoles(rs []access.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func cmdToken(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "token", "create", "list", "revoke")
	if err != nil {
		return err
	}
	fs, cfg := flags("token "+sub, e)
	username := fs.String("username", "", "username")
	id := fs.String("id", "", "token id to revoke (default: all of the user's tokens)")
	days := fs.Int("days", 90, "token create: days the token works (1–366)")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	switch sub {
	case "create":
		if *days < 1 || time.Duration(*days)*24*time.Hour > auth.MaxTokenLifetime {
			return fmt.Errorf("--days must be 1 to %d", int(auth.MaxTokenLifetime.Hours()/24))
		}
		secret, t, err := c.Auth.CreateTokenFor(ctx, cliActor, *username, time.Duration(*days)*24*time.Hour)
		if err != nil {
			return err
		}
		// Scripts read the token from the last line: keep it alone there.
		fmt.Fprintf(e.stdout, "API token %s for %s, valid until %s (shown once; send as Authorization: Bearer …):\n%s\n",
			t.ID, *username, t.ExpiresAt.Format("2006-01-02 15:04 MST"), secret)
		return nil
	case "list":
		tokens, err := c.Auth.Tokens(ctx, cliActor, *username)
		if err != nil {
			return err
		}
		now := time.Now()
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tCREATED\tEXPIRES\tLAST USED")
		for _, t := range tokens {
			status, expires, used := "active", "-", "never"
			switch {
			case t.RevokedAt != nil:
				status = "revoked"
			case t.Expired(now):
				status = "expired"
			}
			if t.ExpiresAt != nil {
				expires = t.ExpiresAt.Format("2006-01-02 15:04")
			}
			if t.LastUsedAt != nil {
				used = t.LastUsedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, status, t.CreatedAt.Format("2006-01-02 15:04"), expires, used)
		}
		return tw.Flush()
	}
	if err := c.Auth.RevokeToken(ctx, cliActor, *username, *id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "revoked\n")
	return nil
}
