// Package s3test starts a real S3-compatible server for tests: s3rver
// (npm, pinned in s3rver/package-lock.json, installed by `npm ci` in
// s3rver/; .ci/run does it). It speaks the S3 REST protocol over HTTP and
// keeps objects in a directory; it does not verify Signature Version 4,
// which internal/blob/s3 proves against AWS's published example instead.
package s3test

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Bucket is the bucket the server is started with; AccessKey and
// SecretKey are s3rver's default credentials.
const (
	Bucket    = "koto-test"
	AccessKey = "S3RVER"
	SecretKey = "S3RVER"
)

// Server is a running s3rver.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT
	Dir      string // where it keeps the objects
}

// Start starts s3rver on a free port with Bucket; it stops when the test
// ends. Without node or the installed package the test is skipped with a
// message, and fails when CI is set.
func Start(tb testing.TB) Server {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	bin := filepath.Join(filepath.Dir(file), "s3rver", "node_modules", "s3rver", "bin", "s3rver.js")
	node, nodeErr := exec.LookPath("node")
	if _, err := os.Stat(bin); err != nil || nodeErr != nil {
		msg := "S3 store not tested: run `npm ci` in internal/blob/s3test/s3rver (needs node)"
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	srv := Server{Endpoint: "http://127.0.0.1:" + port, Dir: tb.TempDir()}
	cmd := exec.Command(node, bin, "-d", srv.Dir, "-a", "127.0.0.1", "-p", port, "--silent", "--no-vhost-buckets",
		"--configure-bucket", Bucket)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	// Ready when it answers at all (an unsigned request is refused).
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(srv.Endpoint + "/" + Bucket)
		if err == nil {
			res.Body.Close()
			return srv
		}
		if time.Now().After(deadline) {
			tb.Fatalf("s3rver did not start: %v\n%s", err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
