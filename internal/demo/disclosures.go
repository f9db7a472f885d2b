package demo

import (
	"context"
	"fmt"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/disclosure"
	"koto/internal/referral"
)

// ProviderAccounts are the demo logins of the demo providers' users
// (role provider, ADR 31): demo.tuottaja.<code without DEMO->, e.g.
// demo.tuottaja.opisto.
func ProviderAccounts() []Account {
	var out []Account
	for i, p := range Providers {
		out = append(out, Account{Username: "demo.tuottaja." + strings.ToLower(strings.TrimPrefix(p.Code, "DEMO-")),
			DisplayName: staffName(100 + i), Password: Password, OrgCode: p.Code, Roles: []access.Role{access.Provider}})
	}
	return out
}

// addProviderAccounts creates the providers' users.
func addProviderAccounts(ctx context.Context, authSvc *auth.Service, system access.Actor, res *Result) error {
	for _, a := range ProviderAccounts() {
		if _, err := authSvc.AddUser(ctx, system, auth.NewUser{OrgCode: a.OrgCode, Username: a.Username,
			DisplayName: a.DisplayName, Roles: a.Roles, Password: a.Password}); err != nil {
			return fmt.Errorf("demo: add user %s: %w", a.Username, err)
		}
		res.Accounts = append(res.Accounts, a)
	}
	return nil
}

// disclosuresPerProvider is how many packages each demo provider gets
// from each municipality.
const disclosuresPerProvider = 2

// addDisclosures records a few provider packages: for every demo
// municipality and provider, the first accepted referrals, disclosed by
// the municipality's demo supervisor through the service (so each is in
// the access log as a real one would be). A referral whose client may no
// longer be processed (the integration period is over, no consent) is
// skipped.
func addDisclosures(ctx context.Context, authSvc *auth.Service, opts Options) error {
	if opts.Disclosures == nil || opts.Referrals == nil {
		return nil
	}
	for _, m := range Municipalities {
		sup, err := demoActor(ctx, authSvc, "demo.esihenkilo."+m.Slug)
		if err != nil {
			return err
		}
		for _, p := range Providers {
			rs, err := opts.Referrals.ByProvider(ctx, sup, p.Code, referral.Accepted)
			if err != nil {
				return fmt.Errorf("demo: referrals to %s: %w", p.Code, err)
			}
			made := 0
			for _, r := range rs {
				if made == disclosuresPerProvider {
					break
				}
				_, err := opts.Disclosures.Disclose(ctx, sup, r.ClientID, disclosure.ProviderInput{Recipient: p.Code, ReferralID: r.ID,
					FreeText: disclosure.FreeText{OtherNecessary: "Tarvitsee tulkin ensimmäisiin tapaamisiin."}})
				if err != nil && !apperr.Is(err, apperr.Internal) {
					continue
				}
				if err != nil {
					return fmt.Errorf("demo: disclose to %s: %w", p.Code, err)
				}
				made++
			}
		}
	}
	return nil
}

// demoActor is the actor of a demo account.
func demoActor(ctx context.Context, authSvc *auth.Service, username string) (access.Actor, error) {
	system := access.SystemActor(access.ChannelCLI)
	users, err := authSvc.Users(ctx, system)
	if err != nil {
		return access.Actor{}, err
	}
	for _, u := range users {
		if u.Username == username {
			return access.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, OrgID: u.OrgID, OrgCode: u.OrgCode,
				Roles: u.Roles, Channel: access.ChannelCLI, RequestID: "demo-load"}, nil
		}
	}
	return access.Actor{}, fmt.Errorf("demo: no account %s", username)
}
