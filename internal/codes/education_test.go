package codes

import "testing"

// The education and occupation lists of the assessment background: every
// code named in all three languages, the sizes of the classifications.
func TestEducationAndOccupationLists(t *testing.T) {
	for _, tt := range []struct {
		list *List
		n    int
		code string
		en   string
	}{
		{ISCED, 9, "6", "Bachelor's or equivalent level"},
		{ISCEDF, 11, "09", "Health and welfare"},
		{ISCO, 43, "22", "Health professionals"},
	} {
		if got := len(tt.list.Entries()); got != tt.n {
			t.Errorf("%s: %d codes, want %d", tt.list.Name(), got, tt.n)
		}
		for _, e := range tt.list.Entries() {
			for _, lang := range []string{"fi", "sv", "en"} {
				if e.Name(lang) == "" {
					t.Errorf("%s %s: no %s name", tt.list.Name(), e.Code, lang)
				}
			}
		}
		if got := tt.list.NameOf(tt.code, "en"); got != tt.en {
			t.Errorf("%s %s = %q, want %q", tt.list.Name(), tt.code, got, tt.en)
		}
		if l, ok := ByName(tt.list.Name()); !ok || l != tt.list {
			t.Errorf("ByName(%s)", tt.list.Name())
		}
	}
}
