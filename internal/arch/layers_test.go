// Package arch holds tests of the code's shape: which package may import
// which. It has no code of its own.
package arch

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// adapters are the packages that translate between Koto's core and the
// outside world: HTTP, SQL, the command line, identity providers, tests.
// Every other package under internal/ is core — domain rules, the gate,
// access and audit — and must know neither transport nor storage, so that
// a rule of 681/2023 lives in one obvious place with plain tests. A new
// capability package is core by default.
var adapters = map[string]bool{
	"api": true, "web": true, "wire": true, "httpx": true, "app": true, "store": true, "store/storetest": true,
	"auth/oidc": true, "auth/oidc/oidctest": true, "blob/s3": true, "blob/s3test": true, "testenv": true, "loadstat": true, "config": true, "arch": true,
}

// forbidden are what core packages may not import: transport, SQL and
// the adapters themselves.
func forbidden(path string) bool {
	switch {
	case path == "net/http", strings.HasPrefix(path, "net/http/"),
		path == "database/sql",
		strings.HasPrefix(path, "github.com/jackc/pgx"), strings.HasPrefix(path, "modernc.org/sqlite"):
		return true
	case strings.HasPrefix(path, "koto/internal/"):
		return adapters[strings.TrimPrefix(path, "koto/internal/")]
	}
	return false
}

// allowed are reviewed exceptions: civil.Date implements driver.Valuer
// and sql.Scanner's method so that a date is stored as the engines' DATE,
// with no SQL of its own.
var allowed = map[string][]string{"civil": {"database/sql/driver"}}

func TestCoreKnowsNoTransportOrStorage(t *testing.T) {
	root := filepath.Join("..")
	checked := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "." || adapters[rel] {
			return nil
		}
		pkgs, err := parser.ParseDir(token.NewFileSet(), path, func(fi os.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, pkg := range pkgs {
			checked++
			for name, f := range pkg.Files {
				for _, imp := range f.Imports {
					p, _ := strconv.Unquote(imp.Path.Value)
					if forbidden(p) || (p == "database/sql/driver" && !slices.Contains(allowed[rel], p)) {
						t.Errorf("%s imports %s: core packages know no HTTP, SQL or adapter (see internal/arch)", filepath.ToSlash(name), p)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("only %d core packages found: the walk is broken", checked)
	}
}
