// Package apptest runs the whole portal against a fresh database for
// handler and browser tests: the demo data loaded, a real HTTP server, and
// clients signed in as the demo accounts.
package apptest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/demo/demotest"
	"netwerkportaal/internal/platform/config"
)

// DemoPassword is the password of every demo account.
const DemoPassword = demotest.Password

// Demo accounts.
const (
	Beheerder    = "beheer@example.org"
	Coordinator  = "coordinator@example.org"  // first network only
	Coordinator2 = "coordinator2@example.org" // second network only
	Bestuur      = "bestuur@example.org"      // all networks, read-only
)

// Env is a running portal on its own database.
type Env struct {
	Pool   *pgxpool.Pool
	Server *httptest.Server
	mail   *mailEnv // see mail.go
}

// New starts the portal on a fresh database with the demo data.
func New(t testing.TB) *Env {
	t.Helper()
	return NewEmpty(t, DemoDB(t))
}

// DemoDB returns a fresh database with the demo data, cloned from a
// template seeded once (see demotest).
func DemoDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return demotest.DB(t)
}

// NewEmpty starts the portal on pool as it is.
func NewEmpty(t testing.TB, pool *pgxpool.Pool) *Env {
	t.Helper()
	return NewWith(t, pool, app.Options{})
}

// TOTPKey is the TOTP_KEY of test portals: two-step secrets are sealed
// with it as in production.
var TOTPKey = []byte("test key for two-step secrets!!!")

// NewWith starts the portal on pool with opts (a read pool, say).
func NewWith(t testing.TB, pool *pgxpool.Pool, opts app.Options) *Env {
	t.Helper()
	return NewWithConfig(t, pool, opts, nil)
}

// NewWithConfig starts the portal on pool after edit changed its settings
// (another TOTP_KEY, say); edit may be nil.
func NewWithConfig(t testing.TB, pool *pgxpool.Pool, opts app.Options, edit func(*config.Config)) *Env {
	t.Helper()
	// The server is started after the handler knows its own address, so
	// links in mail (BASE_URL) point at this test server.
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{Addr: ":0", BaseURL: "http://" + srv.Listener.Addr().String(), TOTPKey: TOTPKey}
	if edit != nil {
		edit(&cfg)
	}
	srv.Config.Handler = app.New(pool, cfg, opts)
	srv.Start()
	t.Cleanup(srv.Close)
	return &Env{Pool: pool, Server: srv, mail: &mailEnv{t: t}}
}

// URL returns the absolute URL of path.
func (e *Env) URL(path string) string { return e.Server.URL + path }

// Client is an HTTP client with its own cookies that does not follow
// redirects, so tests see every 303.
type Client struct {
	t    testing.TB
	env  *Env
	HTTP *http.Client
}

// Anonymous returns a client that has not signed in.
func (e *Env) Anonymous(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Login returns a client signed in as email with the demo password.
func (e *Env) Login(t testing.TB, email string) *Client {
	t.Helper()
	c := e.Anonymous(t)
	res := c.PostForm("/inloggen", url.Values{"email": {email}, "wachtwoord": {DemoPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: status %d", email, res.StatusCode)
	}
	return c
}

// Response is a response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Doc parses the body as HTML.
func (r *Response) Doc(t testing.TB) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.URL(path), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.Do(req)
}

// PostForm posts form values to path as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.URL(path), strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Do sends req and reads the whole response.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &Response{Response: res, Body: string(b)}
}

// FormValues returns the values a browser would submit for the form
// matched by selector: inputs, checked boxes, selects and textareas.
func FormValues(doc *goquery.Document, selector string) url.Values {
	v := url.Values{}
	form := doc.Find(selector)
	form.Find("input").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		if name == "" || typ == "submit" {
			return
		}
		if (typ == "checkbox" || typ == "radio") && s.AttrOr("checked", "\x00") == "\x00" {
			return
		}
		v.Add(name, s.AttrOr("value", ""))
	})
	form.Find("select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		sel := s.Find("option[selected]").First()
		if sel.Length() == 0 {
			sel = s.Find("option").First()
		}
		v.Add(name, sel.AttrOr("value", sel.Text()))
	})
	form.Find("textarea").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v.Add(name, s.Text())
	})
	return v
}

// EmployerOf returns the id and network of a demo employer in the network
// with the given position (1 = first inserted) with the given status, or
// any status when status is "".
func (e *Env) EmployerOf(t testing.TB, network int, status string) (id, networkID int64) {
	t.Helper()
	err := e.Pool.QueryRow(context.Background(), `SELECT e.id, e.network_id FROM employers e
		WHERE e.network_id = (SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1)
		AND ($2 = '' OR e.status = $2) ORDER BY e.id LIMIT 1`, network-1, status).Scan(&id, &networkID)
	if err != nil {
		t.Fatalf("find employer: %v", err)
	}
	return id, networkID
}
