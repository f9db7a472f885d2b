package attachment

import (
	"bytes"
	"slices"
)

// Type is an accepted kind of content, decided from the bytes alone.
type Type string

// The accepted types. TIFF and HEIC are not accepted: browsers do not show
// them and scanners and phones can save PDF or JPEG instead (ADR 32).
const (
	Unknown Type = ""
	PDF     Type = "application/pdf"
	PNG     Type = "image/png"
	JPEG    Type = "image/jpeg"
)

// Types are the accepted types.
var Types = []Type{PDF, PNG, JPEG}

// Ext is the extension of a download of the type.
func (t Type) Ext() string {
	switch t {
	case PDF:
		return ".pdf"
	case PNG:
		return ".png"
	case JPEG:
		return ".jpg"
	}
	return ".bin"
}

// Name is the type's name for people (PDF, PNG, JPEG).
func (t Type) Name() string {
	switch t {
	case PDF:
		return "PDF"
	case PNG:
		return "PNG"
	case JPEG:
		return "JPEG"
	}
	return "?"
}

// MatchesName reports whether an uploaded file's name fits the type: a
// name without an extension fits any type, a known extension of another
// type (a .pdf that is a PNG) or an unknown one (.html) does not.
func (t Type) MatchesName(name string) bool {
	ext := extension(name)
	if ext == "" {
		return true
	}
	switch t {
	case PDF:
		return ext == ".pdf"
	case PNG:
		return ext == ".png"
	case JPEG:
		return slices.Contains([]string{".jpg", ".jpeg", ".jpe", ".jfif"}, ext)
	}
	return false
}

// markup is what a browser would take for a web page or a script. Content
// that holds any of it is refused whatever its header says: a polyglot (a
// file that is both a PDF and an HTML page) must not be stored, even
// though a download is never shown inline.
var markup = [][]byte{[]byte("<html"), []byte("<script"), []byte("<!doctype html"), []byte("<svg"), []byte("<iframe"),
	[]byte("<body"), []byte("javascript:")}

// Detect decides the type of b from its content: the PDF header at the
// very start and an end-of-file marker near the end, the PNG signature
// with its header chunk, the JPEG start-of-image marker. Unknown for
// anything else and for anything holding markup.
func Detect(b []byte) Type {
	t := magic(b)
	if t == Unknown {
		return Unknown
	}
	lower := bytes.ToLower(b)
	for _, m := range markup {
		if bytes.Contains(lower, m) {
			return Unknown
		}
	}
	return t
}

func magic(b []byte) Type {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		tail := b[max(0, len(b)-1024):]
		if bytes.Contains(tail, []byte("%%EOF")) {
			return PDF
		}
	case len(b) >= 16 && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && string(b[12:16]) == "IHDR":
		return PNG
	case len(b) >= 4 && bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	}
	return Unknown
}
