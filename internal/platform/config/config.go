// Package config reads the portal's settings from the environment and checks
// them once at start, so a bad value stops the portal with a clear message
// instead of failing later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Config holds every setting the portal reads.
type Config struct {
	DatabaseURL  string // empty: find or start a local PostgreSQL
	Addr         string
	BaseURL      string
	LogLevel     slog.Level
	CookieSecure bool
}

// FromEnv reads and validates the environment. Every problem is reported, not
// only the first.
func FromEnv() (Config, error) {
	return parse(os.Getenv)
}

func parse(get func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: strings.TrimSpace(get("DATABASE_URL")),
		Addr:        orDefault(get("ADDR"), ":8080"),
		BaseURL:     strings.TrimRight(strings.TrimSpace(get("BASE_URL")), "/"),
	}
	var errs []error
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("DATABASE_URL moet een postgres://-adres zijn, bijvoorbeeld postgres://gebruiker@localhost:5432/netwerkportaal"))
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
	return c, errors.Join(errs...)
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
