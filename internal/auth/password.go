package auth

import (
	"crypto/rand"
	"encoding/base64"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// Argon2id with the parameters RFC 9106 recommends for memory-constrained
// servers (64 MiB, 1 pass); a hash keeps its own parameters, so they can be
// raised later without breaking existing passwords.
var hashParams = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  1,
	Parallelism: uint8(min(4, runtime.NumCPU())),
	SaltLength:  16,
	KeyLength:   32,
}

// HashPassword returns an argon2id hash of password in PHC string format.
func HashPassword(password string) (string, error) {
	return argon2id.CreateHash(password, hashParams)
}

// CheckPassword reports whether password matches hash; a malformed hash is a
// mismatch.
func CheckPassword(password, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// GeneratePassword returns a random password of 20 URL-safe characters
// (120 bits), for `portal user create` when none is given.
func GeneratePassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// dummyHash is compared against when an account does not exist, so a failed
// sign-in takes as long whether or not the e-mail address is known.
var dummyHash, _ = HashPassword("netwerkportaal-dummy-password")
