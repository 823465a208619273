package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/server"
)

// TestTokensNeverReachTheLog: at LOG_LEVEL=debug every request is logged and
// a failing token route logs an ERROR; neither holds the token, both hold
// the route pattern and <token>.
func TestTokensNeverReachTheLog(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)

	r := chi.NewRouter()
	r.Use(Recover, server.LogRequests)
	r.Get("/intake/{token}/stap/{n}", func(w http.ResponseWriter, r *http.Request) { Fail(w, r, errors.New("broken")) })
	r.Get("/uitnodiging/{token}", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	r.Get("/bord/{token}", func(w http.ResponseWriter, r *http.Request) { Fail(w, r, apperr.ErrNotFound) })
	tok := "q3V9x_Lr8TzW1mYk0aBcDeFgHiJkLmNoPqRsTuVwXyZ"
	for _, p := range []string{"/intake/" + tok + "/stap/3", "/uitnodiging/" + tok, "/bord/" + tok, "/agenda/" + tok + ".ics"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	log := buf.String()
	if strings.Contains(log, tok) || strings.Contains(log, "q3V9x") {
		t.Errorf("the log holds a token:\n%s", log)
	}
	for _, want := range []string{"path=/intake/<token>/stap/3", "route=/intake/{token}/stap/{n}", "level=ERROR",
		"path=/uitnodiging/<token>", "path=/agenda/<token>.ics", "level=DEBUG"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

// TestUnreachableDatabaseIsLoggedRateLimited: an outage fails many requests;
// the log gets one WARN line per second, saying how many it held back.
func TestUnreachableDatabaseIsLoggedRateLimited(t *testing.T) {
	l := &rateLimited{every: 1e9}
	now := time.Now()
	if ok, _ := l.allow(now); !ok {
		t.Fatal("first line held back")
	}
	for range 1000 {
		if ok, _ := l.allow(now.Add(1e6)); ok {
			t.Fatal("a line within the second")
		}
	}
	if ok, held := l.allow(now.Add(2e9)); !ok || held != 1000 {
		t.Errorf("after a second: %v, held %d", ok, held)
	}
}
