package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"
)

// Argon2id with the parameters RFC 9106 recommends for memory-constrained
// servers (64 MiB, 1 pass); a hash keeps its own parameters, so they can be
// raised later without breaking existing passwords. Every hash gets its own
// random salt.
var hashParams = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  1,
	Parallelism: uint8(min(4, runtime.NumCPU())),
	SaltLength:  16,
	KeyLength:   32,
}

// hashMemory is what one hash takes while it runs.
const hashMemory = 64 << 20

// hashSlots limits how many hashes run at once: each takes 64 MiB, so 64
// simultaneous sign-ins would otherwise take 4 GiB. The number follows the
// memory limit (GOMEMLIMIT; without one 1 GiB is assumed): at most a quarter
// of it for hashing, and no more than the CPUs can run anyway. Sized at the
// first hash, so a limit the binary sets at start (cmd/portal) counts.
var hashSlots = sync.OnceValue(func() chan struct{} {
	return make(chan struct{}, hashSlotCount(debug.SetMemoryLimit(-1), runtime.NumCPU()))
})

func hashSlotCount(memLimit int64, cpus int) int {
	if memLimit <= 0 || memLimit == math.MaxInt64 {
		memLimit = 1 << 30
	}
	n := int(memLimit / 4 / hashMemory)
	return max(1, min(n, max(2, cpus)))
}

// HashSlots is how many password hashes may run at once in this process.
func HashSlots() int { return cap(hashSlots()) }

// errBusy: no hashing slot came free in time.
var errBusy = errors.New("auth: password hashing busy")

// maxHashWait bounds the wait for a slot; a request waiting longer is
// answered with 503 rather than piling up.
const maxHashWait = 45 * time.Second

func withSlot(ctx context.Context, fn func()) error {
	ctx, cancel := context.WithTimeout(ctx, maxHashWait)
	defer cancel()
	select {
	case hashSlots() <- struct{}{}:
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-hashSlots() }()
	fn()
	// The hash's 64 MiB is garbage now. Collect it before the slot is
	// free, so the next hash reuses those pages instead of the heap growing
	// by another 64 MiB per waiting sign-in until the collector's target is
	// reached (64 simultaneous sign-ins peaked at 497 MiB without this). A
	// collection of the portal's small heap costs a few milliseconds; a
	// sign-in already takes a hundred.
	runtime.GC()
	return nil
}

// HashPassword returns an argon2id hash of password in PHC string format.
func HashPassword(password string) (string, error) {
	return HashPasswordCtx(context.Background(), password)
}

// HashPasswordCtx is HashPassword waiting for a hashing slot at most as long
// as ctx allows.
func HashPasswordCtx(ctx context.Context, password string) (string, error) {
	var hash string
	var err error
	if werr := withSlot(ctx, func() { hash, err = argon2id.CreateHash(password, hashParams) }); werr != nil {
		return "", werr
	}
	return hash, err
}

// CheckPassword reports whether password matches hash; a malformed hash is a
// mismatch.
func CheckPassword(password, hash string) bool {
	ok, _ := checkPassword(context.Background(), password, hash)
	return ok
}

// checkPassword is CheckPassword under the hashing limit; the error says no
// slot came free (then nothing was checked).
func checkPassword(ctx context.Context, password, hash string) (bool, error) {
	var ok bool
	err := withSlot(ctx, func() {
		match, err := argon2id.ComparePasswordAndHash(password, hash)
		ok = err == nil && match
	})
	return ok, err
}

// GeneratePassword returns a random password of 20 URL-safe characters
// (120 bits), for `portal user create` when none is given.
func GeneratePassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// dummyHash is compared against when an account does not exist, so a failed
// sign-in takes as long whether or not the e-mail address is known. Made at
// the first sign-in, not when the package loads: at load it cost every
// process (each CLI command too) 1.3 s and 64 MiB of resident memory that
// the runtime kept.
var dummyHash = sync.OnceValue(func() string {
	h, _ := argon2id.CreateHash("netwerkportaal-dummy-password", hashParams)
	runtime.GC()
	return h
})
