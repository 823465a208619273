package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
)

func TestFailMapsKindsToStatusAndFriendlyPage(t *testing.T) {
	secret := "pq: relation employers does not exist at 10.0.0.5"
	cases := []struct {
		err    error
		status int
		title  string
		body   string // a text the page must show
	}{
		{apperr.ErrNotFound, 404, "Pagina niet gevonden", "Deze pagina bestaat niet"},
		{apperr.ErrForbidden, 403, "Geen toegang", "U mag deze handeling niet uitvoeren"},
		{apperr.New(apperr.Forbidden, "Alleen coördinatoren."), 403, "Geen toegang", "Alleen coördinatoren."},
		{apperr.New(apperr.Invalid, ""), 422, "Ongeldige invoer", "De invoer klopt niet."},
		{apperr.New(apperr.BadRequest, ""), 400, "Ongeldig verzoek", "kon dit verzoek niet lezen"},
		{apperr.New(apperr.Conflict, "Deze contactpersoon is al beëindigd."), 409, "Tegelijk gewijzigd", "al beëindigd"},
		{apperr.Wrap(apperr.TooLarge, errors.New(secret), ""), 413, "Te veel gegevens", "groter dan het portaal aanneemt"},
		{&http.MaxBytesError{Limit: 10}, 413, "Te veel gegevens", "Maak de invoer korter"},
		{fmt.Errorf("parse: %w", &http.MaxBytesError{Limit: 10}), 413, "Te veel gegevens", "Maak de invoer korter"},
		{apperr.Wrap(apperr.Unavailable, errors.New(secret), secret), 503, "Tijdelijk niet beschikbaar", "Probeer het over enkele minuten opnieuw"},
		{errors.New(secret), 500, "Er ging iets mis", "Er ging aan onze kant iets mis"},
		{fmt.Errorf("wrapped: %w", apperr.ErrNotFound), 404, "Pagina niet gevonden", ""},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		Fail(rec, httptest.NewRequest(http.MethodGet, "/x", nil), tc.err)
		body := rec.Body.String()
		if rec.Code != tc.status {
			t.Errorf("%v: status %d, want %d", tc.err, rec.Code, tc.status)
		}
		if !strings.Contains(body, "<h1>"+tc.title+"</h1>") || !strings.Contains(body, tc.body) {
			t.Errorf("%v: page lacks %q / %q", tc.err, tc.title, tc.body)
		}
		if strings.Contains(body, "10.0.0.5") || strings.Contains(body, "relation") {
			t.Errorf("%v: page shows internal details", tc.err)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%v: Content-Type %q", tc.err, ct)
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%v: error page may be cached", tc.err)
		}
		if !strings.Contains(body, `<html lang="nl">`) {
			t.Errorf("%v: not a full Dutch page", tc.err)
		}
	}
}

func TestFailInEnglish(t *testing.T) {
	ctx := i18n.WithLang(context.Background(), i18n.EN)
	rec := httptest.NewRecorder()
	Fail(rec, httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx), apperr.ErrNotFound)
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), `<html lang="en">`) ||
		!strings.Contains(rec.Body.String(), i18n.T(ctx, "Pagina niet gevonden")) {
		t.Errorf("English 404: %d %.200s", rec.Code, rec.Body.String())
	}
}

func TestRenderFailureIsCleanServerError(t *testing.T) {
	broken := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, "<p>half a page")
		return errors.New("template exploded: secret detail")
	})
	rec := httptest.NewRecorder()
	Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, broken)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "half a page") || strings.Contains(rec.Body.String(), "secret detail") {
		t.Errorf("broken template: %d %q", rec.Code, rec.Body.String())
	}
	ok := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error { _, err := io.WriteString(w, "<p>ok</p>"); return err })
	rec = httptest.NewRecorder()
	Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusUnprocessableEntity, ok)
	if rec.Code != 422 || rec.Body.String() != "<p>ok</p>" || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("render: %d %q %q", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}

func TestRedirectIsSeeOther(t *testing.T) {
	rec := httptest.NewRecorder()
	Redirect(rec, httptest.NewRequest(http.MethodPost, "/werkgevers/nieuw", nil), "/werkgevers/5")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/werkgevers/5" {
		t.Errorf("redirect: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestRecoverTurnsPanicIntoFriendlyPage(t *testing.T) {
	h := Recover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map: secret detail") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Er ging iets mis") || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("panic: %d %.200q", rec.Code, rec.Body.String())
	}
}

func TestLimitBodyAndParseForm(t *testing.T) {
	var got error
	h := server.LimitBody(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = server.ParseForm(r)
		if got != nil {
			Fail(w, r, got)
		}
	}))
	post := func(body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := post("naam=" + strings.Repeat("x", 2<<20)); rec.Code != 413 || !apperr.Is(got, apperr.TooLarge) {
		t.Errorf("2 MB: %d, err %v", rec.Code, got)
	}
	if rec := post("naam=" + strings.Repeat("x", server.MaxBodyBytes-100)); rec.Code != 200 || got != nil {
		t.Errorf("just under the limit: %d, err %v", rec.Code, got)
	}
	if rec := post("naam=%zz"); rec.Code != 400 || !apperr.Is(got, apperr.BadRequest) {
		t.Errorf("malformed: %d, err %v", rec.Code, got)
	}
}

// TestAllowBodyRaisesTheLimitOfOneRoute: an upload route may take more than
// server.MaxBodyBytes; every other route keeps the default.
func TestAllowBodyRaisesTheLimitOfOneRoute(t *testing.T) {
	r := chi.NewRouter()
	r.Use(server.LimitBody)
	read := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			Fail(w, r, err)
		}
	}
	r.Post("/klein", read)
	r.With(server.AllowBody(3<<20)).Post("/upload", read)
	post := func(path string, n int) int {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(strings.Repeat("x", n))))
		return rec.Code
	}
	if got := post("/upload", 2<<20); got != 200 {
		t.Errorf("2 MB to the upload route: %d, want 200", got)
	}
	if got := post("/upload", 3<<20+1); got != 413 {
		t.Errorf("just over the upload limit: %d, want 413", got)
	}
	if got := post("/klein", 2<<20); got != 413 {
		t.Errorf("2 MB to another route: %d, want 413", got)
	}
	if got := post("/klein", server.MaxBodyBytes); got != 200 {
		t.Errorf("the default limit to another route: %d, want 200", got)
	}
	// Without LimitBody in front, AllowBody changes nothing and reads nothing.
	h := server.AllowBody(10)(http.HandlerFunc(read))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("twintig tekens lang!")))
	if rec.Code != 200 {
		t.Errorf("AllowBody alone: %d", rec.Code)
	}
}

func TestSecurityHeadersMiddleware(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for _, secure := range []bool{false, true} {
		rec := httptest.NewRecorder()
		server.SecurityHeaders(secure)(ok).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "object-src 'none'") {
			t.Errorf("CSP %q", csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("headers %v", h)
		}
		if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != secure {
			t.Errorf("secure=%v: HSTS %q", secure, hsts)
		}
	}
}

func TestCrossOriginMiddleware(t *testing.T) {
	h := CrossOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	cases := []struct {
		method  string
		headers map[string]string
		want    int
	}{
		{http.MethodPost, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{http.MethodPost, map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{http.MethodPost, map[string]string{"Origin": "https://evil.example"}, 403},
		{http.MethodPut, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{http.MethodPost, map[string]string{"Sec-Fetch-Site": "same-origin"}, 204},
		{http.MethodPost, map[string]string{"Sec-Fetch-Site": "none"}, 204}, // typed by the user
		{http.MethodPost, map[string]string{"Origin": "http://example.com"}, 204},
		{http.MethodPost, nil, 204}, // not a browser
		{http.MethodGet, map[string]string{"Sec-Fetch-Site": "cross-site"}, 204},
		{http.MethodHead, map[string]string{"Origin": "https://evil.example"}, 204},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(tc.method, "http://example.com/werkgevers/1/bewerken", nil)
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s %v: %d, want %d", tc.method, tc.headers, rec.Code, tc.want)
		}
		if rec.Code == 403 && !strings.Contains(rec.Body.String(), "andere website") {
			t.Errorf("%s %v: refusal without explanation", tc.method, tc.headers)
		}
	}
}

func TestNotFoundHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	NotFound(rec, httptest.NewRequest(http.MethodGet, "/nergens", nil))
	if rec.Code != 404 {
		t.Errorf("NotFound: %d", rec.Code)
	}
}

func TestMethodNotAllowedSaysWhatIsAllowed(t *testing.T) {
	r := chi.NewRouter()
	r.MethodNotAllowed(MethodNotAllowed)
	r.Get("/werkgevers", func(http.ResponseWriter, *http.Request) {})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/werkgevers", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status %d, want 405", rec.Code)
	}
	if allow := rec.Header().Values("Allow"); !slices.Contains(allow, "GET") || slices.Contains(allow, "POST") {
		t.Errorf("Allow: %v", allow)
	}
	if !strings.Contains(rec.Body.String(), "Deze handeling bestaat niet op deze pagina.") {
		t.Errorf("no friendly page: %q", rec.Body.String())
	}
}
