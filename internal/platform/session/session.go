// Package session keeps sign-in sessions in PostgreSQL (scs with its pgx
// store), so any number of app instances can serve the same users, and
// carries one-time flash messages from a POST to the page after its redirect.
package session

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Timeouts: a coordinator who walks away is signed out after an idle hour; no
// session lives longer than a working day.
const (
	IdleTimeout = time.Hour
	Lifetime    = 12 * time.Hour
	CookieName  = "np_sessie"
)

// Manager wraps scs.SessionManager.
type Manager struct {
	*scs.SessionManager
	// Fail answers a request whose session cannot be loaded (the database
	// is down): the portal's one error mapper, so the user gets the
	// friendly 503 page and not scs's plain-text 500.
	Fail func(http.ResponseWriter, *http.Request, error)
}

// New returns a manager storing sessions in pool, by the hash of their
// token (see hashedStore). cleanup is how often expired rows are removed
// (0: never, for tests whose database is dropped).
func New(pool *pgxpool.Pool, secure bool, cleanup time.Duration) *Manager {
	sm := scs.New()
	codec := newCachingCodec()
	quiet := newQuietStore(hashedStore{pgxstore.NewWithCleanupInterval(pool, cleanup)})
	quiet.codec = codec
	sm.Store = quiet
	sm.Codec = codec
	sm.IdleTimeout = IdleTimeout
	sm.Lifetime = Lifetime
	sm.Cookie.Name = CookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	return &Manager{SessionManager: sm, Fail: func(w http.ResponseWriter, _ *http.Request, _ error) {
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
	}}
}

type ctxKey struct{}

// Middleware loads and saves the session and makes the manager reachable
// from the request context for flash messages. scs writes a row only when a
// session is modified, so anonymous visitors leave nothing behind.
//
// It replaces scs's LoadAndSave for two reasons. A session that cannot be
// loaded goes through m.Fail (a friendly 503). And a session that cannot be
// saved is logged, not answered with a 500: the save happens when the
// handler starts its response, after its transaction committed, and a
// change that was stored must not be reported as a failure. The user then
// keeps the session they had (a lost flash message at worst; after a
// sign-in, the sign-in page again).
func (m *Manager) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Cookie")
		// Every page behind a session shows personal data or is about
		// signing in: no cache, shared or the browser's, keeps a copy.
		w.Header().Set("Cache-Control", "no-store")
		var token string
		if c, err := r.Cookie(m.Cookie.Name); err == nil {
			token = c.Value
		}
		ctx, err := m.Load(r.Context(), token)
		if err != nil {
			m.Fail(w, r, err)
			return
		}
		sr := r.WithContext(context.WithValue(ctx, ctxKey{}, m))
		sw := &saveWriter{ResponseWriter: w, m: m, r: sr}
		next.ServeHTTP(sw, sr)
		sw.save()
	})
}

// saveWriter saves the session just before the first byte of the response,
// when the handler can no longer change it.
type saveWriter struct {
	http.ResponseWriter
	m     *Manager
	r     *http.Request
	saved bool
}

func (sw *saveWriter) save() {
	if sw.saved {
		return
	}
	sw.saved = true
	ctx := sw.r.Context()
	// scs adds Cache-Control: no-cache="Set-Cookie" with a cookie; keep
	// what was there (no-store, or the handler's own choice) instead.
	h := sw.Header()
	cacheControl := append([]string(nil), h.Values("Cache-Control")...)
	defer func() { h["Cache-Control"] = cacheControl }()
	switch sw.m.Status(ctx) {
	case scs.Modified:
		token, expiry, err := sw.m.Commit(ctx)
		if err != nil {
			slog.WarnContext(ctx, "session not saved; the response goes out without it", "err", err)
			return
		}
		sw.m.WriteSessionCookie(ctx, sw.ResponseWriter, token, expiry)
	case scs.Destroyed:
		sw.m.WriteSessionCookie(ctx, sw.ResponseWriter, "", time.Time{})
	}
}

func (sw *saveWriter) WriteHeader(code int) {
	sw.save()
	sw.ResponseWriter.WriteHeader(code)
}

func (sw *saveWriter) Write(b []byte) (int, error) {
	sw.save()
	return sw.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes and
// deadlines of long downloads).
func (sw *saveWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

const flashKey = "flash"

// SetFlash stores a message to show on the next page.
func SetFlash(ctx context.Context, msg string) {
	if m, ok := ctx.Value(ctxKey{}).(*Manager); ok {
		m.Put(ctx, flashKey, msg)
	}
}

// PopFlash returns and removes the pending flash message, if any.
func PopFlash(ctx context.Context) string {
	m, ok := ctx.Value(ctxKey{}).(*Manager)
	if !ok || !m.Exists(ctx, flashKey) {
		return ""
	}
	return m.PopString(ctx, flashKey)
}

// SetOnce stores a value to be read once on a later page, such as a personal
// link that must be shown once and not kept in the page's URL or history.
func SetOnce(ctx context.Context, key, value string) {
	if m, ok := ctx.Value(ctxKey{}).(*Manager); ok {
		m.Put(ctx, "once:"+key, value)
	}
}

// PopOnce returns and removes a value stored with SetOnce.
func PopOnce(ctx context.Context, key string) string {
	m, ok := ctx.Value(ctxKey{}).(*Manager)
	if !ok || !m.Exists(ctx, "once:"+key) {
		return ""
	}
	return m.PopString(ctx, "once:"+key)
}
