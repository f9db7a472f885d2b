package app

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// run calls Main like the shell would and returns stdout and the exit code.
func run(t *testing.T, dataDir, stdin string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), append(args, "--data-dir", dataDir), strings.NewReader(stdin), &out, &errOut)
	if code != 0 {
		t.Logf("koto %v: exit %d\n%s%s", args, code, out.String(), errOut.String())
	}
	return out.String(), code
}

func TestCommandsAndAuditVerify(t *testing.T) {
	t.Setenv("KOTO_DATABASE_URL", "")
	dir := t.TempDir()
	if _, code := run(t, dir, "", "org", "add", "--code", "240", "--name", "Kemi", "--kind", "municipality"); code != 0 {
		t.Fatal("org add failed")
	}
	if _, code := run(t, dir, "pitka-salasana-2026\n", "user", "add", "--org", "240", "--username", "anna", "--role", "caseworker", "--password-stdin"); code != 0 {
		t.Fatal("user add failed")
	}
	out, code := run(t, dir, "", "token", "create", "--username", "anna")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if code != 0 || !strings.HasPrefix(token, "koto_") {
		t.Fatalf("token create: %q", out)
	}

	// Start the real server on :0 and use the token through the API.
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	url := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := regexp.MustCompile(`running at (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatal("server did not print its URL")
	}
	body := `{"birthDate": "1990-01-01", "firstNames": "Testi", "lastName": "Asiakas"}`
	req, _ := http.NewRequest("POST", url+"/api/v1/clients", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	_ = json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || created.ID == "" {
		t.Fatalf("create through the API: %d", res.StatusCode)
	}
	if res, err := http.Get(url + "/login"); err != nil || res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("login page: %v", err)
	}

	// Disabling the user makes the token answer 401 on the next request,
	// while the server runs.
	if _, code := run(t, dir, "", "user", "disable", "--username", "anna"); code != 0 {
		t.Fatal("user disable failed")
	}
	req, _ = http.NewRequest("GET", url+"/api/v1/clients/"+created.ID, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("token of a disabled user: %v %v", res.StatusCode, err)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}

	if out, code := run(t, dir, "", "audit", "verify"); code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("intact log: exit %d %s", code, out)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "koto.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TRIGGER audit_entries_no_update`,
		`UPDATE audit_entries SET touched = 'nothing to see' WHERE seq = 2 AND chain <> '_system'`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out, code = run(t, dir, "", "audit", "verify")
	if code == 0 || !strings.Contains(out, "broken at entry 2") {
		t.Fatalf("tampered log: exit %d %s", code, out)
	}
}
