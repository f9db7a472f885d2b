// Package apperr defines the kinds of errors Koto's domain returns. Each error
// carries a kind (mapped to an HTTP status in exactly one place), a translation
// key that is safe to show a user, optional field errors for forms, and a
// private cause that only goes to the server log — never to the user.
package apperr

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Kind classifies an error for the transport layers.
type Kind int

const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Forbidden
	Unauthenticated
	TooMany
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case TooMany:
		return "too_many"
	}
	return "internal"
}

// FieldError names one invalid input field and the translation key that
// explains what is wrong with it. Args are placeholders for the message.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// Error is Koto's error type. Key is a translation key ("error.not_found");
// Cause is private detail for logs.
type Error struct {
	Kind   Kind
	Key    string
	Fields []FieldError
	Cause  error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s (%s): %v", e.Key, e.Kind, e.Cause)
	}
	return fmt.Sprintf("%s (%s)", e.Key, e.Kind)
}

func (e *Error) Unwrap() error { return e.Cause }

// New returns an error of the given kind with a translation key.
func New(kind Kind, key string) *Error { return &Error{Kind: kind, Key: key} }

// Wrap returns an Internal error keeping cause for the log.
func Wrap(cause error, format string, args ...any) error {
	if cause == nil {
		return nil
	}
	var ae *Error
	if errors.As(cause, &ae) {
		return fmt.Errorf(format+": %w", append(args, cause)...)
	}
	return &Error{Kind: Internal, Key: "error.internal", Cause: fmt.Errorf(format+": %w", append(args, cause)...)}
}

// ErrNotFound is the answer for anything the caller may not know exists.
func ErrNotFound() *Error { return New(NotFound, "error.not_found") }

// InvalidField is an Invalid error about one field: key (with args)
// explains what is wrong with it.
func InvalidField(field, key string, args ...any) *Error {
	return &Error{Kind: Invalid, Key: "error.invalid", Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// OnField is an error of kind with key that is about one field: the form
// shows key (with args) at that field. For conflicts ("this HETU is
// already registered") and limits; Invalid errors use InvalidField.
func OnField(kind Kind, key, field string, args ...any) *Error {
	return &Error{Kind: kind, Key: key, Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// Validation collects field errors; Err returns nil when there are none.
type Validation struct{ Fields []FieldError }

// Add records that field is invalid with translation key and args.
func (v *Validation) Add(field, key string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has an error (to report one per field).
func (v *Validation) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error with the collected fields, or nil.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Key: "error.invalid", Fields: v.Fields}
}

// KindOf returns the kind of err; errors that are not *Error are Internal.
func KindOf(err error) Kind {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return Internal
}

// As extracts the *Error from err's chain.
func As(err error) (*Error, bool) {
	var ae *Error
	ok := errors.As(err, &ae)
	return ae, ok
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Text checks the free text s of field: required (with requiredKey)
// unless requiredKey is "", at most max characters, and ValidText.
func (v *Validation) Text(field, s string, max int, requiredKey string) {
	switch {
	case s == "" && requiredKey != "":
		v.Add(field, requiredKey)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "validation.too_long", max)
	case !ValidText(s):
		v.Add(field, "validation.text_chars")
	}
}

// ValidText reports whether s is valid UTF-8 without control characters
// other than line breaks and tabs.
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}
