package clientip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Rate limits behind a trusted proxy count the client, not the proxy; an
// untrusted peer's header is ignored; without the middleware the peer counts.
func TestFromRequest(t *testing.T) {
	proxy := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	cases := []struct {
		name, peer, xff string
		middleware      bool
		want            string
	}{
		{"trusted proxy", "10.1.2.3:443", "203.0.113.7", true, "203.0.113.7"},
		{"untrusted peer", "198.51.100.9:5000", "203.0.113.7", true, "198.51.100.9"},
		{"no middleware", "198.51.100.9:5000", "203.0.113.7", false, "198.51.100.9"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodPost, "/aanmelden/x/", nil)
		r.RemoteAddr = c.peer
		r.Header.Set("X-Forwarded-For", c.xff)
		var got string
		h := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = FromRequest(r) })
		if c.middleware {
			New(proxy).Middleware(h).ServeHTTP(httptest.NewRecorder(), r)
		} else {
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
