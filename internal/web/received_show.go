package web

import (
	"bytes"
	"net/http"

	"koto/internal/disclosure"
)

// receivedShow shows one package addressed to the user's organisation;
// 404 for any other.
func (h *Handler) receivedShow(w http.ResponseWriter, r *http.Request) {
	p, err := h.Disclosures.Package(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "disclosures.package.title")
	pg.Nav = "received"
	items, err := disclosure.Show(p.Package, pg.T)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "received_package", receivedPackagePage{page: pg, PackageID: p.ID, At: pg.Time(p.At), From: p.FromName, Hash: p.Hash, Items: items})
}

// receivedPDF sends the package as a printable PDF in the user's language
// (the labels; the content is as disclosed). The view is logged like
// receivedShow's.
func (h *Handler) receivedPDF(w http.ResponseWriter, r *http.Request) {
	p, err := h.Disclosures.Package(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pr := h.catalog.Printer(language(r))
	items, err := disclosure.Show(p.Package, pr.T)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := disclosure.WritePDF(&buf, disclosure.PDFHeader{From: p.FromName, At: p.At, Hash: p.Hash}, items, pr.T); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `attachment; filename="package-`+p.ID+`.pdf"`)
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
