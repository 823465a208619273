package auth

import (
	"context"

	"netwerkportaal/internal/platform/password"
)

// The hashing itself lives in platform/password (the demo seed uses it
// too); these are the names the rest of auth and its callers know.

// HashSlots is how many password hashes may run at once in this process.
func HashSlots() int { return password.Slots() }

// HashPassword returns an argon2id hash of password in PHC string format.
func HashPassword(pw string) (string, error) { return password.Hash(context.Background(), pw) }

// HashPasswordCtx is HashPassword waiting for a hashing slot at most as long
// as ctx allows.
func HashPasswordCtx(ctx context.Context, pw string) (string, error) { return password.Hash(ctx, pw) }

// CheckPassword reports whether pw matches hash; a malformed hash is a
// mismatch.
func CheckPassword(pw, hash string) bool {
	ok, _ := password.Check(context.Background(), pw, hash)
	return ok
}

// checkPassword is CheckPassword under the hashing limit; the error says no
// slot came free (then nothing was checked).
func checkPassword(ctx context.Context, pw, hash string) (bool, error) {
	return password.Check(ctx, pw, hash)
}

// GeneratePassword returns a random password of 20 URL-safe characters
// (120 bits), for `portal user create` when none is given.
func GeneratePassword() string { return password.Generate() }

// dummyHash is compared against when an account does not exist, so a failed
// sign-in takes as long whether or not the e-mail address is known; made at
// the first sign-in (see password.Dummy).
var dummyHash = password.Dummy
