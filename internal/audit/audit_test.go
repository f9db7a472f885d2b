package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"testing"
	"time"

	"koto/internal/crypto"
)

var (
	testKeys  = crypto.NewAuditKeys([]byte("0123456789abcdef0123456789abcdef"))
	otherKeys = crypto.NewAuditKeys([]byte("another secret of thirty-two b.."))
	t0        = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
)

func entry(i int) Entry {
	return Entry{ID: fmt.Sprint("e", i), Chain: "org1", At: t0.Add(time.Duration(i) * time.Second), UserID: "u1", Username: "anna",
		OrgID: "org1", Via: "jp01", Roles: "caseworker", Action: "client.read", ClientID: "c1", Touched: "card",
		Shown: []string{"c3", "c2"}, Result: Allowed, Channel: "ui", RequestID: "r1"}
}

// chain returns n entries sealed as Koto seals them.
func chain(n int) []Entry {
	var out []Entry
	prev := ""
	for i := 1; i <= n; i++ {
		e := entry(i)
		if err := e.Authenticate(testKeys); err != nil {
			panic(err)
		}
		e.Seal(testKeys, int64(i), prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

// v1 turns e into an entry as an older Koto wrote it (no Via, Shown or
// MAC; plain SHA-256).
func v1(e Entry) Entry {
	e.Version, e.Via, e.Shown, e.MAC = Version1, "", nil, ""
	return e
}

// rechain recomputes the links and hashes from entry i on as an attacker
// without the key can: version 2 with a key of their own, or version 1.
func rechain(e []Entry, from int, keys *crypto.AuditKeys, asV1 bool) []Entry {
	prev := ""
	if from > 0 {
		prev = e[from-1].Hash
	}
	for i := from; i < len(e); i++ {
		if asV1 {
			e[i] = v1(e[i])
		} else {
			_ = e[i].Authenticate(keys)
		}
		e[i].Seal(keys, int64(i+1), prev)
		prev = e[i].Hash
	}
	return e
}

func verify(entries []Entry, headSeq int64, headHash string, cp *Head) *Break {
	v := NewVerifier(testKeys, "org1")
	if cp != nil {
		v.Checkpoint(*cp, t0)
	}
	for _, e := range entries {
		v.Next(e)
	}
	return v.End(headSeq, headHash)
}

func TestVerify(t *testing.T) {
	good := chain(6)
	tests := []struct {
		name   string
		mutate func([]Entry) []Entry
		// head: the stored chain head; default the last entry of the result.
		head    func([]Entry) (int64, string)
		cp      *Head
		wantSeq int64 // 0 = intact
	}{
		{"intact", func(e []Entry) []Entry { return e }, nil, nil, 0},
		{"altered", func(e []Entry) []Entry { e[2].Touched = "permits"; return e }, nil, nil, 3},
		{"altered result", func(e []Entry) []Entry { e[0].Result = Denied; return e }, nil, nil, 1},
		{"altered via", func(e []Entry) []Entry { e[1].Via = ""; return e }, nil, nil, 2},
		{"altered shown", func(e []Entry) []Entry { e[1].Shown = e[1].Shown[:1]; return e }, nil, nil, 2},
		{"deleted", func(e []Entry) []Entry { return append(e[:1:1], e[2:]...) }, nil, nil, 2},
		{"swapped", func(e []Entry) []Entry { e[1], e[2] = e[2], e[1]; return e }, nil, nil, 2},
		{"truncated, head kept", func(e []Entry) []Entry { return e[:4] }, func([]Entry) (int64, string) { return good[5].Seq, good[5].Hash }, nil, 5},
		// (a) an entry deleted and the rest chained again without the key.
		{"deleted and rehashed with another key", func(e []Entry) []Entry {
			return rechain(append(e[:1:1], e[2:]...), 1, otherKeys, false)
		}, nil, nil, 2},
		{"deleted and rehashed as version 1", func(e []Entry) []Entry {
			return rechain(append(e[:1:1], e[2:]...), 1, nil, true)
		}, nil, nil, 2},
		{"altered MAC", func(e []Entry) []Entry { e[3].MAC = hex.EncodeToString(make([]byte, 32)); return e }, nil, nil, 4},
		// Entries of an older Koto at the start of the chain verify.
		{"version 1 prefix", func(e []Entry) []Entry {
			e = rechain(e, 0, nil, true)
			return rechain(e, 3, testKeys, false)
		}, nil, nil, 0},
		{"version 1 after version 2", func(e []Entry) []Entry {
			e = rechain(e, 0, nil, true)
			e = rechain(e, 2, testKeys, false)
			return rechain(e, 4, nil, true)
		}, nil, nil, 5},
		{"version 1 with fields it does not cover", func(e []Entry) []Entry {
			e = rechain(e, 0, nil, true)
			e[0].Via = "x"
			return e
		}, nil, nil, 1},
		// A whole chain rewritten as version 1 is caught by a checkpoint.
		{"rewritten as version 1 after a checkpoint", func(e []Entry) []Entry { return rechain(e, 0, nil, true) },
			nil, &Head{Chain: "org1", Seq: 2, Hash: good[1].Hash}, 2},
		{"version 1 beyond the checkpoint", func(e []Entry) []Entry {
			e = rechain(e, 0, nil, true)
			return e
		}, nil, &Head{Chain: "org1"}, 1},
		{"back-dated", func(e []Entry) []Entry {
			e[4].At = e[3].At.Add(-SealDelay - time.Second)
			_ = e[4].Authenticate(testKeys)
			return rechain(e, 4, testKeys, false)
		}, nil, nil, 5},
		{"late within the sealing delay", func(e []Entry) []Entry {
			e[4].At = e[3].At.Add(-SealDelay + time.Second)
			_ = e[4].Authenticate(testKeys)
			return rechain(e, 4, testKeys, false)
		}, nil, nil, 0},
		{"checkpoint matches", func(e []Entry) []Entry { return e }, nil, &Head{Chain: "org1", Seq: 3, Hash: good[2].Hash}, 0},
		{"checkpoint hash differs", func(e []Entry) []Entry { return e }, nil, &Head{Chain: "org1", Seq: 3, Hash: good[1].Hash}, 3},
		// (b) the newest entries removed and the head rewound.
		{"cut short behind the checkpoint", func(e []Entry) []Entry { return e[:3] }, nil, &Head{Chain: "org1", Seq: 5, Hash: good[4].Hash}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.mutate(slices.Clone(good))
			var seq int64
			var hash string
			if tt.head != nil {
				seq, hash = tt.head(entries)
			} else if len(entries) > 0 {
				seq, hash = entries[len(entries)-1].Seq, entries[len(entries)-1].Hash
			}
			b := verify(entries, seq, hash, tt.cp)
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

// The chain hash is keyed: plain SHA-256 of the encoding, which anyone can
// compute, is not it.
func TestChainHashIsKeyed(t *testing.T) {
	e := chain(1)[0]
	sum := sha256.Sum256(e.Canonical())
	if e.Hash == hex.EncodeToString(sum[:]) || e.Hash == e.ComputeHash(otherKeys) {
		t.Fatal("chain hash computable without the chain key")
	}
	if e.MAC == hex.EncodeToString(testKeys.ChainMAC(e.Content())) {
		t.Fatal("entry MAC and chain hash share a key")
	}
}

func TestCanonicalIsUnambiguous(t *testing.T) {
	pairs := [][2]Entry{
		{{Username: "ab", Roles: "c"}, {Username: "a", Roles: "bc"}},
		{{Shown: []string{"ab"}}, {Shown: []string{"a", "b"}}},
		{{Shown: []string{"a"}, RequestID: ""}, {RequestID: "a"}},
		{{Via: "x"}, {OrgID: "x"}},
	}
	for _, p := range pairs {
		for i := range p {
			p[i].Version = Version2
		}
		if string(p[0].Canonical()) == string(p[1].Canonical()) {
			t.Errorf("%+v and %+v encode alike", p[0], p[1])
		}
	}
}

// Shown is a set: the order a list gives its clients in does not matter,
// repeats are dropped, and ids the store could not keep are refused.
func TestAuthenticateShown(t *testing.T) {
	a, b := entry(1), entry(1)
	a.Shown, b.Shown = []string{"c2", "c1", "c3"}, []string{"c3", "c1", "c2", "c1"}
	caller := slices.Clone(a.Shown)
	if err := a.Authenticate(testKeys); err != nil {
		t.Fatal(err)
	}
	if err := b.Authenticate(testKeys); err != nil {
		t.Fatal(err)
	}
	if a.MAC != b.MAC || !slices.Equal(a.Shown, []string{"c1", "c2", "c3"}) {
		t.Fatalf("shown %v / %v, MACs equal %v", a.Shown, b.Shown, a.MAC == b.MAC)
	}
	if caller[0] != "c2" {
		t.Error("Authenticate reordered the caller's slice")
	}
	for _, bad := range []string{"", "c1,c2", "C1", "c-1", "c 1"} {
		e := entry(1)
		e.Shown = []string{bad}
		if err := e.Authenticate(testKeys); err == nil {
			t.Errorf("shown id %q accepted", bad)
		}
	}
	if !a.ValidMAC(testKeys) || a.ValidMAC(otherKeys) {
		t.Error("MAC does not verify with exactly its key")
	}
}
