package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
)

// DeadLink is how a kind of personal link (an invitation, a questionnaire,
// a report form) answers when it does not work. Neither page says whose the
// link was.
type DeadLink struct {
	Closed      error           // what the store returns for a link that expired or was revoked
	ClosedPage  templ.Component // shown with 410 for Closed
	UnknownPage templ.Component // shown with 404 for a token no link has; nil: the error page
}

// Fail answers err from using a link: the closed page, the unknown page or
// the error page.
func (d DeadLink) Fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case d.Closed != nil && errors.Is(err, d.Closed):
		Render(w, r, http.StatusGone, d.ClosedPage)
	case d.UnknownPage != nil && apperr.KindOf(err) == apperr.NotFound:
		Render(w, r, http.StatusNotFound, d.UnknownPage)
	default:
		Fail(w, r, err)
	}
}

// OpenLink reads what the route's {token} opens, with open, or answers as
// d.Fail does. Handlers return when ok is false.
func OpenLink[T any](w http.ResponseWriter, r *http.Request, d DeadLink, open func(ctx context.Context, token string) (T, error)) (v T, ok bool) {
	v, err := open(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		d.Fail(w, r, err)
		return v, false
	}
	return v, true
}
