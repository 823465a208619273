package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// MaxBodyBytes is the largest request body a form may send. Forms of this
// portal are small; anything larger is refused with 413 before it is parsed.
const MaxBodyBytes = 1 << 20

// contentSecurityPolicy allows only the portal's own scripts and styles: no
// inline script, no framing by other sites.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if secure {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// LimitBody caps the request body at MaxBodyBytes, or at the larger limit a
// route asks for with AllowBody. The cap is applied at the first read, so a
// route further down may still raise it.
func LimitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			b := &limitedBody{w: w, body: r.Body, limit: MaxBodyBytes}
			r.Body = b
			r = r.WithContext(context.WithValue(r.Context(), limitKey{}, b))
		}
		next.ServeHTTP(w, r)
	})
}

// AllowBody raises the body limit of the routes it wraps to n bytes, for the
// few forms that upload a file. It only works behind LimitBody and before
// anything has read the body.
func AllowBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if b, ok := r.Context().Value(limitKey{}).(*limitedBody); ok && b.r == nil {
				b.limit = n
			}
			next.ServeHTTP(w, r)
		})
	}
}

type limitKey struct{}

// limitedBody is an http.MaxBytesReader made at the first read, with the
// limit of that moment; over the limit it fails with *http.MaxBytesError.
type limitedBody struct {
	w     http.ResponseWriter
	body  io.ReadCloser
	limit int64
	r     io.ReadCloser
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.r == nil {
		b.r = http.MaxBytesReader(b.w, b.body, b.limit)
	}
	return b.r.Read(p)
}

func (b *limitedBody) Close() error {
	if b.r != nil {
		return b.r.Close()
	}
	return b.body.Close()
}

// LogRequests writes one structured line per request.
func LogRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		slog.DebugContext(r.Context(), "request", "method", r.Method, "route", RoutePattern(r), "path", LogPath(r),
			"status", ww.Status(), "bytes", ww.BytesWritten(), "duration", time.Since(start))
	})
}

// PrivatePage keeps a page reached by a personal link (an intake, an
// invitation, a calendar feed) out of other sites' logs, shared caches and
// search engines.
func PrivatePage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		next.ServeHTTP(w, r)
	})
}
