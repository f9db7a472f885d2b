package store_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/names"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// person is the synthetic client of the at-rest tests: values that occur
// nowhere else in a test database.
func person(t *testing.T) client.Details {
	born := civil.Date{Year: 1987, Month: 11, Day: 23}
	h, err := hetu.New(born, 977)
	if err != nil {
		t.Fatal(err)
	}
	return client.Details{
		HETU: h.String(), BirthDate: born, Sex: client.Female,
		FirstNames: "Zuleikha Qamar", LastName: "Wennström-Abdirahman", PreviousNames: []string{"Oyelaran"},
		BirthPlace: "Kismaayo", MotherTongue: "so", ServiceLanguage: "fi", Citizenships: []string{"SO"},
		HomeMunicipality: "205", Nationality: "Ogadeeni-somali",
		Address: client.Address{Street: "Ylälaaksonpolku 13 B 7", PostalCode: "87950", PostOffice: "Pihtipudas"},
		Phone:   "+358 44 987 6543", Email: "zuleikha.wennstrom@example.invalid",
	}
}

// personalForms returns what would betray a person in a database: every
// personal value as typed, lower-cased and folded; its name tokens and the
// name-search keys made from them (t:, s:, d:, p:); the birth date and the
// HETU in their usual notations; and each of these in hex, and as an
// unkeyed SHA-256 digest (hex, and the raw 16 and 32 bytes). Digits-only
// forms are matched only as whole words (see findForm), so that random
// identifiers and hex digests cannot contain them by chance.
func personalForms(d client.Details) []string {
	plain := []string{d.FirstNames, d.LastName, d.BirthPlace, d.Address.Street, d.Address.PostalCode,
		d.Address.PostOffice, d.Phone, d.Email, d.HETU, strings.ReplaceAll(d.Phone, " ", ""), d.Nationality,
		d.BirthDate.String(), fmt.Sprintf("%d.%d.%d", d.BirthDate.Day, d.BirthDate.Month, d.BirthDate.Year),
		fmt.Sprintf("%02d.%02d.%d", d.BirthDate.Day, d.BirthDate.Month, d.BirthDate.Year),
		fmt.Sprintf("%d%02d%02d", d.BirthDate.Year, d.BirthDate.Month, d.BirthDate.Day), d.HETU[:6]}
	plain = append(plain, d.PreviousNames...)
	var forms []string
	add := func(s string) {
		if len(s) >= 4 {
			forms = append(forms, s, strings.ToLower(s), names.Fold(s))
		}
	}
	for _, s := range plain {
		add(s)
	}
	for _, w := range strings.Fields(d.Address.Street) {
		add(w)
	}
	keys := names.NewKeys(d.FirstNames, d.LastName, d.PreviousNames)
	for _, k := range keys.EqualityKeys() {
		if len(k) >= 6 { // "p:zul" and longer: shorter prefixes say nothing
			forms = append(forms, k)
		}
		if strings.HasPrefix(k, names.KindToken) {
			add(k[len(names.KindToken):])
		}
	}
	var out []string
	for _, f := range forms {
		sum := sha256.Sum256([]byte(f))
		out = append(out, f, hex.EncodeToString([]byte(f)), hex.EncodeToString(sum[:]), string(sum[:16]))
	}
	return out
}

// findForm reports whether value contains form; a form of digits and
// separators only counts where it stands as a word of its own.
func findForm(value []byte, form string) bool {
	if strings.Trim(form, "0123456789.-+ ") != "" {
		return bytes.Contains(value, []byte(form))
	}
	for i := 0; ; {
		j := bytes.Index(value[i:], []byte(form))
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(form)
		if (start == 0 || !isAlnum(value[start-1])) && (end == len(value) || !isAlnum(value[end])) {
			return true
		}
		i = start + 1
	}
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// leaks reads every row of every table of the database as its owner and
// returns, for each column with a value holding one of forms,
// "table.column: forms found".
func leaks(t *testing.T, db *sql.DB, engine string, forms []string) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if engine == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	tables, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	tables.Close()
	if len(names) < 10 {
		t.Fatalf("found only the tables %v", names)
	}
	lower := make([]string, len(forms))
	for i, f := range forms {
		lower[i] = strings.ToLower(f)
	}
	found := map[string][]string{}
	for _, table := range names {
		rows, err := db.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var b []byte
				switch v := v.(type) {
				case []byte:
					b = v
				case string:
					b = []byte(v)
				default:
					b = fmt.Append(nil, v)
				}
				col := table + "." + cols[i]
				// As stored (raw digests) and lower-cased (text).
				lowered := bytes.ToLower(b)
				for j, f := range lower {
					if (findForm(b, forms[j]) || findForm(lowered, f)) && !slices.Contains(found[col], forms[j]) {
						found[col] = append(found[col], forms[j])
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	var out []string
	for col, fs := range found {
		out = append(out, fmt.Sprintf("%s: %q", col, fs))
	}
	slices.Sort(out)
	return out
}

// Attack: a client's data key is destroyed, as crypto-shredding erases a
// client; then every table is read as the database owner, around Koto.
// Nothing may spell the person's names (also earlier ones in the change
// history), birth date, contacts, address or HETU — as typed, folded or
// as a name-search key. Before the key is destroyed the same data opens
// normally, and the scan does find what it looks for (the Koto id).
func TestShreddedClientLeavesNothingReadable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "205")
		cw := env.AddUser(t, "205", "anna", access.Caseworker)
		sup := env.AddUser(t, "205", "sara", access.Supervisor)
		d := person(t)
		c, _, err := env.Clients.Create(ctx, cw, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The change history keeps the earlier values.
		before := d
		d.LastName, d.Phone, d.Address.Street = "Qarabaghi", "+358 40 765 4321", "Tervalepänkuja 5"
		if _, err := env.Clients.Update(ctx, cw, c.ID, c.Version, func(x *client.Details, _ bool) error {
			x.LastName, x.Phone, x.Address.Street = d.LastName, d.Phone, d.Address.Street
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := env.Clients.Get(ctx, sup, c.ID)
		if err != nil || got.LastName != "Qarabaghi" || got.Email != d.Email || got.HETU != d.HETU || got.BirthDate != d.BirthDate {
			t.Fatalf("before erasure the card opens: %+v %v", got, err)
		}
		if found, err := env.Clients.Search(ctx, sup, client.SearchQuery{Name: "Zuleikha Oyelaran"}); err != nil || len(found) != 1 {
			t.Fatalf("before erasure the person is found by an earlier name: %v %v", found, err)
		}

		if _, err := env.DB.SQL().Exec(`UPDATE client_keys SET wrapped = NULL WHERE client_id = '` + c.ID + `'`); err != nil {
			t.Fatal(err)
		}
		forms := append(personalForms(before), personalForms(d)...)
		if found := leaks(t, env.DB.SQL(), engine, forms); len(found) > 0 {
			t.Errorf("the erased client is still readable:\n%s", strings.Join(found, "\n"))
		}
		if found := leaks(t, env.DB.SQL(), engine, []string{c.KotoID}); len(found) == 0 {
			t.Error("the scan finds nothing at all, not even the Koto id")
		}
	})
}
