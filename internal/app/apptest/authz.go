package apptest

import (
	"net/http"
	"net/url"
	"testing"
)

// Role is a visitor in an authorization table: who it is, and which
// networks it may read and change.
type Role struct {
	Name          string
	Client        *Client
	Anon          bool
	Reads, Writes map[int64]bool
}

// Roles are the demo's visitors of an authorization table over the demo's
// first two networks: a visitor who is not signed in, the beheerder (admin,
// reading and changing the networks in all), the coordinators of net1 and
// of net2, and the bestuur (reading both, changing nothing).
func (e *Env) Roles(t testing.TB, admin *Client, all map[int64]bool, net1, net2 int64) []Role {
	return []Role{
		{Name: "anoniem", Client: e.Anonymous(t), Anon: true},
		{Name: "beheerder", Client: admin, Reads: all, Writes: all},
		{Name: "coordinator", Client: e.Login(t, Coordinator), Reads: map[int64]bool{net1: true}, Writes: map[int64]bool{net1: true}},
		{Name: "coordinator2", Client: e.Login(t, Coordinator2), Reads: map[int64]bool{net2: true}, Writes: map[int64]bool{net2: true}},
		{Name: "bestuur", Client: e.Login(t, Bestuur), Reads: map[int64]bool{net1: true, net2: true}, Writes: map[int64]bool{}},
	}
}

// Want is the status r gets from a route that answers ok for a record of
// network: a visitor is sent to sign in, a record of a network r may not
// read is not found, and a write r may not make there is forbidden.
func (r Role) Want(network int64, write bool, ok int) int {
	switch {
	case r.Anon:
		return http.StatusSeeOther
	case !r.Reads[network]:
		return http.StatusNotFound
	case write && !r.Writes[network]:
		return http.StatusForbidden
	}
	return ok
}

// WantAnswer checks the answer res to one request of an authorization
// table: status want, and a visitor who is not signed in (anon) is sent to
// sign in, back to the page after a GET. It reports whether the status was
// right, so that the caller can skip the checks that depend on it.
func WantAnswer(t testing.TB, label string, res *Response, anon bool, want int) bool {
	t.Helper()
	req := res.Request
	if res.StatusCode != want {
		t.Errorf("%s: %s %s = %d, want %d", label, req.Method, req.URL.RequestURI(), res.StatusCode, want)
		return false
	}
	if anon {
		wantLoc := "/inloggen"
		if req.Method == http.MethodGet {
			wantLoc += "?terug=" + url.QueryEscape(req.URL.RequestURI())
		}
		if loc := res.Header.Get("Location"); loc != wantLoc {
			t.Errorf("%s: Location %q, want %q", label, loc, wantLoc)
		}
	}
	return true
}

// WantAudit checks the audit trail around one request of an authorization
// table that answered status: a write accepted for a signed-in user (303)
// added to it; a refused or invalid request, or a visitor's, left it as it
// was (before and after are its row counts).
func WantAudit(t testing.TB, label string, anon bool, status, before, after int) {
	t.Helper()
	switch accepted := status == http.StatusSeeOther && !anon; {
	case accepted && after <= before:
		t.Errorf("%s: an accepted write left no audit entry", label)
	case !accepted && after != before:
		t.Errorf("%s: a refused or invalid request changed the audit trail (%d -> %d rows)", label, before, after)
	}
}
