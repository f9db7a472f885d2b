package crypto

import (
	"bytes"
	"errors"
	"testing"
)

var testAD = FieldAD{OrgID: "org-a", Table: "clients", Column: "hetu", RowID: "client-1"}

func TestFieldRoundTrip(t *testing.T) {
	dek := newTestDEK(t)
	c, err := NewFieldCipher(dek, "d1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		plaintext []byte
	}{
		{"hetu", []byte("131052-308T")},
		{"empty", []byte{}},
		{"utf8 note", []byte("Asiakas tarvitsee tulkin: العربية")},
		{"binary", bytes.Repeat([]byte{0, 0xff}, 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := c.Seal(tt.plaintext, testAD)
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.plaintext) > 4 && bytes.Contains(sealed, tt.plaintext) {
				t.Fatal("sealed blob contains the plaintext")
			}
			got, err := c.Open(sealed, testAD)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.plaintext) {
				t.Fatalf("Open = %q, want %q", got, tt.plaintext)
			}
			// The function forms must agree with the cipher.
			got, err = OpenField(dek, sealed, testAD)
			if err != nil || !bytes.Equal(got, tt.plaintext) {
				t.Fatalf("OpenField = %q, %v", got, err)
			}
			sealed2, err := SealField(dek, "d1", tt.plaintext, testAD)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(sealed, sealed2) {
				t.Fatal("two seals of the same plaintext are identical; nonce not random")
			}
			if got, err := c.Open(sealed2, testAD); err != nil || !bytes.Equal(got, tt.plaintext) {
				t.Fatalf("Open(SealField) = %q, %v", got, err)
			}
		})
	}
}

func TestFieldWrongAD(t *testing.T) {
	dek := newTestDEK(t)
	plaintext := []byte("131052-308T")
	sealed, err := SealField(dek, "d1", plaintext, testAD)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ad   FieldAD
	}{
		{"other org", FieldAD{OrgID: "org-b", Table: "clients", Column: "hetu", RowID: "client-1"}},
		{"other table", FieldAD{OrgID: "org-a", Table: "contacts", Column: "hetu", RowID: "client-1"}},
		{"other column", FieldAD{OrgID: "org-a", Table: "clients", Column: "notes", RowID: "client-1"}},
		{"other row", FieldAD{OrgID: "org-a", Table: "clients", Column: "hetu", RowID: "client-2"}},
		// Shifting a boundary must not produce the same encoding.
		{"shifted boundary", FieldAD{OrgID: "org-a", Table: "clientsh", Column: "etu", RowID: "client-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenField(dek, sealed, tt.ad)
			wantDecryptErr(t, err, plaintext, dek)
		})
	}
}

func TestFieldWrongKey(t *testing.T) {
	dek := newTestDEK(t)
	sealed, err := SealField(dek, "d1", []byte("secret"), testAD)
	if err != nil {
		t.Fatal(err)
	}
	// Another key under the same id: authentication fails.
	_, err = OpenField(newTestDEK(t), sealed, testAD)
	wantDecryptErr(t, err)

	// A cipher for another key id refuses the blob before trying.
	other, err := NewFieldCipher(dek, "d2")
	if err != nil {
		t.Fatal(err)
	}
	_, err = other.Open(sealed, testAD)
	wantDecryptErr(t, err)
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("err = %v, want ErrUnknownKey", err)
	}
}

func TestFieldTampered(t *testing.T) {
	dek := newTestDEK(t)
	c, err := NewFieldCipher(dek, "d1")
	if err != nil {
		t.Fatal(err)
	}
	plaintext := []byte("131052-308T")
	sealed, err := c.Seal(plaintext, testAD)
	if err != nil {
		t.Fatal(err)
	}
	hl := 2 + len("d1")
	tests := []struct {
		name   string
		sealed []byte
	}{
		{"version", flip(sealed, 0)},
		{"key id length", flip(sealed, 1)},
		{"key id", flip(sealed, 2)},
		{"nonce", flip(sealed, hl)},
		{"ciphertext", flip(sealed, hl+12)},
		{"tag", flip(sealed, len(sealed)-1)},
		{"truncated", sealed[:len(sealed)-1]},
		{"header only", sealed[:hl]},
		{"appended", append(bytes.Clone(sealed), 0)},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Open(tt.sealed, testAD)
			wantDecryptErr(t, err, plaintext, dek)
		})
	}
}

func TestFieldInvalidInput(t *testing.T) {
	dek := newTestDEK(t)
	tests := []struct {
		name  string
		dek   []byte
		keyID string
		ad    FieldAD
	}{
		{"short key", dek[:16], "d1", testAD},
		{"empty key id", dek, "", testAD},
		{"bad key id", dek, "d 1", testAD},
		{"missing org", dek, "d1", FieldAD{Table: "t", Column: "c", RowID: "r"}},
		{"missing table", dek, "d1", FieldAD{OrgID: "o", Column: "c", RowID: "r"}},
		{"missing column", dek, "d1", FieldAD{OrgID: "o", Table: "t", RowID: "r"}},
		{"missing row", dek, "d1", FieldAD{OrgID: "o", Table: "t", Column: "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SealField(tt.dek, tt.keyID, []byte("x"), tt.ad); err == nil {
				t.Fatal("SealField succeeded, want error")
			}
		})
	}
}

func TestSealedKeyID(t *testing.T) {
	dek := newTestDEK(t)
	for _, id := range []string{"d1", "2f1c6a52-8e0b-4c1e-9a57-0d3f0b8e9f11"} {
		sealed, err := SealField(dek, id, []byte("x"), testAD)
		if err != nil {
			t.Fatal(err)
		}
		got, err := SealedKeyID(sealed)
		if err != nil || got != id {
			t.Fatalf("SealedKeyID = %q, %v; want %q", got, err, id)
		}
	}
	for _, bad := range [][]byte{nil, {1}, {2, 1, 'x'}, {1, 0}, {1, 5, 'a', 'b'}} {
		if _, err := SealedKeyID(bad); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("SealedKeyID(%v) err = %v, want ErrDecrypt", bad, err)
		}
	}
}

func TestNewDataKeyAndWipe(t *testing.T) {
	a, b := newTestDEK(t), newTestDEK(t)
	if len(a) != KeySize || bytes.Equal(a, b) {
		t.Fatal("NewDataKey must return distinct 32-byte keys")
	}
	Wipe(a)
	if !bytes.Equal(a, make([]byte, KeySize)) {
		t.Fatal("Wipe left non-zero bytes")
	}
}

func BenchmarkFieldOpen(b *testing.B) {
	dek := newTestDEK(b)
	c, err := NewFieldCipher(dek, "d1")
	if err != nil {
		b.Fatal(err)
	}
	sealed, err := c.Seal([]byte("131052-308T"), testAD)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Open(sealed, testAD); err != nil {
			b.Fatal(err)
		}
	}
}
