package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Stats is what one run of one page measured.
type Stats struct {
	Requests, Errors int
	Elapsed          time.Duration
	P50, P95, P99    time.Duration
	FirstError       string
}

// PerSecond is the throughput of the run.
func (s Stats) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// summarize turns latencies into percentiles (nearest rank).
func summarize(lat []time.Duration, errors int, elapsed time.Duration, firstErr string) Stats {
	s := Stats{Requests: len(lat), Errors: errors, Elapsed: elapsed, FirstError: firstErr}
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	at := func(q float64) time.Duration {
		i := int(q*float64(len(lat)) + 0.999999)
		return lat[min(max(i-1, 0), len(lat)-1)]
	}
	s.P50, s.P95, s.P99 = at(0.50), at(0.95), at(0.99)
	return s
}

// Client is one signed-in browser: its own cookies, a shared transport.
// From, when set, is the client's own address, sent as X-Forwarded-For to
// a portal that trusts loopback as its proxy: 32 people sign in from 32
// addresses, as behind a real reverse proxy, not 32 times from one (which
// the sign-in throttle rightly refuses).
type Client struct {
	HTTP *http.Client
	Base string
	From string
}

func (c *Client) do(req *http.Request) (*http.Response, error) {
	if c.From != "" {
		req.Header.Set("X-Forwarded-For", c.From)
	}
	return c.HTTP.Do(req)
}

func newTransport(conns int) *http.Transport {
	return &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, IdleConnTimeout: time.Minute}
}

func newClient(base string, tr *http.Transport) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Base: base, HTTP: &http.Client{
		Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// PostForm posts a form as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res, nil
}

// get fetches path, reads the whole body and checks for 200.
func (c *Client) get(ctx context.Context, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path, nil)
	if err != nil {
		return err
	}
	res, err := c.do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

// Drive sends GET path from every client at once, each waiting for its
// answer before the next request (closed loop), for d or until each client
// has sent maxPerClient requests (0: no limit). A request under way when d
// ends is waited for (each client has a 30 s timeout), so a page slower than
// d still gets measured.
func Drive(ctx context.Context, clients []*Client, path string, d time.Duration, maxPerClient int) Stats {
	end := time.Now().Add(d)
	var (
		mu       sync.Mutex
		lat      []time.Duration
		errs     int
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 256)
			bad, msg := 0, ""
			for n := 0; (maxPerClient == 0 || n < maxPerClient) && time.Now().Before(end) && ctx.Err() == nil; n++ {
				t := time.Now()
				err := c.get(ctx, path)
				if err != nil {
					bad++
					if msg == "" {
						msg = err.Error()
					}
					continue
				}
				own = append(own, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, own...)
			errs += bad
			if firstErr == "" {
				firstErr = msg
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return summarize(lat, errs, time.Since(start), firstErr)
}
