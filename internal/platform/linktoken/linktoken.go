// Package linktoken makes the tokens of personal links (invitations,
// intake questionnaires, placement reports): 256 random bits, URL-safe, of
// which only the SHA-256 hash is stored, so a database dump opens no link.
package linktoken

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// New returns a random token and the hash that is stored.
func New() (token string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand panics rather than return short
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Hash(token)
}

// Hash returns the stored form of a token.
func Hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Plausible reports whether s can be a token at all, so garbage is refused
// before it reaches the database.
func Plausible(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}
