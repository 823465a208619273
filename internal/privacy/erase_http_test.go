package privacy_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/db/dbtest"
)

func token() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// The person of these tests, before and after a change of address.
const (
	name     = "Gerrit-Jan Privacytest"
	oldEmail = "gj.oud@privacytest.example"
	newEmail = "gj@privacytest.example"
	phone    = "06-98765432"
	jobTitle = "Adviseur Inclusief Werkgeverschap"
)

// subject is a contact of the first demo network known to every part of the
// portal: created and changed through the pages (so the audit trail holds
// its values), invited to an event (mail with an .ics), member and lead of
// subgroups, present at a past event, met at a visit, referred, named in an
// intake and in free text, and copied on a mail.
type subject struct {
	contact, employer, network int64
	upcoming, past, subgroup   int64
}

func setUp(t *testing.T, env *apptest.Env) subject {
	t.Helper()
	s := subject{}
	s.employer, s.network = env.EmployerOf(t, 1, "lid")
	coord := env.Login(t, apptest.Coordinator)
	base := fmt.Sprintf("/werkgevers/%d/contactpersonen", s.employer)
	res := coord.PostForm(base+"/nieuw", url.Values{"naam": {name}, "email": {oldEmail}, "telefoon": {phone},
		"functie": {"hr"}, "functietitel": {jobTitle}, "niveau": {"tactisch"}, "actief_vanaf": {"2024-01-01"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	s.contact = apptest.Scalar[int64](t, env, `SELECT id FROM contacts WHERE email = $1`, oldEmail)
	version := apptest.Scalar[int](t, env, `SELECT version FROM contacts WHERE id = $1`, s.contact)
	res = coord.PostForm(fmt.Sprintf("%s/%d/bewerken", base, s.contact), url.Values{"naam": {name}, "email": {newEmail},
		"telefoon": {phone}, "functie": {"hr"}, "functietitel": {jobTitle}, "niveau": {"tactisch"},
		"actief_vanaf": {"2024-01-01"}, "versie": {fmt.Sprint(version)}})
	apptest.WantStatus(t, res, http.StatusSeeOther)

	s.subgroup = apptest.Scalar[int64](t, env, `SELECT id FROM subgroups WHERE network_id = $1 AND ended_on IS NULL ORDER BY id LIMIT 1`, s.network)
	res = coord.PostForm(fmt.Sprintf("/subgroepen/%d/leden/toevoegen", s.subgroup), url.Values{
		"contactpersonen": {fmt.Sprint(s.contact)}, "lid_vanaf": {time.Now().Format("2006-01-02")}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	apptest.Exec(t, env, `UPDATE subgroups SET lead_contact_id = $1, description = description || ' Trekker: ' || $2
		WHERE id = (SELECT id FROM subgroups WHERE network_id = $3 AND id <> $4 ORDER BY id LIMIT 1)`,
		s.contact, name, s.network, s.subgroup)

	s.upcoming = apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 AND status = 'gepland'
		AND starts_at > now() + interval '2 days' ORDER BY starts_at LIMIT 1`, s.network)
	res = coord.PostForm(fmt.Sprintf("/bijeenkomsten/%d/uitnodigen", s.upcoming), url.Values{"contact": {fmt.Sprint(s.contact)}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	apptest.Exec(t, env, `UPDATE events SET description = description || ' Spreker: ' || $2 || ' (' || $3 || ').' WHERE id = $1`,
		s.upcoming, name, phone)
	s.past = apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 AND ends_at < now()
		AND status = 'gepland' ORDER BY starts_at DESC LIMIT 1`, s.network)
	apptest.Exec(t, env, `INSERT INTO event_invitations (event_id, contact_id, status, checked_in_at, walk_in)
		VALUES ($1, $2, 'aanwezig', now(), true)`, s.past, s.contact)

	visit := apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on, others, notes, agreements)
		VALUES ($1, 'bezoek', current_date - 10, $2, 'Gesproken met ' || $2 || ', bereikbaar op ' || $3, 'Mail naar ' || $4)
		RETURNING id`, s.employer, name, phone, newEmail)
	apptest.Exec(t, env, `INSERT INTO visit_contacts (visit_id, contact_id) VALUES ($1, $2)`, visit, s.contact)
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name) VALUES ((SELECT min(id) FROM regions), 'wsp', 'WSP Privacytest')
		RETURNING id`)
	apptest.Exec(t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, contact_id, question, referred_on, outcome)
		VALUES ($1, $2, $3, $4, 'Vraag van ' || $5 || ' (' || $6 || ')', current_date, 'Teruggebeld op ' || $7)`,
		s.employer, s.network, partner, s.contact, name, oldEmail, phone)
	apptest.Exec(t, env, `INSERT INTO follow_ups (employer_id, visit_id, description, owner_id, due_on)
		VALUES ($1, $2, 'Terugbellen: ' || $3, (SELECT id FROM users WHERE email = $4), current_date + 7)`,
		s.employer, visit, name, apptest.Coordinator)
	answers, _ := json.Marshal(map[string]map[string][]string{
		"3": {"aanbod_toelichting": {"Onze " + jobTitle + " " + name + " geeft graag een workshop."}},
		"5": {"deelnemer_naam": {"Piet Bos", name}, "deelnemer_functie": {"directie", "hr"},
			"deelnemer_niveau": {"strategisch", "tactisch"},
			"collega_naam":     {"Sanne de Wit", "G.J. P."}, "collega_email": {"sanne@privacytest.example", oldEmail},
			"collega_functie": {"leidinggevende", "hr"}},
	})
	drafts, _ := json.Marshal(map[string]map[string][]string{"6": {"toelichting": {"Bel " + phone}}})
	apptest.Exec(t, env, `INSERT INTO intakes (employer_id, year, status, contact_id, token_hash, expires_at, answers, drafts, question)
		VALUES ($1, 2019, 'ingediend', $2, $3, now() + interval '30 days', $4, $5, 'Klopt het nummer van ' || $6 || '?')`,
		s.employer, s.contact, token(), answers, drafts, name)
	apptest.Exec(t, env, `INSERT INTO placement_links (employer_id, contact_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
		s.employer, s.contact, token())
	apptest.Exec(t, env, `INSERT INTO mail_outbox (kind, network_id, employer_id, to_addr, to_name, cc_addr, cc_name, subject, body_text, message_id, status, sent_at)
		VALUES ('test', $1, $2, 'coordinator@example.org', 'Coördinator', $3, $4, 'Over ' || $4, 'Beste, ' || $4 || ' belt je: ' || $5,
		'<privacytest-1@example.org>', 'verzonden', now())`, s.network, s.employer, oldEmail, name, phone)
	apptest.Exec(t, env, `INSERT INTO mail_outbox (kind, network_id, employer_id, to_addr, to_name, subject, body_text, message_id)
		VALUES ('test', $1, $2, 'coordinator@example.org', 'Coördinator', 'Notitie', 'Zie ' || $3 || ' (' || $4 || ')',
		'<privacytest-2@example.org>')`, s.network, s.employer, name, newEmail)
	// An introduction between two members: the person is the second To.
	apptest.Exec(t, env, `INSERT INTO mail_outbox (kind, network_id, to_addr, to_name, extra_to, subject, body_text, body_html, message_id, status, sent_at)
		VALUES ('test', $1, 'ander@example.org', 'Ander', jsonb_build_array(jsonb_build_object('Name', $2::text, 'Email', $3::text)),
		'Kennismaking', 'Dag ' || $2, '<p>Dag ' || $2 || '</p>', '<privacytest-3@example.org>', 'verzonden', now())`, s.network, name, oldEmail)
	return s
}

// counts are the figures an erasure must leave alone.
func counts(t *testing.T, env *apptest.Env, s subject) map[string]int {
	t.Helper()
	out := map[string]int{}
	for key, sql := range map[string]string{
		"uitnodigingen komend":  `SELECT count(*) FROM event_invitations WHERE event_id = $1`,
		"aanwezig voorbij":      `SELECT count(*) FROM event_invitations WHERE event_id = $2 AND status = 'aanwezig'`,
		"subgroepleden":         `SELECT count(*) FROM subgroup_members WHERE subgroup_id = $3 AND left_on IS NULL`,
		"actieve contacten":     `SELECT count(*) FROM contacts WHERE employer_id = $4 AND (active_until IS NULL OR active_until > current_date)`,
		"contacten met functie": `SELECT count(*) FROM contacts WHERE employer_id = $4 AND function = 'hr'`,
		"bezoekcontacten":       `SELECT count(*) FROM visit_contacts vc JOIN visits v ON v.id = vc.visit_id WHERE v.employer_id = $4`,
		"doorverwijzingen":      `SELECT count(*) FROM referrals WHERE contact_id IS NOT NULL AND employer_id = $4`,
		"mails":                 `SELECT count(*) FROM mail_outbox WHERE employer_id = $4 OR network_id = $5`,
	} {
		out[key] = apptest.Scalar[int](t, env, `SELECT (`+sql+`)::int + 0 * ($1::bigint + $2::bigint + $3::bigint + $4::bigint + $5::bigint)`,
			s.upcoming, s.past, s.subgroup, s.employer, s.network)
	}
	return out
}

// hits lists table.column of every text, JSON and array column of every
// table that holds v anywhere (case-insensitively), also JSON-escaped.
func hits(t testing.TB, pool *pgxpool.Pool, v string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, c := range dbtest.TextColumns(t, pool) {
		var n int
		// As typed, and as it stands inside a JSON document (a quote as \").
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text ILIKE '%%' || $1 || '%%'
			OR %q::text ILIKE '%%' || $2 || '%%'`, c.Table, c.Name, c.Name)
		escaped, _ := json.Marshal(v)
		if err := pool.QueryRow(ctx, q, v, strings.Trim(string(escaped), `"`)).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s.%s (%d)", c.Table, c.Name, n))
		}
	}
	return out
}

func TestErasureLeavesNoPersonalValue(t *testing.T) {
	env := apptest.New(t)
	s := setUp(t, env)
	values := []string{name, oldEmail, newEmail, phone, jobTitle}
	// Before: the values are spread over the database (the test's own check).
	for _, v := range []string{name, oldEmail, newEmail, phone} {
		where := hits(t, env.Pool, v)
		if len(where) < 3 {
			t.Fatalf("%q only in %v before the erasure: the set-up is too thin", v, where)
		}
	}
	if where := hits(t, env.Pool, name); !slices.ContainsFunc(where, func(s string) bool { return strings.HasPrefix(s, "audit_log.changes") }) {
		t.Fatalf("the audit trail does not hold the name before the erasure: %v", where)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_attachments a JOIN mail_outbox m ON m.id = a.mail_id WHERE m.to_addr = $1`, newEmail); n == 0 {
		t.Fatal("the invitation has no .ics attachment")
	}
	before := counts(t, env, s)

	admin := env.Login(t, apptest.Beheerder)
	path := fmt.Sprintf("/privacy/contactpersonen/%d", s.contact)
	res := admin.Get(path + "/wissen")
	apptest.WantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.Body, name) || !strings.Contains(res.Body, "Definitief wissen") {
		t.Fatalf("confirmation page:\n%.3000s", res.Body)
	}
	// A post without the confirmation goes back to it.
	res = admin.PostForm(path+"/wissen", url.Values{})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if apptest.Scalar[bool](t, env, `SELECT erased_at IS NOT NULL FROM contacts WHERE id = $1`, s.contact) {
		t.Fatal("erased without confirmation")
	}
	start := time.Now()
	res = admin.PostForm(path+"/wissen", url.Values{"bevestig": {"ja"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	t.Logf("erasure took %s", time.Since(start).Round(time.Millisecond))
	if loc := res.Header.Get("Location"); loc != path {
		t.Errorf("after erasure to %q, want %q", loc, path)
	}

	for _, v := range values {
		if where := hits(t, env.Pool, v); len(where) > 0 {
			t.Errorf("%q is still in %v", v, where)
		}
	}
	if after := counts(t, env, s); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("counts changed:\nbefore %v\nafter  %v", before, after)
	}

	// The row stays, with function, level and dates.
	var cname, email, fn, level string
	var from time.Time
	var until *time.Time
	if err := env.Pool.QueryRow(context.Background(), `SELECT name, email, function, level, active_from, active_until
		FROM contacts WHERE id = $1`, s.contact).Scan(&cname, &email, &fn, &level, &from, &until); err != nil {
		t.Fatal(err)
	}
	if cname != "Verwijderde contactpersoon" || email != "" || fn != "hr" || level != "tactisch" ||
		from.Format("2006-01-02") != "2024-01-01" || until != nil {
		t.Errorf("contact row after erasure: %q %q %q %q %v %v", cname, email, fn, level, from, until)
	}
	// One audit entry says it happened, and holds no value.
	type entry struct {
		Actor, Changes string
		Employer       int64
	}
	var entries []entry
	rows, _ := env.Pool.Query(context.Background(), `SELECT actor, changes::text, employer_id FROM audit_log
		WHERE entity = 'contact' AND entity_id = $1 AND action = 'gewist'`, s.contact)
	for rows.Next() {
		var e entry
		rows.Scan(&e.Actor, &e.Changes, &e.Employer)
		entries = append(entries, e)
	}
	rows.Close()
	if len(entries) != 1 || entries[0].Changes != "{}" || entries[0].Employer != s.employer || entries[0].Actor == "" {
		t.Errorf("erasure entries %+v, want one without changes", entries)
	}
	// The mail to them is anonymised; the mail still waiting is not sent.
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE (to_addr = 'verwijderd@invalid' OR cc_addr = 'verwijderd@invalid')
		AND body_text = '[verwijderd]'`); n != 2 {
		t.Errorf("%d anonymised mails, want 2 (the invitation and the copy)", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE message_id = '<privacytest-3@example.org>'
		AND extra_to = '[{"Name": "", "Email": "verwijderd@invalid"}]' AND body_text = '[verwijderd]' AND body_html = ''`); n != 1 {
		t.Error("the introduction still names the erased person")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE to_addr = 'verwijderd@invalid' AND status = 'wachtend'`); n != 0 {
		t.Errorf("%d mails to the erased person still waiting", n)
	}
	// The intake keeps the participant row (the function mix) without the name.
	var answers string
	env.Pool.QueryRow(context.Background(), `SELECT answers::text FROM intakes WHERE employer_id = $1 AND year = 2019`, s.employer).Scan(&answers)
	if !strings.Contains(answers, `"deelnemer_naam": ["Piet Bos", "Verwijderde contactpersoon"]`) ||
		!strings.Contains(answers, `"collega_naam": ["Sanne de Wit"]`) {
		t.Errorf("intake answers after erasure: %s", answers)
	}

	// The page and the JSON now show what is left.
	res = admin.Get(path)
	apptest.WantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.Body, "Gewist op") {
		t.Errorf("page after erasure:\n%.2000s", res.Body)
	}
	// A second erasure finds nothing to do.
	res = admin.PostForm(path+"/wissen", url.Values{"bevestig": {"ja"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'contact' AND entity_id = $1 AND action = 'gewist'`, s.contact); n != 1 {
		t.Errorf("%d erasure entries after a second post", n)
	}
}

func TestAccessExportHoldsEverything(t *testing.T) {
	env := apptest.New(t)
	s := setUp(t, env)
	admin := env.Login(t, apptest.Beheerder)
	path := fmt.Sprintf("/privacy/contactpersonen/%d", s.contact)

	res := admin.Get(path + ".json")
	apptest.WantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="contactpersoon-`) ||
		!strings.HasSuffix(cd, `.json"`) {
		t.Errorf("content disposition %q", cd)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("cache control %q", res.Header.Get("Cache-Control"))
	}
	var doc struct {
		Contact struct {
			Name, Email, Telefoon, Functietitel string
		} `json:"contactpersoon"`
		Employer struct {
			ID int64 `json:"id"`
		} `json:"werkgever"`
		Subgroups []struct{ Rol string }      `json:"subgroepen"`
		Events    []struct{ Status string }   `json:"bijeenkomsten"`
		Visits    []struct{ Notities string } `json:"bezoeken"`
		Referrals []struct{ Vraag string }    `json:"doorverwijzingen"`
		Intakes   []struct {
			Jaar        int
			Uitgenodigd bool
			GenoemdAls  []string `json:"genoemd_als"`
		} `json:"intakes"`
		Links []any `json:"rapportagelinks"`
		Mails []struct {
			Aan, Cc string
		} `json:"e_mails"`
		Audit []struct {
			Handeling   string
			Wijzigingen map[string]struct{ Oud, Nieuw string }
		} `json:"wijzigingen"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%.1000s", err, res.Body)
	}
	var raw map[string]map[string]any
	json.Unmarshal([]byte(res.Body), &raw)
	c := raw["contactpersoon"]
	if c["naam"] != name || c["email"] != newEmail || c["telefoon"] != phone || c["functietitel"] != jobTitle {
		t.Errorf("contact %v", c)
	}
	if doc.Employer.ID != s.employer {
		t.Errorf("employer %d, want %d", doc.Employer.ID, s.employer)
	}
	if len(doc.Subgroups) != 2 || len(doc.Events) != 2 || len(doc.Visits) != 1 || len(doc.Referrals) != 1 || len(doc.Links) != 1 {
		t.Errorf("subgroups %d, events %d, visits %d, referrals %d, links %d; want 2, 2, 1, 1, 1",
			len(doc.Subgroups), len(doc.Events), len(doc.Visits), len(doc.Referrals), len(doc.Links))
	}
	if len(doc.Intakes) != 1 || !doc.Intakes[0].Uitgenodigd || strings.Join(doc.Intakes[0].GenoemdAls, ",") != "deelnemer,collega" {
		t.Errorf("intakes %+v", doc.Intakes)
	}
	// The invitation (new address), the copy (old address) and the
	// introduction (old address, second To).
	if len(doc.Mails) != 3 || doc.Mails[0].Aan != "ander@example.org, "+oldEmail {
		t.Errorf("mails %+v, want 3, the introduction with both recipients first", doc.Mails)
	}
	changedEmail := false
	for _, a := range doc.Audit {
		if e, ok := a.Wijzigingen["email"]; ok && e.Oud == oldEmail && e.Nieuw == newEmail {
			changedEmail = true
		}
	}
	if !changedEmail || len(doc.Audit) < 2 {
		t.Errorf("audit entries %+v lack the change of address", doc.Audit)
	}

	// The readable page shows the same.
	res = admin.Get(path)
	apptest.WantStatus(t, res, http.StatusOK)
	for _, want := range []string{name, newEmail, phone, jobTitle, "WSP Privacytest", oldEmail} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Search finds them by name and by e-mail, in any network.
	for _, q := range []string{"privacytest", "GJ@PRIVACYTEST"} {
		res = admin.Get("/privacy?q=" + url.QueryEscape(q))
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, path) {
			t.Errorf("search %q does not find the contact", q)
		}
	}
	res = admin.Get("/privacy/contactpersonen/999999999")
	apptest.WantStatus(t, res, http.StatusNotFound)
	res = admin.Get("/privacy/contactpersonen/999999999.json")
	apptest.WantStatus(t, res, http.StatusNotFound)
}

func TestOnlyTheBeheerder(t *testing.T) {
	env := apptest.New(t)
	id := apptest.Scalar[int64](t, env, `SELECT min(id) FROM contacts`)
	routes := []struct{ method, path string }{
		{"GET", "/privacy"},
		{"GET", "/privacy?q=jansen"},
		{"POST", "/privacy/wissen"},
		{"POST", "/privacy/wissen/bevestigen"},
		{"GET", fmt.Sprintf("/privacy/contactpersonen/%d", id)},
		{"GET", fmt.Sprintf("/privacy/contactpersonen/%d.json", id)},
		{"GET", fmt.Sprintf("/privacy/contactpersonen/%d/wissen", id)},
		{"POST", fmt.Sprintf("/privacy/contactpersonen/%d/wissen", id)},
	}
	form := url.Values{"bevestig": {"ja"}, "contact": {fmt.Sprint(id)}}
	for _, who := range []string{apptest.Coordinator, apptest.Coordinator2, apptest.Bestuur} {
		c := env.Login(t, who)
		for _, r := range routes {
			var res *apptest.Response
			if r.method == "GET" {
				res = c.Get(r.path)
			} else {
				res = c.PostForm(r.path, form)
			}
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s %s: status %d, want 403", who, r.method, r.path, res.StatusCode)
			}
		}
		// No navigation item either.
		if res := c.Get("/werkgevers"); strings.Contains(res.Body, `href="/privacy"`) {
			t.Errorf("%s sees the privacy menu item", who)
		}
	}
	anon := env.Anonymous(t)
	for _, r := range routes {
		var res *apptest.Response
		if r.method == "GET" {
			res = anon.Get(r.path)
		} else {
			res = anon.PostForm(r.path, form)
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
			t.Errorf("anonymous %s %s: status %d to %q", r.method, r.path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if apptest.Scalar[bool](t, env, `SELECT erased_at IS NOT NULL FROM contacts WHERE id = $1`, id) {
		t.Error("a non-beheerder erased a contact")
	}
	admin := env.Login(t, apptest.Beheerder)
	if res := admin.Get("/werkgevers"); !strings.Contains(res.Body, `href="/privacy"`) {
		t.Error("the beheerder has no privacy menu item")
	}
}

func TestBulkErasureFromTheRetentionList(t *testing.T) {
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	old := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, phone, function, level, active_from, active_until)
		VALUES ($1, 'Lang Geleden Vertrokken', 'lang.weg@privacytest.example', '0201234567', 'mvo', 'operationeel',
		current_date - 4000, current_date - 3000) RETURNING id`, employer)
	recent := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level, active_from, active_until)
		VALUES ($1, 'Net Vertrokken Privacytest', 'mvo', 'operationeel', current_date - 400, current_date - 30) RETURNING id`, employer)
	gone := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, kvk_number, status, status_changed_on, address)
		VALUES ($1, 'Vertrokken Werkgever Privacytest', '87654321', 'uitgeschreven', current_date - 1500, 'Kerkstraat 99') RETURNING id`, network)
	goneContact := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level)
		VALUES ($1, 'Contact Van Vertrokken Privacytest', 'vertrokken@privacytest.example', 'directie', 'strategisch') RETURNING id`, gone)
	apptest.Exec(t, env, `INSERT INTO audit_log (actor, entity, entity_id, employer_id, action, changes)
		VALUES ('Test', 'employer', $1, $1, 'aangemaakt', '{"naam": {"old": "", "new": "Vertrokken Werkgever Privacytest"}, "kvk": {"old": "", "new": "87654321"}}')`, gone)

	admin := env.Login(t, apptest.Beheerder)
	res := admin.Get("/privacy")
	apptest.WantStatus(t, res, http.StatusOK)
	doc := res.Doc(t)
	for _, id := range []string{fmt.Sprint(old), fmt.Sprint(gone)} {
		if doc.Find(`input[type=checkbox][value="`+id+`"]`).Length() != 1 {
			t.Errorf("retention list lacks %s", id)
		}
	}
	if doc.Find(`input[name=contact][value="`+fmt.Sprint(recent)+`"]`).Length() != 0 ||
		doc.Find(`input[name=contact][value="`+fmt.Sprint(goneContact)+`"]`).Length() != 0 {
		t.Error("retention list shows a contact that is not due on its own")
	}

	// Nothing chosen: the list again, with a message.
	res = admin.PostForm("/privacy/wissen", url.Values{})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)

	res = admin.PostForm("/privacy/wissen", url.Values{"contact": {fmt.Sprint(old)}, "werkgever": {fmt.Sprint(gone)}})
	apptest.WantStatus(t, res, http.StatusOK)
	confirm := apptest.FormValues(res.Doc(t), `form[action="/privacy/wissen/bevestigen"]`)
	if confirm.Get("bevestig") != "ja" || confirm.Get("contact") != fmt.Sprint(old) || confirm.Get("werkgever") != fmt.Sprint(gone) {
		t.Fatalf("confirmation form %v", confirm)
	}
	if apptest.Scalar[bool](t, env, `SELECT erased_at IS NOT NULL FROM contacts WHERE id = $1`, old) {
		t.Fatal("erased before the confirmation")
	}
	res = admin.PostForm("/privacy/wissen/bevestigen", confirm)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	for _, v := range []string{"Lang Geleden Vertrokken", "lang.weg@privacytest.example", "0201234567",
		"Vertrokken Werkgever Privacytest", "87654321", "Kerkstraat 99", "Contact Van Vertrokken Privacytest", "vertrokken@privacytest.example"} {
		if where := hits(t, env.Pool, v); len(where) > 0 {
			t.Errorf("%q is still in %v", v, where)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE action = 'gewist' AND changes = '{}'
		AND ((entity = 'contact' AND entity_id IN ($1, $2)) OR (entity = 'employer' AND entity_id = $3))`, old, goneContact, gone); n != 3 {
		t.Errorf("%d erasure entries, want 3", n)
	}
	if apptest.Scalar[bool](t, env, `SELECT erased_at IS NOT NULL FROM contacts WHERE id = $1`, recent) {
		t.Error("a contact not yet due was erased")
	}
	res = admin.Get("/privacy")
	doc = res.Doc(t)
	if doc.Find(`input[value="`+fmt.Sprint(old)+`"]`).Length() != 0 || doc.Find(`input[name=werkgever][value="`+fmt.Sprint(gone)+`"]`).Length() != 0 {
		t.Error("erased rows still listed")
	}
}
