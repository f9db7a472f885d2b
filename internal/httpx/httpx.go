// Package httpx is what the web UI and the JSON API share: the request
// context (actor, request id, language), security headers, and the one
// place where domain errors become HTTP status codes.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
	clientIPKey
)

// WithActor stores the authenticated actor in ctx.
func WithActor(ctx context.Context, a access.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the authenticated actor, if any.
func ActorFrom(ctx context.Context) (access.Actor, bool) {
	a, ok := ctx.Value(actorKey).(access.Actor)
	return a, ok
}

// RequestID returns the request id set by the RequestIDs middleware.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Status maps an error kind to an HTTP status: the one place this happens.
func Status(err error) int {
	switch apperr.KindOf(err) {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// LogError logs an error that reached the transport layer. Only internal
// errors are logged with their cause; causes never contain personal data
// because the store and services wrap with ids, not values.
func LogError(log *slog.Logger, r *http.Request, err error) {
	if apperr.KindOf(err) != apperr.Internal {
		return
	}
	log.Error("request failed", "request_id", RequestID(r.Context()), "method", r.Method, "route", r.Pattern, "err", err)
}

// RequestIDs gives every request a random id (in the context and the
// X-Request-Id response header) that ties log lines and access-log entries.
func RequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// SecurityHeaders sets the headers every response carries. The CSP allows
// only same-origin scripts and styles, no inline code, no framing.
func SecurityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if tls {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// NoStore marks a response as holding personal data: never cached.
func NoStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// LimitBody refuses request bodies larger than max bytes.
func LimitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBodyBy refuses request bodies larger than limit(r) bytes.
func LimitBodyBy(limit func(*http.Request) int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit(r))
		}
		next.ServeHTTP(w, r)
	})
}

// Recover turns a panic into a 500 and a log line (with the stack, which
// holds code locations, not request data).
func Recover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic", "request_id", RequestID(r.Context()), "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status for the request log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// LogRequests writes one line per request: method, route pattern (never the
// raw path or query, which could carry personal data), status, duration.
func LogRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.Debug("request", "request_id", RequestID(r.Context()), "method", r.Method, "route", r.Pattern,
			"status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

// ClientIP is the client's address, used to throttle logins: the one
// ClientAddresses found for the request, or else the connection's remote
// address without its port.
func ClientIP(r *http.Request) string {
	if a, ok := r.Context().Value(clientIPKey).(string); ok && a != "" {
		return a
	}
	return peer(r)
}

// peer is the connection's remote address without its port.
func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// TrustedProxies are the reverse proxies (TLS terminators, load balancers)
// whose X-Forwarded-For header Koto believes (--trusted-proxies).
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma-separated list of CIDR prefixes
// (10.0.0.0/8) and single addresses (192.0.2.10); "" is none.
func ParseTrustedProxies(list string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// trusts reports whether a is one of the proxies.
func (t TrustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr returns the address of the client that sent r. When the
// connection comes from a trusted proxy, it is the right-most address of
// X-Forwarded-For that is not a trusted proxy itself: each proxy appends
// the address it was connected from, so entries to the right of the first
// untrusted one were written by proxies Koto trusts, and anything to its
// left may be the client's own invention. When the connection does not
// come from a trusted proxy, the header is ignored entirely (anyone can
// send it) and the connection's address is the client's. If every listed
// hop is a trusted proxy, the left-most is taken; an entry that is not an
// address ends the walk at the last trusted hop before it.
func (t TrustedProxies) ClientAddr(r *http.Request) string {
	addr := peer(r)
	a, err := netip.ParseAddr(addr)
	if err != nil || len(t) == 0 || !t.trusts(a) {
		return addr
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := a
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = hop
		if !t.trusts(hop) {
			break
		}
	}
	return client.Unmap().String()
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a
// port (some proxies add it) or in brackets.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone(""), true
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		return a.WithZone(""), true
	}
	return netip.Addr{}, false
}

// ClientAddresses finds every request's client address once
// (TrustedProxies.ClientAddr) for ClientIP.
func ClientAddresses(t TrustedProxies, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey, t.ClientAddr(r))))
	})
}
