package app_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/validate"
)

// marker is in every value the corpus sends, so the test can search the
// whole database for anything that was stored.
const marker = "Hostiel7x"

// hostile is one entry of the corpus: a bad value and the fields it goes
// into (single-line or every field); the other fields are left empty.
type hostile struct {
	name       string
	value      string
	singleOnly bool // line breaks and bidi controls are fine in a textarea
	oneField   bool // only the first field gets it (a long value in every field is a 413)
}

var corpus = []hostile{
	{name: "NUL", value: marker + "\x00b"},
	{name: "invalid UTF-8", value: marker + "\xff\xfe"},
	{name: "escape", value: marker + "\x1b[31m"},
	{name: "bidi override", value: marker + "\u202egpj.exe", singleOnly: true},
	{name: "CR/LF", value: marker + "\r\nBcc: spy@evil.example", singleOnly: true},
	{name: "100k", value: marker + strings.Repeat("a", 100_000), oneField: true},
}

// formFields are the names of the fields of every form of the portal, read
// from the templates and the handlers, so a new form is in the corpus test
// without a change here.
func formFields(t *testing.T) []string {
	t.Helper()
	res := []*regexp.Regexp{
		regexp.MustCompile(`Name:\s*"([a-z_0-9]+)"`),
		regexp.MustCompile(`name="([a-z_0-9]+)"`),
		regexp.MustCompile(`(?:PostForm|Form|v|values|form)\.Get\("([a-z_0-9]+)"\)`),
		regexp.MustCompile(`(?:PostForm|v|values|form)\["([a-z_0-9]+)"\]`),
	}
	seen := map[string]bool{}
	filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_templ.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range res {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				seen[m[1]] = true
			}
		}
		return nil
	})
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	slices.Sort(out)
	if len(out) < 60 {
		t.Fatalf("only %d form fields found: is the scan broken?", len(out))
	}
	return out
}

// TestHostileInputNeverReachesTheDatabase feeds the corpus to every route
// of the router (chi.Walk over app.New), as a signed-in beheerder and
// coordinator and as a visitor with a personal intake link: every form
// post is refused (422, or 413 for the body too large), every query string
// 400, no answer is a 5xx, and no value of the corpus is stored anywhere.
// Finding 2 (500s on NUL and invalid UTF-8), 6 (line breaks in single-line
// fields) and 7 (no size limits) of the security review.
func TestHostileInputNeverReachesTheDatabase(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := context.Background()
	fields := formFields(t)
	coord := env.Login(t, apptest.Coordinator)
	token := intakeToken(t, env, coord)
	ids := routeIDs(t, env)

	count := func(table string) int {
		var n int
		env.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n)
		return n
	}
	clients := map[string]*apptest.Client{"beheerder": env.Login(t, apptest.Beheerder), "coordinator": coord,
		"intake link": env.Anonymous(t)}
	audits, mails := count("audit_log"), count("mail_outbox")
	router := app.New(env.Pool, config.Config{BaseURL: "http://x"}, app.Options{}).(chi.Routes)
	posts, gets, refused := 0, 0, 0
	err := chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		path := fillRoute(route, token, ids)
		for who, c := range clients {
			if who == "intake link" && !strings.HasPrefix(route, "/intake/{token}") {
				continue
			}
			switch method {
			case http.MethodPost:
				for _, h := range corpus {
					res := c.PostForm(path, hostileForm(fields, h))
					posts++
					// 422 (or 413), or the 403/404 a route gives before it
					// reads the form; never done (2xx, 3xx), never a 5xx.
					// A members' page sends a staff user to the members'
					// sign-in before it reads the form.
					toSignIn := res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/mijn/inloggen"
					if res.StatusCode == http.StatusUnprocessableEntity {
						refused++
					} else if (res.StatusCode < 400 && !toSignIn) || res.StatusCode >= 500 {
						t.Errorf("%s: POST %s with %s: status %d, want 422", who, route, h.name, res.StatusCode)
					}
				}
			case http.MethodGet:
				for _, h := range corpus {
					if h.oneField {
						continue // a 100k query string is refused by the HTTP server itself
					}
					res := c.Get(path + "?q=" + url.QueryEscape(h.value) + "&pagina=1")
					gets++
					if res.StatusCode != http.StatusBadRequest {
						t.Errorf("%s: GET %s?q=%s: status %d, want 400", who, route, h.name, res.StatusCode)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if posts < 300 || gets < 300 || refused < posts*3/4 {
		t.Fatalf("only %d posts (%d refused with 422) and %d gets: is the route walk broken?", posts, refused, gets)
	}
	t.Logf("%d hostile posts (%d refused with 422) and %d hostile queries", posts, refused, gets)
	if where := stored(t, env, marker); len(where) > 0 {
		t.Errorf("hostile input was stored in %v", where)
	}
	if a, m := count("audit_log"), count("mail_outbox"); a != audits || m != mails {
		t.Errorf("hostile input changed something: %d audit entries (was %d), %d mails (was %d)", a, audits, m, mails)
	}
}

// hostileForm puts h in every field it applies to; the others are empty.
func hostileForm(fields []string, h hostile) url.Values {
	v := url.Values{}
	first := true
	for _, f := range fields {
		switch {
		case h.oneField && first, !h.oneField && !(h.singleOnly && validate.IsMultiLine(f)):
			v.Set(f, h.value)
			first = false
		default:
			v.Set(f, "")
		}
	}
	v.Set("bevestig", "ja")
	return v
}

// intakeToken invites a contact of a demo member without an intake and
// returns the token of the personal link.
func intakeToken(t *testing.T, env *apptest.Env, coord *apptest.Client) string {
	t.Helper()
	var employer, contact int64
	if err := env.Pool.QueryRow(context.Background(), `SELECT e.id, c.id FROM employers e
		JOIN contacts c ON c.employer_id = e.id AND c.email <> '' AND c.active_until IS NULL
		WHERE e.network_id = (SELECT min(id) FROM networks) AND e.status = 'lid'
		AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = e.id)
		ORDER BY e.id, c.id LIMIT 1`).Scan(&employer, &contact); err != nil {
		t.Fatal(err)
	}
	res := coord.PostForm("/intakes/nieuw", url.Values{"werkgever": {fmt.Sprint(employer)},
		"contactpersoon": {fmt.Sprint(contact)}, "dagen": {"30"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	link, _ := coord.Get(res.Header.Get("Location")).Doc(t).Find("#intake-link").Attr("value")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/intake/") {
		t.Fatalf("intake link %q", link)
	}
	return strings.TrimPrefix(u.Path, "/intake/")
}

// routeIDs are real ids for the {id} of the routes under each prefix, so a
// request would reach a real record if the gate let it through.
func routeIDs(t *testing.T, env *apptest.Env) map[string]string {
	t.Helper()
	tables := map[string]string{"/werkgevers": "employers", "/bijeenkomsten": "events", "/subgroepen": "subgroups",
		"/intakes": "intakes", "/toezeggingen": "commitments", "/plaatsingen": "placement_reports", "/partners": "partners",
		"/verwijzingen": "referrals", "/bezoeken": "visits", "/opvolging": "follow_ups", "/privacy": "contacts"}
	out := map[string]string{}
	for prefix, table := range tables {
		var id int64
		if err := env.Pool.QueryRow(context.Background(), `SELECT coalesce(min(id), 1) FROM `+table).Scan(&id); err != nil {
			t.Logf("%s: %v", table, err)
			id = 1
		}
		out[prefix] = fmt.Sprint(id)
	}
	return out
}

// fillRoute fills the {params} of a route: the intake token, a real id of
// the route's kind of record, or 1.
func fillRoute(route, token string, ids map[string]string) string {
	id := "1"
	for prefix, v := range ids {
		if strings.HasPrefix(route, prefix+"/") {
			id = v
		}
	}
	re := regexp.MustCompile(`\{[a-z]*\}|\*`)
	return re.ReplaceAllStringFunc(route, func(p string) string {
		switch p {
		case "{token}":
			if strings.HasPrefix(route, "/intake/") {
				return token
			}
			return "onbekend"
		case "{n}":
			return "1"
		case "{format}":
			return "csv"
		case "*":
			return "x"
		}
		return id
	})
}

// stored lists the text, JSON and array columns that hold v.
func stored(t *testing.T, env *apptest.Env, v string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := env.Pool.Query(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		AND (c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') OR c.data_type = 'ARRAY')`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		rows.Scan(&c[0], &c[1])
		cols = append(cols, c)
	}
	rows.Close()
	var out []string
	for _, c := range cols {
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text LIKE '%%' || $1 || '%%'`, c[0], c[1])
		if err := env.Pool.QueryRow(ctx, q, v).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s.%s (%d)", c[0], c[1], n))
		}
	}
	return out
}
