package attachment

import (
	"strings"
	"testing"

	"koto/internal/apperr"
)

// MinimalPDF is a small valid PDF with marker in its text, for tests.
func MinimalPDF(marker string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
		"% " + marker + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

var (
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	jpegBytes = []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9")
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want Type
	}{
		{"pdf", MinimalPDF("x"), PDF},
		{"png", pngBytes, PNG},
		{"jpeg", jpegBytes, JPEG},
		{"empty", nil, Unknown},
		{"text", []byte("hello"), Unknown},
		{"html", []byte("<!DOCTYPE html><html><body>hi</body></html>"), Unknown},
		{"pdf header late", append([]byte("junk\n"), MinimalPDF("x")...), Unknown},
		{"pdf without end", []byte("%PDF-1.4\n1 0 obj\n"), Unknown},
		{"pdf/html polyglot", MinimalPDF("<html><script>alert(1)</script></html>"), Unknown},
		{"pdf with upper-case script", MinimalPDF("<SCRIPT>alert(1)</SCRIPT>"), Unknown},
		{"png without header chunk", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dXXXX"), Unknown},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), Unknown},
		{"zip", []byte("PK\x03\x04rest"), Unknown},
		{"svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.b); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Input{Category: SignedConsent, FileName: "lomake.pdf", Content: MinimalPDF("x")}
	tests := []struct {
		name     string
		change   func(*Input)
		field    string // "" for valid
		key      string
		wantType Type
	}{
		{"valid", func(*Input) {}, "", "", PDF},
		{"no extension", func(in *Input) { in.FileName = "lomake" }, "", "", PDF},
		{"path from a browser", func(in *Input) { in.FileName = `C:\fakepath\LOMAKE.PDF` }, "", "", PDF},
		{"jpeg as .jpeg", func(in *Input) { in.FileName, in.Content = "kuva.jpeg", jpegBytes }, "", "", JPEG},
		{"no category", func(in *Input) { in.Category = "" }, "category", "validation.choice", PDF},
		{"unknown category", func(in *Input) { in.Category = "photo" }, "category", "validation.choice", PDF},
		{"no file", func(in *Input) { in.Content = nil }, "file", "attachment.file_required", Unknown},
		{"too large", func(in *Input) { in.Content = append(MinimalPDF(strings.Repeat("x", 2000)), 0) }, "file", "attachment.too_large", Unknown},
		{"html named .pdf", func(in *Input) { in.Content = []byte("<html><body>x</body></html>") }, "file", "attachment.type_unsupported", Unknown},
		{"png named .pdf", func(in *Input) { in.Content = pngBytes }, "file", "attachment.type_mismatch", PNG},
		{"pdf named .html", func(in *Input) { in.FileName = "x.html" }, "file", "attachment.type_mismatch", PDF},
		{"title too long", func(in *Input) { in.Title = strings.Repeat("a", MaxTitle+1) }, "title", "validation.too_long", PDF},
		{"control character", func(in *Input) { in.Description = "a\x00b" }, "description", "validation.text_chars", PDF},
		{"consent id with a path", func(in *Input) { in.ConsentID = "../x" }, "consentId", "attachment.consent_unknown", PDF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.change(&in)
			in.Normalize()
			typ, err := in.Validate(1024)
			if tt.field == "" {
				if err != nil || typ != tt.wantType {
					t.Fatalf("Validate = %q, %v", typ, err)
				}
				return
			}
			ae, isApp := apperr.As(err)
			if !isApp || ae.Kind != apperr.Invalid {
				t.Fatalf("Validate = %v, want invalid", err)
			}
			found := false
			for _, f := range ae.Fields {
				found = found || (f.Field == tt.field && f.Key == tt.key)
			}
			if !found {
				t.Errorf("fields %+v, want %s: %s", ae.Fields, tt.field, tt.key)
			}
		})
	}
}

func TestFileNameIsChosenByTheServer(t *testing.T) {
	a := Attachment{ID: "abc123", Type: JPEG}
	if got := a.FileName(); got != "liite-abc123.jpg" {
		t.Errorf("FileName = %q", got)
	}
}

// Whatever the bytes, Detect accepts only content that starts with an
// accepted signature and holds no markup.
func FuzzDetect(f *testing.F) {
	f.Add(MinimalPDF("x"))
	f.Add(pngBytes)
	f.Add(jpegBytes)
	f.Add([]byte("<html>%PDF-"))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ := Detect(b)
		if typ == Unknown {
			return
		}
		lower := strings.ToLower(string(b))
		for _, m := range markup {
			if strings.Contains(lower, string(m)) {
				t.Fatalf("accepted %q holding %q", typ, m)
			}
		}
		if typ == PDF && !strings.HasPrefix(string(b), "%PDF-") {
			t.Fatalf("PDF without its header")
		}
	})
}
