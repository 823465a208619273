package web

// Responding: rendering pages, redirects, and the one place where error
// kinds become status codes and friendly Dutch pages. It lives here, beside
// the templates it renders, so platform packages need not import web.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
)

var errForbiddenCrossOrigin = apperr.New(apperr.Forbidden, "Dit formulier is vanaf een andere website verstuurd en is daarom geweigerd.")

// Render writes c with status. It renders into a buffer first, so a failing
// template becomes a clean 500 page and the session (flash messages) is
// settled before the first byte is written.
//
// For a client that accepts gzip, the Fragments in c are left as markers
// and the page goes out gzipped here, with their bytes compressed once
// (see Fragment); without fragments the compress middleware does the work.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	ctx := r.Context()
	var sp *splicer
	if acceptsGzip(r) {
		sp = &splicer{}
		ctx = context.WithValue(ctx, spliceKey{}, sp)
	}
	if err := c.Render(ctx, buf); err != nil {
		Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if sp != nil && len(sp.frags) > 0 {
		if writeSpliced(w, status, buf.Bytes(), sp.frags) {
			return
		}
		// Markers that do not match cannot happen; render plainly.
		buf.Reset()
		if err := c.Render(r.Context(), buf); err != nil {
			Fail(w, r, err)
			return
		}
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers are reused between pages: a page grew a fresh buffer
// through eight sizes to its 20–100 kB on every request.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putRenderBuffer returns buf to the pool unless one huge page made it
// big, which would then be held on to.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// Redirect answers a successful POST with 303 See Other, so reloading the
// next page does not post again.
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// Done ends a posted change the Post/Redirect/Get way: when err is nil
// the flash message is kept for the next page and the browser goes to
// url; otherwise err gets its error page.
//
//	web.Done(w, r, h.store.Delete(ctx, id), message, "/afspraken")
func Done(w http.ResponseWriter, r *http.Request, err error, flash, url string) {
	if err != nil {
		Fail(w, r, err)
		return
	}
	session.SetFlash(r.Context(), flash)
	Redirect(w, r, url)
}

// Fail answers with the status and page that belong to err's kind. Server
// errors are logged; their details never reach the user.
func Fail(w http.ResponseWriter, r *http.Request, err error) {
	status, title, msg := describe(r, err)
	switch {
	case server.ShuttingDown(r):
		slog.WarnContext(r.Context(), "request cancelled by shutdown", "method", r.Method,
			"route", server.RoutePattern(r), "path", server.LogPath(r), "status", status, "err", err)
		w.Header().Set("Retry-After", RetryAfter)
	case status == http.StatusServiceUnavailable:
		// An outage fails every request at once: log a few of them.
		if ok, held := unavailableLog.allow(time.Now()); ok {
			slog.WarnContext(r.Context(), "request failed: database unreachable", "method", r.Method,
				"route", server.RoutePattern(r), "path", server.LogPath(r), "status", status, "err", err, "similar_not_logged", held)
		}
		w.Header().Set("Retry-After", RetryAfter)
	case status >= 500:
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", server.RoutePattern(r),
			"path", server.LogPath(r), "status", status, "err", err)
	}
	var buf bytes.Buffer
	// The request's context may be cancelled (a shutdown, a client gone):
	// the page is rendered all the same.
	// A cancelled request (shutdown) gets no navigation counts: their
	// queries could wait on what the cancelled work still holds.
	ctx := context.WithoutCancel(r.Context())
	if r.Context().Err() != nil {
		ctx = context.WithValue(ctx, noNavCountsKey{}, true)
	}
	if rerr := ErrorPage(title, msg).Render(ctx, &buf); rerr != nil {
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

// rateLimited lets one log line through per interval and counts the ones it
// held back, so a database outage writes a few lines a second, not a
// hundred thousand.
type rateLimited struct {
	mu         sync.Mutex
	every      time.Duration
	last       time.Time
	suppressed int
}

// allow reports whether to log now and how many lines were held back since
// the last one.
func (l *rateLimited) allow(now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.last) < l.every {
		l.suppressed++
		return false, 0
	}
	n := l.suppressed
	l.last, l.suppressed = now, 0
	return true, n
}

// describe maps an error to status, title and message: the one table of the
// portal's error kinds.
func describe(r *http.Request, err error) (int, string, string) {
	ctx := r.Context()
	t := func(s string) string { return i18n.T(ctx, s) }
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return http.StatusRequestEntityTooLarge, t("Te veel gegevens"), t("Wat u verstuurde is groter dan het portaal aanneemt. Maak de invoer korter en probeer het opnieuw.")
	}
	if server.ShuttingDown(r) {
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

// Recover turns a panic into the friendly 500 page and a log line with the
// stack, instead of a dropped connection.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "route", server.RoutePattern(r), "path", server.LogPath(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				Fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// StoreRequestURI stores the request's path and query for links back to it.
func StoreRequestURI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithRequestURI(r.Context(), r.URL.RequestURI())))
	})
}

// CrossOrigin refuses cross-site form posts (CSRF) with Go's own protection:
// browsers say where a request comes from in Sec-Fetch-Site and Origin.
func CrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Fail(w, r, errForbiddenCrossOrigin)
	}))
	return cop.Handler(next)
}

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
