package app

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The authorization matrix: every route of the web UI and of the API, sent
// by every role in each relation to the object it names, through the real
// HTTP handler (c.handler(), as "koto serve" builds it) on a real core, on
// every engine. The outcomes must equal testdata/authz_matrix.txt, which is
// written from access.Rules, not from what the code happens to do; the
// format is explained at the top of that file.

const matrixFile = "testdata/authz_matrix.txt"

// relations are the columns of one role's code, in order.
var relations = []relation{assigned, sameOrg, otherOrg, anon}

type relation string

const (
	assigned relation = "assigned"  // a responsible caseworker of the client
	sameOrg  relation = "same_org"  // a client of the own organisation, no relation, no reason
	otherOrg relation = "other_org" // a client of another organisation
	anon     relation = "anon"      // no session cookie, no bearer token
)

// Outcome classes; the file's comments say what each means.
const (
	allowed         = 'A'
	reasonRequired  = 'R'
	notFound        = 'N'
	forbidden       = 'F'
	unauthenticated = 'U'
	unexpected      = 'E' // anything else: never a valid expectation
)

// matrix is the parsed expectation file.
type matrix struct {
	rows  map[string][]string // route pattern → one 4-letter code per role (AllRoles order)
	order []string            // patterns in file order
}

func TestAuthorizationMatrix(t *testing.T) {
	want := readMatrix(t)
	routes := routeTable(t)

	// The file and the router must list the same routes.
	var missing []routeInfo
	inRouter := map[string]bool{}
	for _, rt := range routes {
		inRouter[rt.Pattern] = true
		if _, ok := want.rows[rt.Pattern]; !ok {
			missing = append(missing, rt)
		}
	}
	for _, p := range want.order {
		if !inRouter[p] {
			t.Errorf("%s: row %q names no route of the router; remove it", matrixFile, p)
		}
	}
	for _, rt := range missing {
		t.Errorf("%s: route %q has no row; add one (expectations from access.Rules; the observed outcomes are printed below)", matrixFile, rt.Pattern)
	}

	pathWidth := 0
	for _, rt := range routes {
		_, path, _ := strings.Cut(rt.Pattern, " ")
		pathWidth = max(pathWidth, len(path))
	}

	storetest.Each(t, func(t *testing.T, engine string) {
		w := newWorld(t, engine)
		var suggest []string
		for _, rt := range routes {
			codes := make([]string, len(access.AllRoles))
			for i, role := range access.AllRoles {
				var code []byte
				for _, rel := range relations {
					res := w.send(t, rt, role, rel)
					code = append(code, res.class)
					exp, ok := want.rows[rt.Pattern]
					if !ok {
						continue
					}
					if wantClass := exp[i][len(code)-1]; wantClass != res.class {
						t.Errorf("%-50s %-14s %-9s want %c, got %c (%s)", rt.Pattern, role, rel, wantClass, res.class, res.detail)
					}
				}
				codes[i] = string(code)
			}
			if _, ok := want.rows[rt.Pattern]; !ok {
				suggest = append(suggest, formatRow(rt.Pattern, codes, pathWidth))
			}
		}
		if len(suggest) > 0 {
			t.Errorf("observed outcomes of the routes without a row (check each against access.Rules before copying):\n%s",
				strings.Join(suggest, "\n"))
		}
	})
}

// readMatrix parses testdata/authz_matrix.txt: "#" comments, a header line
// "method path <roles>" naming access.AllRoles in order, then one line per
// route, sorted by path and then method.
func readMatrix(t *testing.T) matrix {
	t.Helper()
	data, err := os.ReadFile(matrixFile)
	if err != nil {
		t.Fatal(err)
	}
	m := matrix{rows: map[string][]string{}}
	header := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if !header {
			header = true
			var roles []string
			for _, r := range access.AllRoles {
				roles = append(roles, string(r))
			}
			if len(f) < 2 || f[0] != "method" || f[1] != "path" || !slices.Equal(f[2:], roles) {
				t.Fatalf("%s:%d: header must be %q (the roles of access.AllRoles in order)", matrixFile, n,
					"method path "+strings.Join(roles, " "))
			}
			continue
		}
		if len(f) != 2+len(access.AllRoles) {
			t.Fatalf("%s:%d: want method, path and %d codes, got %q", matrixFile, n, len(access.AllRoles), line)
		}
		pattern := f[0] + " " + f[1]
		for _, c := range f[2:] {
			if len(c) != len(relations) || strings.Trim(c, "ARNFU") != "" {
				t.Fatalf("%s:%d: code %q: want %d letters of A, R, N, F, U", matrixFile, n, c, len(relations))
			}
		}
		if _, dup := m.rows[pattern]; dup {
			t.Fatalf("%s:%d: %q listed twice", matrixFile, n, pattern)
		}
		if k := len(m.order); k > 0 && comparePatterns(m.order[k-1], pattern) > 0 {
			t.Errorf("%s:%d: %q is out of order: keep the rows sorted by path, then method", matrixFile, n, pattern)
		}
		m.rows[pattern] = f[2:]
		m.order = append(m.order, pattern)
	}
	if !header {
		t.Fatalf("%s: no header line", matrixFile)
	}
	return m
}

// comparePatterns orders route patterns by path, then method.
func comparePatterns(a, b string) int {
	am, ap, _ := strings.Cut(a, " ")
	bm, bp, _ := strings.Cut(b, " ")
	return cmp.Or(strings.Compare(ap, bp), strings.Compare(am, bm))
}

// formatRow renders a line of the matrix file.
func formatRow(pattern string, codes []string, pathWidth int) string {
	method, path, _ := strings.Cut(pattern, " ")
	var b strings.Builder
	fmt.Fprintf(&b, "%-7s %-*s", method, pathWidth, path)
	for i, c := range codes {
		fmt.Fprintf(&b, " %-*s", max(len(access.AllRoles[i]), len(relations)), c)
	}
	return strings.TrimRight(b.String(), " ")
}
