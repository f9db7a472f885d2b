// Package httpx is what the web UI and the JSON API share: the request
// context (actor, request id, language), security headers, and the one
// place where domain errors become HTTP status codes.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
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

// ClientIP is the remote address without port, used to throttle logins.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
