package store

import (
	"testing"
	"time"
)

// Ordered identifiers sort by time, whatever their random part.
func TestNewOrderedID(t *testing.T) {
	base := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	prev := ""
	for i := range 1000 {
		id := NewOrderedID(base.Add(time.Duration(i) * time.Millisecond))
		if len(id) != 26 || id <= prev {
			t.Fatalf("id %d %q after %q", i, id, prev)
		}
		prev = id
	}
	if a, b := NewOrderedID(base), NewOrderedID(base); a == b {
		t.Fatal("same id twice")
	}
}
