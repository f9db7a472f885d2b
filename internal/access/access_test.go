package access

import "testing"

func TestCan(t *testing.T) {
	tests := []struct {
		name   string
		actor  Actor
		action Action
		want   bool
	}{
		{"caseworker reads clients", Actor{Roles: []Role{Caseworker}}, ClientRead, true},
		{"org admin sees no client content", Actor{Roles: []Role{OrgAdmin}}, ClientRead, false},
		{"org admin manages users", Actor{Roles: []Role{OrgAdmin}}, UserManage, true},
		{"caseworker cannot read access log", Actor{Roles: []Role{Caseworker}}, AuditReadClient, false},
		{"supervisor reads access log", Actor{Roles: []Role{Supervisor}}, AuditReadClient, true},
		{"no roles, nothing", Actor{}, ClientList, false},
		{"unknown action denied", Actor{Roles: []Role{Supervisor}}, Action("client.delete"), false},
		{"system reads no client", SystemActor(ChannelCLI), ClientRead, false},
		{"system adds organisations", SystemActor(ChannelCLI), OrgManage, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.actor.Can(tt.action); got != tt.want {
				t.Errorf("Can(%s) = %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}

func TestEveryRuleNamesKnownRoles(t *testing.T) {
	for action, rule := range Rules {
		for _, r := range rule.Roles {
			if !ValidRole(r) {
				t.Errorf("%s names unknown role %q", action, r)
			}
		}
	}
}
