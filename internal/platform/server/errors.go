// Package server holds the HTTP middleware every domain shares: security
// headers, body limits and request logging. Rendering and error pages are
// in web.
package server

import (
	"errors"
	"net/http"

	"netwerkportaal/internal/platform/apperr"
)

// ParseForm parses a posted form; an oversized body is 413, a malformed one
// 400. Handlers call it instead of r.ParseForm.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.Wrap(apperr.TooLarge, err, "")
		}
		return apperr.Wrap(apperr.BadRequest, err, "")
	}
	return nil
}
