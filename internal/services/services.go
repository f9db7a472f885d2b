// Package services is the one list of integration service kinds: the
// national list every organisation has without set-up, and an
// organisation's own catalogue beside it. Plans name the kinds of their
// agreed measures and referrals the service a provider gives with the
// same codes and the same names in Finnish, Swedish and English (ADR 29).
package services

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"koto/internal/apperr"
)

// Kind is a service kind: one of the national list (National) or one an
// organisation added to its own catalogue. Names are by language ("fi",
// "sv", "en"); Finnish is required.
type Kind struct {
	Code     string
	Names    map[string]string
	National bool
}

// Name is the kind's name in lang, falling back to Finnish.
func (k Kind) Name(lang string) string {
	if n := k.Names[lang]; n != "" {
		return n
	}
	return k.Names["fi"]
}

// National is the national list of service kinds (kept as data: a change
// is a line here). Codes are part of the API: never rename one; retire it
// (retired below) instead.
var National = []Kind{
	national("integration-training", "Kotoutumiskoulutus", "Integrationsutbildning", "Integration training"),
	national("civic-orientation", "Yhteiskuntaorientaatio", "Samhällsorientering", "Civic orientation"),
	national("literacy-training", "Lukutaitokoulutus", "Läs- och skrivutbildning", "Literacy training"),
	national("self-study", "Omaehtoinen opiskelu", "Frivilliga studier", "Self-motivated study"),
	national("working-life", "Työelämäpalvelut", "Arbetslivstjänster", "Working-life services"),
	national("multilingual-guidance", "Monikielinen ohjaus ja neuvonta", "Flerspråkig vägledning och rådgivning", "Multilingual guidance and counselling"),
	national("language-training", "Kielikoulutus", "Språkutbildning", "Language training"),
}

func national(code, fi, sv, en string) Kind {
	return Kind{Code: code, Names: map[string]string{"fi": fi, "sv": sv, "en": en}, National: true}
}

// NationalCodes lists the codes of the national list in its order.
func NationalCodes() []string {
	out := make([]string, len(National))
	for i, k := range National {
		out[i] = k.Code
	}
	return out
}

// RecordedCodes lists every code a saved record may hold: the national
// list in its order, then the retired codes in alphabetical order.
func RecordedCodes() []string {
	old := make([]string, 0, len(retired))
	for code := range retired {
		old = append(old, code)
	}
	slices.Sort(old)
	return append(NationalCodes(), old...)
}

// IsNational reports whether code is on the national list.
func IsNational(code string) bool {
	_, ok := Find(National, code)
	return ok
}

// retiredKind is a code that plans saved before the plan's list and the
// referrals' list became this one list (ADR 29). A saved plan version is
// never rewritten, so its names stay here; a revision names the
// replacement ("" for a measure without a service kind).
type retiredKind struct {
	names       map[string]string
	replacement string
}

var retired = map[string]retiredKind{
	"guidance": {names: map[string]string{"fi": "Ohjaus ja neuvonta", "sv": "Handledning och rådgivning", "en": "Guidance and advice"},
		replacement: "multilingual-guidance"},
	"other": {names: map[string]string{"fi": "Muu palvelu", "sv": "Annan tjänst", "en": "Other service"}},
}

// Name is the name in lang of a national or retired code, or "" for a
// code on neither list.
func Name(code, lang string) string {
	if k, ok := Find(National, code); ok {
		return k.Name(lang)
	}
	if r, ok := retired[code]; ok {
		return Kind{Names: r.names}.Name(lang)
	}
	return ""
}

// Current is the code a new record uses for code: the replacement of a
// retired code, code itself otherwise.
func Current(code string) string {
	if r, ok := retired[code]; ok {
		return r.replacement
	}
	return code
}

// Catalogue is the national list followed by an organisation's own kinds.
func Catalogue(own []Kind) []Kind {
	return append(slices.Clone(National), own...)
}

// Find returns the kind with code in catalogue.
func Find(catalogue []Kind, code string) (Kind, bool) {
	i := slices.IndexFunc(catalogue, func(k Kind) bool { return k.Code == code })
	if i < 0 {
		return Kind{}, false
	}
	return catalogue[i], true
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// ValidCode reports whether code has the shape of a service code
// (lowercase letters, digits and hyphens, 2–40).
func ValidCode(code string) bool { return codePattern.MatchString(code) }

// MaxName bounds a service name (characters).
const MaxName = 200

// NormalizeOwn trims an organisation's own kind's code and names.
func NormalizeOwn(k Kind) Kind {
	out := Kind{Code: strings.ToLower(strings.TrimSpace(k.Code)), Names: map[string]string{}}
	for _, lang := range []string{"fi", "sv", "en"} {
		if n := strings.Join(strings.Fields(k.Names[lang]), " "); n != "" {
			out.Names[lang] = n
		}
	}
	return out
}

// ValidateOwn checks an organisation's own kind: a code of lowercase
// letters, digits and hyphens (2–40) not on the national list, a Finnish
// name, names of at most MaxName characters.
// Fields: code, nameFi, nameSv, nameEn.
func ValidateOwn(k Kind) error {
	var v apperr.Validation
	switch {
	case k.Code == "":
		v.Add("code", "validation.required")
	case !ValidCode(k.Code):
		v.Add("code", "referral.service_code")
	case IsNational(k.Code):
		v.Add("code", "referral.service_taken")
	}
	for _, f := range []struct{ lang, field string }{{"fi", "nameFi"}, {"sv", "nameSv"}, {"en", "nameEn"}} {
		n := k.Names[f.lang]
		if n == "" && f.lang == "fi" {
			v.Add(f.field, "validation.required")
		}
		if utf8.RuneCountInString(n) > MaxName {
			v.Add(f.field, "validation.too_long", MaxName)
		}
	}
	return v.Err()
}
