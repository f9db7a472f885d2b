package crypto

import (
	"regexp"
	"testing"
)

func TestBlindIndex(t *testing.T) {
	ring := newTestRing(t)
	base := ring.BlindIndex("org-a", "hetu", "131052-308T")
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(base) {
		t.Fatalf("BlindIndex = %q, want 64 lowercase hex characters", base)
	}
	if ring.BlindIndex("org-a", "hetu", "131052-308T") != base {
		t.Fatal("BlindIndex is not deterministic")
	}

	tests := []struct {
		name                  string
		orgID, purpose, value string
	}{
		{"other org", "org-b", "hetu", "131052-308T"},
		{"other purpose", "org-a", "email", "131052-308T"},
		{"other value", "org-a", "hetu", "131052-308U"},
		// Moving bytes between parts must change the index.
		{"shifted boundary", "org-a", "hetu1", "31052-308T"},
		{"swapped org and purpose", "hetu", "org-a", "131052-308T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ring.BlindIndex(tt.orgID, tt.purpose, tt.value); got == base {
				t.Fatalf("BlindIndex(%q, %q, %q) equals the base index", tt.orgID, tt.purpose, tt.value)
			}
		})
	}

	// Another ring (another blind-index key) gives another index.
	if newTestRing(t).BlindIndex("org-a", "hetu", "131052-308T") == base {
		t.Fatal("BlindIndex does not depend on the ring's key")
	}
}
