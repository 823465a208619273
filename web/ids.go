package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
)

// ParseID reads an id from a query or form value; anything that is not a
// non-negative number is 0, which matches no row.
func ParseID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// PickID reads an id from a form value and reports whether it is one of
// the allowed ones (the options the form offered).
func PickID(s string, allowed []int64) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v, err == nil && slices.Contains(allowed, v)
}

// FormatID writes an id for a URL or a form value.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

// IDParam reads the id in the route parameter name; a malformed one
// answers 404. Handlers return when ok is false.
func IDParam(w http.ResponseWriter, r *http.Request, name string) (id int64, ok bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil {
		Fail(w, r, apperr.ErrNotFound)
		return 0, false
	}
	return id, true
}

// Load reads the id in the route's {id} and loads its record with get,
// which applies the user's scope. A malformed id is a 404; any error from
// get gets its error page. Handlers return when ok is false.
func Load[T any](w http.ResponseWriter, r *http.Request, get func(ctx context.Context, id int64) (T, error)) (v T, ok bool) {
	return LoadParam(w, r, "id", get)
}

// LoadParam is Load for the id in the route parameter name.
func LoadParam[T any](w http.ResponseWriter, r *http.Request, name string, get func(ctx context.Context, id int64) (T, error)) (v T, ok bool) {
	return LoadID(w, r, chi.URLParam(r, name), get)
}

// LoadID is Load for an id read elsewhere, such as a query value.
func LoadID[T any](w http.ResponseWriter, r *http.Request, s string, get func(ctx context.Context, id int64) (T, error)) (v T, ok bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		Fail(w, r, apperr.ErrNotFound)
		return v, false
	}
	if v, err = get(r.Context(), id); err != nil {
		Fail(w, r, err)
		return v, false
	}
	return v, true
}

// InScope turns a store read that takes the user's scope into one for Load:
// the scope is that of the signed-in user, so records of networks they may
// not read are not found.
func InScope[T any](get func(ctx context.Context, scope identity.Scope, id int64) (T, error)) func(context.Context, int64) (T, error) {
	return func(ctx context.Context, id int64) (T, error) {
		return get(ctx, identity.ScopeOf(identity.From(ctx)), id)
	}
}

// Writable turns a store read for Load into one for a change: a record of a
// network the user may not read is not found (so ids reveal nothing), one
// they may only read is forbidden. network names the record's network.
func Writable[T any](get func(ctx context.Context, id int64) (T, error), network func(T) int64) func(context.Context, int64) (T, error) {
	return func(ctx context.Context, id int64) (T, error) {
		v, err := get(ctx, id)
		if err == nil {
			err = WriteAccess(ctx, network(v))
		}
		return v, err
	}
}

// WriteAccess says whether the user may change records of the network:
// NotFound for a network they cannot read, Forbidden for one they may only
// read.
func WriteAccess(ctx context.Context, networkID int64) error {
	u := identity.From(ctx)
	switch {
	case !u.CanRead(networkID):
		return apperr.ErrNotFound
	case !u.CanWrite(networkID):
		return apperr.ErrForbidden
	}
	return nil
}

// MayWrite answers 403 when the user may only read (or not even read)
// records of the network; handlers return when it is false. It follows a
// load that already answered 404 outside the user's networks:
//
//	e, ok := h.event(w, r)
//	return e, ok && web.MayWrite(w, r, e.NetworkID)
func MayWrite(w http.ResponseWriter, r *http.Request, networkID int64) bool {
	if !identity.From(r.Context()).CanWrite(networkID) {
		Fail(w, r, apperr.ErrForbidden)
		return false
	}
	return true
}

// IDs are the ids of xs, in order: the allowed values of a form's choices,
// for PickID.
func IDs[T any](xs []T, id func(T) int64) []int64 {
	ids := make([]int64, len(xs))
	for i, x := range xs {
		ids[i] = id(x)
	}
	return ids
}
