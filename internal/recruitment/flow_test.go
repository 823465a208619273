package recruitment_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/mail/mailtest"
	"netwerkportaal/internal/platform/nltime"
)

// firstNetwork is the demo's first network (99vanTwente), the one the demo
// coordinator works in.
func firstNetwork(t testing.TB, env *apptest.Env) (int64, string) {
	t.Helper()
	id := apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id LIMIT 1`)
	return id, apptest.Scalar[string](t, env, `SELECT name FROM networks WHERE id = $1`, id)
}

// interest is a valid submission of the public form.
func interest() url.Values {
	return url.Values{
		"naam": {"Fatima el Amrani"}, "organisatie": {"Bakkerij De Korenschoof B.V."}, "kvk": {"8765 4321"},
		"postcode": {"7511ab"}, "functie": {"hr"}, "email": {"fatima@korenschoof.example"},
		"telefoon": {"06 12345678"}, "hoopt": {"Ervaringen van andere werkgevers.\nHulp bij het vinden van kandidaten."},
		"biedt": {"Een ruimte voor bijeenkomsten"}, "toestemming": {"1"}, "website": {""},
	}
}

// emptyPipeline removes the demo's prospects, for the tests that count the
// pipeline from empty.
func emptyPipeline(t testing.TB, env *apptest.Env) {
	t.Helper()
	apptest.Exec(t, env, `DELETE FROM prospects`)
}

func count(t testing.TB, env *apptest.Env, sql string, args ...any) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, sql, args...)
}

// TestFromPublicFormToMember walks one employer from the public form to
// membership: what is stored, mailed and shown at each step.
func TestFromPublicFormToMember(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, name := firstNetwork(t, env)
	anon := env.Anonymous(t)

	// The form is found by the slug of the network's name and shows the name.
	res := anon.Get("/aanmelden/99vantwente/")
	apptest.WantStatus(t, res, http.StatusOK)
	if h1 := apptest.Text(res.Doc(t).Find("h1")); h1 != "Aanmelden bij "+name {
		t.Errorf("h1 = %q", h1)
	}
	res = anon.PostForm("/aanmelden/99vantwente/", interest())
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/aanmelden/99vantwente/bedankt" {
		t.Fatalf("Location = %q", loc)
	}
	res = anon.Get("/aanmelden/99vantwente/bedankt")
	apptest.WantStatus(t, res, http.StatusOK)

	id := apptest.Scalar[int64](t, env, `SELECT id FROM prospects WHERE network_id = $1 AND kvk_number = '87654321'
		AND postcode = '7511 AB' AND source = 'eigen_aanmelding' AND stage = 'gesignaleerd'
		AND consent_text LIKE 'Ik geef ' || $2 || ' toestemming%' AND consent_at > now() - interval '1 minute'`, network, name)
	path := "/werving/" + apptest.ID(id) + "/"

	// One mail to each coordinator of the network and a confirmation.
	coordinators := count(t, env, `SELECT count(*) FROM user_networks un JOIN users u ON u.id = un.user_id
		WHERE un.network_id = $1 AND u.role = 'coordinator' AND u.active`, network)
	if coordinators == 0 {
		t.Fatal("the demo network has no coordinator")
	}
	mails := env.DeliverMail(t)
	var toCoordinator, confirmation int
	for _, m := range mails {
		switch {
		case strings.HasPrefix(m.Subject, "Nieuwe aanmelding voor "+name):
			toCoordinator++
			if !strings.Contains(m.Text, env.URL(path)) || !strings.Contains(m.Text, "Bakkerij De Korenschoof B.V.") {
				t.Errorf("coordinator mail lacks the link or the organisation:\n%s", m.Text)
			}
		case m.Subject == "Uw aanmelding bij "+name:
			confirmation++
			if m.To[0] != "fatima@korenschoof.example" || !strings.Contains(m.Text, "Beste Fatima el Amrani") {
				t.Errorf("confirmation to %v:\n%s", m.To, m.Text)
			}
		}
	}
	if int64(toCoordinator) != coordinators || confirmation != 1 {
		t.Errorf("mails: %d to coordinators (want %d), %d confirmations (want 1)", toCoordinator, coordinators, confirmation)
	}

	// The coordinator sees it on the board, in Gesignaleerd, and moves it
	// with the card's form, one stage at a time.
	c := env.Login(t, apptest.Coordinator)
	doc := c.Get("/werving/").Doc(t)
	if card := doc.Find("#fase-gesignaleerd .board-card:contains('Bakkerij De Korenschoof')"); card.Length() != 1 {
		t.Fatal("the new prospect is not in the column Gesignaleerd")
	}
	version := 1
	for _, stage := range []string{"benaderd", "in_gesprek", "intake", "aangemeld"} {
		res := c.PostForm(path+"fase", url.Values{"kaart": {"ja"}, "versie": {apptest.ID(int64(version))}, "fase": {stage}})
		if stage == "intake" {
			// The card asks for the invitation's personal message first.
			apptest.WantStatus(t, res, http.StatusOK)
			if v, _ := res.Doc(t).Find("#f-fase option[selected]").Attr("value"); v != "intake" || count(t, env, `SELECT count(*) FROM employers WHERE name LIKE 'Bakkerij De Korenschoof%'`) != 0 {
				t.Fatalf("the card's move to intake: stage %q chosen, or something was stored", v)
			}
			res = c.PostForm(path+"fase", url.Values{"versie": {apptest.ID(int64(version))}, "fase": {stage},
				"bericht": {"Leuk dat we elkaar spraken op de beurs.\nHierbij de vragenlijst."}})
		}
		apptest.WantStatus(t, res, http.StatusSeeOther)
		version++
		if got := apptest.Scalar[string](t, env, `SELECT stage FROM prospects WHERE id = $1`, id); got != stage {
			t.Fatalf("stage = %q, want %q", got, stage)
		}
		if stage == "intake" {
			invitedAtIntake(t, env, id)
		}
	}
	if card := c.Get("/werving/").Doc(t).Find("#fase-aangemeld .board-card:contains('Bakkerij De Korenschoof')"); card.Length() != 1 {
		t.Error("after four moves the card is not in Aangemeld")
	}

	// Lid, with the date of the decision: the employer exists as a member.
	since := time.Now().In(nltime.Amsterdam).AddDate(0, 0, -3).Format("2006-01-02")
	res = c.PostForm(path+"fase", url.Values{"versie": {apptest.ID(int64(version))}, "fase": {"lid"}, "datum": {since},
		"volgende_stap": {"Welkomstgesprek"}, "volgende_stap_op": {since}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM prospects WHERE id = $1 AND stage = 'lid'`, id)
	if got := apptest.Scalar[string](t, env, `SELECT status || ' ' || member_since::text || ' ' || kvk_number || ' ' || postcode || ' ' || network_id
		FROM employers WHERE id = $1`, employer); got != "lid "+since+" 87654321 7511 AB "+apptest.ID(network) {
		t.Errorf("employer = %q", got)
	}
	if n := count(t, env, `SELECT count(*) FROM employer_status_changes WHERE employer_id = $1 AND status = 'lid' AND changed_on = $2`, employer, since); n != 1 {
		t.Errorf("%d status changes to lid", n)
	}
	// The employer's history holds the whole path: created, the employer
	// record made for the intake, and 5 moves.
	if n := count(t, env, `SELECT count(*) FROM audit_log WHERE employer_id = $1 AND entity = 'prospect'`, employer); n != 7 {
		t.Errorf("the employer's history has %d pipeline entries, want 7", n)
	}
	doc = c.Get(path).Doc(t)
	if link := doc.Find("a[href='/werkgevers/" + apptest.ID(employer) + "/']"); link.Length() != 1 {
		t.Error("the prospect page does not link to the new member's profile")
	}
	if doc.Find("form[action$='/fase']").Length() != 0 {
		t.Error("a member still has a move form")
	}
	hist := apptest.Text(doc.Find("ol.history"))
	for _, want := range []string{"naar Lid", "naar Aangemeld", "naar Benaderd", "Aanmeldformulier", "fase: Intake → Aangemeld"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q: %s", want, hist)
		}
	}
	// The new member's profile tells how it came in, with its history.
	profile := apptest.Text(c.Get("/werkgevers/" + apptest.ID(employer) + "/").Doc(t).Find("main"))
	for _, want := range []string{"Kwam in beeld: Eigen aanmelding", "naar Aangemeld", "naar Lid"} {
		if !strings.Contains(profile, want) {
			t.Errorf("the member's profile lacks %q", want)
		}
	}
	// A member cannot be moved back through the pipeline.
	res = c.PostForm(path+"fase", url.Values{"versie": {apptest.ID(int64(version + 1))}, "fase": {"intake"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
}

func TestDroppedNeedsAReason(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, _ := firstNetwork(t, env)
	id := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source) VALUES ($1, 'Handel Oost', 'handel oost', 'gemeente') RETURNING id`, network)
	path := "/werving/" + apptest.ID(id) + "/fase"
	c := env.Login(t, apptest.Coordinator)

	res := c.PostForm(path, url.Values{"kaart": {"ja"}, "versie": {"1"}, "fase": {"afgevallen"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	if msg := apptest.Text(doc.Find("#f-reden-error")); !strings.Contains(msg, "Kies waarom deze werkgever afvalt.") {
		t.Errorf("reason error = %q", msg)
	}
	if v, _ := doc.Find("#f-fase option[selected]").Attr("value"); v != "afgevallen" {
		t.Errorf("the chosen stage is not kept: %q", v)
	}
	res = c.PostForm(path, url.Values{"versie": {"1"}, "fase": {"afgevallen"}, "reden": {"commercieel"}, "toelichting": {"Verkoopt re-integratietrajecten"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT stage || '/' || drop_reason || '/' || drop_note FROM prospects WHERE id = $1`, id); got != "afgevallen/commercieel/Verkoopt re-integratietrajecten" {
		t.Errorf("stored %q", got)
	}
	// A stale form is a conflict, not a silent overwrite.
	res = c.PostForm(path, url.Values{"versie": {"1"}, "fase": {"benaderd"}})
	apptest.WantStatus(t, res, http.StatusConflict)
	if got := apptest.Scalar[string](t, env, `SELECT stage FROM prospects WHERE id = $1`, id); got != "afgevallen" {
		t.Errorf("stage after a stale move = %q", got)
	}
}

// TestMemberWithATakenKvKChangesNothing: a KvK number of another employer
// stops the move to lid, and the transaction leaves no half.
func TestMemberWithATakenKvKChangesNothing(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, _ := firstNetwork(t, env)
	apptest.Exec(t, env, `INSERT INTO employers (network_id, name, kvk_number) VALUES ($1, 'Eerdere Houder BV', '11112222')`, network)
	id := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, kvk_number, stage)
		VALUES ($1, 'Nieuwe Naam BV', 'nieuwe naam', 'anders', '11112222', 'aangemeld') RETURNING id`, network)
	before := count(t, env, `SELECT count(*) FROM employers`)
	c := env.Login(t, apptest.Coordinator)
	res := c.PostForm("/werving/"+apptest.ID(id)+"/fase", url.Values{"versie": {"1"}, "fase": {"lid"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "hoort al bij Eerdere Houder BV") {
		t.Error("no message about the KvK number")
	}
	if got := apptest.Scalar[string](t, env, `SELECT stage FROM prospects WHERE id = $1`, id); got != "aangemeld" || count(t, env, `SELECT count(*) FROM employers`) != before {
		t.Errorf("stage %q, employers %d → %d", got, before, count(t, env, `SELECT count(*) FROM employers`))
	}
}

// TestDuplicateCheckBeforeSaving: a name that normalises to an existing
// member's asks "Bestaat deze werkgever al?" and stores nothing until the
// coordinator confirms.
func TestDuplicateCheckBeforeSaving(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	network, _ := firstNetwork(t, env)
	existing := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, postcode, status) VALUES ($1, 'Transportbedrijf Ter Hörst B.V.', '7500 AA', 'lid') RETURNING id`, network)
	member := apptest.Scalar[int64](t, env, `SELECT id FROM employers WHERE network_id = $1 AND status = 'lid' ORDER BY id LIMIT 1`, network)
	c := env.Login(t, apptest.Coordinator)
	form := url.Values{"netwerk": {apptest.ID(network)}, "organisatie": {"transportbedrijf ter horst"}, "bron": {"lid"},
		"via_lid": {apptest.ID(member)}, "volgende_stap": {"Bellen"},
		"eigenaar": {apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator))}, "volgende_stap_op": {"2026-12-24"}}
	res := c.PostForm("/werving/nieuw", form)
	apptest.WantStatus(t, res, http.StatusOK)
	doc := res.Doc(t)
	if h := apptest.Text(doc.Find("#dubbelen h2")); h != "Bestaat deze werkgever al?" {
		t.Fatalf("no duplicate question: %q", h)
	}
	if doc.Find("#dubbelen a[href='/werkgevers/"+apptest.ID(existing)+"/']").Length() != 1 {
		t.Error("the existing employer is not offered")
	}
	if v, _ := doc.Find("#f-organisatie").Attr("value"); v != "transportbedrijf ter horst" {
		t.Errorf("input not kept: %q", v)
	}
	if n := count(t, env, `SELECT count(*) FROM prospects`); n != 0 {
		t.Fatalf("%d prospects stored before confirming", n)
	}
	form.Set("bevestigd", "ja")
	res = c.PostForm("/werving/nieuw", form)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT source || '/' || source_employer_id || '/' || next_step_on FROM prospects`); got != "lid/"+apptest.ID(member)+"/2026-12-24" {
		t.Errorf("stored %q", got)
	}
	// The member who brought it in is the network's ambassador.
	if got := apptest.Text(c.Get("/werkgevers/" + apptest.ID(member) + "/").Doc(t).Find("section[aria-labelledby=werving]")); !strings.Contains(got, "Ambassadeur: via deze werkgever kwamen 1 werkgevers in beeld, van wie 0 lid werden.") {
		t.Errorf("ambassador section: %q", got)
	}
	// The coordinator owns it: its next step is on their board.
	if got := apptest.Text(c.Get("/werving/").Doc(t).Find("main")); !strings.Contains(got, "Uw volgende stappen24-12-2026: transportbedrijf ter horst — Bellen") {
		t.Errorf("next steps: %q", got)
	}
	// A second one with the same postcode is caught as a prospect too.
	res = c.PostForm("/werving/nieuw", url.Values{"netwerk": {apptest.ID(network)}, "organisatie": {"Iets Anders"}, "postcode": {"7500aa"}, "bron": {"anders"}})
	apptest.WantStatus(t, res, http.StatusOK)
	if got := apptest.Text(res.Doc(t).Find("#dubbelen li")); !strings.Contains(got, "zelfde postcode") {
		t.Errorf("postcode match: %q", got)
	}
}

func TestCoordinatorFormInvalid(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	other := apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET 1 LIMIT 1`)
	c := env.Login(t, apptest.Coordinator)
	res := c.PostForm("/werving/nieuw", url.Values{"netwerk": {apptest.ID(other)}, "organisatie": {""}, "kvk": {"123"},
		"bron": {"bijeenkomst"}, "volgende_stap_op": {"morgen"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	for field, want := range map[string]string{
		"netwerk": "Kies het netwerk waarvoor u deze werkgever werft.", "organisatie": "Vul de naam van de organisatie in.",
		"kvk": "Een KvK-nummer heeft 8 cijfers", "volgende_stap_op": "Vul een datum in als 31-12-2026.",
	} {
		if got := apptest.Text(doc.Find("#f-" + field + "-error")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if n := count(t, env, `SELECT count(*) FROM prospects`); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	network, _ := firstNetwork(t, env)
	apptest.Exec(t, env, `INSERT INTO prospects (network_id, name, name_key, source, stage) VALUES
		($1, 'Zorggroep Noord', 'zorggroep noord', 'gemeente', 'benaderd'),
		($1, 'Metaal Oost', 'metaal oost', 'wsp_uwv', 'benaderd'),
		($1, 'Drukkerij West', 'drukkerij west', 'wsp_uwv', 'lid')`, network)
	c := env.Login(t, apptest.Coordinator)
	doc := c.Get("/werving/lijst?fase=benaderd&bron=wsp_uwv").Doc(t)
	if got := apptest.Text(doc.Find("tbody").First().Find("td:first-child")); got != "Metaal Oost" {
		t.Errorf("filtered list = %q", got)
	}
	// Conversion per source: 1 of the 2 from WSP/UWV became a member.
	row := strings.Join(doc.Find("tr:contains('Via WSP/UWV')").Last().Find("td").Map(func(_ int, s *goquery.Selection) string { return s.Text() }), " ")
	if row != "Via WSP/UWV 2 1 50%" {
		t.Errorf("source row = %q", row)
	}
	// The second network's coordinator sees none of them, and gets no
	// prospect of the first network.
	c2 := env.Login(t, apptest.Coordinator2)
	if body := c2.Get("/werving/").Body; strings.Contains(body, "Metaal Oost") {
		t.Error("another network's prospect on the board")
	}
}

// invitedAtIntake checks the move to intake: the prospect is an employer
// record (status prospect) with its contact, this year's intake is open
// for that contact, and the invitation went out by SMTP with the
// coordinator's message above the link.
func invitedAtIntake(t *testing.T, env *apptest.Env, id int64) {
	t.Helper()
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM prospects WHERE id = $1`, id)
	if got := apptest.Scalar[string](t, env, `SELECT e.status || ' ' || c.name || ' ' || c.email || ' ' || c.function || ' ' || i.status
		FROM employers e JOIN contacts c ON c.employer_id = e.id JOIN intakes i ON i.employer_id = e.id AND i.contact_id = c.id
		WHERE e.id = $1`, employer); got != "prospect Fatima el Amrani fatima@korenschoof.example hr uitgenodigd" {
		t.Errorf("employer, contact and intake = %q", got)
	}
	var invitation *mailtest.Received
	for _, m := range env.DeliverMail(t) {
		if strings.HasPrefix(m.Subject, "Uitnodiging: intakevragenlijst") {
			invitation = &m
		}
	}
	if invitation == nil || invitation.To[0] != "fatima@korenschoof.example" {
		t.Fatalf("no intake invitation to the contact: %+v", invitation)
	}
	if !strings.Contains(invitation.Text, "Beste Fatima el Amrani,\n\nLeuk dat we elkaar spraken op de beurs.\nHierbij de vragenlijst.\n\nGraag nodig ik u uit") ||
		!strings.Contains(invitation.Text, env.URL("/intake/")) {
		t.Errorf("invitation text:\n%s", invitation.Text)
	}
}

// TestIntakeNeedsAContact: without a contact's e-mail address the move to
// intake is refused with a Dutch message, and no employer, contact, intake
// or mail is made.
func TestIntakeNeedsAContact(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, _ := firstNetwork(t, env)
	id := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_name, stage)
		VALUES ($1, 'Zonder Adres BV', 'zonder adres', 'gemeente', 'Piet Zonder', 'in_gesprek') RETURNING id`, network)
	employers, mails := count(t, env, `SELECT count(*) FROM employers`), count(t, env, `SELECT count(*) FROM mail_outbox`)
	c := env.Login(t, apptest.Coordinator)
	res := c.PostForm("/werving/"+apptest.ID(id)+"/fase", url.Values{"versie": {"1"}, "fase": {"intake"}, "bericht": {"Tot snel"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if msg := apptest.Text(res.Doc(t).Find("#f-fase-error")); !strings.Contains(msg, "Vul eerst de naam en het e-mailadres van de contactpersoon in") {
		t.Errorf("message = %q", msg)
	}
	if got := apptest.Scalar[string](t, env, `SELECT stage FROM prospects WHERE id = $1`, id); got != "in_gesprek" ||
		count(t, env, `SELECT count(*) FROM employers`) != employers || count(t, env, `SELECT count(*) FROM mail_outbox`) != mails {
		t.Errorf("something was stored: stage %q", got)
	}
}
