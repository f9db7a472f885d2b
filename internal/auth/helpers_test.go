package auth_test

import (
	"testing"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/org"
	"koto/internal/testenv"
)

func newUser(org, username string, roles ...access.Role) auth.NewUser {
	return auth.NewUser{OrgCode: org, Username: username, Roles: roles, Password: testenv.Password}
}

func orgOf(code string) org.Org { return org.Org{Code: code, Name: "X", Kind: org.Municipality} }

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := auth.HashPassword("pitkä salasana 123", testenv.CheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	for pw, want := range map[string]bool{"pitkä salasana 123": true, "pitkä salasana 124": false, "": false} {
		if ok, err := auth.CheckPassword(pw, h); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	if _, err := auth.CheckPassword("x", "$argon2id$garbage"); err == nil {
		t.Error("malformed hash accepted")
	}
}
