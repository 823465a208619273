package auth_test

import (
	"fmt"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"netwerkportaal/internal/auth"
)

// goMemory is the memory the Go runtime holds from the OS (what RSS grows
// with): everything mapped minus what was given back.
func goMemory() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}

// 64 simultaneous sign-ins (wrong passwords from 64 clients, so the
// throttle lets each through) once took 4 GiB: every argon2id hash takes
// 64 MiB. Hashing runs a few at a time, so the process stays bounded.
// Not parallel: other tests' memory would be counted.
func TestSimultaneousSignInsKeepMemoryBounded(t *testing.T) {
	env := proxiedEnv(t, true)
	const n = 64
	runtime.GC()
	base := goMemory()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if m := goMemory(); m > peak.Load() {
				peak.Store(m)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Go(func() {
			from := fmt.Sprintf("198.51.100.%d", i+1)
			codes[i] = loginFrom(env.Anonymous(t), env, from, fmt.Sprintf("gebruiker%d@example.org", i), "geen-goed-wachtwoord").StatusCode
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	for i, c := range codes {
		if c != http.StatusUnprocessableEntity {
			t.Errorf("sign-in %d: %d, want 422", i, c)
		}
	}
	growth := float64(peak.Load()-min(base, peak.Load())) / (1 << 20)
	// The hashes that may run at once, twice over for the garbage
	// collector's headroom, plus 64 MiB for the requests themselves.
	bound := float64(2*auth.HashSlots()*64 + 64)
	t.Logf("%d simultaneous sign-ins, %d hashing slots: Go memory grew %.0f MiB (bound %.0f MiB)", n, auth.HashSlots(), growth, bound)
	if growth > bound {
		t.Errorf("memory grew %.0f MiB, want at most %.0f MiB", growth, bound)
	}
}
