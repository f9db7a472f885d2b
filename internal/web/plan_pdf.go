package web

import (
	"bytes"
	"net/http"
	"strconv"

	"koto/internal/plan"
)

// planPDF sends the printable plan in the language ?lang= names, else the
// client's service language (fi, sv, en), else Finnish.
func (h *Handler) planPDF(w http.ResponseWriter, r *http.Request) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	p, name, lang, err := h.Plans.Document(r.Context(), actor(r), id, planID, r.URL.Query().Get("lang"))
	if err != nil {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	var buf bytes.Buffer
	if err := plan.WritePDF(&buf, p, name, lang, h.catalog.Printer(lang).T); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Language", lang)
	hd.Set("Content-Disposition", `attachment; filename="plan-v`+strconv.Itoa(p.Number)+"-"+lang+`.pdf"`)
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
