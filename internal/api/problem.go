package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/httpx"
	"koto/internal/i18n"
)

// ProblemBase is the prefix of every problem type URI.
const ProblemBase = "https://koto.invalid/problems/"

// problemTypes names the problem type of each status this API answers with.
// The title of a type is the catalog key "api.title.<type>".
var problemTypes = map[int]string{
	http.StatusBadRequest:            "bad-request",
	http.StatusUnauthorized:          "unauthenticated",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not-found",
	http.StatusMethodNotAllowed:      "method-not-allowed",
	http.StatusConflict:              "conflict",
	http.StatusRequestEntityTooLarge: "too-large",
	http.StatusUnsupportedMediaType:  "unsupported-media-type",
	http.StatusPreconditionFailed:    "precondition-failed",
	http.StatusPreconditionRequired:  "precondition-required",
	http.StatusUnprocessableEntity:   "validation",
	http.StatusTooManyRequests:       "too-many-requests",
	http.StatusInternalServerError:   "internal",
}

// reasonRequired is the problem type of a 403 that a stated reason for
// access would lift (need-to-know): the caller may open the client after
// POSTing a reason to accessReasonsUrl. Tools rely on this type; keep it.
const reasonRequired = "reason-required"

// problemJSON is an RFC 9457 problem document.
type problemJSON struct {
	Type     string             `json:"type"`
	Title    string             `json:"title"`
	Status   int                `json:"status"`
	Detail   string             `json:"detail"`
	Instance string             `json:"instance,omitempty"`
	Errors   []fieldProblemJSON `json:"errors,omitempty"`
	// AccessReasonsURL is set on reason-required problems only: where to
	// POST a reason for access to the client.
	AccessReasonsURL string `json:"accessReasonsUrl,omitempty"`
	// SurvivorID is set on client-merged problems only: the record the
	// requested one was merged into (ADR 17).
	SurvivorID string `json:"survivorId,omitempty"`
}

// clientMerged is the problem type of a 404 for a record merged into
// another: the caller may use the survivor instead.
const clientMerged = "client-merged"

// processingRestricted is the problem type of a 403 for an action that
// changes, processes or discloses the record of a client whose processing
// is restricted (GDPR art. 18, ADR 40).
const processingRestricted = "processing-restricted"

// fieldProblemJSON is one invalid field of a 422 answer: the field's JSON
// path, the translation key as a stable code, and the translated message.
type fieldProblemJSON struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// requestError is a fault of the HTTP request itself (malformed JSON, wrong
// content type, too large), found before the domain is asked. Domain errors
// are *apperr.Error and get their status from httpx.Status.
type requestError struct {
	status int
	key    string
	args   []any
}

func (e *requestError) Error() string { return "api: bad request: " + e.key }

func badRequest(key string, args ...any) error {
	return &requestError{status: http.StatusBadRequest, key: key, args: args}
}

func errNotFoundRoute() error { return apperr.ErrNotFound() }

// printer returns the translator for the caller's Accept-Language.
func (a *API) printer(r *http.Request) *i18n.Printer {
	return a.catalog.Printer(i18n.Match(r.Header.Get("Accept-Language")))
}

// problem renders err as a problem document. Internal errors are logged with
// their cause and shown only as a reference to the request id; other details
// come from translation keys, never from err.Error().
func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	p := a.printer(r)
	reqID := httpx.RequestID(r.Context())
	pr := problemJSON{Instance: reqID}
	var re *requestError
	var merged *client.MergedError
	ae, _ := apperr.As(err)
	if errors.As(err, &re) {
		pr.Status = re.status
	} else {
		pr.Status = httpx.Status(err)
	}
	slug, ok := problemTypes[pr.Status]
	if !ok {
		slug = "internal"
	}
	switch {
	case re != nil:
		pr.Detail = p.T(re.key, re.args...)
	case pr.Status == http.StatusInternalServerError || ae == nil:
		httpx.LogError(a.log, r, err)
		pr.Detail = p.T("error.internal", reqID)
	case pr.Status == http.StatusUnauthorized:
		pr.Detail = p.T("api.unauthenticated")
	case errors.As(err, &merged):
		slug, pr.SurvivorID = clientMerged, merged.SurvivorID
		pr.Detail = p.T("api.client_merged", Prefix+"/clients/"+url.PathEscape(merged.SurvivorID))
	case pr.Status == http.StatusNotFound:
		// One answer for "does not exist" and "not yours".
		pr.Detail = p.T("error.not_found")
	case gate.IsRestricted(err):
		slug = processingRestricted
		pr.Detail = p.T(gate.RestrictedKey)
	case gate.IsReasonRequired(err) && r.PathValue("id") != "":
		// Every route that can ask for a reason has the client id as {id}.
		slug = reasonRequired
		pr.AccessReasonsURL = Prefix + "/clients/" + url.PathEscape(r.PathValue("id")) + "/access-reasons"
		pr.Detail = p.T("api.reason_required", pr.AccessReasonsURL)
	default:
		pr.Detail = translate(p, "api.title."+slug, ae.Key)
	}
	if ae != nil && re == nil && pr.Status == http.StatusUnprocessableEntity {
		pr.Errors = make([]fieldProblemJSON, len(ae.Fields))
		for i, f := range ae.Fields {
			pr.Errors[i] = fieldProblemJSON{Field: f.Field, Code: f.Key, Message: translate(p, "api.field_invalid", f.Key, f.Args...)}
		}
	}
	pr.Type, pr.Title = ProblemBase+slug, p.T("api.title."+slug)
	h := w.Header()
	if pr.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", "Bearer")
	}
	h.Set("Content-Language", p.Lang)
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(pr.Status)
	_ = json.NewEncoder(w).Encode(pr)
}

// translate is p.T(key, args...), or p.T(fallback) when no catalog has
// key: a core message nobody has translated yet must not reach a caller
// as a raw key. The key itself still travels as the stable code.
func translate(p *i18n.Printer, fallback, key string, args ...any) string {
	if p.T(key) == key {
		return p.T(fallback)
	}
	return p.T(key, args...)
}
