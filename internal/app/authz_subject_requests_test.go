package app

import (
	"context"
	"testing"

	"koto/internal/subjectrequest"
)

// subjectRequestOf is a fresh data subject's request (an access request,
// open, identity not verified) of a fresh client: of organisation 001 for
// the own relations, of 002 for otherOrg, registered by a DPO of that
// organisation.
func (w *world) subjectRequestOf(t *testing.T, rel relation) string {
	t.Helper()
	org, sup := "001", w.supA
	if rel == otherOrg {
		org, sup = "002", w.supB
	}
	r, err := w.env.SubjectRequests.Register(context.Background(), w.dpo(t, org), w.newClient(t, sup), subjectrequest.Input{Kind: subjectrequest.KindAccess,
		Channel: "letter", Received: "2025-01-02", Details: "Pyydän kaikki tietoni."})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}
