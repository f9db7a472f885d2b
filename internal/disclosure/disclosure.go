// Package disclosure is the record of personal data leaving the
// organisation that holds a client (issue 14, ADR 31): the 18-item package
// to a service provider the client is referred to (681/2023 85–86 §), a
// disclosure to an authority that names its provision, the transfer to
// another municipality, the hand-over to the employment authority and
// exports. Every kind is one immutable Disclosure: who disclosed what to
// whom, on which basis, when, and a hash of exactly the content disclosed.
//
// Seal turns any content into its canonical JSON bytes and their hash;
// every kind of disclosure records its content through it, so the hash in
// the log always matches the bytes stored.
package disclosure

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
)

// Kinds of disclosure, as codes (disclosure.kind.<code> in the UI).
const (
	KindProvider  = "provider"  // the package to a service provider (85–86 §)
	KindAuthority = "authority" // to an authority on request, naming its provision
	KindTransfer  = "transfer"  // to the receiving municipality when the client moves
	KindHandover  = "handover"  // to or from the employment authority
	KindExport    = "export"    // an export of personal data leaving the organisation
)

// Kinds lists the kinds in display order.
var Kinds = []string{KindProvider, KindAuthority, KindTransfer, KindHandover, KindExport}

// Legal bases, as codes (disclosure.basis.<code>). An authority's basis is
// BasisLaw with the provision it names in BasisDetail.
const (
	BasisIntegrationAct86 = "integration-act-86" // 681/2023 86 §: the package to a provider
	BasisConsent          = "consent"            // the client's consent (ConsentID)
	BasisLaw              = "law"                // a provision of law the recipient names (BasisDetail)
)

// Bases lists the legal bases in display order.
var Bases = []string{BasisIntegrationAct86, BasisConsent, BasisLaw}

// Channels by which content leaves, as codes (disclosure.channel.<code>).
const (
	ChannelKoto  = "koto"  // the recipient reads it in Koto
	ChannelAPI   = "api"   // delivered through the JSON API
	ChannelFile  = "file"  // a file handed over (export, hand-over)
	ChannelPrint = "print" // printed or as a PDF
	ChannelPost  = "post"  // by letter
	ChannelEmail = "email" // by secure email
)

// Channels lists the channels in display order.
var Channels = []string{ChannelKoto, ChannelAPI, ChannelFile, ChannelPrint, ChannelPost, ChannelEmail}

// ItemKeys are the 18 items a service provider may receive (domain.md
// §2.2, 86 §), in the act's order; they are the keys of the package and
// of the API (a contract: keep the spelling).
var ItemKeys = []string{
	"names", "birthDateAndPlace", "hetu", "motherTongue", "serviceLanguage", "citizenship",
	"residence", "contact", "official", "plan", "trainingRecommendation", "initialLanguageTest",
	"priorEducation", "priorOccupation", "targetOccupation", "earlierStudyPlan",
	"continuationMeasures", "otherNecessary",
}

// IsItemKey reports whether k is one of ItemKeys.
func IsItemKey(k string) bool { return slices.Contains(ItemKeys, k) }

// HashPrefix starts every content hash.
const HashPrefix = "sha256:"

// Disclosure is one recorded disclosure. It is never changed once
// recorded.
type Disclosure struct {
	ID                string
	OrgID             string // the disclosing organisation, holder of the client
	ClientID          string
	Kind              string // one of Kinds
	RecipientOrgID    string // the recipient when it is an organisation in Koto; "" otherwise
	Recipient         string // the recipient as free text (an authority's office); personal, sealed
	Basis             string // one of Bases
	BasisDetail       string // the provision an authority names; not personal
	Items             []string
	Content           []byte // the disclosed content as canonical JSON (Seal); nil in list results
	ContentHash       string // HashPrefix + hex SHA-256 of Content
	Channel           string // one of Channels
	ReferralID        string // the referral a provider package is for; "" when none
	ConsentID         string // the consent that is the basis; "" when none
	RequestID         string // the authority's request; "" when none
	DisclosedBy       string // user id
	DisclosedUsername string // the user's username when recorded (the log shows it even after the user is gone)
	CreatedAt         time.Time
}

// Seal returns the canonical JSON of content (object keys sorted, no
// insignificant space, no HTML escaping, numbers as written) and its hash
// HashPrefix + hex SHA-256 of exactly those bytes. content may be a value
// to marshal, or json.RawMessage / []byte holding JSON, which is
// canonicalised.
func Seal(content any) ([]byte, string, error) {
	var raw []byte
	switch c := content.(type) {
	case json.RawMessage:
		raw = c
	case []byte:
		raw = c
	default:
		b, err := json.Marshal(content)
		if err != nil {
			return nil, "", apperr.Wrap(err, "marshal disclosure content")
		}
		raw = b
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, "", apperr.Wrap(err, "disclosure content is not JSON")
	}
	if dec.More() {
		return nil, "", bug("disclosure content has trailing data")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, "", apperr.Wrap(err, "canonical disclosure content")
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return out, Hash(out), nil
}

// Hash is HashPrefix + hex SHA-256 of b.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return HashPrefix + hex.EncodeToString(sum[:])
}

// Validate checks a disclosure before it is recorded; the errors are
// Invalid with a translation key (or Internal for a programming error:
// content and hash that do not match).
func (d *Disclosure) Validate() error {
	switch {
	case d.ID == "" || d.OrgID == "" || d.ClientID == "" || d.DisclosedBy == "" || d.CreatedAt.IsZero():
		return bug("disclosure without id, organisation, client, user or time")
	case !slices.Contains(Kinds, d.Kind):
		return apperr.New(apperr.Invalid, "disclosure.kind.invalid")
	case !slices.Contains(Bases, d.Basis):
		return apperr.New(apperr.Invalid, "disclosure.basis.invalid")
	case d.Basis == BasisLaw && strings.TrimSpace(d.BasisDetail) == "":
		return apperr.New(apperr.Invalid, "disclosure.basis_detail.required")
	case d.Basis == BasisConsent && d.ConsentID == "":
		return apperr.New(apperr.Invalid, "disclosure.consent.required")
	case d.RecipientOrgID == "" && strings.TrimSpace(d.Recipient) == "":
		return apperr.New(apperr.Invalid, "disclosure.recipient.required")
	case !slices.Contains(Channels, d.Channel):
		return apperr.New(apperr.Invalid, "disclosure.channel.invalid")
	case len(d.Items) == 0:
		return apperr.New(apperr.Invalid, "disclosure.items.required")
	case d.Content == nil:
		return bug("disclosure without content")
	case Hash(d.Content) != d.ContentHash:
		return bug("disclosure content hash does not match its content")
	}
	for _, it := range d.Items {
		if strings.TrimSpace(it) == "" {
			return apperr.New(apperr.Invalid, "disclosure.items.required")
		}
		if d.Kind == KindProvider && !IsItemKey(it) {
			return bug(fmt.Sprintf("provider disclosure with item %q outside the 18-item package", it))
		}
	}
	return nil
}

// bug is an Internal error: a caller broke a contract.
func bug(msg string) error { return apperr.Wrap(errors.New(msg), "disclosure") }
