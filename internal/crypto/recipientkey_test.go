package crypto

import (
	"bytes"
	"errors"
	"testing"
)

// A recipient key unwraps only for its recipient and disclosure, never as
// an organisation key.
func TestRecipientKeyBinding(t *testing.T) {
	r, err := NewRingFile()
	if err != nil {
		t.Fatal(err)
	}
	dek, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	w, err := r.WrapRecipientKey("org-b", "d1", dek)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.UnwrapRecipientKey("org-b", "d1", w)
	if err != nil || !bytes.Equal(got, dek) {
		t.Fatalf("unwrap: %v", err)
	}
	for _, c := range []struct{ org, id string }{{"org-c", "d1"}, {"org-b", "d2"}} {
		if _, err := r.UnwrapRecipientKey(c.org, c.id, w); !errors.Is(err, ErrDecrypt) {
			t.Errorf("unwrap for %s/%s: %v, want ErrDecrypt", c.org, c.id, err)
		}
	}
	if _, err := r.UnwrapOrgKey("org-b", w); !errors.Is(err, ErrDecrypt) {
		t.Errorf("recipient key unwrapped as an organisation key: %v", err)
	}
}
