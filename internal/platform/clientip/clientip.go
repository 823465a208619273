// Package clientip finds the address of the client behind a request. Behind a
// reverse proxy every request comes from the proxy, so the address it was
// forwarded for is read from X-Forwarded-For or Forwarded, but only when the
// peer is one of the TRUSTED_PROXIES: anyone else could write any address
// there to escape a per-address limit.
package clientip

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver knows which peers are trusted proxies.
type Resolver struct {
	trusted []netip.Prefix
}

// New returns a resolver trusting the given networks (none: the peer
// address is always the client).
func New(trusted []netip.Prefix) *Resolver { return &Resolver{trusted: trusted} }

// ParsePrefixes reads a comma- or space-separated list of CIDRs or single
// addresses (TRUSTED_PROXIES).
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is geen netwerk (CIDR, bijvoorbeeld 10.0.0.0/8) of IP-adres", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (r *Resolver) isTrusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of returns the client address of req. From an untrusted peer that is the
// peer itself. From a trusted proxy the forwarding headers are read right to
// left, skipping trusted proxies, and the first other address is the client:
// the entries left of it were written by the client and prove nothing.
// Forwarded (RFC 7239) wins over X-Forwarded-For when both are present.
func (r *Resolver) Of(req *http.Request) netip.Addr {
	peer := peerAddr(req.RemoteAddr)
	if !peer.IsValid() || !r.isTrusted(peer) {
		return peer
	}
	hops := forwardedFor(req.Header.Values("Forwarded"))
	if hops == nil {
		hops = xForwardedFor(req.Header.Values("X-Forwarded-For"))
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			// A garbled entry: trust nothing further left.
			return client
		}
		client = a
		if !r.isTrusted(a) {
			return a
		}
	}
	return client
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func xForwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	return hops
}

// forwardedFor returns the for= parameters of Forwarded headers in order;
// nil when there are none.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, elem := range strings.Split(v, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					hops = append(hops, strings.Trim(val, `"`))
				}
			}
		}
	}
	return hops
}

// parseHop reads "1.2.3.4", "1.2.3.4:80", "[2001:db8::1]:80" or "2001:db8::1".
func parseHop(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		if a, err := netip.ParseAddr(h[1 : len(h)-1]); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

type ctxKey struct{}

// Middleware stores the client address in the request context (see From).
func (r *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		next.ServeHTTP(w, req.WithContext(context.WithValue(req.Context(), ctxKey{}, r.Of(req))))
	})
}

// From returns the client address stored by Middleware, as text; without the
// middleware (or with an unreadable peer) it is empty.
func From(ctx context.Context) string {
	a, ok := ctx.Value(ctxKey{}).(netip.Addr)
	if !ok || !a.IsValid() {
		return ""
	}
	return a.String()
}

// FromRequest is the client address of a request for rate limits: the one
// Middleware resolved (X-Forwarded-For only from TRUSTED_PROXIES), else
// the peer. Behind a reverse proxy the peer is the proxy, so a limit keyed
// on it would throttle everyone at once.
func FromRequest(r *http.Request) string {
	if a := From(r.Context()); a != "" {
		return a
	}
	if a := peerAddr(r.RemoteAddr); a.IsValid() {
		return a.String()
	}
	return r.RemoteAddr
}
