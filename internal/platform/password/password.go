// Package password hashes and checks passwords (argon2id) under a limit on
// how many hashes run at once. It lives below the domains so that both the
// sign-in (auth) and the demo seed (demo) use it without one domain package
// importing another.
package password

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/argon2id"
)

// Argon2id with the parameters RFC 9106 recommends for memory-constrained
// servers (64 MiB, 1 pass); a hash keeps its own parameters, so they can be
// raised later without breaking existing passwords. Every hash gets its own
// random salt.
var params = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  1,
	Parallelism: uint8(min(4, runtime.NumCPU())),
	SaltLength:  16,
	KeyLength:   32,
}

// hashMemory is what one hash takes while it runs.
const hashMemory = 64 << 20

// slots limits how many hashes run at once: each takes 64 MiB, so 64
// simultaneous sign-ins would otherwise take 4 GiB. The number follows the
// memory limit (GOMEMLIMIT; without one 1 GiB is assumed): at most a quarter
// of it for hashing, and no more than the CPUs can run anyway. Sized at the
// first hash, so a limit the binary sets at start (cmd/portal) counts.
var slots = sync.OnceValue(func() chan struct{} {
	return make(chan struct{}, SlotCount(debug.SetMemoryLimit(-1), runtime.NumCPU()))
})

// SlotCount is how many hashes may run at once under memLimit bytes (0 or
// math.MaxInt64: no limit set) on cpus CPUs.
func SlotCount(memLimit int64, cpus int) int {
	if memLimit <= 0 || memLimit == math.MaxInt64 {
		memLimit = 1 << 30
	}
	n := int(memLimit / 4 / hashMemory)
	return max(1, min(n, max(2, cpus)))
}

// Slots is how many password hashes may run at once in this process.
func Slots() int { return cap(slots()) }

// ErrBusy: no hashing slot came free in time.
var ErrBusy = errors.New("password: hashing busy")

// maxWait bounds the wait for a slot; a request waiting longer is answered
// with 503 rather than piling up.
const maxWait = 45 * time.Second

func withSlot(ctx context.Context, fn func()) error {
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	select {
	case slots() <- struct{}{}:
	case <-ctx.Done():
		return ErrBusy
	}
	hashing.Add(1)
	hashGen.Add(1)
	defer func() {
		<-slots()
		if hashing.Add(-1) == 0 {
			releaseHashMemory()
		}
	}()
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

// hashing counts the hashes running now; hashGen counts every hash that
// started, so a release can tell that another one came in the meantime.
var (
	hashing atomic.Int32
	hashGen atomic.Uint64
)

// releaseAfter is how long no hash may have started before their memory is
// given back: a burst of sign-ins is over, and a collection does not run
// while hashes allocate (it would keep their blocks alive one cycle more).
const releaseAfter = 2 * time.Second

// releaseHashMemory gives the 64 MiB blocks of finished hashes back to the
// operating system once a burst of sign-ins is over. Without it they stayed
// in the process: a burst grows the heap's target so far that light traffic
// afterwards triggers no collection for a long time, and the portal sat at
// 230 MB where 100 MB serve 32 busy clients (measured with cmd/loadtest).
// One forced collection per burst, in the background, costs a few
// milliseconds.
func releaseHashMemory() {
	gen := hashGen.Load()
	time.AfterFunc(releaseAfter, func() {
		if hashing.Load() == 0 && hashGen.Load() == gen {
			debug.FreeOSMemory()
		}
	})
}

// Hash returns an argon2id hash of password in PHC string format, waiting
// for a hashing slot at most as long as ctx allows.
func Hash(ctx context.Context, password string) (string, error) {
	var hash string
	var err error
	if werr := withSlot(ctx, func() { hash, err = argon2id.CreateHash(password, params) }); werr != nil {
		return "", werr
	}
	return hash, err
}

// Check reports whether password matches hash under the hashing limit; a
// malformed hash is a mismatch. The error (ErrBusy) says no slot came free,
// and then nothing was checked.
func Check(ctx context.Context, password, hash string) (bool, error) {
	var ok bool
	err := withSlot(ctx, func() {
		match, err := argon2id.ComparePasswordAndHash(password, hash)
		ok = err == nil && match
	})
	return ok, err
}

// Generate returns a random password of 20 URL-safe characters (120 bits).
func Generate() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Dummy is a hash to compare against when an account does not exist, so a
// failed sign-in takes as long whether or not the e-mail address is known.
// Made at the first sign-in, not when the package loads: at load it cost
// every process (each CLI command too) 1.3 s and 64 MiB of resident memory
// that the runtime kept.
var Dummy = sync.OnceValue(func() string {
	h, _ := argon2id.CreateHash("netwerkportaal-dummy-password", params)
	runtime.GC()
	return h
})
