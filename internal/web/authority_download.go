package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"koto/internal/authority"
)

// authorityDownloadJSON sends the content an approved request disclosed,
// as recorded (byte for byte what contentHash covers), with the
// disclosure's particulars (every download logged).
func (h *Handler) authorityDownloadJSON(w http.ResponseWriter, r *http.Request) {
	d, ok := h.authorityDelivery(w, r, authority.FormatJSON)
	if !ok {
		return
	}
	doc := struct {
		DisclosureID string          `json:"disclosureId"`
		RequestID    string          `json:"requestId"`
		Recipient    string          `json:"recipient"`
		Provision    string          `json:"provision"`
		DisclosedAt  time.Time       `json:"disclosedAt"`
		Items        []string        `json:"items"`
		ContentHash  string          `json:"contentHash"`
		Content      json.RawMessage `json:"content"`
	}{d.Disclosure.ID, d.Request.ID, d.Disclosure.Recipient, d.Disclosure.BasisDetail, d.Disclosure.CreatedAt.UTC(), d.Disclosure.Items,
		d.Disclosure.ContentHash, d.Disclosure.Content}
	// Compact and without HTML escaping, so that "content" holds exactly
	// the bytes contentHash covers.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		h.fail(w, r, err)
		return
	}
	sendDownload(w, "application/json", "disclosure-"+d.Disclosure.ID+".json", buf.Bytes())
}

// authorityDownloadPDF sends the printable delivery of an approved
// request in the user's language (every download logged).
func (h *Handler) authorityDownloadPDF(w http.ResponseWriter, r *http.Request) {
	d, ok := h.authorityDelivery(w, r, authority.FormatPDF)
	if !ok {
		return
	}
	pg := h.newPage(r, "authority.title")
	var buf bytes.Buffer
	if err := authority.WritePDF(&buf, d, pg.T); err != nil {
		h.fail(w, r, err)
		return
	}
	sendDownload(w, "application/pdf", "disclosure-"+d.Disclosure.ID+".pdf", buf.Bytes())
}

func (h *Handler) authorityDelivery(w http.ResponseWriter, r *http.Request, format string) (authority.Delivery, bool) {
	id := r.PathValue("id")
	d, err := h.Authority.Download(r.Context(), actor(r), id, r.PathValue("requestId"), format)
	if err != nil {
		h.failOrReason(w, r, err, authorityPath(id))
		return d, false
	}
	return d, true
}

// sendDownload writes a download with a server-chosen file name, never cached.
func sendDownload(w http.ResponseWriter, contentType, name string, b []byte) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}
