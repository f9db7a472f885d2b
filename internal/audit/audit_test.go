package audit

import (
	"fmt"
	"testing"
	"time"
)

func chain(n int) []Entry {
	var out []Entry
	prev := ""
	for i := 1; i <= n; i++ {
		e := Entry{ID: fmt.Sprint("e", i), Chain: "org1", At: time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC), UserID: "u1", Username: "anna",
			OrgID: "org1", Roles: "caseworker", Action: "client.read", ClientID: "c1", Touched: "card",
			Result: Allowed, Channel: "ui", RequestID: "r1"}
		e.Seal(int64(i), prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(entries []Entry, headSeq int64, headHash string) *Break {
	v := NewVerifier("org1")
	for _, e := range entries {
		v.Next(e)
	}
	return v.End(headSeq, headHash)
}

func TestVerify(t *testing.T) {
	good := chain(5)
	head := good[4]
	tests := []struct {
		name    string
		mutate  func([]Entry) []Entry
		wantSeq int64 // 0 = intact
	}{
		{"intact", func(e []Entry) []Entry { return e }, 0},
		{"altered", func(e []Entry) []Entry { e[2].Touched = "permits"; return e }, 3},
		{"deleted", func(e []Entry) []Entry { return append(e[:1:1], e[2:]...) }, 2},
		{"swapped", func(e []Entry) []Entry { e[1], e[2] = e[2], e[1]; return e }, 2},
		{"truncated", func(e []Entry) []Entry { return e[:4] }, 5},
		{"altered result", func(e []Entry) []Entry { e[0].Result = Denied; return e }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.mutate(append([]Entry(nil), good...))
			b := verify(entries, head.Seq, head.Hash)
			switch {
			case tt.wantSeq == 0 && b != nil:
				t.Fatalf("unexpected break: %v", b)
			case tt.wantSeq != 0 && b == nil:
				t.Fatal("tampering not detected")
			case tt.wantSeq != 0 && b.Seq != tt.wantSeq:
				t.Fatalf("break at %d, want %d (%s)", b.Seq, tt.wantSeq, b.Reason)
			}
		})
	}
}

func TestCanonicalIsUnambiguous(t *testing.T) {
	a := Entry{Username: "ab", Roles: "c"}
	b := Entry{Username: "a", Roles: "bc"}
	if a.ComputeHash() == b.ComputeHash() {
		t.Fatal("field boundaries are not encoded")
	}
}
