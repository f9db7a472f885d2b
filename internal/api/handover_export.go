package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/handover"
)

// exportHandover answers the client's integration records as one
// koto-integration-records v1 document (internal/handover/
// integration-records-v1.json) and records the export as a disclosure of
// kind handover: ?to= names the recipient organisation in Koto by code,
// or ?recipient= an office outside Koto; ?basis= the provision (default
// handover.DefaultProvision). The document's id is the disclosure's.
func (a *API) exportHandover(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	q := r.URL.Query()
	doc, _, err := a.Handover.Export(r.Context(), actor, r.PathValue("id"),
		handover.Recipient{OrgCode: q.Get("to"), Name: q.Get("recipient"), BasisDetail: q.Get("basis")})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="integration-records-`+doc.ID+`.json"`)
	writeJSON(w, http.StatusOK, doc)
	return nil
}
