package app_test

import (
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func TestHealthAndReadiness(t *testing.T) {
	env := apptest.New(t)
	c := env.Anonymous(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := c.Get(path); res.StatusCode != http.StatusOK || strings.TrimSpace(res.Body) != "ok" {
			t.Errorf("%s: %d %q", path, res.StatusCode, res.Body)
		}
	}
	env.Pool.Close() // the database goes away: ready no more, alive still
	if res := c.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz without database: %d", res.StatusCode)
	}
	if res := c.Get("/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("/healthz without database: %d", res.StatusCode)
	}
}

func TestSignInAndList(t *testing.T) {
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	res := c.Get("/werkgevers")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	doc := res.Doc(t)
	if n := doc.Find("tbody tr").Length(); n != 25 {
		t.Errorf("rows on first page: %d, want 25", n)
	}
	if got := doc.Find(".result-count").Text(); !strings.Contains(got, "25 werkgevers") {
		t.Errorf("count: %q", got)
	}
}
