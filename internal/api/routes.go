package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/httpx"
)

// table is the API's one route table: each route's pattern, the action its
// caller must be allowed (authenticated checks it before the handler runs;
// the services decide need-to-know), whether it is about one client
// ({id}), and its handler. The OpenAPI document and the
// authorization-matrix test read the same table.
func (a *API) table() []route {
	public := func(pattern string, h http.HandlerFunc) route {
		return route{Route: httpx.Route{Pattern: pattern, Public: true}, public: h}
	}
	org := func(pattern string, action access.Action, h handlerFunc) route {
		return route{Route: httpx.Route{Pattern: pattern, Action: action}, authed: h}
	}
	onClient := func(pattern string, action access.Action, h handlerFunc) route {
		return route{Route: httpx.Route{Pattern: pattern, Action: action, Client: true}, authed: h}
	}
	const p = Prefix
	return []route{
		public("GET "+p+"/openapi.json", a.openAPI),
		org("GET "+p+"/me", "", a.me),
		org("GET "+p+"/me/due", access.TimelineDue, a.myDue),
		org("GET "+p+"/codes/{list}", "", a.codeList),

		org("GET "+p+"/clients", access.ClientList, a.listClients),
		org("POST "+p+"/clients", access.ClientCreate, a.createClient),
		org("POST "+p+"/clients/search", access.ClientSearch, a.searchClients),
		onClient("GET "+p+"/clients/{id}", access.ClientRead, a.getClient),
		onClient("PATCH "+p+"/clients/{id}", access.ClientUpdate, a.updateClient),
		onClient("GET "+p+"/clients/{id}/history", access.ClientRead, a.clientHistory),
		onClient("GET "+p+"/clients/{id}/retention-hold", access.RetentionHold, a.getRetentionHold),
		onClient("PUT "+p+"/clients/{id}/retention-hold", access.RetentionHold, a.putRetentionHold),
		onClient("DELETE "+p+"/clients/{id}/retention-hold", access.RetentionHold, a.deleteRetentionHold),
		org("GET "+p+"/retention", access.RetentionPreview, a.getRetention),
		onClient("GET "+p+"/clients/{id}/overview", access.ClientOverview, a.clientOverview),
		onClient("GET "+p+"/clients/{id}/timeline", access.TimelineRead, a.listTimeline),
		onClient("GET "+p+"/clients/{id}/access-log", access.AuditReadClient, a.clientAccessLog),
		// Restriction of processing (restriction.go, ADR 40).
		onClient("GET "+p+"/clients/{id}/restriction", access.RestrictionRead, a.getRestriction),
		onClient("PUT "+p+"/clients/{id}/restriction", access.RestrictionManage, a.placeRestriction),
		onClient("DELETE "+p+"/clients/{id}/restriction", access.RestrictionManage, a.liftRestriction),
		// The data subject's rights (subject_export.go): DPO only.
		onClient("GET "+p+"/clients/{id}/export", access.SubjectExport, a.exportClient),
		// The data subject's requests (subject_request_*.go, ADR 39): the DPO.
		onClient("GET "+p+"/clients/{id}/subject-requests", access.SubjectRequestRead, a.clientSubjectRequests),
		onClient("POST "+p+"/clients/{id}/subject-requests", access.SubjectRequestManage, a.createSubjectRequest),
		org("GET "+p+"/subject-requests", access.SubjectRequestRead, a.listSubjectRequests),
		org("GET "+p+"/subject-requests/{requestId}", access.SubjectRequestRead, a.getSubjectRequest),
		org("POST "+p+"/subject-requests/{requestId}/{action}", access.SubjectRequestManage, a.actOnSubjectRequest),
		onClient("GET "+p+"/clients/{id}/portability", access.SubjectExport, a.clientPortability),
		onClient("POST "+p+"/clients/{id}/merge", access.ClientMerge, a.mergeClients),
		onClient("POST "+p+"/clients/{id}/merge/confirm", access.ClientMerge, a.confirmMerge),
		onClient("POST "+p+"/clients/{id}/merge/undo", access.ClientMerge, a.undoMerge),

		// Need-to-know (needtoknow.go) and special-category data (sensitive.go).
		onClient("POST "+p+"/clients/{id}/access-reasons", access.AccessReasonGive, a.giveReason),
		onClient("GET "+p+"/clients/{id}/assignments", access.ClientRead, a.assignments),
		onClient("PUT "+p+"/clients/{id}/assignments/{userId}", access.ClientAssign, a.assign),
		onClient("DELETE "+p+"/clients/{id}/assignments/{userId}", access.ClientAssign, a.unassign),
		onClient("PUT "+p+"/clients/{id}/team", access.ClientAssign, a.setClientTeam),
		onClient("GET "+p+"/clients/{id}/sensitive", access.ClientReadSensitive, a.getSensitive),
		onClient("PUT "+p+"/clients/{id}/sensitive", access.ClientUpdateSensitive, a.putSensitive),
		// Case notes (note_*.go): never edited or deleted, so a note has
		// no PUT, PATCH or DELETE (405); a correction is an amendment.
		onClient("GET "+p+"/clients/{id}/notes", access.NoteRead, a.listNotes),
		onClient("POST "+p+"/clients/{id}/notes", access.NoteCreate, a.createNote),
		onClient("GET "+p+"/clients/{id}/notes/{noteId}", access.NoteRead, a.getNote),
		onClient("POST "+p+"/clients/{id}/notes/{noteId}/amendments", access.NoteAmend, a.amendNote),
		// Consents (consent_*.go): never edited or deleted, so a consent
		// has no PUT, PATCH or DELETE (405); a withdrawal is an event.
		onClient("GET "+p+"/clients/{id}/consents", access.ConsentRead, a.listConsents),
		onClient("POST "+p+"/clients/{id}/consents", access.ConsentGive, a.createConsent),
		onClient("GET "+p+"/clients/{id}/consents/{consentId}", access.ConsentRead, a.getConsent),
		onClient("POST "+p+"/clients/{id}/consents/{consentId}/withdrawal", access.ConsentWithdraw, a.withdrawConsent),
		// Disclosures (disclosure_*.go, ADR 31): never changed or deleted,
		// so a disclosure has no PUT, PATCH or DELETE (405). A provider's
		// users read the packages addressed to their organisation.
		onClient("GET "+p+"/clients/{id}/disclosures", access.DisclosureRead, a.listDisclosures),
		onClient("POST "+p+"/clients/{id}/disclosures", access.DisclosureProvider, a.createDisclosure),
		onClient("GET "+p+"/clients/{id}/disclosures/{disclosureId}", access.DisclosureRead, a.getDisclosure),
		org("GET "+p+"/disclosures", access.DisclosureReceive, a.receivedDisclosures),
		org("GET "+p+"/disclosures/{id}", access.DisclosureReceive, a.receivedDisclosure),
		// Attachments (attachment_*.go): uploaded once, never changed
		// (405); the content only as a download, every one logged.
		onClient("GET "+p+"/clients/{id}/attachments", access.AttachmentRead, a.listAttachments),
		onClient("POST "+p+"/clients/{id}/attachments", access.AttachmentCreate, a.createAttachment),
		onClient("GET "+p+"/clients/{id}/attachments/{attachmentId}/content", access.AttachmentRead, a.attachmentContent),

		// Authorities' requests for a client's data (authority_*.go): a
		// request and its decision are never changed (405).
		onClient("GET "+p+"/clients/{id}/disclosure-requests", access.DisclosureRead, a.listDisclosureRequests),
		onClient("POST "+p+"/clients/{id}/disclosure-requests", access.DisclosureAuthorityRequest, a.createDisclosureRequest),
		onClient("GET "+p+"/clients/{id}/disclosure-requests/{requestId}", access.DisclosureRead, a.getDisclosureRequest),
		onClient("POST "+p+"/clients/{id}/disclosure-requests/{requestId}/decision", access.DisclosureAuthorityDecide, a.decideDisclosureRequest),

		// Integration plans (plan_*.go).
		onClient("GET "+p+"/clients/{id}/plans", access.PlanRead, a.listPlans),
		onClient("POST "+p+"/clients/{id}/plans", access.PlanCreate, a.createPlan),
		onClient("GET "+p+"/clients/{id}/plans/{planId}", access.PlanRead, a.getPlan),
		onClient("PUT "+p+"/clients/{id}/plans/{planId}", access.PlanRevise, a.revisePlan),
		onClient("GET "+p+"/clients/{id}/plans/{planId}/pdf", access.PlanRead, a.planPDF),
		onClient("GET "+p+"/clients/{id}/plans/{planId}/versions/{n}", access.PlanRead, a.getPlanVersion),
		onClient("POST "+p+"/clients/{id}/plans/{planId}/versions/{n}/warnings/{code}/acknowledge", access.PlanAcknowledge, a.acknowledgePlanWarning),
		onClient("POST "+p+"/clients/{id}/plans/{planId}/follow-ups", access.PlanFollowUp, a.addPlanFollowUp),

		// Background, language tests and assessments (assessment*.go).
		onClient("GET "+p+"/clients/{id}/assessments", access.AssessmentRead, a.listAssessments),
		onClient("POST "+p+"/clients/{id}/assessments", access.AssessmentCreate, a.createAssessment),
		onClient("GET "+p+"/clients/{id}/assessments/{assessmentId}", access.AssessmentRead, a.getAssessment),
		onClient("PUT "+p+"/clients/{id}/assessments/{assessmentId}", access.AssessmentUpdate, a.updateAssessment),
		onClient("GET "+p+"/clients/{id}/background", access.AssessmentRead, a.getBackground),
		onClient("PUT "+p+"/clients/{id}/background", access.AssessmentUpdate, a.putBackground),
		onClient("GET "+p+"/clients/{id}/language-tests", access.AssessmentRead, a.listLanguageTests),
		onClient("POST "+p+"/clients/{id}/language-tests", access.AssessmentCreate, a.createLanguageTest),

		// Reception and placement, household links (placement.go, household.go).
		onClient("GET "+p+"/clients/{id}/placement", access.PlacementRead, a.getPlacement),
		onClient("PUT "+p+"/clients/{id}/placement", access.PlacementUpdate, a.putPlacement),
		onClient("GET "+p+"/clients/{id}/household", access.HouseholdRead, a.household),
		onClient("POST "+p+"/clients/{id}/household", access.HouseholdUpdate, a.linkHousehold),
		onClient("DELETE "+p+"/clients/{id}/household/{linkId}", access.HouseholdUpdate, a.unlinkHousehold),
		org("GET "+p+"/access-reasons", access.AccessReasonReview, a.reviewQueue),
		org("POST "+p+"/access-reasons/{id}/review", access.AccessReasonReview, a.markReviewed),
		org("GET "+p+"/teams", access.ClientAssign, a.teams),
		org("POST "+p+"/teams", access.ClientAssign, a.createTeam),
		org("PUT "+p+"/teams/{id}/members/{userId}", access.ClientAssign, a.addTeamMember),
		org("DELETE "+p+"/teams/{id}/members/{userId}", access.ClientAssign, a.removeTeamMember),

		// Service providers, the service catalogue and referrals (referral_*.go).
		onClient("GET "+p+"/clients/{id}/referrals", access.ReferralRead, a.listReferrals),
		onClient("POST "+p+"/clients/{id}/referrals", access.ReferralCreate, a.createReferral),
		onClient("POST "+p+"/clients/{id}/referrals/{referralId}/events", access.ReferralUpdate, a.createReferralEvent),
		org("GET "+p+"/referrals", access.ReferralList, a.referralsByProvider),
		// National repository records (natrep_export.go, decree 874/2024).
		org("GET "+p+"/national-repository", access.NatrepExport, a.exportNationalRepository),
		onClient("GET "+p+"/clients/{id}/national-repository", access.NatrepRead, a.getNationalRepository),
		// The organisation-wide disclosure log (disclosure_log.go, ADR 35).
		// GET /disclosures is the provider users' (their received packages).
		org("GET "+p+"/disclosure-log", access.DisclosureLog, a.disclosureLog),
		org("GET "+p+"/disclosure-log.csv", access.DisclosureLog, a.disclosureLogCSVFile),
		// The organisation-wide access log (access_log_org.go, ADR 38).
		org("GET "+p+"/access-log", access.AuditReadOrg, a.orgAccessLog),
		org("GET "+p+"/access-log.csv", access.AuditReadOrg, a.orgAccessLogCSV),
		org("GET "+p+"/access-log.xlsx", access.AuditReadOrg, a.orgAccessLogXLSX),
		org("GET "+p+"/access-log/users/{userId}", access.AuditReadOrg, a.orgAccessLogUser),
		// Hand-over of integration records and transfers between
		// municipalities (handover_*.go, transfer_*.go, ADR 34).
		onClient("GET "+p+"/clients/{id}/handover", access.HandoverExport, a.exportHandover),
		org("POST "+p+"/handover", access.HandoverImport, a.importHandover),
		onClient("POST "+p+"/clients/{id}/transfers", access.TransferRequest, a.requestTransfer),
		org("GET "+p+"/transfers", access.TransferRead, a.listTransfers),
		org("GET "+p+"/transfers/{transferId}", access.TransferRead, a.getTransfer),
		org("POST "+p+"/transfers/{transferId}/acceptance", access.TransferDecide, a.acceptTransfer),
		org("POST "+p+"/transfers/{transferId}/refusal", access.TransferDecide, a.refuseTransfer),

		org("GET "+p+"/services", access.ReferralServiceList, a.listServices),
		org("POST "+p+"/services", access.ReferralServiceManage, a.createService),
		org("GET "+p+"/providers", access.ReferralServiceList, a.listProviders),
	}
}
