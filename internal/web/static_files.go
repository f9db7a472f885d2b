package web

import (
	"embed"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded CSS and JavaScript. They hold no personal
// data and may be cached briefly.
func (h *Handler) staticFiles(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.FileServerFS(staticFS).ServeHTTP(w, r)
}
