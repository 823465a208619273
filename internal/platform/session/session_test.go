package session

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
)

// failWith records what the manager's Fail was called with.
func failWith(got *error) func(http.ResponseWriter, *http.Request, error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		*got = err
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

// TestSessionSaveFailureAfterCommitIsNotReportedAsFailure: the handler
// commits a change and puts a flash message in the session; then the
// database goes away before the session is saved. The user must get the
// handler's answer (303), not a 500, and the change must be there.
func TestSessionSaveFailureAfterCommitIsNotReportedAsFailure(t *testing.T) {
	pool := dbtest.New(t)
	m := New(pool, false, 0)
	var failed error
	m.Fail = failWith(&failed)
	var plugIn func()
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := pool.Exec(r.Context(), `INSERT INTO networks (name) VALUES ('Opgeslagen netwerk')`); err != nil {
			t.Errorf("insert: %v", err)
		}
		SetFlash(r.Context(), "Het netwerk is opgeslagen.")
		plugIn = dbtest.Unplug(t, pool) // between the commit and the session's save
		http.Redirect(w, r, "/netwerken", http.StatusSeeOther)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/netwerken", nil))
	plugIn()
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/netwerken" {
		t.Errorf("after a stored change: %d %q, want 303 to /netwerken", rec.Code, rec.Header().Get("Location"))
	}
	if failed != nil {
		t.Errorf("Fail called: %v", failed)
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM networks WHERE name = 'Opgeslagen netwerk'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("change stored %d times, err %v", n, err)
	}
	if c := rec.Header().Get("Set-Cookie"); c != "" {
		t.Errorf("a cookie for a session that was not saved: %q", c)
	}
}

// TestSessionLoadFailureGoesThroughFail: with the database down, a request
// with a session cookie is answered by the portal's error mapper.
func TestSessionLoadFailureGoesThroughFail(t *testing.T) {
	pool := dbtest.New(t)
	m := New(pool, false, 0)
	var failed error
	m.Fail = failWith(&failed)
	reached := false
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true }))
	dbtest.Unplug(t, pool)
	req := httptest.NewRequest(http.MethodGet, "/werkgevers", nil)
	req.AddCookie(&http.Cookie{Name: CookieName, Value: strings.Repeat("a", 43)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || failed == nil || reached {
		t.Errorf("status %d, Fail(%v), handler reached %v", rec.Code, failed, reached)
	}
}

// TestSessionTokensAreStoredHashed: the sessions table never holds the
// token the cookie carries, only its SHA-256; the cookie still works.
func TestSessionTokensAreStoredHashed(t *testing.T) {
	pool := dbtest.New(t)
	m := New(pool, false, 0)
	var cookie *http.Cookie
	put := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.Put(r.Context(), "user", int64(42))
	}))
	rec := httptest.NewRecorder()
	put.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/inloggen", nil))
	for _, c := range rec.Result().Cookies() {
		if c.Name == CookieName {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == "" {
		t.Fatalf("no session cookie: %v", rec.Header())
	}
	var raw, hashed int
	pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE token = $1), count(*) FILTER (WHERE token = $2) FROM sessions`,
		cookie.Value, hashToken(cookie.Value)).Scan(&raw, &hashed)
	if raw != 0 || hashed != 1 {
		t.Errorf("rows under the raw token: %d, under its hash: %d", raw, hashed)
	}
	var got int64
	get := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = m.GetInt64(r.Context(), "user")
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(cookie)
	get.ServeHTTP(httptest.NewRecorder(), req)
	if got != 42 {
		t.Errorf("session read back: %d", got)
	}
}
