// Package session keeps sign-in sessions in PostgreSQL (scs with its pgx
// store), so any number of app instances can serve the same users, and
// carries one-time flash messages from a POST to the page after its redirect.
package session

import (
	"context"
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
}

// New returns a manager storing sessions in pool. cleanup is how often
// expired rows are removed (0: never, for tests whose database is dropped).
func New(pool *pgxpool.Pool, secure bool, cleanup time.Duration) *Manager {
	sm := scs.New()
	sm.Store = newQuietStore(pgxstore.NewWithCleanupInterval(pool, cleanup))
	sm.IdleTimeout = IdleTimeout
	sm.Lifetime = Lifetime
	sm.Cookie.Name = CookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	return &Manager{sm}
}

type ctxKey struct{}

// Middleware loads and saves the session and makes the manager reachable
// from the request context for flash messages. scs writes a row only when a
// session is modified, so anonymous visitors leave nothing behind.
func (m *Manager) Middleware(next http.Handler) http.Handler {
	return m.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, m)))
	}))
}

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
