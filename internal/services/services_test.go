package services

import (
	"testing"

	"koto/internal/apperr"
)

func TestValidateOwn(t *testing.T) {
	tests := []struct {
		in  Kind
		bad string
	}{
		{Kind{Code: "job-club", Names: map[string]string{"fi": "Työnhakuklubi"}}, ""},
		{Kind{Code: "", Names: map[string]string{"fi": "X"}}, "code"},
		{Kind{Code: "Job Club", Names: map[string]string{"fi": "X"}}, "code"},
		{Kind{Code: "self-study", Names: map[string]string{"fi": "X"}}, "code"},
		{Kind{Code: "job-club", Names: map[string]string{"sv": "X"}}, "nameFi"},
	}
	for _, tt := range tests {
		err := ValidateOwn(NormalizeOwn(tt.in))
		if tt.bad == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.in, err)
			}
			continue
		}
		ae, ok := apperr.As(err)
		if !ok || len(ae.Fields) == 0 || ae.Fields[0].Field != tt.bad {
			t.Errorf("%+v: got %v, want field %s", tt.in, err, tt.bad)
		}
	}
}

// TestRetiredCodesKeepTheirNames: a plan version saved with a code of the
// plans' former list reads with its name; a revision names its replacement.
func TestRetiredCodesKeepTheirNames(t *testing.T) {
	tests := []struct{ code, lang, name, current string }{
		{"integration-training", "sv", "Integrationsutbildning", "integration-training"},
		{"guidance", "fi", "Ohjaus ja neuvonta", "multilingual-guidance"},
		{"guidance", "en", "Guidance and advice", "multilingual-guidance"},
		{"other", "sv", "Annan tjänst", ""},
		{"no-such", "fi", "", "no-such"},
	}
	for _, tt := range tests {
		if got := Name(tt.code, tt.lang); got != tt.name {
			t.Errorf("Name(%s, %s) = %q, want %q", tt.code, tt.lang, got, tt.name)
		}
		if got := Current(tt.code); got != tt.current {
			t.Errorf("Current(%s) = %q, want %q", tt.code, got, tt.current)
		}
	}
	for code, r := range retired {
		if IsNational(code) {
			t.Errorf("%s is both national and retired", code)
		}
		if r.replacement != "" && !IsNational(r.replacement) {
			t.Errorf("%s is replaced by %s, not on the national list", code, r.replacement)
		}
	}
}

func TestNationalNamesInEveryLanguage(t *testing.T) {
	for _, k := range National {
		for _, lang := range []string{"fi", "sv", "en"} {
			if k.Names[lang] == "" {
				t.Errorf("%s has no %s name", k.Code, lang)
			}
		}
		if !ValidCode(k.Code) {
			t.Errorf("%s is not a valid code", k.Code)
		}
	}
}
