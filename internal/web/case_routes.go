package web

import "koto/internal/access"

// caseRoutes are the UI routes of need-to-know access, special-category
// data and the supervisor's screens.
func (h *Handler) caseRoutes() []route {
	return []route{
		{Route{Pattern: "POST /clients/{id}/access-reason", Action: access.AccessReasonGive}, h.accessReasonGive},
		{Route{Pattern: "GET /clients/{id}/sensitive", Action: access.ClientReadSensitive}, h.sensitiveShow},
		{Route{Pattern: "POST /clients/{id}/sensitive", Action: access.ClientUpdateSensitive}, h.sensitiveUpdate},
		{Route{Pattern: "POST /clients/{id}/assignments", Action: access.ClientAssign}, h.assignmentAdd},
		{Route{Pattern: "POST /clients/{id}/assignments/{userId}/remove", Action: access.ClientAssign}, h.assignmentRemove},
		{Route{Pattern: "GET /review", Action: access.AccessReasonReview}, h.reviewQueue},
		{Route{Pattern: "POST /review/{reasonId}", Action: access.AccessReasonReview}, h.reviewMark},
	}
}
