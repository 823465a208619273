package clientip

import (
	"net/http/httptest"
	"testing"
)

func TestOf(t *testing.T) {
	trusted, err := ParsePrefixes("10.0.0.0/8, 192.168.1.5 ,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	r := New(trusted)
	for _, c := range []struct {
		name, peer, xff, fwd, want string
	}{
		{"untrusted peer, header ignored", "203.0.113.7:5000", "198.51.100.1", "", "203.0.113.7"},
		{"untrusted peer, Forwarded ignored", "203.0.113.7:5000", "", "for=198.51.100.1", "203.0.113.7"},
		{"trusted proxy", "10.1.2.3:5000", "198.51.100.1", "", "198.51.100.1"},
		{"trusted single address", "192.168.1.5:1", "198.51.100.1", "", "198.51.100.1"},
		{"client-written entries left of the real one are ignored", "10.1.2.3:5000", "1.1.1.1, 198.51.100.1", "", "198.51.100.1"},
		{"chain of trusted proxies", "10.1.2.3:5000", "198.51.100.1, 10.9.9.9", "", "198.51.100.1"},
		{"only trusted hops: leftmost", "10.1.2.3:5000", "10.5.5.5, 10.9.9.9", "", "10.5.5.5"},
		{"no header from proxy: the proxy", "10.1.2.3:5000", "", "", "10.1.2.3"},
		{"garbage hop stops the walk", "10.1.2.3:5000", "198.51.100.1, nonsense", "", "10.1.2.3"},
		{"Forwarded with port and quotes", "10.1.2.3:5000", "", `for="[2001:db9::1]:4711";proto=https, for=10.2.2.2`, "2001:db9::1"},
		{"Forwarded wins over X-Forwarded-For", "10.1.2.3:5000", "198.51.100.9", "for=198.51.100.1", "198.51.100.1"},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:5000", "198.51.100.1", "", "198.51.100.1"},
		{"IPv6 trusted proxy", "[2001:db8::5]:443", "198.51.100.1", "", "198.51.100.1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = c.peer
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			if c.fwd != "" {
				req.Header.Set("Forwarded", c.fwd)
			}
			if got := r.Of(req).String(); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	// Nothing trusted: headers never count.
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "127.0.0.1:80"
	req.Header.Set("X-Forwarded-For", "198.51.100.1")
	if got := New(nil).Of(req).String(); got != "127.0.0.1" {
		t.Errorf("no trusted proxies: %s", got)
	}
}

func TestParsePrefixes(t *testing.T) {
	if p, err := ParsePrefixes(""); err != nil || len(p) != 0 {
		t.Errorf("empty: %v %v", p, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.org", "1.2.3"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
