package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// member is a contact of a demo member employer of the first network, with
// an address of its own so no other contact shares it.
type member struct {
	contactID, employerID, networkID int64
	email                            string
}

func newMember(t *testing.T, env *apptest.Env, email string) member {
	t.Helper()
	employer, network := env.EmployerOf(t, 1, "lid")
	id := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level)
		VALUES ($1, 'Mila Lid', $2, 'hr', 'tactisch') RETURNING id`, employer, email)
	return member{contactID: id, employerID: employer, networkID: network, email: email}
}

var memberLinkRe = regexp.MustCompile(`/mijn/link/([A-Za-z0-9_-]{43})`)

// requestLink asks for a sign-in link for email and returns the token of
// the newest link mail to it, or "" when none was queued.
func requestLink(t *testing.T, env *apptest.Env, c *apptest.Client, email string) (string, *apptest.Response) {
	t.Helper()
	res := c.PostForm("/mijn/inloggen", url.Values{"email": {email}})
	body := apptest.Scalar[string](t, env, `SELECT coalesce((SELECT body_text FROM mail_outbox WHERE kind = 'lid_inloglink'
		AND to_addr = $1 ORDER BY id DESC LIMIT 1), '')`, strings.ToLower(strings.TrimSpace(email)))
	m := memberLinkRe.FindStringSubmatch(body)
	if m == nil {
		return "", res
	}
	return m[1], res
}

// signInMember returns a client signed in as m through the mailed link.
func signInMember(t *testing.T, env *apptest.Env, m member) *apptest.Client {
	t.Helper()
	c := env.Anonymous(t)
	token, res := requestLink(t, env, c, m.email)
	apptest.WantStatus(t, res, http.StatusOK)
	if token == "" {
		t.Fatalf("no sign-in link mailed to %s", m.email)
	}
	apptest.WantStatus(t, c.Get("/mijn/link/"+token), http.StatusOK)
	res = c.PostForm("/mijn/link/"+token, nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/mijn/" {
		t.Fatalf("after sign-in: to %q, want /mijn/", loc)
	}
	return c
}

func TestMemberSignInLink(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := newMember(t, env, "mila.lid@example.org")

	t.Run("valid, then reused", func(t *testing.T) {
		c := env.Anonymous(t)
		token, _ := requestLink(t, env, c, "Mila.Lid@Example.org ")
		if token == "" {
			t.Fatal("no link mailed")
		}
		hash := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_links WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, token)
		plain := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_links WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`, token)
		if hash != 1 || plain != 0 {
			t.Errorf("link stored hashed: %d by hash, %d in plain text; want 1 and 0", hash, plain)
		}
		apptest.WantStatus(t, c.PostForm("/mijn/link/"+token, nil), http.StatusSeeOther)
		res := c.Get("/mijn/")
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, "Mila Lid") {
			t.Error("overview does not name the signed-in member")
		}
		other := env.Anonymous(t)
		apptest.WantStatus(t, other.PostForm("/mijn/link/"+token, nil), http.StatusNotFound)
		apptest.WantStatus(t, other.Get("/mijn/link/"+token), http.StatusNotFound)
		if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'contact' AND entity_id = $1 AND action = 'ingelogd' AND source = 'werkgever'`, m.contactID); n != 1 {
			t.Errorf("%d sign-ins in the audit trail, want 1", n)
		}
	})

	t.Run("expired", func(t *testing.T) {
		c := env.Anonymous(t)
		token, _ := requestLink(t, env, c, m.email)
		apptest.Exec(t, env, `UPDATE member_links SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, token)
		apptest.WantStatus(t, c.Get("/mijn/link/"+token), http.StatusNotFound)
		apptest.WantStatus(t, c.PostForm("/mijn/link/"+token, nil), http.StatusNotFound)
		apptest.Exec(t, env, `DELETE FROM member_link_requests`)
	})

	t.Run("tampered", func(t *testing.T) {
		c := env.Anonymous(t)
		token, _ := requestLink(t, env, c, m.email)
		last := "A"
		if strings.HasSuffix(token, "A") {
			last = "B"
		}
		for _, bad := range []string{token[:42] + last, token[:42], token + "A", "..%2f..%2fetc", strings.Repeat("x", 5000)} {
			res := c.PostForm("/mijn/link/"+bad, nil)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("tampered link %.50q: status %d, want 404", bad, res.StatusCode)
			}
		}
		apptest.WantStatus(t, c.Get("/mijn/"), http.StatusSeeOther)
		apptest.Exec(t, env, `DELETE FROM member_link_requests`)
	})

	t.Run("unknown address: the same answer, no mail", func(t *testing.T) {
		c := env.Anonymous(t)
		_, known := requestLink(t, env, c, m.email)
		token, unknown := requestLink(t, env, c, "niemand@example.org")
		if token != "" {
			t.Fatal("a link was mailed to an unknown address")
		}
		apptest.WantStatus(t, unknown, http.StatusOK)
		norm := func(s, email string) string { return strings.ReplaceAll(s, email, "ADRES") }
		if norm(known.Body, m.email) != norm(unknown.Body, "niemand@example.org") {
			t.Error("the answer for an unknown address differs from a known one")
		}
		apptest.Exec(t, env, `DELETE FROM member_link_requests`)
	})

	t.Run("ended, erased or not a member: no link", func(t *testing.T) {
		employer, _ := env.EmployerOf(t, 1, "lid")
		prospect, _ := env.EmployerOf(t, 1, "prospect")
		cases := map[string]string{
			"beeindigd@example.org": `INSERT INTO contacts (employer_id, name, email, function, level, active_from, active_until)
				VALUES ($1, 'Oud Contact', 'beeindigd@example.org', 'hr', 'tactisch', current_date - 30, current_date - 1)`,
			"gewist@example.org": `INSERT INTO contacts (employer_id, name, email, function, level, erased_at)
				VALUES ($1, 'Gewist', 'gewist@example.org', 'hr', 'tactisch', now())`,
		}
		for _, sql := range cases {
			apptest.Exec(t, env, sql, employer)
		}
		apptest.Exec(t, env, `INSERT INTO contacts (employer_id, name, email, function, level) VALUES ($1, 'Prospect', 'prospect@example.org', 'hr', 'tactisch')`, prospect)
		for _, email := range []string{"beeindigd@example.org", "gewist@example.org", "prospect@example.org"} {
			token, res := requestLink(t, env, env.Anonymous(t), email)
			apptest.WantStatus(t, res, http.StatusOK)
			if token != "" {
				t.Errorf("%s got a sign-in link", email)
			}
		}
	})

	t.Run("a session ends when the contact is ended", func(t *testing.T) {
		apptest.Exec(t, env, `DELETE FROM member_link_requests`)
		m2 := newMember(t, env, "vertrekt@example.org")
		c := signInMember(t, env, m2)
		apptest.WantStatus(t, c.Get("/mijn/"), http.StatusOK)
		apptest.Exec(t, env, `UPDATE contacts SET active_from = current_date - 10, active_until = current_date - 1 WHERE id = $1`, m2.contactID)
		res := c.Get("/mijn/")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mijn/inloggen" {
			t.Errorf("ended contact: status %d to %q, want 303 to /mijn/inloggen", res.StatusCode, res.Header.Get("Location"))
		}
	})

	t.Run("rate-limited per address and per client", func(t *testing.T) {
		apptest.Exec(t, env, `DELETE FROM member_link_requests`)
		c := env.Anonymous(t)
		for i := range 3 {
			if _, res := requestLink(t, env, c, "veel@example.org"); res.StatusCode != http.StatusOK {
				t.Fatalf("request %d: status %d", i+1, res.StatusCode)
			}
		}
		_, res := requestLink(t, env, c, "veel@example.org")
		apptest.WantStatus(t, res, http.StatusTooManyRequests)
		if !strings.Contains(res.Body, "te vaak") {
			t.Error("no Dutch message when throttled")
		}
		for i := range 17 {
			requestLink(t, env, c, "ander"+apptest.ID(int64(i))+"@example.org")
		}
		_, res = requestLink(t, env, c, "nogeen@example.org")
		apptest.WantStatus(t, res, http.StatusTooManyRequests)
	})

	t.Run("bad input", func(t *testing.T) {
		c := env.Anonymous(t)
		for _, bad := range []string{"", "geen-adres", strings.Repeat("a", 300) + "@example.org", "a@b.nl\r\nBcc: x@y.nl"} {
			res := c.PostForm("/mijn/inloggen", url.Values{"email": {bad}})
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		}
	})
}

// TestMemberNeverReachesAStaffPage requests every staff route of the
// router with a member's session: each is refused (403) or not found.
// Public pages and the steps of the staff sign-in (which send anyone
// without a password step back to /inloggen) are not staff pages.
func TestMemberNeverReachesAStaffPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := signInMember(t, env, newMember(t, env, "nieuwsgierig@example.org"))
	params := routeParams(t, env, "")
	target := url.Values{"werkgever": {params["employer"]}, "netwerk": {params["network"]}}
	n := 0
	for _, route := range routes(t) {
		a := authzTable[route]
		method, pattern, _ := strings.Cut(route, " ")
		if a == public || a == unknownToken || a == memberSignIn || a == codeStep || strings.HasPrefix(pattern, "/mijn/") || route == "POST /uitloggen" {
			continue
		}
		path := fillParams(t, route, pattern, params) + "?" + target.Encode()
		var res *apptest.Response
		if method == http.MethodGet {
			res = c.Get(path)
		} else {
			res = c.PostForm(path, target)
		}
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("member: %s %s = %d, want 403 or 404", method, path, res.StatusCode)
		}
		n++
	}
	if n < 50 {
		t.Errorf("only %d staff routes checked", n)
	}
	apptest.WantStatus(t, c.Get("/mijn/"), http.StatusOK) // still signed in as a member
}
