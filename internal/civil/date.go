// Package civil provides Date, a calendar date without a time of day or a
// time zone.
//
// Dates such as birth dates or decision dates are calendar facts: 1 March is
// 1 March in every time zone. Storing them as time.Time invites off-by-one
// errors when a midnight instant is converted between zones, so the register
// uses Date for them and converts to time.Time only at the edges.
//
// The zero Date means "no date". It is written as JSON null, as the empty
// string in text form and as SQL NULL in the database.
package civil

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Year bounds accepted by ParseDate and IsValid. The lower bound covers the
// earliest century of the Finnish personal identity code; the upper bound
// keeps the textual form at exactly four year digits.
const (
	MinYear = 1800
	MaxYear = 9999
)

// Date is a calendar date in the proleptic Gregorian calendar. The zero
// value represents the absence of a date.
//
// Date is comparable with ==. A Date built by hand is not validated; use
// IsValid when the fields come from an untrusted source.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Errors returned by ParseDate. They deliberately do not echo the input,
// because a date in this register is often a birth date and so personal
// data that must not end up in logs.
var (
	errFormat = errors.New("civil: invalid date: want YYYY-MM-DD")
	errYear   = fmt.Errorf("civil: invalid date: year outside %d-%d", MinYear, MaxYear)
	errDay    = errors.New("civil: invalid date: no such day in the calendar")
)

// ParseDate parses a date in the strict form YYYY-MM-DD: exactly ten
// characters, zero-padded, no time part and no surrounding space. The date
// must exist in the calendar (so 2023-02-29 is rejected) and the year must
// be within MinYear..MaxYear. The empty string is an error; callers that
// allow a missing date must handle "" themselves.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, errFormat
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, errFormat
	}
	d := Date{Year: year, Month: time.Month(month), Day: day}
	if year < MinYear || year > MaxYear {
		return Date{}, errYear
	}
	if !d.isCalendarDay() {
		return Date{}, errDay
	}
	return d, nil
}

// digits converts a string of ASCII digits to an int. It exists because
// strconv.Atoi also accepts signs, which the strict format forbids.
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

// DateOf returns the calendar date of t as seen in t's own location. The
// zero time.Time yields the zero Date. To get the date in a particular
// zone (for example Europe/Helsinki), convert first: DateOf(t.In(loc)).
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsValid reports whether d is a real calendar date with a year within
// MinYear..MaxYear, that is, whether ParseDate would accept d.String().
// The zero Date is not valid.
func (d Date) IsValid() bool {
	return d.Year >= MinYear && d.Year <= MaxYear && d.isCalendarDay()
}

// isCalendarDay reports whether the month and day exist in d.Year.
func (d Date) isCalendarDay() bool {
	if d.Month < time.January || d.Month > time.December {
		return false
	}
	return d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date ("no date"). It also makes
// the json `omitzero` option work for Date fields.
func (d Date) IsZero() bool {
	return d == Date{}
}

// Before reports whether d is strictly earlier than other.
func (d Date) Before(other Date) bool {
	return d.Compare(other) < 0
}

// After reports whether d is strictly later than other.
func (d Date) After(other Date) bool {
	return d.Compare(other) > 0
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Time returns midnight UTC at the start of d. The zero Date yields the
// zero time.Time so that "no date" stays "no time".
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddYears returns the same day n years later (or earlier for negative n).
// 29 February maps to 28 February in a non-leap year instead of rolling
// over to 1 March: this follows the Finnish rule for periods counted in
// years (laki säädettyjen määräaikain laskemisesta 150/1930, 3 §), under
// which a period ends on the last day of the month when the month has no
// day with the same number. Age limits are computed with it. The zero Date
// stays zero.
func (d Date) AddYears(n int) Date {
	if d.IsZero() {
		return d
	}
	r := Date{Year: d.Year + n, Month: d.Month, Day: d.Day}
	if r.Month == time.February && r.Day == 29 && !isLeap(r.Year) {
		r.Day = 28
	}
	return r
}

// errInvalid is returned when a non-zero Date that fails IsValid is
// encoded. Refusing to write it guarantees that everything written can be
// read back.
var errInvalid = errors.New("civil: cannot encode invalid date")

// MarshalJSON encodes d as a "YYYY-MM-DD" JSON string, or as null for the
// zero Date. A non-zero Date that is not valid is an error.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if !d.IsValid() {
		return nil, errInvalid
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes a "YYYY-MM-DD" JSON string. JSON null and the empty
// string both set d to the zero Date. Any other value, including a
// non-string, a date with a time part or an impossible date, is an error
// and leaves d unchanged.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("civil: date must be a JSON string or null")
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalText encodes d as YYYY-MM-DD, or as empty text for the zero Date.
// A non-zero Date that is not valid is an error.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.IsValid() {
		return nil, errInvalid
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes YYYY-MM-DD as ParseDate does. Empty text sets d to
// the zero Date. On error d is left unchanged.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// Scan implements sql.Scanner. It accepts:
//   - nil (SQL NULL), which gives the zero Date;
//   - string or []byte in the form YYYY-MM-DD, as stored in a SQLite TEXT
//     column; the empty string gives the zero Date;
//   - time.Time, as returned by pgx for a PostgreSQL DATE column (midnight
//     UTC); the date is taken in the value's own location so that the
//     stored calendar day is never shifted.
//
// On error d is left unchanged.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = DateOf(v)
		return nil
	default:
		return fmt.Errorf("civil: cannot scan %T into Date", src)
	}
}

// Value implements driver.Valuer. The zero Date is stored as SQL NULL and
// any other date as the string YYYY-MM-DD, which SQLite keeps as TEXT and
// PostgreSQL converts to DATE without any time zone arithmetic. A non-zero
// Date that is not valid is an error, so that Scan can always read back
// what Value wrote.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	if !d.IsValid() {
		return nil, errInvalid
	}
	return d.String(), nil
}
