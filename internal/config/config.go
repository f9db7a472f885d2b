// Package config parses Koto's settings once, from flags with environment
// variables as defaults, and validates them. The Config value is passed
// down explicitly; nothing reads the environment later.
package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is every setting of a Koto process.
type Config struct {
	DataDir     string        // KOTO_DATA_DIR: SQLite file and generated keys
	DatabaseURL string        // KOTO_DATABASE_URL: postgres://… selects PostgreSQL
	KeyFile     string        // KOTO_KEY_FILE: master key ring (default DataDir/keys.json)
	Addr        string        // KOTO_ADDR: listen address
	TLSCert     string        // KOTO_TLS_CERT: serve TLS directly with this certificate
	TLSKey      string        // KOTO_TLS_KEY
	BehindTLS   bool          // KOTO_BEHIND_TLS: a TLS-terminating proxy is in front
	SessionIdle time.Duration // KOTO_SESSION_IDLE
	SessionMax  time.Duration // KOTO_SESSION_MAX
	LogLevel    string        // KOTO_LOG_LEVEL: debug, info, warn, error
	MaxConns    int           // KOTO_MAX_CONNS: database pool size
}

// Setting documents one setting for --help and the README.
type Setting struct {
	Flag, Env, Default, Help string
}

// Settings lists every setting in one place.
var Settings = []Setting{
	{"data-dir", "KOTO_DATA_DIR", "./koto-data", "directory for the SQLite database and generated keys"},
	{"database-url", "KOTO_DATABASE_URL", "", "PostgreSQL URL (postgres://…); empty = SQLite in the data directory"},
	{"key-file", "KOTO_KEY_FILE", "<data-dir>/keys.json", "master key ring file; back it up, without it encrypted data is lost"},
	{"addr", "KOTO_ADDR", "127.0.0.1:8080", "listen address of `koto serve`"},
	{"tls-cert", "KOTO_TLS_CERT", "", "TLS certificate file (PEM); with --tls-key serves HTTPS directly"},
	{"tls-key", "KOTO_TLS_KEY", "", "TLS private key file (PEM)"},
	{"behind-tls", "KOTO_BEHIND_TLS", "false", "set when a TLS-terminating proxy is in front: Secure/__Host- cookies and HSTS"},
	{"session-idle", "KOTO_SESSION_IDLE", "30m", "session idle timeout"},
	{"session-max", "KOTO_SESSION_MAX", "12h", "session absolute timeout"},
	{"log-level", "KOTO_LOG_LEVEL", "info", "log level: debug, info, warn, error"},
	{"max-conns", "KOTO_MAX_CONNS", "16", "database connection pool size"},
}

// Register defines the common flags on fs, with environment variables (via
// getenv) overriding the built-in defaults and flags overriding both.
func Register(fs *flag.FlagSet, getenv func(string) string) *Config {
	c := &Config{}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.DataDir, "data-dir", env("KOTO_DATA_DIR", "./koto-data"), "")
	fs.StringVar(&c.DatabaseURL, "database-url", env("KOTO_DATABASE_URL", ""), "")
	fs.StringVar(&c.KeyFile, "key-file", env("KOTO_KEY_FILE", ""), "")
	fs.StringVar(&c.Addr, "addr", env("KOTO_ADDR", "127.0.0.1:8080"), "")
	fs.StringVar(&c.TLSCert, "tls-cert", env("KOTO_TLS_CERT", ""), "")
	fs.StringVar(&c.TLSKey, "tls-key", env("KOTO_TLS_KEY", ""), "")
	behind, _ := strconv.ParseBool(env("KOTO_BEHIND_TLS", "false"))
	fs.BoolVar(&c.BehindTLS, "behind-tls", behind, "")
	idle, _ := time.ParseDuration(env("KOTO_SESSION_IDLE", "30m"))
	fs.DurationVar(&c.SessionIdle, "session-idle", idle, "")
	max, _ := time.ParseDuration(env("KOTO_SESSION_MAX", "12h"))
	fs.DurationVar(&c.SessionMax, "session-max", max, "")
	fs.StringVar(&c.LogLevel, "log-level", env("KOTO_LOG_LEVEL", "info"), "")
	conns, _ := strconv.Atoi(env("KOTO_MAX_CONNS", "16"))
	fs.IntVar(&c.MaxConns, "max-conns", conns, "")
	for _, s := range Settings {
		if f := fs.Lookup(s.Flag); f != nil {
			f.Usage = s.Help + " (env " + s.Env + ")"
		}
	}
	return c
}

// Validate checks the settings after parsing and fills derived defaults.
func (c *Config) Validate() error {
	if c.DataDir == "" {
		return fmt.Errorf("--data-dir must not be empty")
	}
	if c.KeyFile == "" {
		c.KeyFile = filepath.Join(c.DataDir, "keys.json")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key must be given together")
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		return fmt.Errorf("session timeouts must be positive and idle ≤ max")
	}
	if c.MaxConns <= 0 {
		return fmt.Errorf("--max-conns must be positive")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level must be debug, info, warn or error")
	}
	return nil
}

// TLS reports whether clients reach Koto over TLS.
func (c *Config) TLS() bool { return c.TLSCert != "" || c.BehindTLS }

// Getenv is os.Getenv, named so callers can swap it in tests.
var Getenv = os.Getenv
