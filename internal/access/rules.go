package access

// Roles known to Koto. Only these may be granted.
const (
	Caseworker    Role = "caseworker"     // ohjaaja: works with clients
	Supervisor    Role = "supervisor"     // esihenkilö: oversees casework and its access log
	OrgAdmin      Role = "org_admin"      // manages users of the own organisation; no client content
	Finance       Role = "finance"        // compensation data only
	Statistician  Role = "statistician"   // aggregates only, never a person
	DPO           Role = "dpo"            // data-protection officer: requests and logs
	OperatorAdmin Role = "operator_admin" // KEHA-keskus: organisations and settings; no client content
)

// AllRoles lists the grantable roles in display order.
var AllRoles = []Role{Caseworker, Supervisor, OrgAdmin, Finance, Statistician, DPO, OperatorAdmin}

// Actions on client data and administration.
const (
	ClientCreate Action = "client.create"
	ClientRead   Action = "client.read"
	ClientUpdate Action = "client.update"
	// ClientReadProtectedAddress is the specific right to see (and change) an
	// address under address protection (turvakielto).
	ClientReadProtectedAddress Action = "client.read_protected_address"
	ClientList                 Action = "client.list"
	ClientSearch               Action = "client.search"
	AuditReadClient            Action = "audit.read_client"
	UserManage                 Action = "user.manage"
	OrgManage                  Action = "org.manage"
	TokenManage                Action = "token.manage"
	DemoLoad                   Action = "demo.load"
)

// Rule says who may perform an action. System is true when the server
// operator's CLI may perform it.
type Rule struct {
	Roles  []Role
	System bool
	Doc    string
}

// Rules is the permission model. An action missing here is denied to all.
var Rules = map[Action]Rule{
	ClientCreate:               {Roles: []Role{Caseworker, Supervisor}, Doc: "register a new client"},
	ClientRead:                 {Roles: []Role{Caseworker, Supervisor}, Doc: "open a client card of the own organisation"},
	ClientUpdate:               {Roles: []Role{Caseworker, Supervisor}, Doc: "edit a client's details and permits"},
	ClientReadProtectedAddress: {Roles: []Role{Supervisor}, Doc: "see the address of a client with address protection"},
	ClientList:                 {Roles: []Role{Caseworker, Supervisor}, Doc: "list the own organisation's clients"},
	ClientSearch:               {Roles: []Role{Caseworker, Supervisor}, Doc: "search clients by name, HETU or birth date"},
	AuditReadClient:            {Roles: []Role{Supervisor, DPO}, Doc: "see who accessed a client"},
	UserManage:                 {Roles: []Role{OrgAdmin}, System: true, Doc: "add, disable and enable users of the own organisation"},
	OrgManage:                  {Roles: []Role{OperatorAdmin}, System: true, Doc: "add organisations"},
	TokenManage:                {System: true, Doc: "create and revoke personal API tokens"},
	DemoLoad:                   {System: true, Doc: "load synthetic demo data"},
}

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool {
	for _, k := range AllRoles {
		if k == r {
			return true
		}
	}
	return false
}
