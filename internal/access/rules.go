package access

// Roles known to Koto. Only these may be granted.
const (
	Caseworker    Role = "caseworker"     // ohjaaja: works with their clients
	Supervisor    Role = "supervisor"     // esihenkilö: assigns clients, reviews access, sees access logs
	Finance       Role = "finance"        // compensation data only
	Statistician  Role = "statistician"   // aggregates only, never a person
	DPO           Role = "dpo"            // data-protection officer: requests and logs, no case editing
	OrgAdmin      Role = "org_admin"      // users of the own organisation; no client content
	OperatorAdmin Role = "operator_admin" // KEHA-keskus: organisations and settings; no client content
	Provider      Role = "provider"       // palveluntuottaja: users of a provider organisation; only the packages addressed to it
)

// AllRoles lists the grantable roles in display order.
var AllRoles = []Role{Caseworker, Supervisor, Finance, Statistician, DPO, OrgAdmin, OperatorAdmin, Provider}

// Actions. Names are "<object>.<verb>"; every route declares one.
const (
	ClientCreate               Action = "client.create"
	ClientList                 Action = "client.list"
	ClientSearch               Action = "client.search"
	ClientRead                 Action = "client.read"
	ClientUpdate               Action = "client.update"
	ClientHETUReveal           Action = "client.hetu_reveal"
	ClientReadProtectedAddress Action = "client.read_protected_address"
	ClientReadSensitive        Action = "client.read_sensitive"
	ClientUpdateSensitive      Action = "client.update_sensitive"
	ClientAssign               Action = "client.assign"
	ClientMerge                Action = "client.merge"
	AccessReasonGive           Action = "access_reason.give"
	AccessReasonReview         Action = "access_reason.review"
	PlanApprove                Action = "plan.approve"
	NoteRead                   Action = "note.read"
	NoteCreate                 Action = "note.create"
	NoteAmend                  Action = "note.amend"
	NoteReadSensitive          Action = "note.read_sensitive"
	PlanRead                   Action = "plan.read"
	PlanCreate                 Action = "plan.create"
	PlanRevise                 Action = "plan.revise"
	PlanFollowUp               Action = "plan.follow_up"
	PlanAcknowledge            Action = "plan.acknowledge"
	AssessmentRead             Action = "assessment.read"
	AssessmentCreate           Action = "assessment.create"
	AssessmentUpdate           Action = "assessment.update"
	PlacementRead              Action = "placement.read"
	TimelineRead               Action = "timeline.read"
	ClientOverview             Action = "client.overview"
	PlacementUpdate            Action = "placement.update"
	HouseholdRead              Action = "household.read"
	HouseholdUpdate            Action = "household.update"
	AuditReadClient            Action = "audit.read_client"
	CompensationRead           Action = "compensation.read"
	StatsRead                  Action = "stats.read"
	UserManage                 Action = "user.manage"
	OrgManage                  Action = "org.manage"
	TokenManage                Action = "token.manage"
	DemoLoad                   Action = "demo.load"
	SelfManage                 Action = "self.manage"
	ReferralRead               Action = "referral.read"
	ReferralCreate             Action = "referral.create"
	ReferralUpdate             Action = "referral.update"
	ReferralList               Action = "referral.list"
	TimelineDue                Action = "timeline.due"
	ReferralServiceList        Action = "referral.service_list"
	ReferralServiceManage      Action = "referral.service_manage"
	NatrepExport               Action = "natrep.export"
	NatrepRead                 Action = "natrep.read"
	ConsentRead                Action = "consent.read"
	ConsentGive                Action = "consent.give"
	ConsentWithdraw            Action = "consent.withdraw"
	DisclosureRead             Action = "disclosure.read"
	DisclosureProvider         Action = "disclosure.provider"
	DisclosureReceive          Action = "disclosure.receive"
	AttachmentRead             Action = "attachment.read"
	AttachmentCreate           Action = "attachment.create"
	DisclosureLog              Action = "disclosure.log"
	DisclosureAuthorityRequest Action = "disclosure.authority_request"
	DisclosureAuthorityDecide  Action = "disclosure.authority_decide"
	HandoverExport             Action = "handover.export"
	HandoverImport             Action = "handover.import"
	TransferRequest            Action = "transfer.request"
	TransferRead               Action = "transfer.read"
	TransferDecide             Action = "transfer.decide"
	SubjectExport              Action = "subject.export"
	RetentionRun               Action = "retention.run"
	RetentionErase             Action = "retention.erase"
	RetentionHold              Action = "retention.hold"
	RestrictionRead            Action = "restriction.read"
	RestrictionHistory         Action = "restriction.history"
	RestrictionManage          Action = "restriction.manage"
	AuditReadOrg               Action = "audit.read_org"
	ClientIdentify             Action = "client.identify"
	RetentionPreview           Action = "retention.preview"
	SubjectRequestRead         Action = "subject_request.read"
	SubjectRequestManage       Action = "subject_request.manage"
	SubjectRequestErase        Action = "subject_request.erase"
	SubjectRequestRouted       Action = "subject_request.routed"
)

// Rule says who may perform an action.
//
//   - Org: roles allowed for every client of the actor's organisation.
//   - Related: roles allowed only with a need-to-know relation to the client
//     (responsible caseworker, team member, or an active stated reason).
//   - System: the server operator's CLI may perform it.
//   - Purpose: every use must state its purpose (one of Purposes), which
//     the access log records: special-category data (GDPR art. 9).
//   - Processing: casework processing of the client. After the integration
//     period (the client's service end has passed) the gate allows it only
//     with an active consent to processing after the integration period
//     (consent.MayProcess, ADR 30).
//   - Changes: the action changes, processes or discloses the client's
//     record. While the processing of the client is restricted (GDPR
//     art. 18, ADR 40) the gate refuses it to everyone but the
//     data-protection officer; reads stay allowed and logged.
type Rule struct {
	Org        []Role
	Related    []Role
	System     bool
	Purpose    bool
	Processing bool
	Changes    bool
	Doc        string
}

// Purposes for which special-category data may be used; each use is
// logged with its purpose.
var Purposes = []string{"assessment", "integration_plan", "service_referral", "client_meeting", "other"}

// Rules is the permission model, in one place. An action missing here is
// denied to everyone. docs/permissions.md is generated from it.
var Rules = map[Action]Rule{
	ClientCreate:               {Org: []Role{Caseworker, Supervisor}, Doc: "register a new client (the creator becomes a responsible caseworker)"},
	ClientList:                 {Org: []Role{Caseworker, Supervisor}, Doc: "list the organisation's clients (name, birth date, Koto id)"},
	ClientSearch:               {Org: []Role{Caseworker, Supervisor}, Doc: "search clients by name, HETU or birth date"},
	ClientRead:                 {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "open a client card"},
	ClientUpdate:               {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Changes: true, Doc: "edit a client's details and permits"},
	ClientHETUReveal:           {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "show a client's full HETU on the card, which otherwise shows it masked; every reveal logged"},
	ClientReadProtectedAddress: {Org: []Role{Supervisor}, Doc: "see and change an address under address protection (turvakielto)"},
	ClientReadSensitive:        {Related: []Role{Caseworker, Supervisor}, Purpose: true, Doc: "see health and work-ability data (special category, 73 § 8); every view logged with its purpose"},
	ClientUpdateSensitive:      {Related: []Role{Caseworker, Supervisor}, Purpose: true, Changes: true, Doc: "record health and work-ability data"},
	ClientAssign:               {Org: []Role{Supervisor}, Doc: "assign and unassign responsible caseworkers and teams"},
	ClientMerge:                {Org: []Role{Supervisor}, Changes: true, Doc: "merge two records of the same person, undo an unconfirmed merge, confirm another supervisor's merge (never one's own)"},
	AccessReasonGive:           {Org: []Role{Caseworker, Supervisor}, Doc: "open a client that is not one's own by stating a reason (time-limited)"},
	AccessReasonReview:         {Org: []Role{Supervisor, DPO}, Doc: "review stated reasons for access and supervisors' self-assignments (never one's own)"},
	AssessmentRead:             {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's background, language tests and assessments (73 § 5–7)"},
	AssessmentCreate:           {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "start an assessment or record a language test result"},
	AssessmentUpdate:           {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "edit or complete a draft assessment; record the background"},
	PlanApprove:                {Org: []Role{Supervisor}, Doc: "approve an integration plan"},
	NoteRead:                   {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "read a client's case notes and their amendments (a sensitive note's text only with note.read_sensitive)"},
	NoteCreate:                 {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "write a case note (never edited or deleted afterwards)"},
	NoteAmend:                  {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Changes: true, Doc: "add an amendment to a case note, which keeps the original; a sensitive note only with note.read_sensitive"},
	NoteReadSensitive:          {Related: []Role{Caseworker, Supervisor}, Purpose: true, Doc: "open the text of sensitive case notes (special category): only with an assignment to the client (responsible caseworker or the client's team), not by a stated reason; every view logged with its purpose"},
	PlanRead:                   {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's integration plans, every saved version and the PDF"},
	PlanCreate:                 {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "make an integration plan (basic or multi-sector)"},
	PlanRevise:                 {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "revise or close an integration plan (a new version; earlier ones stay)"},
	PlanFollowUp:               {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "add a follow-up entry to an integration plan"},
	PlanAcknowledge:            {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Changes: true, Doc: "acknowledge a rule warning of a plan version (Koto warns, a person decides)"},
	TimelineRead:               {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's timeline: every event in order, kinds, dates and codes only (never a note's text)"},
	ClientOverview:             {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "open the client overview: the card, the current plan, open referrals and the latest events, in one logged read"},
	PlacementRead:              {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's reception data and municipal placement (73 § 9)"},
	PlacementUpdate:            {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Changes: true, Doc: "record a client's reception data and municipal placement"},
	HouseholdRead:              {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's household links (each shown client logged as shown)"},
	HouseholdUpdate:            {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Changes: true, Doc: "link two clients of the organisation as one household, or remove a link; a use of both clients, allowed only for both"},
	AuditReadClient:            {Org: []Role{Supervisor, DPO}, Doc: "see who accessed a client"},
	CompensationRead:           {Org: []Role{Finance}, Doc: "see state compensation data (no other client content)"},
	StatsRead:                  {Org: []Role{Statistician, Supervisor}, Doc: "see aggregate statistics with small cells suppressed"},
	UserManage:                 {Org: []Role{OrgAdmin}, System: true, Doc: "add users, change roles, disable and end sessions in the own organisation"},
	OrgManage:                  {Org: []Role{OperatorAdmin}, System: true, Doc: "add organisations and set employment-area coverage"},
	TokenManage:                {System: true, Doc: "create and revoke personal API tokens"},
	DemoLoad:                   {System: true, Doc: "load synthetic demo data"},
	SelfManage:                 {Org: AllRoles, Doc: "change one's own password, second factor and sessions"},
	ReferralRead:               {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's referrals to service providers with their steps"},
	ReferralCreate:             {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "refer a client to a provider's service"},
	ReferralUpdate:             {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "record the next step of a client's referral (sent, accepted, rejected, started, interrupted, completed)"},
	ReferralList:               {Org: []Role{Supervisor}, Doc: "list the organisation's referrals to a provider (shows the clients' names)"},
	TimelineDue:                {Org: []Role{Caseworker, Supervisor}, Doc: "see one's own clients (those assigned to oneself) and what is due for them"},
	ReferralServiceList:        {Org: []Role{Caseworker, Supervisor, OrgAdmin}, Doc: "see the service catalogue and the service providers (no client content)"},
	ReferralServiceManage:      {Org: []Role{Supervisor, OrgAdmin}, Doc: "add services to the organisation's own catalogue"},
	// The export carries HETUs and the records' free text, so it is not
	// the org_admin's, whose role reads no client content (ADR 27).
	NatrepExport:    {Org: []Role{Supervisor}, System: true, Changes: true, Doc: "export the organisation's national repository records of a period (decree 874/2024; every client included logged; clients whose processing is restricted are left out and counted)"},
	NatrepRead:      {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "see a client's national repository record (decree 874/2024)"},
	ConsentRead:     {Org: []Role{Supervisor, DPO}, Related: []Role{Caseworker}, Doc: "see a client's consents, given and withdrawn"},
	ConsentGive:     {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "record a consent the client gave (never edited or deleted afterwards)"},
	ConsentWithdraw: {Org: []Role{Supervisor, DPO}, Related: []Role{Caseworker}, Doc: "record the withdrawal of a client's consent; it takes effect at once (the DPO on the client's behalf, as a data subject's request: ADR 39)"},
	// Disclosures (ADR 31): the log is the data-protection officer's too;
	// recording a provider package is casework under the plan.
	DisclosureRead:     {Org: []Role{Supervisor, DPO}, Related: []Role{Caseworker}, Doc: "see a client's disclosure log: to whom, what, on which basis, when, by whom, and a recorded disclosure's content"},
	DisclosureReceive:  {Org: []Role{Provider}, Doc: "a service provider's users: see the packages addressed to their organisation, read-only, every view logged (also in the disclosing organisation's log); nothing else of any client"},
	DisclosureProvider: {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Processing: true, Changes: true, Doc: "preview and record the 18-item package to the service provider of a client's referral (681/2023 86 §; never changed afterwards)"},
	AttachmentRead:     {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "list a client's attachments and download one (every download logged)"},
	AttachmentCreate: {Org: []Role{Supervisor}, Related: []Role{Caseworker},
		Changes: true, Doc: "upload an attachment of a client (signed consent form, certificate, decision; never changed afterwards)"},
	// The organisation-wide log names clients, so it is not a
	// caseworker's (ADR 35); its CSV stays inside the organisation.
	DisclosureLog: {Org: []Role{Supervisor, DPO}, Doc: "see and download (CSV) the organisation's disclosure log: every disclosure of every client, filtered by period, kind, recipient and client; every client shown logged"},
	// An authority's request for a client's data (ADR 33): a caseworker
	// with need-to-know registers it, a supervisor decides it — never the
	// user who registered it (four eyes). Not casework processing: an
	// authority's right under law does not end with the integration period.
	DisclosureAuthorityRequest: {Org: []Role{Supervisor}, Related: []Role{Caseworker}, Doc: "register an authority's request for a client's data, naming the provision of law it relies on (never changed afterwards)"},
	DisclosureAuthorityDecide:  {Org: []Role{Supervisor}, Changes: true, Doc: "approve or refuse an authority's request (never one registered by oneself); an approval records the disclosure; download the disclosed content as JSON or PDF, every download logged"},
	// Hand-over and transfer (ADR 34): the whole integration record leaves
	// the organisation, so a supervisor decides, as for the national
	// repository; the CLI exports for operators.
	HandoverExport:  {Org: []Role{Supervisor}, Changes: true, Doc: "export a client's integration records (koto-integration-records v1) to the employment authority; recorded as a disclosure"},
	HandoverImport:  {Org: []Role{Supervisor}, Doc: "import a client's integration records (koto-integration-records v1), validated whole, idempotent; recorded as received"},
	TransferRequest: {Org: []Role{Supervisor}, Changes: true, Doc: "request the transfer of a client who moved to another municipality"},
	TransferRead:    {Org: []Role{Supervisor}, Doc: "see the organisation's incoming and outgoing transfer requests (ids and municipalities only)"},
	TransferDecide:  {Org: []Role{Supervisor}, Doc: "accept or refuse a transfer request addressed to the organisation; acceptance imports the records and ends the sender's service"},
	SubjectExport:   {Org: []Role{DPO}, Doc: "make a client's access report (GDPR art. 15: every record, sensitive ones opened, the disclosure and access logs) and portable copy (art. 20); logged with the data subject's right as purpose"},
	RetentionRun:    {System: true, Doc: "apply the retention rules: erase the clients whose retention has ended, delete expired sessions, saved forms and tokens (koto retention run; a certificate per class)"},
	RetentionErase:  {System: true, Doc: "erase one client: every row, the data key destroyed (crypto-shredding); leaves a tombstone entry in the access log"},
	RetentionHold:   {Org: []Role{DPO}, System: true, Doc: "see, set or clear a legal hold on a client, which the retention engine never deletes (koto retention hold, the client's legal-hold page)"},
	// Restriction of processing (GDPR art. 18, ADR 40): everyone who may
	// open the client sees that it is restricted (the banner); the data-
	// protection officer places and lifts it and, with supervisors, sees
	// its history.
	RestrictionRead:    {Org: []Role{Supervisor, DPO}, Related: []Role{Caseworker}, Doc: "see whether the processing of a client is restricted (the banner on every client page)"},
	RestrictionHistory: {Org: []Role{Supervisor, DPO}, Doc: "see the history of a client's restrictions of processing: grounds, reasons, who placed and lifted them"},
	RestrictionManage:  {Org: []Role{DPO}, Doc: "place or lift a restriction of processing (GDPR art. 18): the data are kept but not changed or disclosed except by the data-protection officer"},

	// The organisation-wide access log (ADR 38) names clients and users:
	// the data-protection officer's, and the supervisors', who review
	// access and already read clients' logs.
	AuditReadOrg: {Org: []Role{Supervisor, DPO}, Doc: "see and download (CSV, XLSX) the organisation's access log: every entry, filtered by user, client, action, result and period, and a user's report (what they opened and why); every client shown logged"},

	// The DPO's finder and client page (ADR 38): enough identity to
	// handle a data-subject request, no casework.
	ClientIdentify:   {Org: []Role{DPO}, Doc: "find a client by name, HETU or Koto id and see the identity summary a data-subject request needs (name, birth date, masked HETU, service dates, responsible caseworkers); every search and view logged"},
	RetentionPreview: {Org: []Role{DPO}, Doc: "see the retention rules, the organisation's clients on legal hold and the deletion certificates, and preview (dry run) what the retention job would delete in the organisation"},
	// The data subject's requests (GDPR arts. 12–22, ADR 39): the DPO
	// handles them; an objection is routed to a supervisor or the
	// client's responsible caseworker, who sees it on the front page.
	SubjectRequestRead:   {Org: []Role{DPO}, Doc: "see the data subject's requests (access, rectification, erasure, restriction, portability, objection, consent withdrawal), their deadlines and response letters"},
	SubjectRequestManage: {Org: []Role{DPO}, Doc: "register a data subject's request, verify the requester's identity, extend the deadline, route an objection, record delivery and decide (never before the identity is verified)"},
	SubjectRequestErase:  {Org: []Role{DPO}, Doc: "erase a client by granting a verified erasure request of that client, and only so (retention.erase stays the system's); a client on legal hold is never erased"},
	SubjectRequestRouted: {Org: []Role{Caseworker, Supervisor}, Doc: "see the data subject's objections routed to oneself on the front page"},
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
