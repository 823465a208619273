package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/validate"
)

// TestInputGate: hostile values never reach a handler; a bad query string
// is 400, a bad form value 422 with a Dutch message naming the field.
func TestInputGate(t *testing.T) {
	reached := false
	h := server.LimitBody(InputGate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true })))
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

// TestInputGateCleansForAFormThatShowsTheProblems: a FieldForm gets the
// cleaned values and the problems by field, to show them next to the
// fields; another route of the same router gets the gate's 422 page.
func TestInputGateCleansForAFormThatShowsTheProblems(t *testing.T) {
	var got url.Values
	var problems map[string]string
	h := chi.NewRouter()
	h.Use(server.LimitBody, InputGate)
	h.Route("/formulier", func(r chi.Router) {
		r.Method(http.MethodPost, "/", FieldForm(func(w http.ResponseWriter, r *http.Request) {
			if err := server.ParseForm(r); err != nil {
				Fail(w, r, err)
				return
			}
			got, problems = r.Form, validate.ProblemsFrom(r.Context()).Fields
		}))
	})
	h.Post("/actie", func(w http.ResponseWriter, r *http.Request) { t.Error("an action was reached with a refused value") })
	body := url.Values{"naam": {"Jan\x00 de\u202e Vries"}, "titel": {"a\r\nb"}, "notities": {"regel\r\ntwee\x1b"}, "plaats": {"Hengelo"}}
	req := httptest.NewRequest("POST", "/formulier/?terug=1", strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(httptest.NewRecorder(), req)
	req = httptest.NewRequest("POST", "/actie", strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "‘naam’") {
		t.Errorf("action with a refused value: %d, or the page does not name the field", rec.Code)
	}
	want := url.Values{"naam": {"Jan de Vries"}, "titel": {"a  b"}, "notities": {"regel\r\ntwee"}, "plaats": {"Hengelo"}, "terug": {"1"}}
	if got.Encode() != want.Encode() {
		t.Errorf("cleaned form %v, want %v", got, want)
	}
	if len(problems) != 3 || problems["naam"] != validate.MsgNUL || problems["titel"] != validate.MsgLineBreak ||
		problems["notities"] != validate.MsgControl {
		t.Errorf("problems %v", problems)
	}
}
