package crypto

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestOrgKeyWrapRoundTrip(t *testing.T) {
	ring := newTestRing(t)
	key := newTestDEK(t)
	w, err := ring.WrapOrgKey("org-a", key)
	if err != nil {
		t.Fatal(err)
	}
	if w.KeyID != "m1" || w.KeyID != ring.PrimaryID() {
		t.Fatalf("KeyID = %q, want primary m1", w.KeyID)
	}
	got, err := ring.UnwrapOrgKey("org-a", w)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("UnwrapOrgKey = %x, %v", got, err)
	}
}

func TestOrgKeyUnwrapFailures(t *testing.T) {
	ring := newTestRing(t)
	key := newTestDEK(t)
	w, err := ring.WrapOrgKey("org-a", key)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		ring    *MasterRing
		orgID   string
		w       Wrapped
		unknown bool
	}{
		{"other org", ring, "org-b", w, false},
		{"other ring", newTestRing(t), "org-a", w, false},
		{"unknown master key", ring, "org-a", Wrapped{KeyID: "m9", Ciphertext: w.Ciphertext}, true},
		{"tampered nonce", ring, "org-a", Wrapped{KeyID: w.KeyID, Ciphertext: flip(w.Ciphertext, 0)}, false},
		{"tampered ciphertext", ring, "org-a", Wrapped{KeyID: w.KeyID, Ciphertext: flip(w.Ciphertext, 12)}, false},
		{"tampered tag", ring, "org-a", Wrapped{KeyID: w.KeyID, Ciphertext: flip(w.Ciphertext, len(w.Ciphertext)-1)}, false},
		{"truncated", ring, "org-a", Wrapped{KeyID: w.KeyID, Ciphertext: w.Ciphertext[:20]}, false},
		{"empty", ring, "org-a", Wrapped{KeyID: w.KeyID}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ring.UnwrapOrgKey(tt.orgID, tt.w)
			wantDecryptErr(t, err, key)
			if tt.unknown != errors.Is(err, ErrUnknownKey) {
				t.Fatalf("errors.Is(err, ErrUnknownKey) = %v, want %v (err %v)", !tt.unknown, tt.unknown, err)
			}
		})
	}

	if _, err := ring.WrapOrgKey("", key); err == nil {
		t.Fatal("WrapOrgKey accepted an empty organisation id")
	}
	if _, err := ring.WrapOrgKey("org-a", key[:16]); err == nil {
		t.Fatal("WrapOrgKey accepted a 16-byte key")
	}
}

func TestRotate(t *testing.T) {
	ring := newTestRing(t)
	key := newTestDEK(t)
	old, err := ring.WrapOrgKey("org-a", key)
	if err != nil {
		t.Fatal(err)
	}
	blindBefore := ring.BlindIndex("org-a", "hetu", "131052-308T")

	mk, err := ring.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if mk.ID != "m2" || ring.PrimaryID() != "m2" || len(mk.Key) != KeySize {
		t.Fatalf("Rotate = %q, primary %q; want m2", mk.ID, ring.PrimaryID())
	}

	// Wrapped under m1, still unwraps.
	got, err := ring.UnwrapOrgKey("org-a", old)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("UnwrapOrgKey(m1) after Rotate = %x, %v", got, err)
	}
	// Re-wrapping (and new wrapping) uses m2.
	re, err := ring.RewrapOrgKey("org-a", old)
	if err != nil {
		t.Fatal(err)
	}
	if re.KeyID != "m2" {
		t.Fatalf("RewrapOrgKey KeyID = %q, want m2", re.KeyID)
	}
	got, err = ring.UnwrapOrgKey("org-a", re)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("UnwrapOrgKey(m2) = %x, %v", got, err)
	}
	if w, _ := ring.WrapOrgKey("org-b", key); w.KeyID != "m2" {
		t.Fatalf("WrapOrgKey after Rotate used %q, want m2", w.KeyID)
	}
	// Rotation does not touch blind indexes.
	if ring.BlindIndex("org-a", "hetu", "131052-308T") != blindBefore {
		t.Fatal("blind index changed on Rotate")
	}

	// Ids stay unique even when numbering has gaps.
	ring2, err := NewMasterRing([]MasterKey{mustMasterKey(t, "m3"), mustMasterKey(t, "m2")}, newTestDEK(t))
	if err != nil {
		t.Fatal(err)
	}
	mk, err = ring2.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if mk.ID != "m4" || strings.Join(ring2.KeyIDs(), ",") != "m3,m2,m4" {
		t.Fatalf("Rotate = %q, ids %v", mk.ID, ring2.KeyIDs())
	}
}

func mustMasterKey(t testing.TB, id string) MasterKey {
	t.Helper()
	k, err := GenerateMasterKey(id)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRingMarshalParse(t *testing.T) {
	ring := newTestRing(t)
	if _, err := ring.Rotate(); err != nil {
		t.Fatal(err)
	}
	key := newTestDEK(t)
	w1, err := ring.WrapOrgKey("org-a", key)
	if err != nil {
		t.Fatal(err)
	}

	data, err := ring.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f["version"] != 1.0 || f["primary"] != "m2" || len(f["keys"].([]any)) != 2 || f["blindIndexKey"] == "" {
		t.Fatalf("unexpected ring file: %s", data)
	}

	parsed, err := ParseRing(data)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.PrimaryID() != "m2" || strings.Join(parsed.KeyIDs(), ",") != "m1,m2" {
		t.Fatalf("parsed primary %q, ids %v", parsed.PrimaryID(), parsed.KeyIDs())
	}
	got, err := parsed.UnwrapOrgKey("org-a", w1)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("parsed ring UnwrapOrgKey = %x, %v", got, err)
	}
	if a, b := ring.BlindIndex("o", "hetu", "v"), parsed.BlindIndex("o", "hetu", "v"); a != b {
		t.Fatal("blind index differs after marshal/parse")
	}
	again, err := parsed.Marshal()
	if err != nil || !bytes.Equal(again, data) {
		t.Fatalf("re-marshal differs: %v", err)
	}
}

func TestParseRingRejects(t *testing.T) {
	b64 := func(n int, fill byte) string {
		return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{fill}, n))
	}
	k1, k2, bk := b64(32, 1), b64(32, 2), b64(32, 9)
	file := func(version int, primary, keys, blind string) string {
		return fmt.Sprintf(`{"version":%d,"primary":%q,"keys":[%s],"blindIndexKey":%q}`, version, primary, keys, blind)
	}
	key := func(id, k string) string { return fmt.Sprintf(`{"id":%q,"key":%q}`, id, k) }

	valid := file(1, "m2", key("m1", k1)+","+key("m2", k2), bk)
	if _, err := ParseRing([]byte(valid)); err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}

	tests := []struct {
		name string
		data string
	}{
		{"empty", ``},
		{"not json", `version: 1`},
		{"truncated", valid[:len(valid)-2]},
		{"trailing data", valid + `{}`},
		{"unknown field", `{"version":1,"primary":"m1","keys":[` + key("m1", k1) + `],"blindIndexKey":"` + bk + `","extra":1}`},
		{"wrong version", file(2, "m1", key("m1", k1), bk)},
		{"missing version", `{"primary":"m1","keys":[` + key("m1", k1) + `],"blindIndexKey":"` + bk + `"}`},
		{"no keys", file(1, "", "", bk)},
		{"duplicate ids", file(1, "m1", key("m1", k1)+","+key("m1", k2), bk)},
		{"duplicate key material", file(1, "m2", key("m1", k1)+","+key("m2", k1), bk)},
		{"master key equals blind key", file(1, "m1", key("m1", bk), bk)},
		{"short key", file(1, "m1", key("m1", b64(16, 1)), bk)},
		{"long key", file(1, "m1", key("m1", b64(33, 1)), bk)},
		{"empty key", file(1, "m1", key("m1", ""), bk)},
		{"bad base64", file(1, "m1", key("m1", "!!!!"), bk)},
		{"short blind key", file(1, "m1", key("m1", k1), b64(31, 9))},
		{"missing blind key", file(1, "m1", key("m1", k1), "")},
		{"empty id", file(1, "", key("", k1), bk)},
		{"bad id", file(1, "m 1", key("m 1", k1), bk)},
		{"primary not newest", file(1, "m1", key("m1", k1)+","+key("m2", k2), bk)},
		{"primary unknown", file(1, "m3", key("m1", k1)+","+key("m2", k2), bk)},
		{"missing primary", `{"version":1,"keys":[` + key("m1", k1) + `],"blindIndexKey":"` + bk + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRing([]byte(tt.data))
			if err == nil {
				t.Fatal("ParseRing succeeded, want error")
			}
			for _, secret := range []string{k1, k2, bk} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("error %q leaks key material", err)
				}
			}
		})
	}
}

func TestNewMasterRingRejects(t *testing.T) {
	m1 := mustMasterKey(t, "m1")
	blind := newTestDEK(t)
	tests := []struct {
		name  string
		keys  []MasterKey
		blind []byte
	}{
		{"no keys", nil, blind},
		{"no blind key", []MasterKey{m1}, nil},
		{"short master key", []MasterKey{{ID: "m1", Key: make([]byte, 16)}}, blind},
		{"duplicate id", []MasterKey{m1, {ID: "m1", Key: newTestDEK(t)}}, blind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewMasterRing(tt.keys, tt.blind); err == nil {
				t.Fatal("NewMasterRing succeeded, want error")
			}
		})
	}
	if _, err := GenerateMasterKey(""); err == nil {
		t.Fatal("GenerateMasterKey accepted an empty id")
	}
}

// TestRingCopiesKeys checks the ring is not affected when the caller wipes
// the slices it passed in, as ParseRing and careful callers do.
func TestRingCopiesKeys(t *testing.T) {
	m1 := mustMasterKey(t, "m1")
	blind := newTestDEK(t)
	ring, err := NewMasterRing([]MasterKey{m1}, blind)
	if err != nil {
		t.Fatal(err)
	}
	before := ring.BlindIndex("o", "p", "v")
	key := newTestDEK(t)
	w, err := ring.WrapOrgKey("org-a", key)
	if err != nil {
		t.Fatal(err)
	}
	Wipe(m1.Key)
	Wipe(blind)
	if ring.BlindIndex("o", "p", "v") != before {
		t.Fatal("blind index changed after wiping the caller's key")
	}
	if got, err := ring.UnwrapOrgKey("org-a", w); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("UnwrapOrgKey after wiping caller's key = %x, %v", got, err)
	}
}

// TestRingConcurrent exercises Rotate alongside wrapping and unwrapping; run
// with -race.
func TestRingConcurrent(t *testing.T) {
	ring := newTestRing(t)
	key := newTestDEK(t)
	done := make(chan error, 4)
	for range 4 {
		go func() {
			for range 50 {
				w, err := ring.WrapOrgKey("org-a", key)
				if err == nil {
					_, err = ring.UnwrapOrgKey("org-a", w)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 5 {
		if _, err := ring.Rotate(); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if ring.PrimaryID() != "m6" {
		t.Fatalf("primary = %q, want m6", ring.PrimaryID())
	}
}
