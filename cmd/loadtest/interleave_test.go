package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Interleave asks each side in turn, alternating who goes first, keeps each
// side's figures apart and gives every side the same number of attempts.
func TestInterleave(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/b") && r.URL.Query().Get("fout") != "" {
			http.Error(w, "nee", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	tr := newTransport(2)
	a, b := newClient(srv.URL, tr), newClient(srv.URL, tr)

	stats := Interleave(context.Background(), []Target{{a, "/a"}, {b, "/b"}}, time.Minute, 3)
	if want := []string{"/a", "/b", "/b", "/a", "/a", "/b"}; !slices.Equal(seen, want) {
		t.Errorf("order %v, want %v", seen, want)
	}
	if len(stats) != 2 || stats[0].Requests != 3 || stats[1].Requests != 3 || stats[0].Errors+stats[1].Errors != 0 {
		t.Errorf("stats %+v", stats)
	}
	if stats[0].Elapsed <= 0 || stats[0].P95 <= 0 || stats[0].P95 > stats[0].Elapsed {
		t.Errorf("side a: elapsed %v, p95 %v", stats[0].Elapsed, stats[0].P95)
	}

	stats = Interleave(context.Background(), []Target{{a, "/a"}, {b, "/b?fout=1"}}, time.Minute, 2)
	if stats[0].Requests != 2 || stats[0].Errors != 0 || stats[1].Requests != 0 || stats[1].Errors != 2 ||
		stats[1].FirstError != "status 500" || stats[0].FirstError != "" {
		t.Errorf("errors kept apart: %+v", stats)
	}
}

// A spent budget ends the run after a whole round: never one side more.
func TestInterleaveBudget(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
	}))
	defer srv.Close()
	tr := newTransport(2)
	sides := []Target{{newClient(srv.URL, tr), "/a"}, {newClient(srv.URL, tr), "/b"}}
	stats := Interleave(context.Background(), sides, 20*time.Millisecond, 1000)
	if stats[0].Requests == 0 || stats[0].Requests != stats[1].Requests || stats[0].Requests >= 1000 {
		t.Errorf("requests %d and %d", stats[0].Requests, stats[1].Requests)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s := Interleave(ctx, sides, time.Minute, 10); s[0].Requests+s[0].Errors+s[1].Requests+s[1].Errors != 0 {
		t.Errorf("cancelled: %+v", s)
	}
}

func TestRoundOrder(t *testing.T) {
	if got := roundOrder(3, 0); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("round 0: %v", got)
	}
	if got := roundOrder(3, 1); !slices.Equal(got, []int{2, 1, 0}) {
		t.Errorf("round 1: %v", got)
	}
	if got := roundOrder(1, 7); !slices.Equal(got, []int{0}) {
		t.Errorf("one side: %v", got)
	}
}

func TestGrowth(t *testing.T) {
	small := Stats{P95: 2 * time.Millisecond}
	large := Stats{P95: 3 * time.Millisecond}
	if g := growth(small, large); g != 1.5 {
		t.Errorf("growth %v", g)
	}
	if g := growth(Stats{}, large); g != 0 {
		t.Errorf("no small run: %v", g)
	}
	if g := growth(small, Stats{}); g != 0 {
		t.Errorf("large run without answers: %v", g)
	}
}

// The table shows each page's 1-client p95 on both sizes and their ratio.
func TestReportGrowth(t *testing.T) {
	res := result{floorA: Stats{Requests: 100, Elapsed: time.Second}, floorRate: 100, rows: []row{{
		p:     page{name: "list", target: 0.5},
		one:   Stats{P95: 3 * time.Millisecond, Requests: 400},
		small: Stats{P95: 2 * time.Millisecond, Requests: 398},
		many:  Stats{Requests: 60, Elapsed: time.Second},
	}}}
	var out strings.Builder
	res.report(&out, options{large: 20000, small: 2000, clients: 32, duration: time.Second})
	if !strings.Contains(out.String(), "| list | 60 |") || !strings.Contains(out.String(), "| 2.0 | 3.0 | 1.50 |") ||
		!strings.Contains(out.String(), "at least 398 requests each") {
		t.Errorf("report:\n%s", out.String())
	}
}

// Without the small portal there is no comparison line.
func TestFewestComparedWithoutSmall(t *testing.T) {
	if n := fewestCompared([]row{{one: Stats{Requests: 40}}}); n != 0 {
		t.Errorf("fewest %d", n)
	}
	if n := fewestCompared([]row{{one: Stats{Requests: 40}, small: Stats{Requests: 50}}, {one: Stats{Requests: 300}, small: Stats{Requests: 300}}}); n != 40 {
		t.Errorf("fewest %d", n)
	}
}
