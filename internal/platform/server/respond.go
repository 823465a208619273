// Package server holds the HTTP plumbing every domain shares: middleware,
// rendering, redirects, and the one place where error kinds become status
// codes and friendly Dutch pages.
package server

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Render writes c with status. It renders into a buffer first, so a failing
// template becomes a clean 500 page and the session (flash messages) is
// settled before the first byte is written.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Redirect answers a successful POST with 303 See Other, so reloading the
// next page does not post again.
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// Fail answers with the status and page that belong to err's kind. Server
// errors are logged; their details never reach the user.
func Fail(w http.ResponseWriter, r *http.Request, err error) {
	status, title, msg := describe(r, err)
	switch {
	case shuttingDown(r):
		slog.WarnContext(r.Context(), "request cancelled by shutdown", "method", r.Method,
			"route", RoutePattern(r), "path", LogPath(r), "status", status, "err", err)
		w.Header().Set("Retry-After", RetryAfter)
	case status == http.StatusServiceUnavailable:
		// An outage fails every request at once: log a few of them.
		if ok, held := unavailableLog.allow(time.Now()); ok {
			slog.WarnContext(r.Context(), "request failed: database unreachable", "method", r.Method,
				"route", RoutePattern(r), "path", LogPath(r), "status", status, "err", err, "similar_not_logged", held)
		}
		w.Header().Set("Retry-After", RetryAfter)
	case status >= 500:
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", RoutePattern(r),
			"path", LogPath(r), "status", status, "err", err)
	}
	var buf bytes.Buffer
	// The request's context may be cancelled (a shutdown, a client gone):
	// the page is rendered all the same.
	if rerr := web.ErrorPage(title, msg).Render(context.WithoutCancel(r.Context()), &buf); rerr != nil {
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// RetryAfter is the Retry-After of a 503, in seconds: a database restart
// takes a few.
const RetryAfter = "10"

var unavailableLog = &rateLimited{every: time.Second}

// describe maps an error to status, title and message: the one table of the
// portal's error kinds.
func describe(r *http.Request, err error) (int, string, string) {
	ctx := r.Context()
	t := func(s string) string { return i18n.T(ctx, s) }
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return http.StatusRequestEntityTooLarge, t("Te veel gegevens"), t("Wat u verstuurde is groter dan het portaal aanneemt. Maak de invoer korter en probeer het opnieuw.")
	}
	if shuttingDown(r) {
		return http.StatusServiceUnavailable, t("Het portaal wordt herstart"), t("Het portaal werd herstart terwijl uw verzoek liep. Het is afgebroken en er is niets van opgeslagen. Probeer het over enkele seconden opnieuw.")
	}
	if apperr.KindOf(err) == apperr.Internal && db.Unreachable(err) {
		err = apperr.Wrap(apperr.Unavailable, err, "")
	}
	msg := apperr.MessageOf(err)
	or := func(def string) string {
		if msg != "" {
			return msg
		}
		return t(def)
	}
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		return http.StatusNotFound, t("Pagina niet gevonden"), or("Deze pagina bestaat niet, of u heeft er geen toegang toe. Controleer het adres.")
	case apperr.Forbidden:
		return http.StatusForbidden, t("Geen toegang"), or("U mag deze handeling niet uitvoeren met uw rol.")
	case apperr.Invalid:
		return http.StatusUnprocessableEntity, t("Ongeldige invoer"), or("De invoer klopt niet.")
	case apperr.BadRequest:
		return http.StatusBadRequest, t("Ongeldig verzoek"), or("Het portaal kon dit verzoek niet lezen.")
	case apperr.NotAllowed:
		return http.StatusMethodNotAllowed, t("Ongeldig verzoek"), or("Deze handeling bestaat niet op deze pagina.")
	case apperr.Conflict:
		return http.StatusConflict, t("Tegelijk gewijzigd"), or("Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw.")
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge, t("Te veel gegevens"), or("Wat u verstuurde is groter dan het portaal aanneemt.")
	case apperr.Unavailable:
		return http.StatusServiceUnavailable, t("Tijdelijk niet beschikbaar"), t("Het portaal kan de gegevens nu niet bereiken. Probeer het over enkele minuten opnieuw.")
	}
	return http.StatusInternalServerError, t("Er ging iets mis"), t("Er ging aan onze kant iets mis. Probeer het opnieuw; blijft het misgaan, neem dan contact op met de beheerder.")
}
