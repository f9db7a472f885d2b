//go:build pprof

package app

import (
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// A build with -tags pprof serves Go's profiler on KOTO_PPROF_ADDR (default
// 127.0.0.1:6060) for performance work (docs/performance.md). Release
// builds have no profiler: it would show memory that holds personal data.
func init() {
	addr := os.Getenv("KOTO_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6060"
	}
	if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
		panic("KOTO_PPROF_ADDR must be a loopback address")
	}
	go func() { _ = http.ListenAndServe(addr, nil) }()
}
