package config

import (
	"strings"
	"testing"
)

func TestTOTPKey(t *testing.T) {
	c, err := parse(env(nil))
	if err != nil || c.TOTPKey != nil {
		t.Fatalf("default: %v %v", c.TOTPKey, err)
	}
	key := "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="
	if c, err = parse(env(map[string]string{"TOTP_KEY": key})); err != nil || len(c.TOTPKey) != TOTPKeySize {
		t.Fatalf("32 bytes in base64: %d bytes, %v", len(c.TOTPKey), err)
	}
	for _, bad := range []string{"kort", "q83vEjRWeJCrze8SNFZ4kA==", "geen base64 maar wel lang genoeg om 32 te zijn!!"} {
		_, err := parse(env(map[string]string{"TOTP_KEY": bad}))
		if err == nil || !strings.Contains(err.Error(), "TOTP_KEY") || strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
