package web

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/httpx"
)

// route binds a route of the table to its handler.
type route struct {
	httpx.Route
	handle http.HandlerFunc
}

// table is the UI's one route table: each route's pattern, the action its
// user must be allowed (requireSession checks it before the handler runs;
// the services decide need-to-know), whether it is about one client
// ({id}), and its handler. The authorization-matrix test reads the same
// table. The second-factor and SSO login pages are public: they handle
// their half-logged-in session themselves.
func (h *Handler) table() []route {
	public := func(pattern string, fn http.HandlerFunc) route {
		return route{httpx.Route{Pattern: pattern, Public: true}, fn}
	}
	org := func(pattern string, action access.Action, fn http.HandlerFunc) route {
		return route{httpx.Route{Pattern: pattern, Action: action}, fn}
	}
	onClient := func(pattern string, action access.Action, fn http.HandlerFunc) route {
		return route{httpx.Route{Pattern: pattern, Action: action, Client: true}, observe(fn)}
	}
	return []route{
		public("GET /static/", h.staticFiles),
		public("GET /login", h.loginShow),
		public("POST /login", h.loginSubmit),
		public("POST /language", h.languageSet),
		public("GET /accessibility", h.accessibilityShow),
		public("GET /privacy", h.privacyShow),
		org("POST /logout", "", h.logoutSubmit),
		org("GET /{$}", "", h.homeRedirect),
		org("GET /me", access.TimelineDue, h.myDay),
		org("GET /me/due", access.TimelineDue, h.myDue),
		org("POST /session/keepalive", "", h.sessionKeepAlive),

		// The client registry.
		org("GET /clients", access.ClientList, h.clientsList),
		org("POST /clients/search", access.ClientSearch, h.clientsSearch),
		org("GET /clients/new", access.ClientCreate, h.clientNew),
		org("POST /clients", access.ClientCreate, h.clientCreate),
		onClient("GET /clients/{id}", access.ClientOverview, h.clientShow),
		onClient("GET /clients/{id}/edit", access.ClientUpdate, h.clientEdit),
		onClient("POST /clients/{id}", access.ClientUpdate, h.clientUpdate),
		onClient("POST /clients/{id}/hetu", access.ClientHETUReveal, h.clientHETUReveal),
		onClient("GET /clients/{id}/edit/{section}", access.ClientUpdate, h.clientSectionEdit),
		onClient("POST /clients/{id}/edit/{section}", access.ClientUpdate, h.clientSectionUpdate),
		onClient("GET /clients/{id}/history", access.ClientRead, h.clientHistory),
		onClient("GET /clients/{id}/retention-hold", access.RetentionHold, h.retentionHoldShow),
		onClient("POST /clients/{id}/retention-hold", access.RetentionHold, h.retentionHoldSet),
		onClient("POST /clients/{id}/retention-hold/removal", access.RetentionHold, h.retentionHoldClear),
		org("GET /retention", access.RetentionPreview, h.retentionShow),
		onClient("GET /clients/{id}/timeline", access.TimelineRead, h.clientTimeline),
		onClient("GET /clients/{id}/permits/new", access.ClientUpdate, h.permitNew),
		onClient("POST /clients/{id}/permits", access.ClientUpdate, h.permitCreate),
		onClient("GET /clients/{id}/permits/{pid}/edit", access.ClientUpdate, h.permitEdit),
		onClient("POST /clients/{id}/permits/{pid}", access.ClientUpdate, h.permitUpdate),
		onClient("POST /clients/{id}/permits/{pid}/remove", access.ClientUpdate, h.permitRemove),
		onClient("GET /clients/{id}/notes", access.NoteRead, h.notesList),
		onClient("POST /clients/{id}/notes", access.NoteCreate, h.noteCreate),
		onClient("GET /clients/{id}/notes/{noteId}/amend", access.NoteAmend, h.noteAmendForm),
		onClient("POST /clients/{id}/notes/{noteId}/amendments", access.NoteAmend, h.noteAmend),
		// Consents (consent_*.go): given and withdrawn, never edited.
		// The access report of GDPR art. 15 (subject_export.go): the DPO.
		onClient("GET /clients/{id}/export", access.SubjectExport, h.subjectExport),
		onClient("GET /clients/{id}/export.pdf", access.SubjectExport, h.subjectPDF),
		// The portable copy of art. 20 as a download (subject_portability.go).
		onClient("GET /clients/{id}/portability.json", access.SubjectExport, h.subjectPortability),
		// The data subject's requests and the DPO's workspace
		// (subject_request*.go, dpo_home.go, ADR 39).
		org("GET /dpo", access.SubjectRequestRead, h.dpoHome),
		org("GET /subject-requests", access.SubjectRequestRead, h.subjectRequestsList),
		org("GET /subject-requests/{requestId}", access.SubjectRequestRead, h.subjectRequestShow),
		org("GET /subject-requests/{requestId}/letter", access.SubjectRequestRead, h.subjectRequestLetter),
		org("GET /subject-requests/{requestId}/letter.pdf", access.SubjectRequestRead, h.subjectRequestLetterPDF),
		org("POST /subject-requests/{requestId}/{action}", access.SubjectRequestManage, h.subjectRequestAct),
		onClient("GET /clients/{id}/subject-requests", access.SubjectRequestRead, h.clientSubjectRequests),
		onClient("POST /clients/{id}/subject-requests", access.SubjectRequestManage, h.clientSubjectRequestCreate),
		onClient("GET /clients/{id}/consents", access.ConsentRead, h.consentsList),
		onClient("POST /clients/{id}/consents", access.ConsentGive, h.consentCreate),
		onClient("GET /clients/{id}/consents/{consentId}/withdraw", access.ConsentWithdraw, h.consentWithdrawForm),
		onClient("POST /clients/{id}/consents/{consentId}/withdrawal", access.ConsentWithdraw, h.consentWithdraw),
		// Disclosures (disclosure_*.go, ADR 31): the package to a referral's
		// provider, the client's disclosure log; a provider's inbox.
		onClient("GET /clients/{id}/referrals/{referralId}/disclosure", access.DisclosureProvider, h.disclosurePreview),
		onClient("POST /clients/{id}/disclosures", access.DisclosureProvider, h.disclosureCreate),
		onClient("GET /clients/{id}/disclosures", access.DisclosureRead, h.disclosuresList),
		onClient("GET /clients/{id}/disclosures/{disclosureId}", access.DisclosureRead, h.disclosureShow),
		org("GET /disclosures", access.DisclosureReceive, h.receivedList),
		org("GET /disclosures/{id}", access.DisclosureReceive, h.receivedShow),
		org("GET /disclosures/{id}/pdf", access.DisclosureReceive, h.receivedPDF),
		// Attachments (attachment_*.go): uploaded once, downloaded only as
		// files, every download logged.
		onClient("GET /clients/{id}/attachments", access.AttachmentRead, h.attachmentsList),
		onClient("POST /clients/{id}/attachments", access.AttachmentCreate, h.attachmentCreate),
		onClient("GET /clients/{id}/attachments/{attachmentId}/content", access.AttachmentRead, h.attachmentContent),
		// Restriction of processing (restriction_page.go, ADR 40).
		onClient("GET /clients/{id}/restriction", access.RestrictionHistory, h.restrictionShow),
		onClient("POST /clients/{id}/restriction", access.RestrictionManage, h.restrictionPlace),
		onClient("POST /clients/{id}/restriction/removal", access.RestrictionManage, h.restrictionLift),
		// Authorities' requests for a client's data (authority_*.go):
		// registered, decided once by another user, never edited.
		onClient("GET /clients/{id}/disclosure-requests", access.DisclosureRead, h.authorityList),
		onClient("POST /clients/{id}/disclosure-requests", access.DisclosureAuthorityRequest, h.authorityCreate),
		onClient("POST /clients/{id}/disclosure-requests/{requestId}/decision", access.DisclosureAuthorityDecide, h.authorityDecide),
		onClient("GET /clients/{id}/disclosure-requests/{requestId}/disclosure.json", access.DisclosureAuthorityDecide, h.authorityDownloadJSON),
		onClient("GET /clients/{id}/disclosure-requests/{requestId}/disclosure.pdf", access.DisclosureAuthorityDecide, h.authorityDownloadPDF),
		// Transfers between municipalities (transfer_*.go, ADR 34).
		onClient("GET /clients/{id}/transfer", access.TransferRequest, h.transferNew),
		onClient("POST /clients/{id}/transfers", access.TransferRequest, h.transferCreate),
		org("GET /transfers", access.TransferRead, h.transfersList),
		org("POST /transfers/{transferId}/acceptance", access.TransferDecide, h.transferAccept),
		org("POST /transfers/{transferId}/refusal", access.TransferDecide, h.transferRefuse),
		onClient("GET /clients/{id}/access-log", access.AuditReadClient, h.accessLogShow),
		onClient("GET /clients/{id}/merge", access.ClientMerge, h.mergeShow),
		onClient("POST /clients/{id}/merge", access.ClientMerge, h.mergeSubmit),
		onClient("POST /clients/{id}/merge/confirm", access.ClientMerge, h.mergeConfirm),
		onClient("POST /clients/{id}/merge/undo", access.ClientMerge, h.mergeUndo),

		// Need-to-know, special-category data, the supervisor's screens.
		onClient("POST /clients/{id}/access-reason", access.AccessReasonGive, h.accessReasonGive),
		onClient("GET /clients/{id}/sensitive", access.ClientReadSensitive, h.sensitiveShow),
		onClient("POST /clients/{id}/sensitive", access.ClientUpdateSensitive, h.sensitiveUpdate),
		// Background, language tests and assessments (assessment_*.go).
		onClient("GET /clients/{id}/assessment", access.AssessmentRead, h.assessmentOverview),
		onClient("GET /clients/{id}/assessment/background", access.AssessmentUpdate, h.backgroundEdit),
		onClient("POST /clients/{id}/assessment/background", access.AssessmentUpdate, h.backgroundUpdate),
		onClient("GET /clients/{id}/assessment/language-tests/new", access.AssessmentCreate, h.languageTestNew),
		onClient("POST /clients/{id}/assessment/language-tests", access.AssessmentCreate, h.languageTestCreate),
		onClient("GET /clients/{id}/assessments/new", access.AssessmentCreate, h.assessmentNew),
		onClient("POST /clients/{id}/assessments", access.AssessmentCreate, h.assessmentCreate),
		onClient("GET /clients/{id}/assessments/{assessmentId}", access.AssessmentRead, h.assessmentEdit),
		onClient("POST /clients/{id}/assessments/{assessmentId}", access.AssessmentUpdate, h.assessmentUpdate),
		onClient("POST /clients/{id}/assignments", access.ClientAssign, h.assignmentAdd),
		onClient("POST /clients/{id}/assignments/{userId}/remove", access.ClientAssign, h.assignmentRemove),
		onClient("POST /clients/{id}/team", access.ClientAssign, h.clientTeamSet),
		// Integration plans (plan_*.go).
		onClient("GET /clients/{id}/plans", access.PlanRead, h.plansList),
		onClient("GET /clients/{id}/plans/new", access.PlanCreate, h.planNew),
		onClient("POST /clients/{id}/plans", access.PlanCreate, h.planCreate),
		onClient("GET /clients/{id}/plans/{planId}", access.PlanRead, h.planShow),
		onClient("POST /clients/{id}/plans/{planId}", access.PlanRevise, h.planRevise),
		onClient("GET /clients/{id}/plans/{planId}/edit", access.PlanRevise, h.planEdit),
		onClient("GET /clients/{id}/plans/{planId}/pdf", access.PlanRead, h.planPDF),
		onClient("GET /clients/{id}/plans/{planId}/versions/{n}", access.PlanRead, h.planVersionShow),
		onClient("POST /clients/{id}/plans/{planId}/versions/{n}/warnings/{code}/acknowledge", access.PlanAcknowledge, h.planAcknowledge),
		onClient("POST /clients/{id}/plans/{planId}/follow-ups", access.PlanFollowUp, h.planFollowUp),
		// Reception and placement, household links (placement_*.go, household_*.go).
		onClient("GET /clients/{id}/placement", access.PlacementRead, h.placementShow),
		onClient("POST /clients/{id}/placement", access.PlacementUpdate, h.placementSave),
		onClient("POST /clients/{id}/household", access.HouseholdUpdate, h.householdLink),
		onClient("POST /clients/{id}/household/{linkId}/remove", access.HouseholdUpdate, h.householdUnlink),
		org("GET /teams", access.ClientAssign, h.teamsList),
		org("POST /teams", access.ClientAssign, h.teamCreate),
		org("POST /teams/{teamId}/members", access.ClientAssign, h.teamMemberAdd),
		org("POST /teams/{teamId}/members/{userId}/remove", access.ClientAssign, h.teamMemberRemove),
		org("GET /review", access.AccessReasonReview, h.reviewQueue),

		// Service providers, the service catalogue and referrals.
		onClient("GET /clients/{id}/referrals", access.ReferralRead, h.referralsShow),
		onClient("POST /clients/{id}/referrals", access.ReferralCreate, h.referralCreate),
		onClient("POST /clients/{id}/referrals/{referralId}/events", access.ReferralUpdate, h.referralStep),
		org("GET /referrals", access.ReferralList, h.referralsList),
		org("GET /services", access.ReferralServiceList, h.servicesList),
		org("POST /services", access.ReferralServiceManage, h.serviceCreate),
		org("POST /review/{reasonId}", access.AccessReasonReview, h.reviewMark),
		// The organisation-wide disclosure log (disclosure_log.go, ADR 35).
		org("GET /disclosure-log", access.DisclosureLog, h.disclosureLogShow),
		org("GET /disclosure-log.csv", access.DisclosureLog, h.disclosureLogCSV),
		// The DPO's finder and client page, the organisation-wide access log
		// (dpo_clients.go, access_log_org.go, access_log_user.go; ADR 38).
		org("GET /dpo/clients", access.ClientIdentify, h.dpoClients),
		org("POST /dpo/clients/search", access.ClientIdentify, h.dpoClientsSearch),
		onClient("GET /dpo/clients/{id}", access.ClientIdentify, h.dpoClientShow),
		org("GET /access-log", access.AuditReadOrg, h.accessLogOrgShow),
		org("GET /access-log.csv", access.AuditReadOrg, h.accessLogOrgCSV),
		org("GET /access-log.xlsx", access.AuditReadOrg, h.accessLogOrgXLSX),
		org("GET /access-log/users/{userId}", access.AuditReadOrg, h.accessLogUserShow),

		// Staff authentication: second factor, single sign-on, own account.
		public("GET /login/totp", h.mfaLoginShow),
		public("POST /login/totp", h.mfaLoginSubmit),
		public("POST /login/webauthn/begin", h.webAuthnLoginBegin),
		public("POST /login/webauthn/finish", h.webAuthnLoginFinish),
		public("GET /login/sso", h.ssoStart),
		public("GET /login/sso/callback", h.ssoCallback),
		org("GET /account/password", "", h.passwordEdit),
		org("POST /account/password", "", h.passwordUpdate),
		org("GET /account/totp", access.SelfManage, h.mfaEnrolShow),
		org("POST /account/totp", access.SelfManage, h.mfaEnrolSubmit),
		org("POST /account/totp/disable", access.SelfManage, h.mfaDisableSubmit),
		org("POST /account/webauthn/begin", access.SelfManage, h.webAuthnRegisterBegin),
		org("POST /account/webauthn/finish", access.SelfManage, h.webAuthnRegisterFinish),
		org("POST /account/webauthn/{id}/remove", access.SelfManage, h.webAuthnRemove),
		org("GET /account/sessions", access.SelfManage, h.accountSessionsList),
		org("POST /account/sessions/{id}/end", access.SelfManage, h.accountSessionsEnd),
		org("GET /account/organisation", access.SelfManage, h.organisationShow),
		org("POST /account/organisation", access.SelfManage, h.organisationSet),

		// User administration of the own organisation (the service checks
		// the organisation).
		org("GET /admin/users", access.UserManage, h.adminUsersList),
		org("POST /admin/users", access.UserManage, h.adminUsersCreate),
		org("POST /admin/users/{username}/roles", access.UserManage, h.adminUsersRoles),
		org("POST /admin/users/{username}/disable", access.UserManage, h.adminUsersDisable),
		org("POST /admin/users/{username}/enable", access.UserManage, h.adminUsersEnable),
		org("POST /admin/users/{username}/end-sessions", access.UserManage, h.adminUsersEndSessions),
		org("POST /admin/users/{username}/end-date", access.UserManage, h.adminUsersEndDate),
	}
}

// Routes returns the route table (for the authorization-matrix test).
func (h *Handler) Routes() []httpx.Route {
	t := h.table()
	out := make([]httpx.Route, len(t))
	for i, r := range t {
		out[i] = r.Route
	}
	return out
}

// Register adds every UI route to mux. Protected routes get the session
// middleware and the route's action check.
func (h *Handler) Register(mux *http.ServeMux) {
	for _, r := range h.table() {
		var hd http.Handler = r.handle
		if !r.Public {
			hd = h.requireSession(r.Route, hd)
		}
		mux.Handle(r.Pattern, hd)
	}
}
