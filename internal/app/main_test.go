package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"koto/internal/config"
	"koto/internal/testenv"
)

// envRunMain turns the test binary into the koto command. A test that
// needs a real, separate `koto serve` process — one it can kill with
// SIGKILL (crash_test.go) — re-executes os.Args[0] with this variable set
// to "1" and koto's arguments, so no binary is built at test time. The
// process then runs Main and exits without running any test. Unset (as
// always outside such a child), the package's tests run as usual.
const envRunMain = "KOTO_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// kotoProcess is a `koto serve` running as a separate process: the test
// binary re-executed as the koto command.
type kotoProcess struct {
	cmd    *exec.Cmd
	out    *processOutput
	url    string
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

var runningAt = regexp.MustCompile(`running at (http://\S+)/`)

// startServe starts `koto serve` with args as a separate process on a
// free loopback port and waits until it listens. The process is killed
// when the test ends, if still running; a data race the race detector
// reported in it, or a panic, fails the test.
func startServe(t *testing.T, args ...string) *kotoProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	p := &kotoProcess{cmd: cmd, out: &processOutput{url: make(chan string, 1)}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if out := p.out.String(); strings.Contains(out, "DATA RACE") || strings.Contains(out, "panic:") {
			t.Errorf("koto serve reported a data race or panic:\n%s", out)
		}
	})
	select {
	case p.url = <-p.out.url:
	case <-p.exited:
		t.Fatalf("koto serve exited before listening: %v\n%s", p.err, p.out)
	case <-time.After(30 * time.Second):
		t.Fatalf("koto serve did not start listening\n%s", p.out)
	}
	return p
}

// kill ends the process with SIGKILL: no shutdown, no final sealing, no
// deferred function runs.
func (p *kotoProcess) kill(t *testing.T) {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exited
}

// stop asks the process to stop gracefully (SIGTERM) and requires a clean
// exit.
func (p *kotoProcess) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("koto serve did not stop on SIGTERM\n%s", p.out)
	}
	if p.err != nil {
		t.Fatalf("koto serve after SIGTERM: %v\n%s", p.err, p.out)
	}
}

// processOutput collects a process's stdout and stderr and sends the URL
// it prints when it listens.
type processOutput struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	url  chan string
	sent bool
}

func (o *processOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	if !o.sent {
		if m := runningAt.FindSubmatch(o.buf.Bytes()); m != nil {
			o.sent = true
			o.url <- string(m[1])
		}
	}
	return len(p), nil
}

func (o *processOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// testCore is the core `koto serve` builds, over the services of a test
// environment.
func testCore(cfg *config.Config, env *testenv.Env) *core {
	return &core{Services: env.Services, cfg: cfg, log: slog.New(slog.DiscardHandler), db: env.DB}
}
