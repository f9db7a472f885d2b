package privacy

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"koto/internal/disclosure"
	"koto/internal/i18n"
	"koto/internal/subject"
)

// The notice tells everything the system uses: every kind of disclosure
// Koto records is a recipient, every kind of record of the access report
// (hence every table that refers to a client) has a data category in the
// notice, every retention rule is stated — each with its text in
// Finnish, Swedish and English. Adding a disclosure kind, a table or a
// rule without telling the data subject fails here.
func TestNoticeCoversWhatTheSystemUses(t *testing.T) {
	n := Build(Config{})
	cat := i18n.MustLoad()
	has := func(key string) {
		t.Helper()
		for _, lang := range i18n.Languages {
			if !cat.Printer(lang).Has(key) {
				t.Errorf("%s: no text for %s", lang, key)
			}
		}
	}
	for _, kind := range disclosure.Kinds {
		if !slices.Contains(n.Recipients, kind) {
			t.Errorf("disclosure kind %s is not a recipient in the notice", kind)
		}
	}
	for _, r := range n.Recipients {
		has("privacy.recipient." + r)
	}
	for _, item := range disclosure.ItemKeys {
		if !slices.Contains(n.ProviderItems, item) {
			t.Errorf("provider item %s missing", item)
		}
		has("privacy.item." + item)
	}
	for table, key := range subject.Tables {
		cats, ok := CategoriesOf[key]
		if !ok || len(cats) == 0 {
			t.Errorf("table %s (report key %s) has no data category in the notice: add it to CategoriesOf", table, key)
		}
		for _, c := range cats {
			if !slices.Contains(n.Categories, c) {
				t.Errorf("report key %s: category %s is not in the notice", key, c)
			}
		}
	}
	for _, c := range n.Categories {
		has("privacy.category." + c)
	}
	for _, rule := range RetentionRules {
		if !slices.Contains(n.Retention, rule) {
			t.Errorf("retention rule %+v is not in the notice", rule)
		}
		key := "privacy.retention." + rule.Class + "." + rule.From
		has(key)
		for _, lang := range i18n.Languages {
			if s := cat.Printer(lang).T(key, rule.Years); !strings.Contains(s, fmt.Sprint(rule.Years)) {
				t.Errorf("%s: %s does not state the years: %q", lang, key, s)
			}
		}
	}
	for _, list := range []struct {
		prefix string
		codes  []string
	}{{"privacy.purpose.", n.Purposes}, {"privacy.basis.", n.Bases}, {"privacy.source.", n.Sources}, {"privacy.right.", n.Rights}} {
		for _, c := range list.codes {
			has(list.prefix + c)
		}
	}
}
