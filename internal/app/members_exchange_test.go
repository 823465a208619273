package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/web"
)

// memberAt makes a contact with its own address at the n-th (0-based)
// member employer of the network at position network.
func memberAt(t *testing.T, env *apptest.Env, network, n int, name, email string) member {
	t.Helper()
	var m member
	err := env.Pool.QueryRow(t.Context(), `SELECT e.id, e.network_id FROM employers e
		WHERE e.network_id = (SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1) AND e.status = 'lid'
		ORDER BY e.id OFFSET $2 LIMIT 1`, network-1, n).Scan(&m.employerID, &m.networkID)
	if err != nil {
		t.Fatalf("member employer %d of network %d: %v", n, network, err)
	}
	m.email = email
	m.contactID = apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level)
		VALUES ($1, $2, $3, 'hr', 'tactisch') RETURNING id`, m.employerID, name, email)
	return m
}

func optIn(t *testing.T, c *apptest.Client, on bool) {
	t.Helper()
	choice := "nee"
	if on {
		choice = "ja"
	}
	apptest.WantStatus(t, c.PostForm("/mijn/vraag-en-aanbod/toestemming", url.Values{"toestemming": {choice}}), http.StatusSeeOther)
}

func introductions(t *testing.T, env *apptest.Env, from member) int {
	t.Helper()
	return apptest.Scalar[int](t, env, `SELECT count(*) FROM member_introductions WHERE requester_contact_id = $1`, from.contactID)
}

func TestMemberExchangeConsentAndIntroduction(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	asker := memberAt(t, env, 1, 0, "Anna Vrager", "anna.vrager@example.org")
	helper := memberAt(t, env, 1, 1, "Bram Helper", "bram.helper@example.org")
	silent := memberAt(t, env, 1, 2, "Stil Lid", "stil.lid@example.org")
	colleague := memberAt(t, env, 1, 0, "Collega Zelfde", "collega.zelfde@example.org")
	foreign := memberAt(t, env, 2, 0, "Ander Netwerk", "ander.netwerk@example.org")
	jobcarving := apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = 'uitdaging' AND name LIKE '%jobcarving%'`)
	// The helper's organisation offers knowledge of jobcarving, the silent one struggles with it.
	apptest.Exec(t, env, `DELETE FROM employer_tags WHERE employer_id = $1`, helper.employerID)
	apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) SELECT $1, id FROM tags WHERE helps_with_tag_id = $2`, helper.employerID, jobcarving)
	apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, silent.employerID, jobcarving)
	helperOrg := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, helper.employerID)

	c := signInMember(t, env, asker)
	// Without consent the member sees nobody and cannot ask.
	page := c.Get("/mijn/vraag-en-aanbod")
	apptest.WantStatus(t, page, http.StatusOK)
	if strings.Contains(page.Body, "Bram Helper") || !strings.Contains(page.Body, "Ja, ik doe mee") {
		t.Fatal("before consent: others listed, or no way to opt in")
	}
	for _, other := range []member{helper, silent, colleague, foreign} {
		optInAs(t, env, other)
	}
	apptest.Exec(t, env, `DELETE FROM member_exchange_consents WHERE contact_id = $1`, silent.contactID) // never opted in
	res := c.PostForm("/mijn/vraag-en-aanbod/"+apptest.ID(helper.contactID), url.Values{"bericht": {"Hallo"}})
	if res.StatusCode != http.StatusSeeOther || introductions(t, env, asker) != 0 {
		t.Fatalf("an introduction without consent: status %d, %d rows", res.StatusCode, introductions(t, env, asker))
	}

	optIn(t, c, true)
	given := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_exchange_consents WHERE contact_id = $1 AND revoked_at IS NULL AND given_at IS NOT NULL`, asker.contactID)
	audited := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'member_exchange_consent' AND entity_id = $1 AND action = 'toestemming gegeven'`, asker.contactID)
	if given != 1 || audited != 1 {
		t.Errorf("consent: %d open rows and %d audit entries, want 1 and 1", given, audited)
	}
	page = c.Get("/mijn/vraag-en-aanbod")
	if !strings.Contains(page.Body, "Bram Helper") || !strings.Contains(page.Body, helperOrg) {
		t.Error("an opted-in member of the network is not listed")
	}
	for _, hidden := range []string{"Stil Lid", "Ander Netwerk", "Collega Zelfde", "Anna Vrager"} {
		if strings.Contains(apptest.Text(page.Doc(t).Find("#leden ~ ul")), hidden) {
			t.Errorf("%s is listed: not opted in, another network, or one's own organisation", hidden)
		}
	}
	filtered := c.Get("/mijn/vraag-en-aanbod?uitdaging=" + apptest.ID(jobcarving))
	if !strings.Contains(filtered.Body, "Bram Helper") || !strings.Contains(filtered.Body, "Biedt hulp bij deze uitdaging") {
		t.Error("the filter on jobcarving does not show who offers help with it")
	}
	// Nobody outside the list is reachable by id.
	for _, other := range []member{silent, foreign, colleague} {
		apptest.WantStatus(t, c.Get("/mijn/vraag-en-aanbod/"+apptest.ID(other.contactID)), http.StatusNotFound)
		apptest.WantStatus(t, c.PostForm("/mijn/vraag-en-aanbod/"+apptest.ID(other.contactID), url.Values{"bericht": {"Hallo"}}), http.StatusNotFound)
	}
	if n := introductions(t, env, asker); n != 0 {
		t.Fatalf("%d introductions to people outside the list", n)
	}

	// Hostile and empty input: 422, kept, nothing sent.
	intro := "/mijn/vraag-en-aanbod/" + apptest.ID(helper.contactID)
	res = c.PostForm(intro, url.Values{"bericht": {strings.Repeat("x", 1001)}, "onderwerp": {"999999"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Maak dit korter") || !strings.Contains(res.Body, "Kies een onderwerp uit de lijst") {
		t.Error("422 lacks the messages")
	}
	apptest.WantStatus(t, c.PostForm(intro, url.Values{"bericht": {"  "}}), http.StatusUnprocessableEntity)

	// The introduction: one mail, to both contacts, the coordinator in copy.
	apptest.WantStatus(t, c.PostForm(intro, url.Values{"bericht": {"Wij zoeken hulp bij jobcarving."}, "onderwerp": {apptest.ID(jobcarving)}}), http.StatusSeeOther)
	coordinator := apptest.Scalar[string](t, env, `SELECT u.email FROM users u JOIN user_networks un ON un.user_id = u.id
		WHERE un.network_id = $1 AND u.role = 'coordinator' AND u.active ORDER BY u.id LIMIT 1`, asker.networkID)
	var got []string
	for _, msg := range env.DeliverMail(t) {
		if strings.Contains(msg.Text, "Wij zoeken hulp bij jobcarving.") {
			got = append(got, msg.Header.Get("To")+" | "+msg.Header.Get("Cc"))
			rcpt := slices.Clone(msg.To)
			slices.Sort(rcpt)
			want := []string{asker.email, helper.email, coordinator}
			slices.Sort(want)
			if !slices.Equal(rcpt, want) {
				t.Errorf("envelope recipients %v, want %v", rcpt, want)
			}
			if !strings.Contains(msg.Header.Get("Cc"), coordinator) || strings.Contains(msg.Header.Get("To"), coordinator) {
				t.Errorf("the coordinator is not (only) in copy: To %q, Cc %q", msg.Header.Get("To"), msg.Header.Get("Cc"))
			}
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d introduction mails, want 1: %v", len(got), got)
	}
	// The same two again, the same day: refused, no second mail.
	apptest.WantStatus(t, c.PostForm(intro, url.Values{"bericht": {"Nog een keer."}}), http.StatusTooManyRequests)
	if n := introductions(t, env, asker); n != 1 {
		t.Errorf("%d introductions after a repeat, want 1", n)
	}

	// The coordinator sees the introduction on both profiles.
	coord := env.Login(t, apptest.Coordinator)
	for _, employer := range []int64{asker.employerID, helper.employerID} {
		body := coord.Get("/werkgevers/" + apptest.ID(employer) + "/").Body
		if !strings.Contains(body, "Kennismaking via Vraag en aanbod") || !strings.Contains(body, "Bram Helper") {
			t.Errorf("profile %d does not show the introduction", employer)
		}
	}

	// The daily limit: three a day.
	apptest.Exec(t, env, `INSERT INTO member_introductions (network_id, requester_contact_id, requester_employer_id, target_employer_id)
		VALUES ($1, $2, $3, $3), ($1, $2, $3, $3)`, asker.networkID, asker.contactID, asker.employerID)
	other := memberAt(t, env, 1, 3, "Derde Lid", "derde.lid@example.org")
	optInAs(t, env, other)
	apptest.WantStatus(t, c.PostForm("/mijn/vraag-en-aanbod/"+apptest.ID(other.contactID), url.Values{"bericht": {"Hallo"}}), http.StatusTooManyRequests)

	// A member receives at most five requests a day, from whoever.
	apptest.Exec(t, env, `INSERT INTO member_introductions (network_id, requester_employer_id, target_contact_id, target_employer_id)
		SELECT $1, $2, $3, $2 FROM generate_series(1, 5)`, asker.networkID, other.employerID, helper.contactID)
	late := memberAt(t, env, 1, 4, "Late Vrager", "late.vrager@example.org")
	optInAs(t, env, late)
	res = signInMember(t, env, late).PostForm(intro, url.Values{"bericht": {"Hallo"}})
	apptest.WantStatus(t, res, http.StatusTooManyRequests)
	if !strings.Contains(res.Body, "kreeg vandaag al veel verzoeken") {
		t.Error("the busy member's limit is not explained")
	}

	// Withdrawing consent hides the helper at once.
	h := signInMember(t, env, helper)
	optIn(t, h, false)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_exchange_consents WHERE contact_id = $1 AND revoked_at IS NOT NULL`, helper.contactID); n != 1 {
		t.Errorf("%d withdrawn consents kept with their time, want 1", n)
	}
	if strings.Contains(apptest.Text(c.Get("/mijn/vraag-en-aanbod").Doc(t).Find("#leden ~ ul")), "Bram Helper") {
		t.Error("a member who withdrew consent is still listed")
	}
	apptest.WantStatus(t, c.Get(intro), http.StatusNotFound)
}

// optInAs records a member's consent as their own click would.
func optInAs(t *testing.T, env *apptest.Env, m member) {
	t.Helper()
	apptest.Exec(t, env, `INSERT INTO member_exchange_consents (contact_id) VALUES ($1) ON CONFLICT DO NOTHING`, m.contactID)
}

func TestMemberCorrectionWaitsForReview(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := memberAt(t, env, 1, 0, "Rita Controle", "rita.controle@example.org")
	coord := env.Login(t, apptest.Coordinator)
	settings := coord.Get("/ledenpagina/controle")
	apptest.WantStatus(t, settings, http.StatusOK)
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).Get("/ledenpagina/controle"), http.StatusForbidden)
	net := apptest.ID(m.networkID)
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).PostForm("/ledenpagina/controle", url.Values{"netwerk": {net}, "velden": {"naam"}}), http.StatusNotFound)
	apptest.WantStatus(t, coord.PostForm("/ledenpagina/controle", url.Values{"netwerk": {net}, "velden": {"hack"}}), http.StatusBadRequest)
	apptest.WantStatus(t, coord.PostForm("/ledenpagina/controle", url.Values{"netwerk": {net}, "velden": {"medewerkers", "naam"}}), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT array_to_string(member_review_fields, ',') FROM networks WHERE id = $1`, m.networkID); got != "medewerkers,naam" {
		t.Fatalf("review fields %q", got)
	}
	name := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, m.employerID)
	before := apptest.Scalar[*int](t, env, `SELECT employee_count FROM employers WHERE id = $1`, m.employerID)

	c := signInMember(t, env, m)
	form := apptest.FormValues(c.Get("/mijn/organisatie").Doc(t), "form[action='/mijn/organisatie']")
	form.Set("medewerkers", "4321")
	form.Set("naam", "Nieuwe Naam BV")
	form.Set("website", "https://www.direct.nl")
	apptest.WantStatus(t, c.PostForm("/mijn/organisatie", form), http.StatusSeeOther)
	// The website (not under review) applies; size and name wait.
	if got := apptest.Scalar[string](t, env, `SELECT website FROM employers WHERE id = $1`, m.employerID); got != "https://www.direct.nl" {
		t.Errorf("website %q: a field not under review should apply directly", got)
	}
	if got := apptest.Scalar[*int](t, env, `SELECT employee_count FROM employers WHERE id = $1`, m.employerID); (got == nil) != (before == nil) || (got != nil && *got == 4321) {
		t.Error("the size under review was applied without approval")
	}
	if got := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, m.employerID); got != name {
		t.Errorf("name under review changed to %q", got)
	}
	overview := c.Get("/mijn/")
	if !strings.Contains(overview.Body, "wacht op controle") || !strings.Contains(overview.Body, "4321") || !strings.Contains(overview.Body, "Nieuwe Naam BV") {
		t.Error("the member does not see the waiting changes")
	}
	size := apptest.Scalar[int64](t, env, `SELECT id FROM profile_change_requests WHERE employer_id = $1 AND field = 'medewerkers' AND status = 'wacht'`, m.employerID)
	naming := apptest.Scalar[int64](t, env, `SELECT id FROM profile_change_requests WHERE employer_id = $1 AND field = 'naam' AND status = 'wacht'`, m.employerID)

	tasks := coord.Get("/taken")
	if !strings.Contains(tasks.Body, "Wijzigingen ter controle") || !strings.Contains(tasks.Body, "4321") {
		t.Error("/taken does not list the waiting change")
	}
	if strings.Contains(env.Login(t, apptest.Coordinator2).Get("/taken").Body, "4321") {
		t.Error("another network's coordinator sees the change")
	}
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).PostForm("/wijzigingen/"+apptest.ID(size)+"/goedkeuren", nil), http.StatusNotFound)
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).PostForm("/wijzigingen/"+apptest.ID(size)+"/goedkeuren", nil), http.StatusForbidden)
	apptest.WantStatus(t, c.PostForm("/wijzigingen/"+apptest.ID(size)+"/goedkeuren", nil), http.StatusForbidden)

	apptest.WantStatus(t, coord.PostForm("/wijzigingen/"+apptest.ID(size)+"/goedkeuren", nil), http.StatusSeeOther)
	apptest.WantStatus(t, coord.PostForm("/wijzigingen/"+apptest.ID(naming)+"/afwijzen", nil), http.StatusSeeOther)
	if got := apptest.Scalar[int](t, env, `SELECT employee_count FROM employers WHERE id = $1`, m.employerID); got != 4321 {
		t.Errorf("after approval the size is %d, want 4321", got)
	}
	if got := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, m.employerID); got != name {
		t.Errorf("a rejected name was applied: %q", got)
	}
	changes := apptest.Scalar[string](t, env, `SELECT changes::text FROM audit_log WHERE entity = 'employer' AND entity_id = $1
		AND source = 'werkgever' AND actor = 'Rita Controle' ORDER BY id DESC LIMIT 1`, m.employerID)
	if !strings.Contains(changes, "4321") {
		t.Errorf("the approved change is not recorded as the employer's: %s", changes)
	}
	// A second click decides nothing more.
	apptest.WantStatus(t, coord.PostForm("/wijzigingen/"+apptest.ID(naming)+"/goedkeuren", nil), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT status FROM profile_change_requests WHERE id = $1`, naming); got != "afgewezen" {
		t.Errorf("status %q after a late second click, want afgewezen", got)
	}
	if strings.Contains(c.Get("/mijn/").Body, "wacht op controle") {
		t.Error("decided changes still shown as waiting")
	}
}

// TestWaitingChangesOnTheirPage: /taken shows the first corrections
// waiting for review with how many there are, and links to the page that
// lists them all, oldest first, each with its decision; another network's
// coordinator sees none of them.
func TestWaitingChangesOnTheirPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	_, network := env.EmployerOf(t, 1, "lid")
	n := web.TaskRows + 3
	want := apptest.Scalar[[]int64](t, env, `WITH r AS (
			INSERT INTO profile_change_requests (employer_id, field, proposed, changes, created_at)
			SELECT id, 'website', '{"Website": "https://www.voorbeeld.nl"}', '{}', now() - (row_number() OVER (ORDER BY id)) * interval '1 minute'
			FROM (SELECT id FROM employers WHERE network_id = $1 ORDER BY id LIMIT $2) e RETURNING id, created_at)
		SELECT array_agg(id ORDER BY created_at, id) FROM r`, network, n)
	if len(want) != n {
		t.Fatalf("%d waiting changes, want %d", len(want), n)
	}
	coord := env.Login(t, apptest.Coordinator)
	section := coord.Get("/taken").Doc(t).Find("section[aria-labelledby=wijzigingen-ter-controle]")
	if got, w := apptest.Text(section.Find(".meer")), fmt.Sprintf("%d van %d · Alle %d bekijken: Wijzigingen ter controle", web.TaskRows, n, n); got != w {
		t.Errorf("/taken: %q, want %q", got, w)
	}
	if section.Find(`.meer a[href="/taken/wijzigingen"]`).Length() != 1 {
		t.Errorf("/taken: no link to all waiting changes")
	}
	var got []int64
	coord.Get("/taken/wijzigingen").Doc(t).Find(`main form[action$="/goedkeuren"]`).Each(func(_ int, f *goquery.Selection) {
		id, _ := strconv.ParseInt(strings.Split(f.AttrOr("action", ""), "/")[2], 10, 64)
		got = append(got, id)
	})
	if !slices.Equal(got, want) {
		t.Errorf("/taken/wijzigingen: %v, want %v", got, want)
	}
	if strings.Contains(env.Login(t, apptest.Coordinator2).Get("/taken/wijzigingen").Body, "/goedkeuren") {
		t.Error("another network's coordinator sees the changes")
	}
}

func TestMemberAgreementsAndOwnData(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := memberAt(t, env, 1, 0, "Piet Plaatsing", "piet.plaatsing@example.org")
	other := memberAt(t, env, 1, 1, "Olga Ander", "olga.ander@example.org")
	pdf := []byte("%PDF-1.4 eigen document")
	kind := apptest.Scalar[int64](t, env, `SELECT id FROM commitment_kinds ORDER BY id LIMIT 1`)
	own := apptest.Scalar[int64](t, env, `INSERT INTO commitments (employer_id, kind_id, status, signed_on, document_name, document, document_size)
		VALUES ($1, $2, 'getekend', current_date, 'eigen.pdf', $3, $4) RETURNING id`, m.employerID, kind, pdf, len(pdf))
	foreign := apptest.Scalar[int64](t, env, `INSERT INTO commitments (employer_id, kind_id, status, signed_on, document_name, document, document_size)
		VALUES ($1, $2, 'getekend', current_date, 'ander.pdf', $3, $4) RETURNING id`, other.employerID, kind, pdf, len(pdf))

	c := signInMember(t, env, m)
	page := c.Get("/mijn/afspraken")
	apptest.WantStatus(t, page, http.StatusOK)
	if !strings.Contains(page.Body, "/mijn/afspraken/"+apptest.ID(own)+"/document") || strings.Contains(page.Body, "/mijn/afspraken/"+apptest.ID(foreign)+"/document") {
		t.Error("the page should link the organisation's own document and no other")
	}
	doc := c.Get("/mijn/afspraken/" + apptest.ID(own) + "/document")
	apptest.WantStatus(t, doc, http.StatusOK)
	if doc.Header.Get("Content-Type") != "application/pdf" || doc.Body != string(pdf) {
		t.Errorf("own document: %q, %d bytes", doc.Header.Get("Content-Type"), len(doc.Body))
	}
	apptest.WantStatus(t, c.Get("/mijn/afspraken/"+apptest.ID(foreign)+"/document"), http.StatusNotFound)

	// Placements: the placement link's checks and storage.
	form := apptest.FormValues(page.Doc(t), "form[action='/mijn/afspraken/plaatsingen']")
	period := form.Get("periode")
	form.Set("mensen", "twee")
	res := c.PostForm("/mijn/afspraken/plaatsingen", form)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Vul het aantal mensen in als een heel getal") || !strings.Contains(res.Body, `value="twee"`) {
		t.Error("the 422 lacks the message or the input")
	}
	form.Set("mensen", "3")
	form.Set("uren", "76,5")
	apptest.WantStatus(t, c.PostForm("/mijn/afspraken/plaatsingen", form), http.StatusSeeOther)
	year, quarter, _ := strings.Cut(period, "-")
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM placement_reports WHERE employer_id = $1 AND year = $2::int AND quarter = $3::int
		AND people = 3 AND weekly_hours = 76.5 AND source = 'werkgever'`, m.employerID, year, quarter); n != 1 {
		t.Errorf("%d placement reports stored, want 1", n)
	}
	if body := c.Get("/mijn/afspraken").Body; !strings.Contains(body, "76,5") || !strings.Contains(body, "3,0") {
		t.Error("the reported quarter is not listed with its hours and jobs")
	}

	// Mijn gegevens: the access export of themselves, nobody else's.
	data := c.Get("/mijn/gegevens")
	apptest.WantStatus(t, data, http.StatusOK)
	if !strings.Contains(data.Body, m.email) || strings.Contains(data.Body, other.email) {
		t.Error("Mijn gegevens shows the wrong person")
	}
	export := c.Get("/mijn/gegevens/inzage.json")
	apptest.WantStatus(t, export, http.StatusOK)
	var sub struct {
		Contact struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		} `json:"contactpersoon"`
		Members map[string]any `json:"ledenpagina"`
	}
	if err := json.Unmarshal([]byte(export.Body), &sub); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if sub.Contact.ID != m.contactID || sub.Contact.Email != m.email || sub.Members == nil {
		t.Errorf("export of contact %d (%s), want %d", sub.Contact.ID, sub.Contact.Email, m.contactID)
	}
	if strings.Contains(export.Body, other.email) {
		t.Error("the export holds another contact's address")
	}

	// Mailings: off and on again, each audit-logged.
	apptest.WantStatus(t, c.PostForm("/mijn/gegevens/mailings", url.Values{"mailings": {"nee"}}), http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM contacts WHERE id = $1 AND mailings_opted_out_at IS NOT NULL`, m.contactID); n != 1 {
		t.Error("opting out of mailings is not stored")
	}
	if !strings.Contains(c.Get("/mijn/gegevens").Body, "Weer mailings ontvangen") {
		t.Error("the page does not show the opt-out")
	}
	apptest.WantStatus(t, c.PostForm("/mijn/gegevens/mailings", url.Values{"mailings": {"ja"}}), http.StatusSeeOther)
	apptest.WantStatus(t, c.PostForm("/mijn/gegevens/mailings", url.Values{"mailings": {"misschien"}}), http.StatusBadRequest)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM contacts WHERE id = $1 AND mailings_opted_out_at IS NULL`, m.contactID); n != 1 {
		t.Error("opting in again is not stored")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'contact' AND entity_id = $1 AND changes ? 'mailings' AND source = 'werkgever'`, m.contactID); n != 2 {
		t.Errorf("%d audit entries for mailings, want 2", n)
	}
}

// TestMemberUnsubscribedCannotSignIn: "unsubscribed from everything" is
// an organisation that left the network (status uitgeschreven): its
// contacts get no link. Opting out of mailings alone is not: that
// contact still signs in, and can switch mailings back on themselves.
func TestMemberUnsubscribedCannotSignIn(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	left := memberAt(t, env, 1, 0, "Vertrokken Lid", "vertrokken@example.org")
	apptest.Exec(t, env, `UPDATE employers SET status = 'uitgeschreven' WHERE id = $1`, left.employerID)
	if token, res := requestLink(t, env, env.Anonymous(t), left.email); token != "" || res.StatusCode != http.StatusOK {
		t.Errorf("a contact of an unsubscribed organisation got a link (status %d)", res.StatusCode)
	}
	quiet := memberAt(t, env, 1, 1, "Geen Mailings", "geen.mailings@example.org")
	apptest.Exec(t, env, `UPDATE contacts SET mailings_opted_out_at = now() WHERE id = $1`, quiet.contactID)
	c := signInMember(t, env, quiet)
	apptest.WantStatus(t, c.Get("/mijn/gegevens"), http.StatusOK)
}
