package app

import (
	"net/url"

	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/mailings"
	"netwerkportaal/internal/platform/identity"
)

// employerFilter lets a mailing select its recipients with the employer
// list's own filter (parsing and SQL), so the two cannot drift apart and
// neither package imports the other.
var employerFilter mailings.EmployerFilter = func(v url.Values, scope identity.Scope) (string, []any) {
	return employers.ParseFilter(v).Where(scope)
}
