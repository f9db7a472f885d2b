package web

import (
	"encoding/json"
	"net/http"
	"time"
)

// sessionKeepAlive is "Stay signed in": it records activity on the
// session now and answers, as JSON, how many seconds the session lasts
// without further activity ({"left": 1800}). The warning in koto.js
// posts here (the cross-origin protection applies as to every POST); a
// session already expired gets the login redirect like any request.
func (h *Handler) sessionKeepAlive(w http.ResponseWriter, r *http.Request) {
	if err := h.Auth.KeepAlive(r.Context(), h.sessionSecret(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	left := h.Auth.Policy().SessionIdle
	if st, ok := sessionTimesOf(r); ok {
		left = max(min(left, time.Until(st.Ends)), 0) // the absolute timeout still bounds it
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(struct {
		Left int `json:"left"`
	}{int(left / time.Second)})
}
