package web

import (
	"net/http"

	"netwerkportaal/internal/platform/server"
)

// ParsedForm parses the posted form (server.ParseForm: size limit and the
// input gate) and, when it cannot, answers with the error page itself. A
// handler stops when it returns false:
//
//	if !web.ParsedForm(w, r) {
//		return
//	}
func ParsedForm(w http.ResponseWriter, r *http.Request) bool {
	if err := server.ParseForm(r); err != nil {
		Fail(w, r, err)
		return false
	}
	return true
}
