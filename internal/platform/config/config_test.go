package config

import (
	"log/slog"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	c, err := parse(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.BaseURL != "http://localhost:8080" || c.LogLevel != slog.LevelInfo || c.CookieSecure {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestSecureFollowsHTTPSBaseURL(t *testing.T) {
	c, err := parse(env(map[string]string{"BASE_URL": "https://portaal.example.org/"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.CookieSecure || c.BaseURL != "https://portaal.example.org" {
		t.Fatalf("got %+v", c)
	}
}

func TestBadValuesAreAllReported(t *testing.T) {
	_, err := parse(env(map[string]string{
		"DATABASE_URL":  "mysql://x",
		"ADDR":          "nergens",
		"BASE_URL":      "portaal",
		"LOG_LEVEL":     "luid",
		"COOKIE_SECURE": "misschien",
	}))
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"DATABASE_URL", "ADDR", "BASE_URL", "LOG_LEVEL", "COOKIE_SECURE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}
