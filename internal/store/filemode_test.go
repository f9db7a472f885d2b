//go:build unix

package store_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"koto/internal/store"
	"koto/internal/store/storetest"
)

// Attack: another account on the machine reads the SQLite database. The
// database and its -wal and -shm files are created readable by the owner
// only, in a data directory only the owner may enter, and an existing
// database that others could read is narrowed when it is opened — under
// the usual umask 022, with which SQLite alone creates its files 0644.
func TestSQLiteFilesPrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	dir := filepath.Join(t.TempDir(), "data")
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Config{DataDir: dir, Ring: storetest.Ring(t)})
		if err != nil {
			t.Fatal(err)
		}
		// A write, so that the write-ahead log and its index exist.
		if _, err := db.SQL().Exec(`CREATE TABLE IF NOT EXISTS mode_probe (x INTEGER)`); err != nil {
			t.Fatal(err)
		}
		return db
	}
	check := func(when string) {
		t.Helper()
		for name, want := range map[string]os.FileMode{"": 0o700, "koto.db": 0o600, "koto.db-wal": 0o600, "koto.db-shm": 0o600} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s: %s has mode %#o, want %#o", when, filepath.Join("data", name), got, want)
			}
		}
	}
	db := open()
	check("new database")
	db.Close()

	for _, name := range []string{"koto.db", "koto.db-wal", "koto.db-shm"} {
		if err := os.Chmod(filepath.Join(dir, name), 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db = open()
	defer db.Close()
	check("database made readable to others")
}
