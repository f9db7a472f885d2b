// Package config parses Koto's settings once, from flags with environment
// variables as defaults, and validates them. The Config value is passed
// down explicitly; nothing reads the environment later.
package config

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"koto/internal/httpx"
)

// Config is every setting of a Koto process.
type Config struct {
	DataDir     string // KOTO_DATA_DIR: SQLite file and generated keys
	DatabaseURL string // KOTO_DATABASE_URL: postgres://… selects PostgreSQL
	KeyFile     string // KOTO_KEY_FILE: master key ring (default DataDir/keys.json)
	Addr        string // KOTO_ADDR: listen address
	TLSCert     string // KOTO_TLS_CERT: serve TLS directly with this certificate
	TLSKey      string // KOTO_TLS_KEY
	BehindTLS   bool   // KOTO_BEHIND_TLS: a TLS-terminating proxy is in front
	// TrustedProxies (KOTO_TRUSTED_PROXIES) lists the reverse proxies
	// whose X-Forwarded-For names the client: comma-separated CIDRs and
	// addresses. Validate parses it into Proxies.
	TrustedProxies string
	Proxies        httpx.TrustedProxies
	SessionIdle    time.Duration // KOTO_SESSION_IDLE
	SessionMax     time.Duration // KOTO_SESSION_MAX
	LogLevel       string        // KOTO_LOG_LEVEL: debug, info, warn, error
	MaxConns       int           // KOTO_MAX_CONNS: database pool size

	MFARequired  bool // KOTO_MFA_REQUIRED: second factor compulsory for roles that see client data
	InactiveDays int  // KOTO_INACTIVE_DAYS: disable accounts unused this many days (0 = never)
	OIDC         OIDC // staff single sign-on (off unless Issuer is set)

	ReasonsPerDay int // KOTO_REASONS_PER_DAY: stated reasons for access one user may give per day

	WebAuthnRPID   string // KOTO_WEBAUTHN_RP_ID: host name security keys are bound to; empty = WebAuthn off
	WebAuthnOrigin string // KOTO_WEBAUTHN_ORIGIN: origin(s) of the UI, comma-separated

	AuditCheckpointDir     string // KOTO_AUDIT_CHECKPOINT_DIR: signed checkpoints of the access log (default DataDir/audit-checkpoints)
	AuditCheckpointCommand string // KOTO_AUDIT_CHECKPOINT_COMMAND: shell command given each checkpoint on stdin; empty = none

	BlobDir          string // KOTO_BLOB_DIR: the sealed contents of attachments (default DataDir/blobs)
	AttachmentMaxMiB int    // KOTO_ATTACHMENT_MAX_MIB: the size limit of one attachment
	// BlobURL (KOTO_BLOB_URL) selects an S3-compatible object store for
	// the attachments instead of BlobDir:
	// s3://BUCKET?endpoint=https://HOST[:PORT]&region=REGION. Validate
	// parses it into S3, with the keys from KOTO_S3_ACCESS_KEY_ID and
	// KOTO_S3_SECRET_ACCESS_KEY (environment only: no secrets in flags).
	BlobURL string
	S3      S3

	// The links of the UI's footer, per deployment. Empty URLs link to
	// Koto's built-in pages (/accessibility, /privacy).
	AccessibilityURL string // KOTO_ACCESSIBILITY_URL: the organisation's accessibility statement
	PrivacyURL       string // KOTO_PRIVACY_URL: the organisation's privacy notice
	SupportContact   string // KOTO_SUPPORT_CONTACT: e-mail address or URL of user support; empty = no link

	// The controller's details in the generated privacy notice (/privacy).
	PrivacyController      string // KOTO_PRIVACY_CONTROLLER: the controller (the municipality) with its contact details
	PrivacyJointController string // KOTO_PRIVACY_JOINT_CONTROLLER: the joint controller operating the national system
	PrivacyDPO             string // KOTO_PRIVACY_DPO: how to reach the data-protection officer
	// Retention (ADR 36).
	RetentionRules      string // KOTO_RETENTION_RULES: JSON rules file replacing the built-in rules; empty = built-in
	RetentionArchiveDir string // KOTO_RETENTION_ARCHIVE_DIR: where archive packages are written (classes marked archive)
	RetentionEnabled    bool   // KOTO_RETENTION_ENABLED: the daily job deletes; otherwise it only reports (dry run)
}

// WebAuthnOrigins returns the configured origins.
func (c *Config) WebAuthnOrigins() []string {
	var out []string
	for _, o := range strings.Split(c.WebAuthnOrigin, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, strings.TrimSuffix(o, "/"))
		}
	}
	return out
}

// OIDC configures staff single sign-on with an OpenID provider.
type OIDC struct {
	Issuer       string // KOTO_OIDC_ISSUER
	ClientID     string // KOTO_OIDC_CLIENT_ID
	ClientSecret string // KOTO_OIDC_CLIENT_SECRET
	RedirectURL  string // KOTO_OIDC_REDIRECT_URL: https://<koto>/login/sso/callback
	GroupsClaim  string // KOTO_OIDC_GROUPS_CLAIM
	// RequireMFA (KOTO_OIDC_REQUIRE_MFA) accepts a login only when the
	// provider reports a multi-factor method (amr) or one of ACRValues
	// (acr).
	RequireMFA bool
	ACRValues  string // KOTO_OIDC_ACR_VALUES: comma-separated
}

// ACRs returns the configured acr values.
func (o OIDC) ACRs() []string {
	var out []string
	for _, v := range strings.Split(o.ACRValues, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// S3 is the object store of the attachments when BlobURL is set.
type S3 struct {
	Endpoint, Bucket, Region string
	AccessKey, SecretKey     string
}

// parseBlobURL parses s3://BUCKET?endpoint=…&region=… into c.S3.
func (c *Config) parseBlobURL() error {
	u, err := url.Parse(c.BlobURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("--blob-url %q must be s3://BUCKET?endpoint=https://HOST[:PORT]&region=REGION", c.BlobURL)
	}
	q := u.Query()
	for k := range q {
		if k != "endpoint" && k != "region" {
			return fmt.Errorf("--blob-url: unknown parameter %q (endpoint, region)", k)
		}
	}
	c.S3.Bucket, c.S3.Endpoint, c.S3.Region = u.Host, q.Get("endpoint"), q.Get("region")
	if !isWebURL(c.S3.Endpoint) {
		return fmt.Errorf("--blob-url needs endpoint=https://HOST[:PORT] (the S3-compatible service)")
	}
	if c.S3.AccessKey == "" || c.S3.SecretKey == "" {
		return fmt.Errorf("--blob-url needs KOTO_S3_ACCESS_KEY_ID and KOTO_S3_SECRET_ACCESS_KEY in the environment")
	}
	return nil
}

// Enabled reports whether single sign-on is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// Setting documents one setting for --help and the README.
type Setting struct {
	Flag, Env, Default, Help string
}

// JointControllerDefault is the joint controller of the national model
// (domain.md §1): KEHA-keskus, renamed from 1.1.2026; a name is data, so
// it is a setting.
const JointControllerDefault = "Työllisyys-, kehittämis- ja hallintokeskus (KEHA-keskus)"

// Settings lists every setting in one place.
var Settings = []Setting{
	{"data-dir", "KOTO_DATA_DIR", "./koto-data", "directory for the SQLite database and generated keys"},
	{"database-url", "KOTO_DATABASE_URL", "", "PostgreSQL URL (postgres://…); empty = SQLite in the data directory"},
	{"key-file", "KOTO_KEY_FILE", "<data-dir>/keys.json", "master key ring file; back it up, without it encrypted data is lost"},
	{"addr", "KOTO_ADDR", "127.0.0.1:8080", "listen address of `koto serve`"},
	{"tls-cert", "KOTO_TLS_CERT", "", "TLS certificate file (PEM); with --tls-key serves HTTPS directly"},
	{"tls-key", "KOTO_TLS_KEY", "", "TLS private key file (PEM)"},
	{"behind-tls", "KOTO_BEHIND_TLS", "false", "set when a TLS-terminating proxy is in front: Secure/__Host- cookies and HSTS"},
	{"trusted-proxies", "KOTO_TRUSTED_PROXIES", "", "reverse proxies (comma-separated CIDRs/addresses) whose X-Forwarded-For names the client; empty = trust none, use the connection's address"},
	{"session-idle", "KOTO_SESSION_IDLE", "30m", "session idle timeout"},
	{"session-max", "KOTO_SESSION_MAX", "12h", "session absolute timeout"},
	{"log-level", "KOTO_LOG_LEVEL", "info", "log level: debug, info, warn, error"},
	{"max-conns", "KOTO_MAX_CONNS", "16", "database connection pool size"},
	{"mfa-required", "KOTO_MFA_REQUIRED", "true", "require a TOTP second factor for caseworkers, supervisors and DPOs (they can only enrol until they have one)"},
	{"inactive-days", "KOTO_INACTIVE_DAYS", "90", "disable accounts not used for this many days (0 = never); checked by a scheduled job"},
	{"oidc-issuer", "KOTO_OIDC_ISSUER", "", "OpenID provider for staff single sign-on (issuer URL); empty = off"},
	{"oidc-client-id", "KOTO_OIDC_CLIENT_ID", "", "client id of Koto at the OpenID provider"},
	{"oidc-client-secret", "KOTO_OIDC_CLIENT_SECRET", "", "client secret of Koto at the OpenID provider (prefer the environment variable)"},
	{"oidc-redirect-url", "KOTO_OIDC_REDIRECT_URL", "", "redirect URL registered at the provider: https://<koto host>/login/sso/callback"},
	{"oidc-groups-claim", "KOTO_OIDC_GROUPS_CLAIM", "groups", "claim with the user's groups, mapped to organisation and roles by `koto sso map-group`"},
	{"oidc-require-mfa", "KOTO_OIDC_REQUIRE_MFA", "false", "accept a single sign-on only when the ID token's amr names a multi-factor method or its acr is one of --oidc-acr-values"},
	{"oidc-acr-values", "KOTO_OIDC_ACR_VALUES", "", "comma-separated acr values that count as multi-factor (also asked of the provider)"},
	{"reasons-per-day", "KOTO_REASONS_PER_DAY", "10", "stated reasons for access one user may give per day; beyond it a supervisor assigns the user"},
	{"webauthn-rp-id", "KOTO_WEBAUTHN_RP_ID", "", "WebAuthn relying party id: the host name of the UI (koto.example.fi) security keys are bound to; empty = WebAuthn off"},
	{"webauthn-origin", "KOTO_WEBAUTHN_ORIGIN", "", "origin of the UI as the browser sees it (https://koto.example.fi); comma-separated for several"},
	{"audit-checkpoint-dir", "KOTO_AUDIT_CHECKPOINT_DIR", "<data-dir>/audit-checkpoints", "directory the signed checkpoints of the access log are appended to (keep it off the database's machine or ship it: docs/operations.md)"},
	{"accessibility-url", "KOTO_ACCESSIBILITY_URL", "", "the organisation's accessibility statement (saavutettavuusseloste), linked in the footer; empty = Koto's built-in statement at /accessibility"},
	{"privacy-url", "KOTO_PRIVACY_URL", "", "the organisation's own privacy notice (tietosuojaseloste), linked in the footer; empty = the footer links Koto's generated notice at /privacy"},
	{"privacy-controller", "KOTO_PRIVACY_CONTROLLER", "", "the controller named in the generated privacy notice at /privacy: the municipality's name, address and registry contact; empty = the notice says it is not configured"},
	{"privacy-joint-controller", "KOTO_PRIVACY_JOINT_CONTROLLER", JointControllerDefault, "the joint controller named in the privacy notice (the operator of the national system)"},
	{"privacy-dpo", "KOTO_PRIVACY_DPO", "", "how to reach the data-protection officer, in the privacy notice (name, e-mail, phone); empty = the notice says it is not configured"},
	{"support-contact", "KOTO_SUPPORT_CONTACT", "", "user support in the footer: an e-mail address or an https:// URL; empty = no support link"},
	{"blob-dir", "KOTO_BLOB_DIR", "<data-dir>/blobs", "directory of the attachments' contents, sealed with the clients' keys (back it up with the database: docs/operations.md)"},
	{"attachment-max-mib", "KOTO_ATTACHMENT_MAX_MIB", "10", "size limit of one attachment in MiB (1–100)"},
	{"blob-url", "KOTO_BLOB_URL", "", "S3-compatible object store for the attachments instead of --blob-dir: s3://BUCKET?endpoint=https://HOST[:PORT]&region=REGION; keys in KOTO_S3_ACCESS_KEY_ID and KOTO_S3_SECRET_ACCESS_KEY"},
	{"audit-checkpoint-command", "KOTO_AUDIT_CHECKPOINT_COMMAND", "", "shell command run with each access-log checkpoint on stdin, to ship it off the machine (e.g. 'logger -t koto-audit'); empty = none"},
	{"retention-rules", "KOTO_RETENTION_RULES", "", "JSON file of retention rules replacing the built-in ones (internal/retention/rules.json; ADR 36); empty = built-in"},
	{"retention-archive-dir", "KOTO_RETENTION_ARCHIVE_DIR", "<data-dir>/archive", "directory the archive packages (ZIP) of classes marked for permanent retention are written to before deletion"},
	{"retention-enabled", "KOTO_RETENTION_ENABLED", "false", "let the daily retention job delete; when false it writes only the dry-run report to the log"},
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
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("KOTO_TRUSTED_PROXIES", ""), "")
	idle, _ := time.ParseDuration(env("KOTO_SESSION_IDLE", "30m"))
	fs.DurationVar(&c.SessionIdle, "session-idle", idle, "")
	max, _ := time.ParseDuration(env("KOTO_SESSION_MAX", "12h"))
	fs.DurationVar(&c.SessionMax, "session-max", max, "")
	fs.StringVar(&c.LogLevel, "log-level", env("KOTO_LOG_LEVEL", "info"), "")
	conns, _ := strconv.Atoi(env("KOTO_MAX_CONNS", "16"))
	fs.IntVar(&c.MaxConns, "max-conns", conns, "")
	mfa, err := strconv.ParseBool(env("KOTO_MFA_REQUIRED", "true"))
	if err != nil {
		mfa = true // a mistyped value must not switch the second factor off
	}
	fs.BoolVar(&c.MFARequired, "mfa-required", mfa, "")
	inactive, err := strconv.Atoi(env("KOTO_INACTIVE_DAYS", "90"))
	if err != nil {
		inactive = 90
	}
	fs.IntVar(&c.InactiveDays, "inactive-days", inactive, "")
	fs.StringVar(&c.OIDC.Issuer, "oidc-issuer", env("KOTO_OIDC_ISSUER", ""), "")
	fs.StringVar(&c.OIDC.ClientID, "oidc-client-id", env("KOTO_OIDC_CLIENT_ID", ""), "")
	fs.StringVar(&c.OIDC.ClientSecret, "oidc-client-secret", env("KOTO_OIDC_CLIENT_SECRET", ""), "")
	fs.StringVar(&c.OIDC.RedirectURL, "oidc-redirect-url", env("KOTO_OIDC_REDIRECT_URL", ""), "")
	fs.StringVar(&c.OIDC.GroupsClaim, "oidc-groups-claim", env("KOTO_OIDC_GROUPS_CLAIM", "groups"), "")
	requireMFA, err := strconv.ParseBool(env("KOTO_OIDC_REQUIRE_MFA", "false"))
	if err != nil {
		requireMFA = true // a mistyped value must not switch the check off
	}
	fs.BoolVar(&c.OIDC.RequireMFA, "oidc-require-mfa", requireMFA, "")
	fs.StringVar(&c.OIDC.ACRValues, "oidc-acr-values", env("KOTO_OIDC_ACR_VALUES", ""), "")
	reasons, err := strconv.Atoi(env("KOTO_REASONS_PER_DAY", "10"))
	if err != nil {
		reasons = 10
	}
	fs.IntVar(&c.ReasonsPerDay, "reasons-per-day", reasons, "")
	fs.StringVar(&c.WebAuthnRPID, "webauthn-rp-id", env("KOTO_WEBAUTHN_RP_ID", ""), "")
	fs.StringVar(&c.WebAuthnOrigin, "webauthn-origin", env("KOTO_WEBAUTHN_ORIGIN", ""), "")
	fs.StringVar(&c.AuditCheckpointDir, "audit-checkpoint-dir", env("KOTO_AUDIT_CHECKPOINT_DIR", ""), "")
	fs.StringVar(&c.AuditCheckpointCommand, "audit-checkpoint-command", env("KOTO_AUDIT_CHECKPOINT_COMMAND", ""), "")
	fs.StringVar(&c.BlobDir, "blob-dir", env("KOTO_BLOB_DIR", ""), "")
	attMax, err := strconv.Atoi(env("KOTO_ATTACHMENT_MAX_MIB", "10"))
	if err != nil {
		attMax = 10
	}
	fs.IntVar(&c.AttachmentMaxMiB, "attachment-max-mib", attMax, "")
	fs.StringVar(&c.BlobURL, "blob-url", env("KOTO_BLOB_URL", ""), "")
	c.S3.AccessKey, c.S3.SecretKey = getenv("KOTO_S3_ACCESS_KEY_ID"), getenv("KOTO_S3_SECRET_ACCESS_KEY")
	fs.StringVar(&c.AccessibilityURL, "accessibility-url", env("KOTO_ACCESSIBILITY_URL", ""), "")
	fs.StringVar(&c.PrivacyURL, "privacy-url", env("KOTO_PRIVACY_URL", ""), "")
	fs.StringVar(&c.SupportContact, "support-contact", env("KOTO_SUPPORT_CONTACT", ""), "")
	fs.StringVar(&c.PrivacyController, "privacy-controller", env("KOTO_PRIVACY_CONTROLLER", ""), "")
	fs.StringVar(&c.PrivacyJointController, "privacy-joint-controller", env("KOTO_PRIVACY_JOINT_CONTROLLER", JointControllerDefault), "")
	fs.StringVar(&c.PrivacyDPO, "privacy-dpo", env("KOTO_PRIVACY_DPO", ""), "")
	fs.StringVar(&c.RetentionRules, "retention-rules", env("KOTO_RETENTION_RULES", ""), "")
	fs.StringVar(&c.RetentionArchiveDir, "retention-archive-dir", env("KOTO_RETENTION_ARCHIVE_DIR", ""), "")
	retain, err := strconv.ParseBool(env("KOTO_RETENTION_ENABLED", "false"))
	if err != nil {
		retain = false // a mistyped value must not switch deletion on
	}
	fs.BoolVar(&c.RetentionEnabled, "retention-enabled", retain, "")
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
	if c.AuditCheckpointDir == "" {
		c.AuditCheckpointDir = filepath.Join(c.DataDir, "audit-checkpoints")
	}
	if c.BlobDir == "" {
		c.BlobDir = filepath.Join(c.DataDir, "blobs")
	}
	if c.AttachmentMaxMiB == 0 {
		c.AttachmentMaxMiB = 10 // a Config built without flags
	}
	if c.AttachmentMaxMiB < 1 || c.AttachmentMaxMiB > 100 {
		return fmt.Errorf("--attachment-max-mib must be between 1 and 100")
	}
	if c.BlobURL != "" {
		if err := c.parseBlobURL(); err != nil {
			return err
		}
	}
	if c.RetentionArchiveDir == "" {
		c.RetentionArchiveDir = filepath.Join(c.DataDir, "archive")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key must be given together")
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		return fmt.Errorf("session timeouts must be positive and idle ≤ max")
	}
	proxies, err := httpx.ParseTrustedProxies(c.TrustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	c.Proxies = proxies
	if c.MaxConns <= 0 {
		return fmt.Errorf("--max-conns must be positive")
	}
	if c.ReasonsPerDay < 1 {
		return fmt.Errorf("--reasons-per-day must be at least 1")
	}
	if c.InactiveDays < 0 {
		return fmt.Errorf("--inactive-days must not be negative")
	}
	if c.OIDC.Enabled() {
		if c.OIDC.ClientID == "" || c.OIDC.RedirectURL == "" {
			return fmt.Errorf("--oidc-issuer needs --oidc-client-id and --oidc-redirect-url")
		}
		if !strings.HasSuffix(c.OIDC.RedirectURL, "/login/sso/callback") {
			return fmt.Errorf("--oidc-redirect-url must end with /login/sso/callback")
		}
	}
	if c.WebAuthnRPID != "" {
		origins := c.WebAuthnOrigins()
		if len(origins) == 0 {
			return fmt.Errorf("--webauthn-rp-id needs --webauthn-origin")
		}
		for _, o := range origins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
				return fmt.Errorf("--webauthn-origin %q must be an origin such as https://koto.example.fi", o)
			}
			if h := u.Hostname(); h != c.WebAuthnRPID && !strings.HasSuffix(h, "."+c.WebAuthnRPID) {
				return fmt.Errorf("--webauthn-origin %q is not on the host of --webauthn-rp-id %q", o, c.WebAuthnRPID)
			}
		}
	}
	for _, u := range []struct{ flag, value string }{{"accessibility-url", c.AccessibilityURL}, {"privacy-url", c.PrivacyURL}} {
		if u.value != "" && !isWebURL(u.value) {
			return fmt.Errorf("--%s %q must be an http:// or https:// URL", u.flag, u.value)
		}
	}
	if s := c.SupportContact; s != "" && !isWebURL(s) && !isEmail(s) {
		return fmt.Errorf("--support-contact %q must be an e-mail address or an http:// or https:// URL", s)
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

// isWebURL reports whether s is an absolute http(s) URL with a host.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// isEmail reports whether s looks like one e-mail address.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " <>\"\t\n:/")
}
