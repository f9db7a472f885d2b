package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"koto/internal/natrep"
)

// koto export national-repository over the demo register: the document of
// one organisation, whole on stdout or in a private file, and refusals of
// a bad period or an unknown organisation that leave no file behind.
func TestExportNationalRepository(t *testing.T) {
	t.Setenv("KOTO_DATABASE_URL", "")
	dir := t.TempDir()
	if _, code := run(t, dir, "", "demo", "--clients", "12"); code != 0 {
		t.Fatal("demo failed")
	}
	today := time.Now().Format(time.DateOnly)
	from := time.Now().AddDate(0, 0, -300).Format(time.DateOnly)
	out, code := run(t, dir, "", "export", "national-repository", "--org", "049", "--from", from, "--to", today)
	if code != 0 {
		t.Fatal("export failed")
	}
	var d natrep.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not a document: %v\n%s", err, out)
	}
	if d.Organisation != "049" || d.Period == nil || d.Period.To != today || len(d.Records) == 0 {
		t.Fatalf("document header %+v", d)
	}

	file := filepath.Join(dir, "export.json")
	if _, code := run(t, dir, "", "export", "national-repository", "--org", "049", "--from", from, "--to", today, "--out", file); code != 0 {
		t.Fatal("export --out failed")
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file %v, %v", fi, err)
	}
	bad := filepath.Join(dir, "bad.json")
	for _, args := range [][]string{
		{"--org", "049", "--from", today, "--to", from, "--out", bad},
		{"--org", "999", "--from", from, "--to", today, "--out", bad},
		{"--from", from, "--to", today, "--out", bad},
	} {
		if _, code := run(t, dir, "", append([]string{"export", "national-repository"}, args...)...); code == 0 {
			t.Errorf("export %v succeeded", args)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*bad.json*")); len(matches) != 0 {
		t.Errorf("a refused export left %v", matches)
	}
}
