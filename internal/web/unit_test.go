package web

import (
	"testing"
)

func TestLocalPath(t *testing.T) {
	tests := map[string]string{
		"/clients":          "/clients",
		"/clients/x?page=2": "/clients/x?page=2",
		"":                  "/",
		"//evil.example":    "/",
		"/\\evil.example":   "/",
		"https://evil/":     "/",
		"clients":           "/",
		"/a\r\nSet-Cookie:": "/",
	}
	for in, want := range tests {
		if got := localPath(in, "/"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, ok := range map[string]bool{"2024-02-29": true, "29.2.2024": true, "01.02.2000": true,
		"2023-02-29": false, "29.2.2023": false, "1.2.2000x": false, "tomorrow": false, "-1.2.2000": false} {
		if _, err := parseDate(in); (err == nil) != ok {
			t.Errorf("parseDate(%q) ok = %v", in, err == nil)
		}
	}
}

func TestRoutes(t *testing.T) {
	h := &Handler{}
	seen := map[string]bool{}
	for _, r := range h.Routes() {
		if seen[r.Pattern] {
			t.Errorf("route %s twice", r.Pattern)
		}
		seen[r.Pattern] = true
		if r.Public && r.Action != "" {
			t.Errorf("public route %s declares action %s", r.Pattern, r.Action)
		}
	}
}
