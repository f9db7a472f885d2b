// Package hetu parses, validates and generates the Finnish personal
// identity code (henkilötunnus, HETU).
//
// A code has eleven characters, DDMMYYCZZZQ:
//
//	DDMMYY  date of birth: day, month and the last two digits of the year
//	C       century sign:  +               1800–1899
//	                       - Y X W V U     1900–1999
//	                       A B C D E F     2000–2099
//	ZZZ     individual number: odd for men, even for women
//	Q       check character
//
// The check character is "0123456789ABCDEFHJKLMNPRSTUVWXY"[n mod 31],
// where n is the nine-digit number DDMMYYZZZ. The century sign is not part
// of the check, so codes that differ only in the sign (for example - and Y,
// possible since the additional signs were introduced in 2023) share the
// check character and are nevertheless distinct codes.
//
// Individual numbers 002–899 are issued to real people. Numbers 900–999
// are used for temporary codes and for test data and are never part of a
// permanent code, so synthetic data in this project (demo data, tests,
// fixtures) must only use 900–999: that way it can never coincide with a
// real person's code. Numbers 000 and 001 are never issued and are
// rejected.
//
// Errors never contain the code being validated, because it is personal
// data and errors end up in logs.
package hetu

import (
	"fmt"
	"strings"
	"time"

	"koto/internal/civil"
)

// Error codes. Each is a translation key for the message shown to the
// user, and Parse and New return them in an *Error.
const (
	CodeRequired   = "hetu.required"   // empty input
	CodeLength     = "hetu.length"     // not exactly 11 characters
	CodeFormat     = "hetu.format"     // a character is of the wrong kind
	CodeCentury    = "hetu.century"    // unknown century sign
	CodeDate       = "hetu.date"       // birth date does not exist
	CodeFuture     = "hetu.future"     // birth date is after today
	CodeIndividual = "hetu.individual" // individual number 000 or 001
	CodeChecksum   = "hetu.checksum"   // check character does not match
)

// Error is a validation error. Code is one of the Code* constants and is
// meant to be translated for the user.
type Error struct {
	Code string
}

// Error returns a message that names the failed rule but, on purpose, not
// the input.
func (e *Error) Error() string {
	return "hetu: invalid personal identity code (" + e.Code + ")"
}

func fail(code string) (HETU, error) {
	return HETU{}, &Error{Code: code}
}

// Sex is the sex encoded in the individual number.
type Sex string

// Values of Sex.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// HETU is a valid personal identity code in canonical form. Values are
// only created by Parse and New; the zero value means "no code" and all of
// its methods return zero values.
//
// HETU is comparable with ==. Codes that differ only in the century sign
// (for example - and Y) are different codes.
type HETU struct {
	s string // canonical form, always valid unless empty
}

// checkChars maps (DDMMYYZZZ mod 31) to the check character.
const checkChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// centuryOf returns the first year of the century denoted by sign.
func centuryOf(sign byte) (int, bool) {
	switch sign {
	case '+':
		return 1800, true
	case '-', 'Y', 'X', 'W', 'V', 'U':
		return 1900, true
	case 'A', 'B', 'C', 'D', 'E', 'F':
		return 2000, true
	}
	return 0, false
}

// Canonical returns s with surrounding white space removed and ASCII
// letters upper-cased. It does not validate. Parse applies the same
// normalisation, so Canonical(s) == h.String() whenever Parse(s) returns h;
// blind indexes must therefore be computed over Canonical(s).
//
// Only ASCII is upper-cased: Unicode case mapping would turn characters
// such as 'ſ' (long s) into 'S' and let look-alike input pass as a code.
func Canonical(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// Parse validates s and returns the code in canonical form (see
// Canonical). The birth date must not be after today, which the caller
// passes as the current date in Finnish time (for example
// civil.DateOf(time.Now().In(helsinki))); a zero today therefore rejects
// every code.
//
// The checks run in this order and the first failure is returned as an
// *Error: required, length, format (digits in DDMMYY and ZZZ, a letter or
// digit as check character), century, date, individual, checksum, future.
func Parse(s string, today civil.Date) (HETU, error) {
	s = Canonical(s)
	if s == "" {
		return fail(CodeRequired)
	}
	// Length is counted in bytes: any non-ASCII character makes the input
	// invalid anyway, either here or in the format check.
	if len(s) != 11 {
		return fail(CodeLength)
	}
	day, ok1 := digits(s[0:2])
	month, ok2 := digits(s[2:4])
	yy, ok3 := digits(s[4:6])
	individual, ok4 := digits(s[7:10])
	check := s[10]
	checkOK := (check >= '0' && check <= '9') || (check >= 'A' && check <= 'Z')
	if !ok1 || !ok2 || !ok3 || !ok4 || !checkOK {
		return fail(CodeFormat)
	}
	century, ok := centuryOf(s[6])
	if !ok {
		return fail(CodeCentury)
	}
	birth := civil.Date{Year: century + yy, Month: time.Month(month), Day: day}
	if !birth.IsValid() {
		return fail(CodeDate)
	}
	if individual < 2 {
		return fail(CodeIndividual)
	}
	if check != checkChar(day, month, yy, individual) {
		return fail(CodeChecksum)
	}
	if birth.After(today) {
		return fail(CodeFuture)
	}
	return HETU{s: s}, nil
}

// New builds the code for a birth date and individual number, using the
// primary century sign (+, - or A). The birth date must be valid and in
// 1800–2099 (else CodeDate) and individual must be 2–999 (else
// CodeIndividual). New does not check against today.
//
// New exists for the synthetic demo data generator, which must only pass
// individual numbers 900–999 (see the package documentation).
func New(birth civil.Date, individual int) (HETU, error) {
	if !birth.IsValid() || birth.Year < 1800 || birth.Year > 2099 {
		return fail(CodeDate)
	}
	if individual < 2 || individual > 999 {
		return fail(CodeIndividual)
	}
	var sign byte
	switch {
	case birth.Year < 1900:
		sign = '+'
	case birth.Year < 2000:
		sign = '-'
	default:
		sign = 'A'
	}
	day, month, yy := birth.Day, int(birth.Month), birth.Year%100
	s := fmt.Sprintf("%02d%02d%02d%c%03d%c",
		day, month, yy, sign, individual, checkChar(day, month, yy, individual))
	return HETU{s: s}, nil
}

// checkChar computes the check character from the parts of the code.
func checkChar(day, month, yy, individual int) byte {
	n := (day*10000+month*100+yy)*1000 + individual
	return checkChars[n%31]
}

// digits converts a string of ASCII digits to an int; strconv.Atoi would
// also accept a sign.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String returns the code in canonical form (upper case, 11 characters),
// or "" for the zero HETU. The result is personal data: do not log it.
func (h HETU) String() string {
	return h.s
}

// IsZero reports whether h is the zero HETU ("no code").
func (h HETU) IsZero() bool {
	return h.s == ""
}

// BirthDate returns the date of birth encoded in the code, or the zero
// Date for the zero HETU.
func (h HETU) BirthDate() civil.Date {
	if h.s == "" {
		return civil.Date{}
	}
	// h.s was validated by Parse or New, so the parts are known to be good.
	day, _ := digits(h.s[0:2])
	month, _ := digits(h.s[2:4])
	yy, _ := digits(h.s[4:6])
	century, _ := centuryOf(h.s[6])
	return civil.Date{Year: century + yy, Month: time.Month(month), Day: day}
}

// Individual returns the individual number (2–999), or 0 for the zero
// HETU.
func (h HETU) Individual() int {
	if h.s == "" {
		return 0
	}
	n, _ := digits(h.s[7:10])
	return n
}

// Sex returns the sex encoded in the individual number (odd male, even
// female), or "" for the zero HETU. It reflects the code only, not
// necessarily the person's current legal gender, so the register should
// not use it as the source of that information.
func (h HETU) Sex() Sex {
	if h.s == "" {
		return ""
	}
	if h.Individual()%2 == 1 {
		return Male
	}
	return Female
}

// IsTemporary reports whether the individual number is in 900–999, the
// range of temporary and test codes that is never issued permanently.
func (h HETU) IsTemporary() bool {
	return h.Individual() >= 900
}
