// Package identity holds the signed-in user and what their role allows. The
// auth package puts the user in the request context; every domain package
// asks it the same questions, so role and network rules live in one place.
package identity

import (
	"context"
	"slices"
)

// Roles.
const (
	Beheerder   = "beheerder"
	Coordinator = "coordinator"
	Bestuur     = "bestuur"
)

// Network is a network the user works in.
type Network struct {
	ID   int64
	Name string
}

// User is the signed-in user of a request.
type User struct {
	ID       int64
	Email    string
	Name     string
	Role     string
	Networks []Network // for a beheerder: every network
}

// SeesAll reports whether the user may read every network.
func (u *User) SeesAll() bool { return u != nil && u.Role == Beheerder }

// NetworkIDs returns the ids of the user's networks.
func (u *User) NetworkIDs() []int64 {
	ids := make([]int64, len(u.Networks))
	for i, n := range u.Networks {
		ids[i] = n.ID
	}
	return ids
}

// CanRead reports whether the user may read records of the network.
func (u *User) CanRead(networkID int64) bool {
	if u == nil {
		return false
	}
	return u.SeesAll() || slices.Contains(u.NetworkIDs(), networkID)
}

// CanWrite reports whether the user may change records of the network: a
// beheerder everywhere, a coordinator in their own networks, bestuur never.
func (u *User) CanWrite(networkID int64) bool {
	switch {
	case u == nil:
		return false
	case u.Role == Beheerder:
		return true
	case u.Role == Coordinator:
		return slices.Contains(u.NetworkIDs(), networkID)
	}
	return false
}

// MayWrite reports whether the role can change anything at all (to decide
// whether to show edit buttons and accept posts).
func (u *User) MayWrite() bool {
	return u != nil && (u.Role == Beheerder || u.Role == Coordinator)
}

// SeesContactDetails reports whether the user may read what the portal
// knows about people rather than organisations: contacts' e-mail addresses
// and phone numbers, visit notes, referral questions and contact-list
// downloads. Coordinators and the beheerder do; the bestuur, which needs
// employers, counts and commitments, does not (AVG data minimisation).
func (u *User) SeesContactDetails() bool { return u.MayWrite() }

// RoleLabel is the Dutch name of the role (translated by the caller).
func (u *User) RoleLabel() string {
	switch u.Role {
	case Beheerder:
		return "Beheerder"
	case Coordinator:
		return "Coördinator"
	case Bestuur:
		return "Bestuur"
	}
	return u.Role
}

type ctxKey struct{}

// With returns ctx carrying u.
func With(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// From returns the user of ctx, or nil for an anonymous request.
func From(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}

// Scope is the set of networks a user may read: every network (All, the
// beheerder) or the listed ones. Stores filter every query by it.
type Scope struct {
	All      bool
	Networks []int64
}

// ScopeOf returns the reading scope of a user; nobody (nil) reads nothing.
func ScopeOf(u *User) Scope {
	if u == nil {
		return Scope{Networks: []int64{}}
	}
	return Scope{All: u.SeesAll(), Networks: u.NetworkIDs()}
}

// WritableNetworks are the networks in which the user may create and edit.
func (u *User) WritableNetworks() []Network {
	if u == nil {
		return nil
	}
	var out []Network
	for _, n := range u.Networks {
		if u.CanWrite(n.ID) {
			out = append(out, n)
		}
	}
	return out
}

// IDs returns the ids of networks, in order.
func IDs(ns []Network) []int64 {
	ids := make([]int64, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return ids
}
