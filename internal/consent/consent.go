// Package consent is a client's consents (issue 14 item 1): to obtaining
// data from social and health care, to disclosure to a named party, to
// processing after the integration period, to using the e-service. A
// consent is never edited or deleted; its withdrawal is a recorded event
// of its own, which takes effect at once (ADR 30). The scope is free text
// that can name a person, so it is sealed with the client's key.
//
// Consents gate processing: MayProcess is the rule the gate applies to
// every casework write (access.Rule.Processing), and Active is the check
// the disclosures of issue 14 use for a disclosure to a named party.
//
// The signed consent form is an attachment (issue 14 item 7, ADR 32) that
// points to its consent, so the consent itself stays as recorded.
package consent

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Consent types, as codes; the UI shows them by name (consent.type.<code>).
const (
	SocialHealthData       = "social-health-data"       // obtaining data from social and health care
	DisclosureNamedParty   = "disclosure-named-party"   // disclosure to the party named in the scope
	AfterIntegrationPeriod = "after-integration-period" // processing after the integration period
	EService               = "e-service"                // use of the e-service
)

// Types are the consent types in display order.
var Types = []string{SocialHealthData, DisclosureNamedParty, AfterIntegrationPeriod, EService}

// Channels by which a consent is given or withdrawn, as codes
// (consent.channel.<code>).
var Channels = []string{"paper", "in-person", "e-service", "phone", "secure-email"}

// MaxScope bounds the scope, in characters.
const MaxScope = 500

// Consent is one consent as given, with its withdrawal if any.
type Consent struct {
	ID          string
	ClientID    string
	Type        string
	Scope       string // free text; for DisclosureNamedParty the party (e.g. an organisation code)
	TextVersion string // the version of the consent text the client agreed to (Texts)
	Given       civil.Date
	Channel     string // "" when not recorded
	RecordedBy  string // user id
	Recorder    string // display name, else username
	CreatedAt   time.Time
	Withdrawal  *Withdrawal // nil while in force
	// Forms are the ids of the attachments linked to the consent (its
	// signed form, issue 14 item 7); filled in by Service.List only.
	Forms []string
}

// Withdrawal is the recorded withdrawal of a consent.
type Withdrawal struct {
	ID         string
	ConsentID  string
	Date       civil.Date
	Channel    string
	RecordedBy string
	Recorder   string
	CreatedAt  time.Time
}

// ActiveOn reports whether c is in force on day: given by then and not
// withdrawn by then. A withdrawal dated today ends it today.
func (c Consent) ActiveOn(day civil.Date) bool {
	if c.Given.After(day) {
		return false
	}
	return c.Withdrawal == nil || c.Withdrawal.Date.After(day)
}

// Input is a new consent as the caller gives it.
type Input struct {
	Type        string
	Scope       string
	TextVersion string // "" for the current version
	Given       string // YYYY-MM-DD, as typed
	Channel     string
}

// Normalize trims the fields and fills in the current text version.
func (in *Input) Normalize() {
	in.Type = strings.TrimSpace(in.Type)
	in.Scope = strings.TrimSpace(in.Scope)
	in.TextVersion = strings.TrimSpace(in.TextVersion)
	in.Given = strings.TrimSpace(in.Given)
	in.Channel = strings.TrimSpace(in.Channel)
	if in.TextVersion == "" {
		in.TextVersion = CurrentVersion()
	}
}

// Validate checks a new consent against today's date in Finland; the
// errors are translation keys on the API's field names. A disclosure to a
// named party needs the party in the scope.
func (in Input) Validate(today civil.Date) error {
	var v apperr.Validation
	if !slices.Contains(Types, in.Type) {
		v.Add("type", "validation.choice")
	}
	if _, ok := TextOf(in.TextVersion); !ok {
		v.Add("textVersion", "validation.choice")
	}
	checkDate(&v, "given", in.Given, today, civil.Date{})
	if in.Channel != "" && !slices.Contains(Channels, in.Channel) {
		v.Add("channel", "validation.choice")
	}
	switch {
	case in.Scope == "" && in.Type == DisclosureNamedParty:
		v.Add("scope", "consent.scope_party_required")
	case utf8.RuneCountInString(in.Scope) > MaxScope:
		v.Add("scope", "validation.too_long", MaxScope)
	case !validText(in.Scope):
		v.Add("scope", "validation.text_chars")
	}
	return v.Err()
}

// WithdrawalInput is a withdrawal as the caller gives it.
type WithdrawalInput struct {
	Date    string // YYYY-MM-DD; "" for today
	Channel string
}

// Normalize trims the fields.
func (in *WithdrawalInput) Normalize() {
	in.Date = strings.TrimSpace(in.Date)
	in.Channel = strings.TrimSpace(in.Channel)
}

// Validate checks a withdrawal of c against today: not in the future and
// not before the consent was given.
func (in WithdrawalInput) Validate(c Consent, today civil.Date) error {
	var v apperr.Validation
	if in.Date != "" {
		checkDate(&v, "date", in.Date, today, c.Given)
	}
	if in.Channel != "" && !slices.Contains(Channels, in.Channel) {
		v.Add("channel", "validation.choice")
	}
	return v.Err()
}

// checkDate requires s to be a date not after today and, when notBefore
// is set, not before it.
func checkDate(v *apperr.Validation, field, s string, today, notBefore civil.Date) {
	d, err := civil.ParseDate(s)
	switch {
	case s == "":
		v.Add(field, "validation.required")
	case err != nil:
		v.Add(field, "validation.date")
	case d.After(today):
		v.Add(field, "validation.date_future")
	case !notBefore.IsZero() && d.Before(notBefore):
		v.Add(field, "consent.withdrawn_before_given")
	}
}

// validText refuses invalid UTF-8 and control characters.
func validText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
