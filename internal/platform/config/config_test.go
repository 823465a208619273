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
		"DATABASE_URL":      "mysql://x",
		"DATABASE_READ_URL": "mysql://replica",
		"ADDR":              "nergens",
		"BASE_URL":          "portaal",
		"LOG_LEVEL":         "luid",
		"COOKIE_SECURE":     "misschien",
		"SMTP_URL":          "ftp://x",
		"MAIL_FROM":         "nee",
	}))
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"DATABASE_URL", "DATABASE_READ_URL", "ADDR", "BASE_URL", "LOG_LEVEL", "COOKIE_SECURE", "SMTP_URL", "MAIL_FROM"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

func TestMailDefaults(t *testing.T) {
	for base, want := range map[string]string{
		"":                                 "noreply@localhost",
		"https://portaal.example.org:8443": "noreply@portaal.example.org",
		"http://127.0.0.1:8080":            "noreply@localhost",
	} {
		c, err := parse(env(map[string]string{"BASE_URL": base}))
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTPURL != "" || c.MailFromName != "Netwerkportaal" || c.MailFromEmail != want {
			t.Errorf("BASE_URL %q: got %q %q %q, want sender %s", base, c.SMTPURL, c.MailFromName, c.MailFromEmail, want)
		}
	}
}

func TestMailSettings(t *testing.T) {
	c, err := parse(env(map[string]string{
		"SMTP_URL":  "smtps://portaal:geheim@smtp.example.org:465",
		"MAIL_FROM": "Netwerk Twente <netwerk@twente.example.org>",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != "smtps://portaal:geheim@smtp.example.org:465" || c.MailFromName != "Netwerk Twente" ||
		c.MailFromEmail != "netwerk@twente.example.org" {
		t.Errorf("got %+v", c)
	}
	for _, ok := range []string{"smtp://relay:25?tls=none", "smtp://u:p@smtp.example.org:587?tls=required", "smtp://smtp.example.org"} {
		if _, err := parse(env(map[string]string{"SMTP_URL": ok})); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
}

func TestBadMailSettings(t *testing.T) {
	for _, raw := range []string{
		"http://u:geheim@smtp.example.org",
		"smtp://u:geheim@:587",
		"smtp://u:geheim@smtp.example.org:99999",
		"smtp://u:geheim@smtp.example.org:0",
		"smtp://u:geheim@smtp.example.org:poort",
		"smtp://u:geheim@smtp.example.org?tls=misschien",
		"smtp://u:geheim@smtp.example.org?verbose=1",
		"smtps://u:geheim@smtp.example.org?tls=none",
		"smtp.example.org",
	} {
		_, err := parse(env(map[string]string{"SMTP_URL": raw}))
		if err == nil || !strings.Contains(err.Error(), "SMTP_URL") {
			t.Errorf("%s: got %v, want an SMTP_URL error", raw, err)
			continue
		}
		if strings.Contains(err.Error(), "geheim") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
	}
	for _, raw := range []string{"geen adres", "a@b.nl, c@d.nl", "Naam <a@b.nl"} {
		if _, err := parse(env(map[string]string{"MAIL_FROM": raw})); err == nil || !strings.Contains(err.Error(), "MAIL_FROM") {
			t.Errorf("MAIL_FROM %q: got %v", raw, err)
		}
	}
}

func TestDatabaseReadURL(t *testing.T) {
	c, err := parse(env(map[string]string{}))
	if err != nil || c.DatabaseReadURL != "" {
		t.Fatalf("unset: %q, %v", c.DatabaseReadURL, err)
	}
	c, err = parse(env(map[string]string{"DATABASE_READ_URL": " postgres://lezer@replica:5432/netwerkportaal "}))
	if err != nil || c.DatabaseReadURL != "postgres://lezer@replica:5432/netwerkportaal" {
		t.Fatalf("set: %q, %v", c.DatabaseReadURL, err)
	}
}
