package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/validate"
)

var errForbiddenCrossOrigin = apperr.New(apperr.Forbidden, "Dit formulier is vanaf een andere website verstuurd en is daarom geweigerd.")

// NotFound is chi's handler for unknown routes.
func NotFound(w http.ResponseWriter, r *http.Request) {
	Fail(w, r, apperr.ErrNotFound)
}

// MethodNotAllowed is chi's handler for a known route with another method:
// 405 with the Allow header that chi's own handler would have set.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil {
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
			if rctx.Routes.Match(chi.NewRouteContext(), m, r.URL.Path) {
				w.Header().Add("Allow", m)
			}
		}
	}
	Fail(w, r, apperr.New(apperr.NotAllowed, ""))
}

// ParseForm parses a posted form; an oversized body is 413, a malformed one
// 400, and a value the input gate refused 422 (a page naming the field).
// Handlers call it instead of r.ParseForm.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.Wrap(apperr.TooLarge, err, "")
		}
		return apperr.Wrap(apperr.BadRequest, err, "")
	}
	if p := validate.ProblemsFrom(r.Context()); p != nil && !p.Shown {
		return refusal(r, p) // the gate refuses these already: a second lock
	}
	return nil
}
