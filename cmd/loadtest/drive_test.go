package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	s := summarize(lat, 2, 2*time.Second, "")
	if s.P50 != 50*time.Millisecond || s.P95 != 95*time.Millisecond || s.P99 != 99*time.Millisecond {
		t.Errorf("percentiles %v %v %v", s.P50, s.P95, s.P99)
	}
	if s.PerSecond() != 50 || s.Errors != 2 {
		t.Errorf("rate %v errors %d", s.PerSecond(), s.Errors)
	}
	if z := summarize(nil, 0, 0, ""); z.PerSecond() != 0 || z.P95 != 0 {
		t.Errorf("empty run: %+v", z)
	}
}

// Drive counts every answer, tells errors from successes, keeps cookies per
// client and waits for a request still under way at the end.
func TestDrive(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path == "/slow" {
			time.Sleep(300 * time.Millisecond)
		}
		if r.URL.Path == "/bad" {
			http.Error(w, "nee", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	tr := newTransport(4)
	clients := []*Client{newClient(srv.URL, tr), newClient(srv.URL, tr), newClient(srv.URL, tr)}
	s := Drive(context.Background(), clients, "/ok", time.Second, 5)
	if s.Requests != 15 || s.Errors != 0 || n.Load() != 15 {
		t.Errorf("ok: %+v (server saw %d)", s, n.Load())
	}
	s = Drive(context.Background(), clients, "/bad", time.Second, 2)
	if s.Requests != 0 || s.Errors != 6 || s.FirstError != "status 500" {
		t.Errorf("bad: %+v", s)
	}
	s = Drive(context.Background(), clients[:1], "/slow", 100*time.Millisecond, 0)
	if s.Requests != 1 || s.P50 < 300*time.Millisecond {
		t.Errorf("slow: %+v", s)
	}
}
