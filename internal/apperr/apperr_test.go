package apperr

import (
	"strings"
	"testing"
)

func TestValidationText(t *testing.T) {
	tests := []struct {
		name, s, required, want string
	}{
		{"empty optional", "", "", ""},
		{"empty required", "", "x.required", "x.required"},
		{"line breaks and tabs", "a\r\nb\tc", "", ""},
		{"at the limit", strings.Repeat("ä", 10), "", ""},
		{"too long", strings.Repeat("ä", 11), "", "validation.too_long"},
		{"control character", "a\x00b", "", "validation.text_chars"},
		{"escape", "a\x1b[31m", "", "validation.text_chars"},
		{"invalid UTF-8", "a\xffb", "", "validation.text_chars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v Validation
			v.Text("f", tt.s, 10, tt.required)
			got := ""
			if len(v.Fields) > 0 {
				got = v.Fields[0].Key
			}
			if got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}
