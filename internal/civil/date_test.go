package civil

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Compile-time checks that Date plugs into database/sql and encoding/*.
var (
	_ sql.Scanner      = (*Date)(nil)
	_ driver.Valuer    = Date{}
	_ json.Marshaler   = Date{}
	_ json.Unmarshaler = (*Date)(nil)
)

func date(y int, m time.Month, d int) Date {
	return Date{Year: y, Month: m, Day: d}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2024-02-29", want: date(2024, time.February, 29)},
		{in: "2000-02-29", want: date(2000, time.February, 29)},
		{in: "1800-01-01", want: date(1800, time.January, 1)},
		{in: "9999-12-31", want: date(9999, time.December, 31)},
		{in: "1999-04-30", want: date(1999, time.April, 30)},
		{in: "2023-02-29", wantErr: true}, // not a leap year
		{in: "1900-02-29", wantErr: true}, // divisible by 100, not by 400
		{in: "2024-04-31", wantErr: true},
		{in: "2024-13-01", wantErr: true},
		{in: "2024-00-10", wantErr: true},
		{in: "2024-01-00", wantErr: true},
		{in: "1799-12-31", wantErr: true}, // below MinYear
		{in: "0000-01-01", wantErr: true},
		{in: "", wantErr: true},
		{in: "2024-1-01", wantErr: true},
		{in: "2024-01-1", wantErr: true},
		{in: "24-01-01", wantErr: true},
		{in: "2024/01/01", wantErr: true},
		{in: "20240101", wantErr: true},
		{in: " 2024-01-01", wantErr: true},
		{in: "2024-01-01 ", wantErr: true},
		{in: "2024-01-01T00:00:00Z", wantErr: true},
		{in: "2024-01-01 00:00:00", wantErr: true},
		{in: "+024-01-01", wantErr: true},
		{in: "2024-+1-01", wantErr: true},
		{in: "２０24-01-01", wantErr: true}, // full-width digits
		{in: "10000-01-01", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("ParseDate(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Fatalf("String() = %q, want %q", s, tt.in)
			}
		})
	}
}

func TestParseDateErrorHasNoInput(t *testing.T) {
	// Dates here are often birth dates; errors must not leak them to logs.
	for _, in := range []string{"1985-13-07", "1985-02-30", "1685-01-07", "1985-1-7"} {
		_, err := ParseDate(in)
		if err == nil {
			t.Fatalf("ParseDate(%q) succeeded", in)
		}
		for _, part := range []string{in, "1985", "1685"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("error %q contains input part %q", err, part)
			}
		}
	}
}

func TestIsValid(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{}, false},
		{date(2024, time.February, 29), true},
		{date(2023, time.February, 29), false},
		{date(2024, 13, 1), false},
		{date(2024, 0, 1), false},
		{date(2024, time.June, 31), false},
		{date(1799, time.December, 31), false},
		{date(10000, time.January, 1), false},
	}
	for _, tt := range tests {
		if got := tt.d.IsValid(); got != tt.want {
			t.Errorf("%#v.IsValid() = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestDateOf(t *testing.T) {
	helsinki := time.FixedZone("EET", 2*60*60)
	tests := []struct {
		name string
		in   time.Time
		want Date
	}{
		{"zero", time.Time{}, Date{}},
		{"utc midnight", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), date(2024, time.March, 1)},
		{"utc late", time.Date(2024, 3, 1, 23, 59, 59, 0, time.UTC), date(2024, time.March, 1)},
		// Local midnight in Helsinki is still the previous day in UTC; the
		// date must be the one seen in the time's own location.
		{"helsinki midnight", time.Date(2024, 3, 1, 0, 0, 0, 0, helsinki), date(2024, time.March, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateOf(tt.in); got != tt.want {
				t.Fatalf("DateOf(%v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestStringAndIsZero(t *testing.T) {
	tests := []struct {
		d        Date
		want     string
		wantZero bool
	}{
		{Date{}, "", true},
		{date(1800, time.January, 1), "1800-01-01", false},
		{date(2024, time.December, 5), "2024-12-05", false},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
		if got := tt.d.IsZero(); got != tt.wantZero {
			t.Errorf("%#v.IsZero() = %v, want %v", tt.d, got, tt.wantZero)
		}
	}
}

func TestBeforeAfter(t *testing.T) {
	tests := []struct {
		a, b          Date
		before, after bool
	}{
		{date(2024, 1, 1), date(2024, 1, 1), false, false},
		{date(2024, 1, 1), date(2024, 1, 2), true, false},
		{date(2024, 1, 31), date(2024, 2, 1), true, false},
		{date(2023, 12, 31), date(2024, 1, 1), true, false},
		{date(2025, 1, 1), date(2024, 12, 31), false, true},
		{date(2024, 3, 1), date(2024, 2, 29), false, true},
		{Date{}, date(1800, 1, 1), true, false},
	}
	for _, tt := range tests {
		if got := tt.a.Before(tt.b); got != tt.before {
			t.Errorf("%v.Before(%v) = %v, want %v", tt.a, tt.b, got, tt.before)
		}
		if got := tt.a.After(tt.b); got != tt.after {
			t.Errorf("%v.After(%v) = %v, want %v", tt.a, tt.b, got, tt.after)
		}
	}
}

func TestTime(t *testing.T) {
	tests := []struct {
		d    Date
		want time.Time
	}{
		{Date{}, time.Time{}},
		{date(2024, 2, 29), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got := tt.d.Time()
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%#v.Time() = %v, want %v", tt.d, got, tt.want)
		}
		if back := DateOf(got); back != tt.d {
			t.Errorf("DateOf(%v.Time()) = %#v", tt.d, back)
		}
	}
}

func TestAddYears(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{date(2000, 6, 15), 18, date(2018, 6, 15)},
		{date(2018, 6, 15), -18, date(2000, 6, 15)},
		{date(2004, 2, 29), 18, date(2022, 2, 28)}, // non-leap target: last day of February
		{date(2004, 2, 29), 4, date(2008, 2, 29)},
		{date(2004, 2, 29), 96, date(2100, 2, 28)}, // 2100 is not a leap year
		{date(2004, 2, 29), -4, date(2000, 2, 29)},
		{date(2004, 2, 28), 1, date(2005, 2, 28)},
		{date(2004, 3, 1), 1, date(2005, 3, 1)},
		{date(2024, 1, 1), 0, date(2024, 1, 1)},
		{Date{}, 10, Date{}},
	}
	for _, tt := range tests {
		if got := tt.d.AddYears(tt.n); got != tt.want {
			t.Errorf("%v.AddYears(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		Birth Date `json:"birth"`
	}
	tests := []struct {
		name     string
		in       string
		want     Date
		wantErr  bool
		wantJSON string // re-encoded form; empty means same as in
	}{
		{name: "date", in: `{"birth":"2024-02-29"}`, want: date(2024, 2, 29)},
		{name: "null", in: `{"birth":null}`, want: Date{}},
		{name: "empty string", in: `{"birth":""}`, want: Date{}, wantJSON: `{"birth":null}`},
		{name: "missing", in: `{}`, want: Date{}, wantJSON: `{"birth":null}`},
		{name: "impossible", in: `{"birth":"2023-02-29"}`, wantErr: true},
		{name: "with time", in: `{"birth":"2024-02-29T00:00:00Z"}`, wantErr: true},
		{name: "number", in: `{"birth":20240229}`, wantErr: true},
		{name: "bool", in: `{"birth":true}`, wantErr: true},
		{name: "object", in: `{"birth":{}}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got doc
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Unmarshal(%s) = %v, want error", tt.in, got.Birth)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if got.Birth != tt.want {
				t.Fatalf("Unmarshal(%s) = %#v, want %#v", tt.in, got.Birth, tt.want)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			wantJSON := tt.wantJSON
			if wantJSON == "" {
				wantJSON = tt.in
			}
			if string(out) != wantJSON {
				t.Fatalf("Marshal = %s, want %s", out, wantJSON)
			}
		})
	}
}

func TestJSONNullResetsAndErrorKeeps(t *testing.T) {
	d := date(2024, 5, 6)
	if err := d.UnmarshalJSON([]byte(`"2024-02-30"`)); err == nil {
		t.Fatal("want error for impossible date")
	}
	if d != date(2024, 5, 6) {
		t.Fatalf("failed unmarshal changed value to %v", d)
	}
	if err := d.UnmarshalJSON([]byte("null")); err != nil {
		t.Fatal(err)
	}
	if !d.IsZero() {
		t.Fatalf("null gave %v, want zero", d)
	}
}

func TestJSONOmitZero(t *testing.T) {
	type doc struct {
		Birth Date `json:"birth,omitzero"`
	}
	out, err := json.Marshal(doc{})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{}` {
		t.Fatalf("Marshal = %s, want {}", out)
	}
}

func TestMarshalInvalid(t *testing.T) {
	bad := date(2023, 2, 29)
	if _, err := bad.MarshalJSON(); err == nil {
		t.Error("MarshalJSON of invalid date succeeded")
	}
	if _, err := bad.MarshalText(); err == nil {
		t.Error("MarshalText of invalid date succeeded")
	}
	if _, err := bad.Value(); err == nil {
		t.Error("Value of invalid date succeeded")
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2024-02-29", want: date(2024, 2, 29)},
		{in: "", want: Date{}},
		{in: "2024-02-30", wantErr: true},
		{in: "29.2.2024", wantErr: true},
	}
	for _, tt := range tests {
		var got Date
		err := got.UnmarshalText([]byte(tt.in))
		if tt.wantErr {
			if err == nil {
				t.Errorf("UnmarshalText(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		out, err := got.MarshalText()
		if err != nil || string(out) != tt.in {
			t.Errorf("MarshalText(%v) = %q, %v; want %q", got, out, err, tt.in)
		}
	}
}

func TestScan(t *testing.T) {
	helsinki := time.FixedZone("EET", 2*60*60)
	tests := []struct {
		name    string
		src     any
		want    Date
		wantErr bool
	}{
		{name: "null", src: nil, want: Date{}},
		{name: "sqlite text", src: "2024-02-29", want: date(2024, 2, 29)},
		{name: "sqlite bytes", src: []byte("1985-12-31"), want: date(1985, 12, 31)},
		{name: "empty text", src: "", want: Date{}},
		// pgx returns a PostgreSQL DATE as midnight UTC.
		{name: "postgres date", src: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), want: date(2024, 2, 29)},
		{name: "local midnight", src: time.Date(2024, 3, 1, 0, 0, 0, 0, helsinki), want: date(2024, 3, 1)},
		{name: "bad text", src: "2024-02-30", wantErr: true},
		{name: "timestamp text", src: "2024-02-29 00:00:00", wantErr: true},
		{name: "int", src: int64(20240229), wantErr: true},
		{name: "float", src: 1.5, wantErr: true},
		{name: "bool", src: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := date(1999, 9, 9) // a pre-existing value must be overwritten or kept
			err := got.Scan(tt.src)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Scan(%v) = %v, want error", tt.src, got)
				}
				if got != date(1999, 9, 9) {
					t.Fatalf("failed Scan changed value to %v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Scan(%v): %v", tt.src, err)
			}
			if got != tt.want {
				t.Fatalf("Scan(%v) = %#v, want %#v", tt.src, got, tt.want)
			}
		})
	}
}

func TestValueScanRoundTrip(t *testing.T) {
	tests := []Date{
		{},
		date(1800, 1, 1),
		date(2024, 2, 29),
		date(9999, 12, 31),
	}
	for _, d := range tests {
		v, err := d.Value()
		if err != nil {
			t.Fatalf("%v.Value(): %v", d, err)
		}
		if !driver.IsValue(v) {
			t.Fatalf("%v.Value() = %T, not a driver.Value", d, v)
		}
		if d.IsZero() {
			if v != nil {
				t.Fatalf("zero Value() = %#v, want nil", v)
			}
		} else if s, ok := v.(string); !ok || s != d.String() {
			t.Fatalf("%v.Value() = %#v, want string %q", d, v, d.String())
		}

		// SQLite TEXT column: the driver returns what was stored.
		var fromText Date
		if err := fromText.Scan(v); err != nil || fromText != d {
			t.Fatalf("Scan(%#v) = %v, %v; want %v", v, fromText, err, d)
		}

		// PostgreSQL DATE column via pgx: the driver returns midnight UTC.
		var pgSrc any
		if !d.IsZero() {
			pgSrc = d.Time()
		}
		var fromPG Date
		if err := fromPG.Scan(pgSrc); err != nil || fromPG != d {
			t.Fatalf("Scan(%#v) = %v, %v; want %v", pgSrc, fromPG, err, d)
		}
	}
}
