package i18n

import (
	"regexp"
	"testing"
)

var placeholder = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[vdsqf]`)

// Every language has every key of the default language and no others, with
// the same placeholders in the same order.
func TestCatalogsAgree(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	base := c.messages[Default]
	if len(base) == 0 {
		t.Fatal("default catalog is empty")
	}
	for _, lang := range Languages {
		msgs := c.messages[lang]
		for k, v := range base {
			got, ok := msgs[k]
			if !ok {
				t.Errorf("%s: missing key %q", lang, k)
				continue
			}
			if a, b := placeholder.FindAllString(v, -1), placeholder.FindAllString(got, -1); !equal(a, b) {
				t.Errorf("%s: key %q has placeholders %v, %s has %v", lang, k, b, Default, a)
			}
		}
		for k := range msgs {
			if _, ok := base[k]; !ok {
				t.Errorf("%s: key %q not in %s", lang, k, Default)
			}
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMatch(t *testing.T) {
	tests := map[string]string{
		"":                        "fi",
		"sv-FI,sv;q=0.9,en;q=0.8": "sv",
		"en-GB,en;q=0.9":          "en",
		"de-DE,de;q=0.9,en;q=0.5": "en",
		"de":                      "fi",
		"fi;q=0.2,en;q=0.9":       "en",
	}
	for header, want := range tests {
		if got := Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestPrinterFallsBack(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	p := c.Printer("xx")
	if p.Lang != Default {
		t.Fatalf("unknown language gave %q", p.Lang)
	}
	if got := p.T("no.such.key"); got != "no.such.key" {
		t.Fatalf("missing key gave %q", got)
	}
}
