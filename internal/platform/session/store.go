package session

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/alexedwards/scs/v2"
)

// hashedStore keeps sessions under the SHA-256 of their token, so the rows
// of the sessions table (a backup, a read replica, a leaked dump) cannot be
// turned into a signed-in cookie. The cookie still carries the token; a
// 256-bit random token needs no salt or slow hash.
type hashedStore struct {
	scs.Store
}

// StoredToken is the key under which the session of a cookie's token is
// stored: for tests and tools that look into the sessions table.
func StoredToken(token string) string { return hashToken(token) }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s hashedStore) Find(token string) ([]byte, bool, error) { return s.Store.Find(hashToken(token)) }

func (s hashedStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.Store.Commit(hashToken(token), b, expiry)
}

func (s hashedStore) Delete(token string) error { return s.Store.Delete(hashToken(token)) }
