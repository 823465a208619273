//go:build soak

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/db/dbtest"
)

// TestSoak is `make soak`: mixed load (90 % page reads by signed-in
// coordinators, 10 % sign-ins, which write a session) against `portal
// serve` on loopback for SOAK_DURATION (default 60s) with SOAK_CLIENTS
// (default 32) clients; halfway the database goes away for 5 s (new
// connections refused, open ones terminated, as in a restart). It reports
// requests, errors by status outside and inside the outage, the recovery
// time, latency percentiles and the process's peak RSS. It fails on a 5xx
// other than 503, and on a 503 outside the outage.
func TestSoak(t *testing.T) {
	duration := envDuration("SOAK_DURATION", 60*time.Second)
	clients := envInt("SOAK_CLIENTS", 32)
	pool := dbtest.New(t)
	// Each client signs in from its own address, as behind the reverse
	// proxy of a real deployment (loopback is the trusted proxy here): from
	// one address, 32 sign-ins at once are rightly throttled.
	p := startPortal(t, dbtest.DSN(pool), map[string]string{"TRUSTED_PROXIES": "127.0.0.1/32,::1/128"})
	var ids []int64
	rows, _ := pool.Query(context.Background(), `SELECT e.id FROM employers e JOIN user_networks un ON un.network_id = e.network_id
		JOIN users u ON u.id = un.user_id WHERE u.email = $1`, apptest.Coordinator)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	pages := []string{"/werkgevers", "/taken", "/mail", "/bijeenkomsten", "/intakes"}
	for _, id := range ids {
		pages = append(pages, fmt.Sprintf("/werkgevers/%d", id))
	}

	var (
		mu                   sync.Mutex
		latencies            []time.Duration
		statusOK, statusDown = map[string]int{}, map[string]int{}
		down                 atomic.Bool
		downAt, upAt         time.Time
		recovered            time.Duration
		peakRSS              int64
		signIns              atomic.Int64
	)
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	go func() { // the outage, halfway
		select {
		case <-time.After(duration / 2):
		case <-ctx.Done():
			return
		}
		plugIn := dbtest.Unplug(t, pool)
		mu.Lock()
		downAt = time.Now()
		mu.Unlock()
		down.Store(true)
		time.Sleep(5 * time.Second)
		plugIn()
		mu.Lock()
		upAt = time.Now()
		mu.Unlock()
	}()
	go func() { // RSS
		for ctx.Err() == nil {
			if rss := rssBytes(); rss > atomic.LoadInt64(&peakRSS) {
				atomic.StoreInt64(&peakRSS, rss)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			from := fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
			get := func(path string) (*http.Response, error) {
				req, _ := http.NewRequest(http.MethodGet, p.base+path, nil)
				req.Header.Set("X-Forwarded-For", from)
				return c.Do(req)
			}
			// Every sign-in comes from another person's address: one
			// address signing in every few seconds is what the throttle
			// is for.
			signInFrom := func() string {
				n := signIns.Add(1)
				return fmt.Sprintf("10.%d.%d.%d", 1+n/62500, n/250%250, n%250+1)
			}
			signIn := func() (int, error) {
				req, _ := http.NewRequest(http.MethodPost, p.base+"/inloggen", strings.NewReader(url.Values{
					"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-Forwarded-For", signInFrom())
				res, err := c.Do(req)
				if err != nil {
					return 0, err
				}
				res.Body.Close()
				return res.StatusCode, nil
			}
			signIn()
			for n := 0; ctx.Err() == nil; n++ {
				start := time.Now()
				var code int
				var err error
				kind := "pagina"
				if (n+i)%10 == 9 {
					kind = "inloggen"
					code, err = signIn()
				} else {
					var res *http.Response
					res, err = get(pages[(n*7+i)%len(pages)])
					if err == nil {
						res.Body.Close()
						code = res.StatusCode
					}
				}
				if err != nil {
					code = -1
				}
				el := time.Since(start)
				mu.Lock()
				latencies = append(latencies, el)
				outage := !downAt.IsZero() && (upAt.IsZero() || start.Before(upAt))
				key := fmt.Sprintf("%s %d", kind, code)
				if outage {
					statusDown[key]++
				} else {
					statusOK[key]++
				}
				if !upAt.IsZero() && recovered == 0 && start.After(upAt) && code == http.StatusOK {
					recovered = time.Since(upAt)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	pct := func(q float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(float64(len(latencies)-1)*q)].Round(time.Millisecond)
	}
	t.Logf("soak: %d clients, %s, %d requests (%.0f/s)", clients, duration, len(latencies), float64(len(latencies))/duration.Seconds())
	t.Logf("status outside the outage: %v", statusOK)
	t.Logf("status during the outage (%s): %v", upAt.Sub(downAt).Round(time.Millisecond), statusDown)
	t.Logf("recovery: first 200 %s after the database was back", recovered.Round(time.Millisecond))
	t.Logf("latency p50 %s, p95 %s, p99 %s, max %s", pct(.5), pct(.95), pct(.99), pct(1))
	t.Logf("peak RSS %d MiB", atomic.LoadInt64(&peakRSS)>>20)
	// Outside the outage a page read is a 200 (a 303 would be a lost
	// session) and a sign-in a 303; during it a 503 is honest too.
	for key, n := range statusOK {
		if key != "pagina 200" && key != "inloggen 303" {
			t.Errorf("%d × %s outside the outage", n, key)
		}
	}
	for key, n := range statusDown {
		if key != "pagina 200" && key != "inloggen 303" && !strings.HasSuffix(key, " 503") {
			t.Errorf("%d × %s during the outage", n, key)
		}
	}
}

func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func envDuration(k string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(k)); err == nil {
		return d
	}
	return def
}

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}
