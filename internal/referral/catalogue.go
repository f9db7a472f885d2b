package referral

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"koto/internal/apperr"
)

// ServiceKind is a service a provider offers: one of the national
// list (National) or one the organisation added to its own catalogue.
// Names are by language ("fi", "sv", "en"); Finnish is required.
type ServiceKind struct {
	Code     string
	Names    map[string]string
	National bool
}

// Name is the service's name in lang, falling back to Finnish.
func (s ServiceKind) Name(lang string) string {
	if n := s.Names[lang]; n != "" {
		return n
	}
	return s.Names["fi"]
}

// National is the national list of service kinds that every organisation
// has without set-up (kept as data: a change is a line here).
var National = []ServiceKind{
	national("integration-training", "Kotoutumiskoulutus", "Integrationsutbildning", "Integration training"),
	national("civic-orientation", "Yhteiskuntaorientaatio", "Samhällsorientering", "Civic orientation"),
	national("literacy-training", "Lukutaitokoulutus", "Läs- och skrivutbildning", "Literacy training"),
	national("self-study", "Omaehtoinen opiskelu", "Frivilliga studier", "Self-motivated study"),
	national("working-life", "Työelämäpalvelut", "Arbetslivstjänster", "Working-life services"),
	national("multilingual-guidance", "Monikielinen ohjaus ja neuvonta", "Flerspråkig vägledning och rådgivning", "Multilingual guidance and counselling"),
	national("language-training", "Kielikoulutus", "Språkutbildning", "Language training"),
}

func national(code, fi, sv, en string) ServiceKind {
	return ServiceKind{Code: code, Names: map[string]string{"fi": fi, "sv": sv, "en": en}, National: true}
}

// Catalogue is the national list followed by an organisation's own
// services.
func Catalogue(own []ServiceKind) []ServiceKind {
	return append(slices.Clone(National), own...)
}

// Find returns the service with code in catalogue.
func Find(catalogue []ServiceKind, code string) (ServiceKind, bool) {
	i := slices.IndexFunc(catalogue, func(s ServiceKind) bool { return s.Code == code })
	if i < 0 {
		return ServiceKind{}, false
	}
	return catalogue[i], true
}

var serviceCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// MaxServiceName bounds a service name (characters).
const MaxServiceName = 200

// NormalizeService trims the code and names.
func NormalizeService(s ServiceKind) ServiceKind {
	out := ServiceKind{Code: strings.ToLower(strings.TrimSpace(s.Code)), Names: map[string]string{}}
	for _, lang := range []string{"fi", "sv", "en"} {
		if n := strings.Join(strings.Fields(s.Names[lang]), " "); n != "" {
			out.Names[lang] = n
		}
	}
	return out
}

// ValidateService checks an organisation's own service: a code of
// lowercase letters, digits and hyphens (2–40) not on the national list,
// a Finnish name, names of at most MaxServiceName characters. Fields:
// code, nameFi, nameSv, nameEn.
func ValidateService(s ServiceKind) error {
	var v apperr.Validation
	switch {
	case s.Code == "":
		v.Add("code", "validation.required")
	case !serviceCode.MatchString(s.Code):
		v.Add("code", "referral.service_code")
	case slices.ContainsFunc(National, func(n ServiceKind) bool { return n.Code == s.Code }):
		v.Add("code", "referral.service_taken")
	}
	for _, f := range []struct{ lang, field string }{{"fi", "nameFi"}, {"sv", "nameSv"}, {"en", "nameEn"}} {
		n := s.Names[f.lang]
		if n == "" && f.lang == "fi" {
			v.Add(f.field, "validation.required")
		}
		if utf8.RuneCountInString(n) > MaxServiceName {
			v.Add(f.field, "validation.too_long", MaxServiceName)
		}
	}
	return v.Err()
}
