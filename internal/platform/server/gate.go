package server

import (
	"mime"
	"net/http"
	"net/url"
	"sort"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
)

// InputGate is the one place every query parameter and form value passes
// before a handler sees it: invalid UTF-8, NUL and other control characters,
// line breaks outside textareas, bidirectional overrides in single-line
// fields and over-long values are refused here, so none of them reaches
// PostgreSQL, a mail header or a log line. A bad query string is 400 (no
// form to correct), a bad form value 422 with a Dutch message that names the
// field. Multipart forms (uploads) are parsed by their handlers, which raise
// the body limit first; they check their text fields with CheckValues.
func InputGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if msg := checkPath(r.URL.Path); msg != "" {
			ctx := r.Context()
			Fail(w, r, apperr.New(apperr.BadRequest, i18n.T(ctx, "Het adres van de pagina %s.", i18n.T(ctx, msg))))
			return
		}
		query, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			Fail(w, r, apperr.Wrap(apperr.BadRequest, err, ""))
			return
		}
		if name, msg := checkValues(query, true); msg != "" {
			Fail(w, r, apperr.New(apperr.BadRequest, fieldMessage(r, name, msg)))
			return
		}
		if hasFormBody(r) {
			if err := ParseForm(r); err != nil {
				Fail(w, r, err)
				return
			}
			if err := CheckValues(r, r.PostForm); err != nil {
				Fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// CheckValues runs the gate's checks over posted values: an Invalid error
// (422) naming the first bad field, or nil.
func CheckValues(r *http.Request, v url.Values) error {
	if name, msg := checkValues(v, false); msg != "" {
		return apperr.New(apperr.Invalid, fieldMessage(r, name, msg))
	}
	return nil
}

func fieldMessage(r *http.Request, name, msg string) string {
	ctx := r.Context()
	return i18n.T(ctx, "Het veld ‘%s’ %s. Ga terug, pas de invoer aan en verstuur het opnieuw.", name, i18n.T(ctx, msg))
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

func checkPath(p string) string {
	if msg := validate.Problem(p, false); msg != "" {
		return msg
	}
	return ""
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
