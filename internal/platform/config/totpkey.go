package config

import (
	"encoding/base64"
	"errors"
	"strings"
)

// TOTPKeySize is the length of TOTP_KEY in bytes (AES-256).
const TOTPKeySize = 32

// parseTOTPKey reads TOTP_KEY: 32 random bytes in base64 (openssl rand
// -base64 32). It encrypts the two-step secrets in the database, so a copy
// of the database alone does not give anyone the codes. Empty is allowed:
// the portal then starts, but two-step sign-in cannot be switched on (see
// package auth). The message never repeats the value: it is a secret.
func parseTOTPKey(raw string) ([]byte, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(raw); err == nil && len(k) == TOTPKeySize {
			return k, nil
		}
	}
	return nil, errors.New("TOTP_KEY moet 32 willekeurige bytes in base64 zijn; maak er een met: openssl rand -base64 32")
}
