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
		for _, r := range append(append([]Role{}, rule.Org...), rule.Related...) {
			if !ValidRole(r) {
				t.Errorf("%s names unknown role %q", action, r)
			}
		}
	}
}

func TestDecide(t *testing.T) {
	cw := Actor{Roles: []Role{Caseworker}}
	sup := Actor{Roles: []Role{Supervisor}}
	admin := Actor{Roles: []Role{OrgAdmin}}
	tests := []struct {
		name   string
		actor  Actor
		action Action
		rel    Relation
		want   Decision
	}{
		{"assigned caseworker reads", cw, ClientRead, Relation{Assigned: true}, Allow},
		{"caseworker with a reason reads", cw, ClientRead, Relation{ReasonID: "r1"}, Allow},
		{"other caseworker must state a reason", cw, ClientRead, Relation{}, NeedReason},
		{"supervisor reads any client of the organisation", sup, ClientRead, Relation{}, Allow},
		{"supervisor needs a relation for health data", sup, ClientReadSensitive, Relation{}, NeedReason},
		{"org admin never reads clients", admin, ClientRead, Relation{Assigned: true}, Deny},
		{"caseworker never reads the access log", cw, AuditReadClient, Relation{Assigned: true}, Deny},
		{"system reads no client", SystemActor(ChannelCLI), ClientRead, Relation{Assigned: true}, Deny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.actor.Decide(tt.action, tt.rel); got != tt.want {
				t.Errorf("Decide = %v, want %v", got, tt.want)
			}
		})
	}
}
