package app

import (
	"context"
	"fmt"
	"text/tabwriter"

	"koto/internal/access"
)

// cmdSSO administers single sign-on: which identity-provider groups give
// which organisation and roles.
func cmdSSO(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "sso", "map-group", "list")
	if err != nil {
		return err
	}
	fs, cfg := flags("sso "+sub, e)
	issuer := fs.String("issuer", cfg.OIDC.Issuer, "issuer URL of the OpenID provider (default --oidc-issuer)")
	group := fs.String("group", "", "group name as it appears in the groups claim")
	org := fs.String("org", "", "organisation code the group's members belong to")
	role := fs.String("role", "", "role the group gives (repeat the command for several)")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if sub == "map-group" {
		if *issuer == "" {
			*issuer = cfg.OIDC.Issuer
		}
		if err := c.Auth.MapGroup(ctx, cliActor, *issuer, *group, *org, access.Role(*role)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "mapped group %q of %s to role %s in organisation %s\n", *group, *issuer, *role, *org)
		return nil
	}
	maps, err := c.Auth.GroupMappings(ctx, cliActor)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUER\tGROUP\tORG\tROLE")
	for _, m := range maps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Issuer, m.Group, m.OrgCode, m.Role)
	}
	return tw.Flush()
}
