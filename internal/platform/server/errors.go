// Package server holds the HTTP middleware every domain shares: security
// headers, body limits and request logging. Rendering and error pages are
// in web.
package server

import (
	"errors"
	"net/http"
	"sort"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
)

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
		return Refusal(r, p) // the gate refuses these already: a second lock
	}
	return nil
}

// Refusal is the 422 for a form that cannot show the input gate's problems
// by field: a message naming the first field.
func Refusal(r *http.Request, p *validate.Problems) error {
	names := make([]string, 0, len(p.Fields))
	for k := range p.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return apperr.New(apperr.Invalid, FieldMessage(r, names[0], p.Fields[names[0]]))
}

// FieldMessage says in Dutch what is wrong with a field and what to do.
func FieldMessage(r *http.Request, name, msg string) string {
	ctx := r.Context()
	return i18n.T(ctx, "Veld ‘%s’: %s Ga terug, pas de invoer aan en verstuur het opnieuw.", name, i18n.T(ctx, msg))
}
