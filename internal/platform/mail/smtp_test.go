package mail

import (
	"errors"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"
)

func TestParseSMTPURL(t *testing.T) {
	cases := []struct {
		raw         string
		host        string
		port        int
		implicitTLS bool
		policy      gomail.TLSPolicy
		user, pass  string
	}{
		{"smtp://mailer:geheim@smtp.example.org:587", "smtp.example.org", 587, false, gomail.TLSOpportunistic, "mailer", "geheim"},
		{"smtp://smtp.example.org", "smtp.example.org", 587, false, gomail.TLSOpportunistic, "", ""},
		{"smtp://127.0.0.1:2525?tls=none", "127.0.0.1", 2525, false, gomail.NoTLS, "", ""},
		{"smtp://relay:25?tls=required", "relay", 25, false, gomail.TLSMandatory, "", ""},
		{"smtp://relay:25?tls=starttls", "relay", 25, false, gomail.TLSOpportunistic, "", ""},
		{"smtps://u:p%40ss@smtp.example.org", "smtp.example.org", 465, true, gomail.TLSOpportunistic, "u", "p@ss"},
		{"smtps://smtp.example.org:2465", "smtp.example.org", 2465, true, gomail.TLSOpportunistic, "", ""},
	}
	for _, c := range cases {
		got, err := parseSMTPURL(c.raw)
		if err != nil {
			t.Errorf("%s: %v", c.raw, err)
			continue
		}
		if got.host != c.host || got.port != c.port || got.implicitTLS != c.implicitTLS || got.policy != c.policy ||
			got.user != c.user || got.pass != c.pass {
			t.Errorf("%s: got %+v", c.raw, got)
		}
	}
}

func TestParseSMTPURLRefusesAndKeepsThePasswordSecret(t *testing.T) {
	for raw, want := range map[string]string{
		"http://u:geheim@smtp.example.org":           "scheme",
		"smtp://u:geheim@:587":                       "host",
		"smtp://u:geheim@smtp.example.org:0":         "port",
		"smtp://u:geheim@smtp.example.org:99999":     "port",
		"smtp://u:geheim@smtp.example.org:abc":       "parsed",
		"smtp://u:geheim@smtp.example.org?tls=ja":    "tls",
		"smtps://u:geheim@smtp.example.org?tls=none": "smtp:// only",
		"smtp://u:geheim@smtp.example.org?tsl=none":  "unknown parameter",
		"smtp.example.org:587":                       "scheme",
	} {
		_, err := NewSMTP(raw)
		if err == nil {
			t.Errorf("%s: accepted", raw)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not mention %q", raw, err, want)
		}
		if strings.Contains(err.Error(), "geheim") {
			t.Errorf("%s: error shows the password: %q", raw, err)
		}
	}
}

func TestErrorsLoseThePassword(t *testing.T) {
	tr := &smtpTransport{cfg: smtpConfig{pass: "geheim"}}
	err := tr.clean(errors.New("535 authentication failed for user:geheim"))
	if strings.Contains(err.Error(), "geheim") {
		t.Errorf("password left in %q", err)
	}
	if tr.clean(nil) != nil {
		t.Error("nil error changed")
	}
}

func TestLastErrorIsTruncated(t *testing.T) {
	long := errors.New(strings.Repeat("é", 3000))
	if n := len([]rune(lastError(long))); n != maxLastError {
		t.Errorf("stored error has %d characters, want %d", n, maxLastError)
	}
	if got := lastError(errors.New("kort")); got != "kort" {
		t.Errorf("short error changed: %q", got)
	}
}

func TestDefaultBackoff(t *testing.T) {
	want := map[int]time.Duration{0: time.Minute, 1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute,
		6: 32 * time.Minute, 7: time.Hour, 8: time.Hour, 100: time.Hour}
	for n, w := range want {
		if got := DefaultBackoff(n); got != w {
			t.Errorf("DefaultBackoff(%d) = %s, want %s", n, got, w)
		}
	}
}
