package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestInputGate: hostile values never reach the handler; a bad query string
// is 400, a bad form value 422 with a Dutch message naming the field.
func TestInputGate(t *testing.T) {
	reached := false
	h := LimitBody(InputGate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true })))
	cases := []struct {
		name, method, target, body string
		want                       int
		field                      string
	}{
		{"plain form", "POST", "/x", "naam=Jan&notities=a%0D%0Ab", 200, ""},
		{"plain query", "GET", "/privacy?q=de+Vries", "", 200, ""},
		{"NUL in query (finding 2)", "GET", "/privacy?q=a%00b", "", 400, "q"},
		{"invalid UTF-8 in query", "GET", "/x?q=%FF", "", 400, "q"},
		{"NUL in path", "GET", "/intake/a%00b/stap/1", "", 400, ""},
		{"NUL in form (finding 2)", "POST", "/dashboard/delen", "naam=%00", 422, "naam"},
		{"invalid UTF-8 in form (finding 2)", "POST", "/dashboard/delen", "naam=%FF", 422, "naam"},
		{"newline in a title (finding 6)", "POST", "/bijeenkomsten/nieuw", "titel=a%0D%0ABcc:+x", 422, "titel"},
		{"bidi override in a name (finding 6)", "POST", "/x", "naam=Jan%E2%80%AEseiV", 422, "naam"},
		{"escape in a textarea", "POST", "/x", "notities=a%1Bb", 422, "notities"},
		{"100k value (finding 7)", "POST", "/x", "verwachtingen=" + strings.Repeat("a", 100000), 422, "verwachtingen"},
		{"NUL in a field name", "POST", "/x", "a%00=1", 422, ""},
	}
	for _, c := range cases {
		reached = false
		req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		if c.method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, rec.Code, c.want)
		}
		if reached != (c.want == 200) {
			t.Errorf("%s: handler reached = %v", c.name, reached)
		}
		if c.field != "" && !strings.Contains(rec.Body.String(), "‘"+c.field+"’") {
			t.Errorf("%s: the page does not name the field %q", c.name, c.field)
		}
	}
}
