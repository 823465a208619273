package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/redact"
)

// LogPath is the request's path as it may be logged: the value of every
// {token} route parameter, and any path segment that looks like a secret
// (long, random, URL-safe), replaced by <token>. A personal link in a log
// would open someone's intake or invitation to anyone who reads the log.
func LogPath(r *http.Request) string {
	p := r.URL.Path
	if rctx := chi.RouteContext(r.Context()); rctx != nil {
		for i, k := range rctx.URLParams.Keys {
			if strings.Contains(strings.ToLower(k), "token") && i < len(rctx.URLParams.Values) && rctx.URLParams.Values[i] != "" {
				p = strings.ReplaceAll(p, rctx.URLParams.Values[i], redact.Token)
			}
		}
	}
	return redact.Path(p)
}

// RoutePattern is the chi pattern that served r ("/intake/{token}/stap/{n}"),
// or "" when no route matched; metrics and logs group by it.
func RoutePattern(r *http.Request) string {
	if rctx := chi.RouteContext(r.Context()); rctx != nil {
		return rctx.RoutePattern()
	}
	return ""
}
