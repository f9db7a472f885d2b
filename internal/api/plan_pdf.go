package api

import (
	"bytes"
	"net/http"
	"strconv"

	"koto/internal/access"
	"koto/internal/plan"
)

// planPDF answers the printable plan (application/pdf) in the language
// ?lang= asks for (fi, sv, en), else the client's service language when it
// is one of them, else Finnish.
func (a *API) planPDF(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	p, name, lang, err := a.Plans.Document(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"), r.URL.Query().Get("lang"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := plan.WritePDF(&buf, p, name, lang, a.catalog.Printer(lang).T); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Language", lang)
	h.Set("Content-Disposition", `attachment; filename="plan-`+p.PlanID+"-v"+strconv.Itoa(p.Number)+`.pdf"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}
