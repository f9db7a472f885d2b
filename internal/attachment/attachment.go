// Package attachment is a client's attachments (issue 14 item 7, ADR 32):
// signed consent forms, certificates, decisions. An attachment is a
// document the client or an authority gave: its bytes are checked by
// content (PDF, PNG, JPEG), sealed with the client's key before they reach
// the blob store, and never changed afterwards. It is only ever served as
// a download with a name the server chooses, and every download is logged.
package attachment

import (
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/apperr"
)

// Categories, as codes; the UI shows them by name
// (attachment.category.<code>).
const (
	SignedConsent = "signed-consent" // a signed consent form
	Certificate   = "certificate"    // a certificate (education, language, work)
	Decision      = "decision"       // a decision (residence permit, benefits, …)
	Other         = "other"
)

// Categories are the categories in display order.
var Categories = []string{SignedConsent, Certificate, Decision, Other}

// DefaultMaxBytes is the default limit of one attachment's size (10 MiB).
const DefaultMaxBytes = 10 << 20

// Limits of the free text.
const (
	MaxTitle       = 200
	MaxDescription = 2000
)

// Attachment is the metadata of one attachment. The bytes live in the
// blob store under Key(orgID).
type Attachment struct {
	ID          string
	ClientID    string
	Category    string
	ConsentID   string // the consent a signed form belongs to; "" for none
	Title       string
	Description string
	Type        Type  // detected from the content
	Size        int64 // bytes of the plaintext
	RecordedBy  string
	Recorder    string // display name, else username
	CreatedAt   time.Time
}

// FileName is the name a download is saved under: chosen by the server
// from the id and the detected type, never the uploaded name.
func (a Attachment) FileName() string { return "liite-" + a.ID + a.Type.Ext() }

// Input is a new attachment as the caller gives it.
type Input struct {
	Category    string
	ConsentID   string
	Title       string
	Description string
	// FileName is the uploaded file's name, used only to refuse content
	// that does not match its extension; it is not stored.
	FileName string
	Content  []byte
}

// Normalize trims the text fields.
func (in *Input) Normalize() {
	in.Category = strings.TrimSpace(in.Category)
	in.ConsentID = strings.TrimSpace(in.ConsentID)
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.FileName = strings.TrimSpace(in.FileName)
}

// Validate checks a new attachment against the size limit maxBytes and
// returns its type detected from the content. The errors are translation
// keys on the API's field names; the file's are on "file".
func (in Input) Validate(maxBytes int64) (Type, error) {
	var v apperr.Validation
	if !slices.Contains(Categories, in.Category) {
		v.Add("category", "validation.choice")
	}
	checkText(&v, "title", in.Title, MaxTitle)
	checkText(&v, "description", in.Description, MaxDescription)
	if in.ConsentID != "" && !opaqueID(in.ConsentID) {
		v.Add("consentId", "attachment.consent_unknown")
	}
	t := Detect(in.Content)
	switch {
	case len(in.Content) == 0:
		v.Add("file", "attachment.file_required")
	case int64(len(in.Content)) > maxBytes:
		v.Add("file", "attachment.too_large", MiB(maxBytes))
	case t == Unknown:
		v.Add("file", "attachment.type_unsupported")
	case !t.MatchesName(in.FileName):
		v.Add("file", "attachment.type_mismatch", t.Name())
	}
	return t, v.Err()
}

// MiB is n bytes in whole mebibytes, rounded down, for messages.
func MiB(n int64) int64 { return n >> 20 }

func checkText(v *apperr.Validation, field, s string, max int) {
	switch {
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "validation.too_long", max)
	case !apperr.ValidText(s):
		v.Add(field, "validation.text_chars")
	}
}

// opaqueID reports whether s looks like an identifier Koto makes.
func opaqueID(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// extension is the lower-case extension of an uploaded file's name.
func extension(name string) string {
	// A browser may send a path (C:\fakepath\…); only the last part counts.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.ToLower(filepath.Ext(name))
}
