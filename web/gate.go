package web

import (
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/validate"
)

// InputGate is the one place every query parameter and form value passes
// before a handler sees it: invalid UTF-8, NUL and other control characters,
// line breaks outside textareas, bidirectional overrides in single-line
// fields and over-long values never reach a handler, so none of them
// reaches PostgreSQL, a mail header or a log line. A bad query string is
// 400 (there is no form to correct). A bad value in a posted form is 422:
// for a route registered as a FieldForm the gate replaces each bad value
// with its cleaned form and passes the problems on (validate.Problems), so
// the form shows the Dutch message next to the field, keeps the rest of
// the input and stores nothing; any other route gets a page that names the
// field. Multipart forms
// (uploads) are parsed by their handlers, which raise the body limit first;
// they check their text fields with CheckValues.
func InputGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !validPath(r.URL.Path) {
			ctx := r.Context()
			Fail(w, r, apperr.New(apperr.BadRequest, i18n.T(ctx, "Het adres van de pagina bevat tekens die er niet in horen. Controleer het adres.")))
			return
		}
		query, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			Fail(w, r, apperr.Wrap(apperr.BadRequest, err, ""))
			return
		}
		if name, msg := checkValues(query, true); msg != "" {
			Fail(w, r, apperr.New(apperr.BadRequest, server.FieldMessage(r, name, msg)))
			return
		}
		if hasFormBody(r) {
			if err := server.ParseForm(r); err != nil {
				Fail(w, r, err)
				return
			}
			if badName(r.PostForm) {
				// No field to show a message by: the form was not sent by the portal's page.
				Fail(w, r, apperr.New(apperr.Invalid, server.FieldMessage(r, "?", validate.MsgControl)))
				return
			}
			if p := problems(r); p != nil {
				if !isFieldForm(r) {
					Fail(w, r, server.Refusal(r, p))
					return
				}
				p.Shown = true
				r = r.WithContext(validate.WithProblems(r.Context(), p))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// problems checks the posted values and cleans the bad ones in place (in
// PostForm and in Form, which holds the same values before the query's).
func problems(r *http.Request) *validate.Problems {
	var p *validate.Problems
	for k, vals := range r.PostForm {
		multi := validate.IsMultiLine(k)
		for i, s := range vals {
			msg := validate.Problem(s, multi)
			if msg == "" {
				continue
			}
			if p == nil {
				p = &validate.Problems{Fields: map[string]string{}}
			}
			if _, ok := p.Fields[k]; !ok {
				p.Fields[k] = msg
			}
			vals[i] = validate.Clean(s, multi)
		}
	}
	if p != nil {
		for k, vals := range r.PostForm {
			q := r.Form[k]
			copy(q, vals) // the posted values come first, then the query's
		}
	}
	return p
}

// FieldForm marks the handler of a form that shows the input gate's
// problems next to its fields: its errors start from web.FormErrors, so a
// refused value gives 422 with the message by the field and nothing is
// stored. Register it with r.Method(http.MethodPost, pattern, FieldForm(h)).
type FieldForm http.HandlerFunc

func (f FieldForm) ServeHTTP(w http.ResponseWriter, r *http.Request) { f(w, r) }

// fieldForms caches, per router, the routes whose handler is a FieldForm
// ("POST /werkgevers/nieuw").
var fieldForms sync.Map

// isFieldForm reports whether the route the request goes to is a FieldForm.
func isFieldForm(r *http.Request) bool {
	rctx := chi.RouteContext(r.Context())
	if rctx == nil || rctx.Routes == nil {
		return false
	}
	forms, ok := fieldForms.Load(rctx.Routes)
	if !ok {
		m := map[string]bool{}
		chi.Walk(rctx.Routes, func(method, route string, h http.Handler, _ ...func(http.Handler) http.Handler) error {
			if _, ok := h.(FieldForm); ok {
				m[method+" "+normalRoute(route)] = true
			}
			return nil
		})
		forms, _ = fieldForms.LoadOrStore(rctx.Routes, m)
	}
	pattern := rctx.Routes.Find(chi.NewRouteContext(), r.Method, r.URL.Path)
	return forms.(map[string]bool)[r.Method+" "+normalRoute(pattern)]
}

// normalRoute writes a pattern as chi.Walk and Mux.Find both can.
func normalRoute(p string) string {
	return strings.TrimSuffix(strings.ReplaceAll(p, "/*/", "/"), "/")
}

// badName reports a field name that no form of the portal has.
func badName(v url.Values) bool {
	for k := range v {
		if validate.QueryProblem(k) != "" || len(k) > validate.MaxFieldName {
			return true
		}
	}
	return false
}

// CheckValues runs the gate's checks over posted values: an Invalid error
// (422) naming the first bad field, or nil.
func CheckValues(r *http.Request, v url.Values) error {
	if name, msg := checkValues(v, false); msg != "" {
		return apperr.New(apperr.Invalid, server.FieldMessage(r, name, msg))
	}
	return nil
}

// checkValues returns the first bad field, in name order so the message is
// the same every time.
func checkValues(v url.Values, query bool) (string, string) {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if validate.QueryProblem(k) != "" || len(k) > validate.MaxFieldName {
			return "?", validate.MsgControl
		}
		for _, s := range v[k] {
			msg := ""
			if query {
				msg = validate.QueryProblem(s)
			} else {
				msg = validate.Problem(s, validate.IsMultiLine(k))
			}
			if msg != "" {
				return k, msg
			}
		}
	}
	return "", ""
}

// validPath refuses a path with invalid UTF-8 or control characters; its
// length is the router's business (an unknown long path is a 404).
func validPath(p string) bool {
	return utf8.ValidString(p) && !strings.ContainsFunc(p, unicode.IsControl)
}

// hasFormBody reports a request whose body ParseForm reads: an urlencoded
// POST, PUT or PATCH.
func hasFormBody(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err != nil || mt == "application/x-www-form-urlencoded"
}
