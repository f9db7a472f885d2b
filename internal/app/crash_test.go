package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"koto/internal/civil"
	"koto/internal/hetu"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// The crash test's shape: 16 API clients (workers) write through the JSON
// API of a real `koto serve` process until it has acknowledged
// crashTarget writes, and the process is then killed with SIGKILL in the
// middle of their requests.
const (
	crashWorkers = 16
	// crashUsers caseworkers share the workers (worker w acts as
	// caseworker w % crashUsers), so a worker states reasons for clients
	// that another user created.
	crashUsers  = 4
	crashTarget = 300
	// reasonsPerWorker keeps every stated reason inside the review queue,
	// which shows at most 500 items.
	reasonsPerWorker = 20
	crashPassword    = "pitka-salasana-2026\n"
)

// TestCrashSafety kills `koto serve` with SIGKILL while 16 clients create
// clients, open cards and state reasons, restarts it on the same data and
// checks that every write the killed server acknowledged (a 2xx answer)
// is there — the client readable with the same data, the reason in the
// review queue, the access-log entry of every acknowledged request — that
// nothing half-written is (every client with its data key, name-index keys,
// responsible caseworker and creation entry; every reason with its entry),
// and that `koto audit verify` passes once the restarted server has sealed
// the access log and stopped.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode: it starts and kills koto serve processes")
	}
	storetest.Each(t, func(t *testing.T, engine string) {
		site := newCrashSite(t, engine)
		supervisor, tokens := site.prepare(t)

		srv := site.start(t)
		l := newCrashLoad(srv.url, tokens)
		start := time.Now()
		acks := l.runAndKill(t, srv)
		t.Logf("%s: killed after %s with %d acknowledged writes (%d creates, %d card opens, %d reasons), %d requests in flight",
			engine, time.Since(start).Round(time.Millisecond), len(acks), countKind(acks, "create"), countKind(acks, "open"), countKind(acks, "reason"), l.atKill.Load())
		if len(acks) < crashTarget/3 || countKind(acks, "reason") == 0 {
			t.Fatalf("only %d writes acknowledged before the kill: too few for the test to mean anything", len(acks))
		}

		srv = site.start(t)
		checkAcknowledged(t, srv.url, tokens, supervisor, acks)
		db := site.sqlDB(t)
		waitSealed(t, db)
		srv.stop(t)
		checkWhole(t, db, acks, l)
		if out, code := site.kotoCode("", "audit", "verify"); code != 0 {
			t.Fatalf("koto audit verify after the crash: exit %d\n%s", code, out)
		}
	})
}

// crashSite is the data of one run: the data directory (key ring, SQLite
// file) and, on PostgreSQL, a fresh schema.
type crashSite struct {
	dir   string
	dbURL string // "" = SQLite in dir
}

func newCrashSite(t *testing.T, engine string) *crashSite {
	s := &crashSite{dir: t.TempDir()}
	if engine == "postgres" {
		s.dbURL = storetest.Schema(t)
	}
	return s
}

// kotoCode runs a koto command in this process on the site's data and
// returns its output and exit code.
func (s *crashSite) kotoCode(stdin string, args ...string) (string, int) {
	var out bytes.Buffer
	args = append(args, "--data-dir", s.dir, "--database-url", s.dbURL)
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &out)
	return out.String(), code
}

// koto runs a koto command that must succeed and returns its output; a
// failure is reported with t.Errorf (it may run on any goroutine).
func (s *crashSite) koto(t *testing.T, stdin string, args ...string) (string, bool) {
	out, code := s.kotoCode(stdin, args...)
	if code != 0 {
		t.Errorf("koto %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out, code == 0
}

// prepare adds an organisation, a supervisor and crashUsers caseworkers
// with their API tokens through the CLI and returns the supervisor's
// token and the caseworkers' (worker w uses that of caseworker
// w % crashUsers). The accounts are added side by side: hashing their
// passwords is most of the preparation.
func (s *crashSite) prepare(t *testing.T) (supervisor string, caseworkers []string) {
	if _, ok := s.koto(t, "", "org", "add", "--code", "240", "--name", "Kemi", "--kind", "municipality"); !ok {
		t.FailNow()
	}
	tokens := make([]string, crashUsers+1) // caseworkers, then the supervisor
	var wg sync.WaitGroup
	for u := range tokens {
		username, role := fmt.Sprintf("crash-cw%d", u), "caseworker"
		if u == crashUsers {
			username, role = "crash-sup", "supervisor"
		}
		wg.Go(func() {
			if _, ok := s.koto(t, crashPassword, "user", "add", "--org", "240", "--username", username, "--role", role, "--password-stdin"); !ok {
				return
			}
			if out, ok := s.koto(t, "", "token", "create", "--username", username); ok {
				lines := strings.Split(strings.TrimSpace(out), "\n")
				tokens[u] = lines[len(lines)-1]
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return tokens[crashUsers], tokens[:crashUsers]
}

// sqlDB opens the site's database as its owner (on PostgreSQL the owner
// is not subject to row-level security), for checks below the API.
func (s *crashSite) sqlDB(t *testing.T) *sql.DB {
	driver, dsn := "sqlite", store.SQLiteDSN(filepath.Join(s.dir, "koto.db"), false)
	if s.dbURL != "" {
		driver, dsn = "pgx", s.dbURL
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// start starts `koto serve` on the site's data (startServe).
func (s *crashSite) start(t *testing.T) *kotoProcess {
	t.Helper()
	return startServe(t, "--data-dir", s.dir, "--database-url", s.dbURL, "--reasons-per-day", "1000", "--log-level", "warn")
}

// crashAck is one write the server acknowledged (answered 2xx).
type crashAck struct {
	kind      string // "create", "open" (a card open writes its access-log entry) or "reason"
	worker    int
	requestID string // X-Request-Id, also in the access-log entry
	clientID  string
	reasonID  string         // reason
	client    map[string]any // create: the client as the server answered
}

// crashLoad is the workers' shared state.
type crashLoad struct {
	base   string
	tokens []string
	http   *http.Client
	seq    atomic.Int64 // numbers the created clients (HETU, name)
	acked  atomic.Int64 // acknowledged writes so far
	killed atomic.Bool  // errors after the kill are expected
	// inflight counts requests sent and not yet answered; atKill is its
	// value when the kill was sent.
	inflight, atKill atomic.Int64
	// attempted counts sent creates and reasons, acknowledged or not:
	// the database may hold those in flight at the kill, never more.
	attemptedCreates, attemptedReasons atomic.Int64

	mu      sync.Mutex
	created []createdClient // acknowledged creates, for other workers' reasons
}

type createdClient struct {
	id   string
	user int // index of the caseworker who created it
}

func newCrashLoad(base string, tokens []string) *crashLoad {
	return &crashLoad{base: base, tokens: tokens, http: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: crashWorkers},
		Timeout:   20 * time.Second,
	}}
}

// countKind counts the acknowledged writes of one kind.
func countKind(acks []crashAck, kind string) int {
	n := 0
	for _, a := range acks {
		if a.kind == kind {
			n++
		}
	}
	return n
}

// runAndKill runs the workers until crashTarget writes are acknowledged
// (or 20 s have passed), kills the server while they are still sending,
// and returns every acknowledged write.
func (l *crashLoad) runAndKill(t *testing.T, srv *kotoProcess) []crashAck {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	perWorker := make([][]crashAck, crashWorkers)
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() { perWorker[w] = l.work(ctx, t, w) })
	}
	stopped := make(chan struct{}) // every worker gave up (they report why)
	go func() { wg.Wait(); close(stopped) }()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
wait:
	for l.acked.Load() < crashTarget {
		select {
		case <-tick.C:
		case <-deadline:
			break wait
		case <-stopped:
			break wait
		}
	}
	l.killed.Store(true)
	l.atKill.Store(l.inflight.Load())
	srv.kill(t)
	cancel()
	<-stopped
	l.http.CloseIdleConnections()
	var all []crashAck
	for _, acks := range perWorker {
		all = append(all, acks...)
	}
	return all
}

// work is one API client: it registers a client, opens its card, and
// (up to reasonsPerWorker times) states a reason for a client another
// caseworker registered and opens that card, again and again.
func (l *crashLoad) work(ctx context.Context, t *testing.T, w int) []crashAck {
	var acks []crashAck
	ack := func(a crashAck) {
		a.worker = w
		acks = append(acks, a)
		l.acked.Add(1)
	}
	user := w % crashUsers
	reasoned := map[string]bool{}
	for ctx.Err() == nil {
		id, a, ok := l.create(ctx, t, w)
		if !ok {
			return acks // the kill, or a failure already reported
		}
		ack(a)
		l.mu.Lock()
		l.created = append(l.created, createdClient{id: id, user: user})
		l.mu.Unlock()
		if a, ok := l.open(ctx, t, w, id); ok {
			ack(a)
		}
		if len(reasoned) >= reasonsPerWorker {
			continue
		}
		other := l.othersClient(user, reasoned)
		if other == "" {
			continue
		}
		reasoned[other] = true
		if a, ok := l.reason(ctx, t, w, other); ok {
			ack(a)
			if a, ok := l.open(ctx, t, w, other); ok {
				ack(a)
			}
		}
	}
	return acks
}

// othersClient returns the newest client another caseworker registered
// that user has not stated a reason for, or "".
func (l *crashLoad) othersClient(user int, reasoned map[string]bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.created) - 1; i >= 0; i-- {
		if c := l.created[i]; c.user != user && !reasoned[c.id] {
			return c.id
		}
	}
	return ""
}

var crashEpoch = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)

func (l *crashLoad) create(ctx context.Context, t *testing.T, w int) (string, crashAck, bool) {
	k := l.seq.Add(1)
	birth := civil.DateOf(crashEpoch.AddDate(0, 0, int(k)))
	h, err := hetu.New(birth, 900+int(k%100))
	if err != nil {
		t.Error(err)
		return "", crashAck{}, false
	}
	body := fmt.Sprintf(`{"hetu": %q, "birthDate": %q, "firstNames": "Testi Kaatuja", "lastName": %q, "phone": "040 %07d"}`,
		h, birth, "Kaatuja"+letters(k), k)
	l.attemptedCreates.Add(1)
	var c map[string]any
	res, ok := l.do(ctx, t, w, "POST", "/api/v1/clients", body, http.StatusCreated, &c)
	if !ok {
		return "", crashAck{}, false
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/api/v1/clients/")
	delete(c, "warnings") // a remark on the create, not part of the client
	return id, crashAck{kind: "create", requestID: res.Header.Get("X-Request-Id"), clientID: id, client: c}, true
}

func (l *crashLoad) open(ctx context.Context, t *testing.T, w int, id string) (crashAck, bool) {
	res, ok := l.do(ctx, t, w, "GET", "/api/v1/clients/"+id, "", http.StatusOK, nil)
	return crashAck{kind: "open", requestID: res.Header.Get("X-Request-Id"), clientID: id}, ok
}

func (l *crashLoad) reason(ctx context.Context, t *testing.T, w int, id string) (crashAck, bool) {
	l.attemptedReasons.Add(1)
	var r struct{ ID, ClientID string }
	res, ok := l.do(ctx, t, w, "POST", "/api/v1/clients/"+id+"/access-reasons",
		`{"reasonCode": "substitute", "text": "Sijaisena kollegan asiakkaan asioissa"}`, http.StatusCreated, &r)
	return crashAck{kind: "reason", requestID: res.Header.Get("X-Request-Id"), clientID: id, reasonID: r.ID}, ok
}

// do sends a request as worker w and reports whether the server answered
// want. A 2xx answer counts as acknowledged even if its body is cut off by
// the kill; then into stays as it was. Any other answer before the kill is
// a test failure; errors after it are expected.
func (l *crashLoad) do(ctx context.Context, t *testing.T, w int, method, path, body string, want int, into any) (*http.Response, bool) {
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return &http.Response{}, false
	}
	req.Header.Set("Authorization", "Bearer "+l.tokens[w%crashUsers])
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	l.inflight.Add(1)
	res, err := l.http.Do(req)
	l.inflight.Add(-1)
	if err != nil {
		if !l.killed.Load() {
			t.Errorf("worker %d: %s %s: %v", w, method, path, err)
		}
		return &http.Response{}, false
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		if res.StatusCode/100 == 2 || !l.killed.Load() {
			t.Errorf("worker %d: %s %s: %d, want %d: %s", w, method, path, res.StatusCode, want, b)
		}
		return res, false
	}
	if into != nil {
		_ = json.Unmarshal(b, into)
	}
	return res, true
}

// letters spells n in the letters a–z, so every client has a name of its
// own (names take no digits).
func letters(n int64) string {
	var b []byte
	for ; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	return string(b)
}

// checkAcknowledged checks through the API of the restarted server that
// every acknowledged create is readable with the data the server answered
// and every acknowledged reason is in the review queue.
func checkAcknowledged(t *testing.T, base string, tokens []string, supervisor string, acks []crashAck) {
	t.Helper()
	c := &http.Client{Timeout: 20 * time.Second}
	get := func(token, path string, into any) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(into); err != nil && res.StatusCode == http.StatusOK {
			t.Fatalf("GET %s: %v", path, err)
		}
		return res.StatusCode
	}
	for _, a := range acks {
		if a.kind != "create" {
			continue
		}
		var got map[string]any
		if status := get(tokens[a.worker%crashUsers], "/api/v1/clients/"+a.clientID, &got); status != http.StatusOK {
			t.Errorf("acknowledged client %s: GET after the crash answers %d", a.clientID, status)
			continue
		}
		delete(got, "restricted") // the read's restriction status (ADR 40), not part of the create's answer
		if a.client != nil && !reflect.DeepEqual(got, a.client) {
			t.Errorf("acknowledged client %s changed in the crash:\nbefore %v\nafter  %v", a.clientID, a.client, got)
		}
	}
	var queue struct {
		Items []struct{ ID, ClientID string }
	}
	if status := get(supervisor, "/api/v1/access-reasons", &queue); status != http.StatusOK {
		t.Fatalf("review queue after the crash: %d", status)
	}
	inQueue := map[string]string{}
	for _, it := range queue.Items {
		inQueue[it.ID] = it.ClientID
	}
	for _, a := range acks {
		if a.kind == "reason" && a.reasonID != "" && inQueue[a.reasonID] != a.clientID {
			t.Errorf("acknowledged reason %s for client %s is not in the review queue after the crash", a.reasonID, a.clientID)
		}
	}
}

// waitSealed waits until the running server has chained every access-log
// entry; on PostgreSQL the entries of the killed server's last moments
// wait for the restarted server's sealer.
func waitSealed(t *testing.T, db *sql.DB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM audit_entries WHERE hash = ''`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d access-log entries still unsealed with the restarted server running", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkWhole checks with SQL, as the database owner, that every
// acknowledged request has its access-log entry and that nothing
// half-written exists: each client and reason is there with everything its
// transaction wrote.
func checkWhole(t *testing.T, db *sql.DB, acks []crashAck, l *crashLoad) {
	t.Helper()
	count := func(q string) int {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	// Nothing acknowledged lost, nothing more than was sent.
	clients, reasons := count(`SELECT count(*) FROM clients`), count(`SELECT count(*) FROM access_reasons WHERE kind = 'reason'`)
	if n := countKind(acks, "create"); clients < n || clients > int(l.attemptedCreates.Load()) {
		t.Errorf("%d clients in the database; %d creates acknowledged, %d sent", clients, n, l.attemptedCreates.Load())
	}
	if n := countKind(acks, "reason"); reasons < n || reasons > int(l.attemptedReasons.Load()) {
		t.Errorf("%d stated reasons in the database; %d acknowledged, %d sent", reasons, n, l.attemptedReasons.Load())
	}
	t.Logf("committed, not acknowledged (answer cut off by the kill): %d creates, %d reasons",
		clients-countKind(acks, "create"), reasons-countKind(acks, "reason"))
	for _, c := range []struct{ what, query string }{
		{"clients without their data key",
			`SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM client_keys k WHERE k.client_id = c.id)`},
		{"clients without name-index keys",
			`SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM client_search_keys s WHERE s.client_id = c.id)`},
		{"clients without their responsible caseworker",
			`SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM client_assignments a WHERE a.client_id = c.id AND a.user_id = c.created_by)`},
		{"clients without the access-log entry of their creation",
			`SELECT count(*) FROM clients c WHERE NOT EXISTS (SELECT 1 FROM audit_entries a
				WHERE a.client_id = c.id AND a.action = 'client.create' AND a.result = 'allowed' AND a.user_id = c.created_by)`},
		{"stated reasons without their access-log entry",
			`SELECT count(*) FROM access_reasons r WHERE r.kind = 'reason' AND NOT EXISTS (SELECT 1 FROM audit_entries a
				WHERE a.client_id = r.client_id AND a.action = 'access_reason.give' AND a.result = 'allowed'
				AND a.user_id = r.user_id AND a.touched LIKE '%id:' || r.id || '%')`},
	} {
		if n := count(c.query); n != 0 {
			t.Errorf("half-written after the crash: %d %s", n, c.what)
		}
	}

	// Every acknowledged request has its entry: the one with its request id.
	type entry struct{ action, clientID, result string }
	entries := map[string][]entry{}
	rows, err := db.Query(`SELECT request_id, action, client_id, result FROM audit_entries WHERE channel = 'api'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var e entry
		if err := rows.Scan(&id, &e.action, &e.clientID, &e.result); err != nil {
			t.Fatal(err)
		}
		entries[id] = append(entries[id], e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	action := map[string]string{"create": "client.create", "open": "client.read", "reason": "access_reason.give"}
	for _, a := range acks {
		want := entry{action[a.kind], a.clientID, "allowed"}
		if got := entries[a.requestID]; len(got) != 1 || got[0] != want {
			t.Errorf("acknowledged %s of client %s (request %s): access-log entries %v, want one %v", a.kind, a.clientID, a.requestID, got, want)
		}
	}
}
