// Package config reads the portal's settings from the environment and checks
// them once at start, so a bad value stops the portal with a clear message
// instead of failing later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/clientip"
)

// Config holds every setting the portal reads.
type Config struct {
	DatabaseURL string // empty: find or start a local PostgreSQL
	// DatabaseReadURL (DATABASE_READ_URL, optional): a read replica for
	// the heavy read-only work (dashboard figures, list downloads); empty:
	// everything uses DATABASE_URL.
	DatabaseReadURL string
	Addr            string
	BaseURL         string
	LogLevel        slog.Level
	CookieSecure    bool
	// SMTPURL is the mail server (smtp:// or smtps://); empty in
	// development: mail is then only logged and shown in the portal.
	SMTPURL string
	// The sender of the portal's mail (MAIL_FROM).
	MailFromName, MailFromEmail string
	// RetentionYears (RETENTION_YEARS, default 2): contacts who left their
	// employer and employers who left the network longer ago are listed
	// for erasure on the privacy page.
	RetentionYears int
	// TrustedProxies (TRUSTED_PROXIES, CIDRs; empty by default): only
	// requests from these peers have their X-Forwarded-For / Forwarded
	// read to find the client address.
	TrustedProxies []netip.Prefix
	// TOTPKey (TOTP_KEY, 32 bytes in base64): the key that encrypts the
	// two-step secrets at rest; nil: two-step sign-in cannot be switched
	// on (see parseTOTPKey).
	TOTPKey []byte
	Ops
}

// DefaultRetentionYears is RETENTION_YEARS when it is not set.
const DefaultRetentionYears = 2

// FromEnv reads and validates the environment. Every problem is reported, not
// only the first.
func FromEnv() (Config, error) {
	return parse(os.Getenv)
}

func parse(get func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:     strings.TrimSpace(get("DATABASE_URL")),
		DatabaseReadURL: strings.TrimSpace(get("DATABASE_READ_URL")),
		Addr:            orDefault(get("ADDR"), ":8080"),
		BaseURL:         strings.TrimRight(strings.TrimSpace(get("BASE_URL")), "/"),
	}
	var errs []error
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("DATABASE_URL moet een postgres://-adres zijn, bijvoorbeeld postgres://gebruiker@localhost:5432/netwerkportaal"))
		}
	}
	if c.DatabaseReadURL != "" {
		if u, err := url.Parse(c.DatabaseReadURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("DATABASE_READ_URL moet een postgres://-adres zijn, bijvoorbeeld postgres://gebruiker@replica:5432/netwerkportaal"))
		}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || !validPort(port) {
		errs = append(errs, fmt.Errorf("ADDR %q is geen geldig adres; gebruik bijvoorbeeld :8080 of 127.0.0.1:8080", c.Addr))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost" + portSuffix(c.Addr)
	} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BASE_URL %q moet een volledig http(s)-adres zijn, bijvoorbeeld https://portaal.example.org", c.BaseURL))
	}
	if err := c.LogLevel.UnmarshalText([]byte(orDefault(get("LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL %q is onbekend; kies debug, info, warn of error", get("LOG_LEVEL")))
	}
	if v := strings.TrimSpace(get("COOKIE_SECURE")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("COOKIE_SECURE %q moet true of false zijn", v))
		}
		c.CookieSecure = b
	} else {
		c.CookieSecure = strings.HasPrefix(c.BaseURL, "https://")
	}
	c.SMTPURL = strings.TrimSpace(get("SMTP_URL"))
	if err := checkSMTPURL(c.SMTPURL); err != nil {
		errs = append(errs, err)
	}
	if err := c.parseMailFrom(get("MAIL_FROM")); err != nil {
		errs = append(errs, err)
	}
	c.RetentionYears = DefaultRetentionYears
	if v := strings.TrimSpace(get("RETENTION_YEARS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 30 {
			errs = append(errs, fmt.Errorf("RETENTION_YEARS %q moet een heel aantal jaren zijn van 1 tot en met 30", v))
		}
		c.RetentionYears = n
	}
	if v := strings.TrimSpace(get("TRUSTED_PROXIES")); v != "" {
		p, err := clientip.ParsePrefixes(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %w; gebruik bijvoorbeeld 127.0.0.1/32,10.0.0.0/8", err))
		}
		c.TrustedProxies = p
	}
	k, err := parseTOTPKey(get("TOTP_KEY"))
	if err != nil {
		errs = append(errs, err)
	}
	c.TOTPKey = k
	var opsErrs []error
	c.Ops, opsErrs = parseOps(get)
	errs = append(errs, opsErrs...)
	return c, errors.Join(errs...)
}

// checkSMTPURL checks the form of SMTP_URL; the mail package reads it. Its
// messages never repeat the URL: it may hold the password.
func checkSMTPURL(raw string) error {
	if raw == "" {
		return nil
	}
	const example = "; bijvoorbeeld smtp://gebruiker:wachtwoord@smtp.example.org:587 of smtps://smtp.example.org:465"
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("SMTP_URL is geen geldig adres" + example)
	case u.Scheme != "smtp" && u.Scheme != "smtps":
		return errors.New("SMTP_URL moet beginnen met smtp:// of smtps://" + example)
	case u.Hostname() == "":
		return errors.New("SMTP_URL noemt geen mailserver" + example)
	case u.Port() != "" && (!validPort(u.Port()) || u.Port() == "0"):
		return fmt.Errorf("SMTP_URL heeft een ongeldig poortnummer %q", u.Port())
	}
	for k, v := range u.Query() {
		switch {
		case k != "tls":
			return fmt.Errorf("SMTP_URL kent de instelling %q niet; alleen tls=none, tls=starttls of tls=required", k)
		case u.Scheme == "smtps":
			return errors.New("SMTP_URL: tls=... hoort alleen bij smtp://; smtps:// versleutelt altijd")
		case v[0] != "none" && v[0] != "starttls" && v[0] != "required":
			return fmt.Errorf("SMTP_URL: tls=%q is onbekend; kies none, starttls of required", v[0])
		}
	}
	return nil
}

// parseMailFrom reads MAIL_FROM ("Naam <adres>" or an address); the default
// is noreply at the host of BASE_URL.
func (c *Config) parseMailFrom(raw string) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		c.MailFromName, c.MailFromEmail = "Netwerkportaal", "noreply@"+mailHost(c.BaseURL)
		return nil
	}
	a, err := mail.ParseAddress(raw)
	if err != nil || strings.ContainsAny(raw, "\r\n") {
		return fmt.Errorf("MAIL_FROM %q is geen geldig e-mailadres; gebruik bijvoorbeeld Netwerkportaal <noreply@portaal.example.org>", raw)
	}
	c.MailFromName, c.MailFromEmail = a.Name, a.Address
	return nil
}

// mailHost is the host of BASE_URL without port, or localhost when that is
// no domain name (an IP address).
func mailHost(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" || net.ParseIP(u.Hostname()) != nil {
		return "localhost"
	}
	return u.Hostname()
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
}

func portSuffix(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	if port == "" || port == "80" {
		return ""
	}
	return ":" + port
}
