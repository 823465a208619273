package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
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

// Load reads the id in the route's {id} and loads its record with get,
// which applies the user's scope. A malformed id is a 404; any error from
// get gets its error page. Handlers return when ok is false.
func Load[T any](w http.ResponseWriter, r *http.Request, get func(ctx context.Context, id int64) (T, error)) (v T, ok bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
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
