package crypto

import (
	"encoding/hex"
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

// A Blinder gives BlindIndex's digest, cut to the length asked for, for
// every value in turn.
func TestBlinder(t *testing.T) {
	ring := newTestRing(t)
	b := ring.Blinder("org-a", "name")
	for _, v := range []string{"t:hassan", "p:h", "", "t:hassan", "s:hasan"} {
		want := ring.BlindIndex("org-a", "name", v)
		if got := hex.EncodeToString(b.Sum(v, 32)); got != want {
			t.Errorf("Sum(%q, 32) = %s, want %s", v, got, want)
		}
		if got := hex.EncodeToString(b.Sum(v, 16)); got != want[:32] {
			t.Errorf("Sum(%q, 16) = %s, want %s", v, got, want[:32])
		}
	}
	if hex.EncodeToString(ring.Blinder("org-b", "name").Sum("t:hassan", 32)) == ring.BlindIndex("org-a", "name", "t:hassan") {
		t.Error("Blinder ignores the organisation")
	}
}

func BenchmarkBlinder(b *testing.B) {
	bl := newTestRing(b).Blinder("org-a", "name")
	for b.Loop() {
		bl.Sum("t:mohammed", 16)
	}
}
