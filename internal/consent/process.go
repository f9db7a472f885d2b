package consent

import (
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Active reports whether the client has a consent of type typ in force on
// day. For a consent about a party (DisclosureNamedParty) scope names the
// party and must equal the consent's scope (case and surrounding spaces
// aside); "" accepts any consent of the type. A withdrawal takes effect on
// its date, so a consent withdrawn today is not active today.
func Active(tx Reader, orgID, clientID, typ, scope string, day civil.Date) (bool, error) {
	cs, err := tx.Consents(orgID, clientID)
	if err != nil {
		return false, err
	}
	scope = strings.TrimSpace(scope)
	for _, c := range cs {
		if c.Type != typ || !c.ActiveOn(day) {
			continue
		}
		if scope == "" || strings.EqualFold(strings.TrimSpace(c.Scope), scope) {
			return true, nil
		}
	}
	return false, nil
}

// MayProcess is the rule "after the integration period, data are
// processed only with consent": casework on a client whose service end
// has passed (the service end is the last day of service) is allowed only
// while a consent to processing after the integration period is active.
// It returns nil when processing is allowed on day, otherwise
// ErrConsentRequired. The gate applies it to every action whose
// access.Rule is marked Processing, so every surface obeys it.
func MayProcess(tx Reader, orgID, clientID string, day civil.Date) error {
	end, err := tx.ClientServiceEnd(orgID, clientID)
	if err != nil {
		return err
	}
	if end.IsZero() || !day.After(end) {
		return nil
	}
	ok, err := Active(tx, orgID, clientID, AfterIntegrationPeriod, "", day)
	if err != nil {
		return err
	}
	if !ok {
		return ErrConsentRequired()
	}
	return nil
}

// ErrConsentRequired is the answer to casework processing after the
// integration period without an active consent: Conflict (409), as the
// user may do the work but the record's state does not allow it until
// the client consents.
func ErrConsentRequired() *apperr.Error {
	return apperr.New(apperr.Conflict, ConsentRequiredKey)
}

// ConsentRequiredKey is the translation key of ErrConsentRequired.
const ConsentRequiredKey = "consent.required_after_integration_period"

// IsConsentRequired reports whether err is ErrConsentRequired.
func IsConsentRequired(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Key == ConsentRequiredKey
}
