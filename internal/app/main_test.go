package app

import (
	"context"
	"os"
	"testing"
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
