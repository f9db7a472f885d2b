package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"koto/internal/apperr"
)

// maxBodyBytes bounds every JSON request body (1 MiB): a client record is a
// few kilobytes, so anything near this is a mistake or an attack.
const maxBodyBytes = 1 << 20

// Media types of JSON request bodies.
const (
	mediaJSON       = "application/json"
	mediaMergePatch = "application/merge-patch+json"
)

// readBody checks that the request carries a JSON body of an accepted media
// type (415 otherwise) and reads it, refusing more than maxBodyBytes (413).
func readBody(w http.ResponseWriter, r *http.Request, mediaTypes ...string) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !slices.Contains(mediaTypes, mt) ||
		(params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return nil, &requestError{status: http.StatusUnsupportedMediaType, key: "api.content_type", args: []any{mediaTypes[0]}}
	}
	tooLarge := &requestError{status: http.StatusRequestEntityTooLarge, key: "error.body_too_large"}
	if r.ContentLength > maxBodyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, tooLarge
	}
	if err != nil {
		return nil, badRequest("api.body_read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("api.empty_body")
	}
	return body, nil
}

// fieldTypeError is a value of the wrong JSON type at a field path that the
// decoder cannot name itself (inside an array).
type fieldTypeError struct{ field string }

func (e *fieldTypeError) Error() string { return "api: wrong type at " + e.field }

// decodeStrict decodes exactly one JSON object from body onto dst, which may
// already hold values (fields absent from body keep them). Unknown fields,
// malformed JSON, a non-object and trailing data are 400; a value of the
// wrong type is 422 with a field error. The errors name positions and field
// names, never the content.
func decodeStrict(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, len(body))
	}
	if first := bytes.TrimLeft(body, " \t\r\n"); len(first) == 0 || first[0] != '{' {
		return badRequest("api.not_object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("api.trailing_data")
	}
	return nil
}

// decodeError classifies an error of encoding/json.
func decodeError(err error, size int) error {
	if re, ok := errors.AsType[*requestError](err); ok {
		return re
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return badRequest("api.json_syntax", se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return badRequest("api.json_syntax", size)
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		if te.Field == "" {
			return badRequest("api.not_object")
		}
		return wrongType(te.Field)
	}
	if fe, ok := errors.AsType[*fieldTypeError](err); ok {
		return wrongType(fe.field)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, uerr := strconv.Unquote(name); uerr == nil {
			name = unq
		}
		return badRequest("error.unknown_field", safeName(name))
	}
	if ae, ok := apperr.As(err); ok {
		return ae
	}
	return badRequest("api.json_invalid")
}

func wrongType(field string) error {
	return apperr.InvalidField(field, "api.wrong_type")
}

// safeName shortens an unknown field name for an error message and drops
// control characters, so a hostile key cannot fill or garble the answer.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64]) + "…"
	}
	return strconv.Quote(s)
}
