package config

import (
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	c, err := parse(env(nil))
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("default: %v %v", c.TrustedProxies, err)
	}
	c, err = parse(env(map[string]string{"TRUSTED_PROXIES": "127.0.0.1/32, 10.0.0.0/8 ::1"}))
	if err != nil || len(c.TrustedProxies) != 3 {
		t.Fatalf("three proxies: %v %v", c.TrustedProxies, err)
	}
	if _, err := parse(env(map[string]string{"TRUSTED_PROXIES": "proxy.local"})); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
		t.Fatalf("bad value: %v", err)
	}
}
