package partners_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// referralSetup is an employer of network 1 in Twente with a contact, and
// partners in Twente and elsewhere.
type referralSetup struct {
	env                *apptest.Env
	net1               int64
	employer, contact  int64
	local, far, noMail int64
}

func setupReferral(t *testing.T) referralSetup {
	t.Helper()
	env := apptest.New(t)
	twente := regionID(t, env, "Twente")
	s := referralSetup{env: env, net1: networkAt(t, env, 1)}
	s.employer, s.contact = newEmployer(t, env, s.net1, twente, "Testbedrijf Doorverwijzing", "carla@testbedrijf.example.nl")
	s.local = newPartner(t, env, twente, "Jobcoach Twente Test", "intake@jobcoach.example.nl")
	s.far = newPartner(t, env, regionID(t, env, "Groot Amsterdam"), "Jobcoach Amsterdam Test", "a@jobcoach.example.nl")
	s.noMail = newPartner(t, env, twente, "Bureau Zonder Mail", "")
	return s
}

// validReferral is a complete, valid referral form.
func (s referralSetup) validReferral() url.Values {
	return url.Values{"partner": {apptest.ID(s.local)}, "vraag": {"Wie helpt ons met jobcoaching voor een nieuwe medewerker?"},
		"datum": {iso(0)}, "status": {"doorverwezen"}, "opvolgdatum": {iso(14)}, "contactpersoon": {apptest.ID(s.contact)}}
}

func TestReferralCreateAndProfile(t *testing.T) {
	t.Parallel()
	s := setupReferral(t)
	env := s.env
	coord := env.Login(t, apptest.Coordinator)

	// The form: today, doorverwezen, the region's partners in their own group first.
	doc := coord.Get(newPath(s.employer)).Doc(t)
	if apptest.ValueOf(doc, "datum") != iso(0) || apptest.ValueOf(doc, "status") != "doorverwezen" || apptest.ValueOf(doc, "partner") != "" {
		t.Errorf("defaults: datum %q status %q partner %q", apptest.ValueOf(doc, "datum"), apptest.ValueOf(doc, "status"), apptest.ValueOf(doc, "partner"))
	}
	groups := doc.Find("select[name=partner] optgroup")
	if groups.Length() != 2 || groups.First().AttrOr("label", "") != "Partners in Twente" ||
		groups.First().Find(fmt.Sprintf(`option[value="%d"]`, s.local)).Length() != 1 ||
		groups.Last().Find(fmt.Sprintf(`option[value="%d"]`, s.far)).Length() != 1 {
		t.Errorf("partner groups: %d, first %q", groups.Length(), groups.First().AttrOr("label", ""))
	}
	if got := apptest.Text(doc.Find(fmt.Sprintf(`option[value="%d"]`, s.noMail))); got != "Bureau Zonder Mail — Anders (geen e-mailadres)" {
		t.Errorf("option of a partner without e-mail: %q", got)
	}
	if got := apptest.Text(doc.Find(fmt.Sprintf(`option[value="%d"]`, s.far))); got != "Jobcoach Amsterdam Test — Anders, Groot Amsterdam" {
		t.Errorf("option of a partner elsewhere: %q", got)
	}
	// From a suggestion the partner is chosen already.
	if got := apptest.ValueOf(coord.Get(newPath(s.employer)+"&partner="+apptest.ID(s.far)).Doc(t), "partner"); got != apptest.ID(s.far) {
		t.Errorf("prefilled partner %q", got)
	}

	res := coord.PostForm(newPath(s.employer), s.validReferral())
	apptest.WantStatus(t, res, http.StatusSeeOther)
	rid := locationID(t, res, "/verwijzingen/")
	var network, by int64
	var mailed bool
	if err := env.Pool.QueryRow(t.Context(), `SELECT network_id, referred_by, mailed_at IS NOT NULL FROM referrals WHERE id = $1`, rid).
		Scan(&network, &by, &mailed); err != nil || network != s.net1 || mailed ||
		by != apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator) {
		t.Errorf("saved referral: network %d, by %d, mailed %v, %v", network, by, mailed, err)
	}
	page := coord.Get(rPath(rid)).Doc(t)
	if got := apptest.Text(page.Find(".flash")); got != "De doorverwijzing is opgeslagen." {
		t.Errorf("flash %q", got)
	}
	details := apptest.Text(page.Find(".summary-list"))
	for _, want := range []string{"Testbedrijf Doorverwijzing", "Jobcoach Twente Test", "jobcoaching voor een nieuwe medewerker",
		"door Corien de Vries", "Carla Contact", "niet verstuurd"} {
		if !strings.Contains(details, want) {
			t.Errorf("referral page lacks %q: %q", want, details)
		}
	}
	if got := apptest.ValueOf(page, "versie"); got != "1" {
		t.Errorf("status form version %q", got)
	}

	// The profile lists it, with the status in words, and the history says so.
	apptest.Exec(t, env, `UPDATE referrals SET follow_up_on = current_date - 1, referred_on = current_date - 20 WHERE id = $1`, rid)
	other := newReferral(t, env, s.employer, s.net1, s.far, "Zijn er kandidaten in Amsterdam?", "afgerond")
	apptest.Exec(t, env, `UPDATE referrals SET follow_up_on = current_date - 1 WHERE id = $1`, other)
	profile := coord.Get(fmt.Sprintf("/werkgevers/%d", s.employer)).Doc(t)
	sec := profile.Find("section[aria-labelledby=doorverwijzingen]")
	if sec.Find(fmt.Sprintf(`a[href=%q]`, newPath(s.employer))).Length() != 1 {
		t.Errorf("no button to refer on the profile")
	}
	rows := sec.Find("tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d referrals on the profile, want 2", rows.Length())
	}
	if got, want := cells(rows.Eq(0)), "Jobcoach Amsterdam Test | Zijn er kandidaten in Amsterdam? | "+day(-5).Format("02-01-2006")+" | Afgerond | "+day(-1).Format("02-01-2006"); got != want {
		t.Errorf("closed referral row %q, want %q (no overdue mark)", got, want)
	}
	if got, want := cells(rows.Eq(1)), "| Doorverwezen | "+day(-1).Format("02-01-2006")+" (verlopen)"; !strings.HasSuffix(got, want) {
		t.Errorf("overdue referral row %q, want it to end in %q", got, want)
	}
	history := apptest.Text(profile.Find("section[aria-labelledby=geschiedenis]"))
	if !strings.Contains(history, "Doorverwezen naar Jobcoach Twente Test") {
		t.Errorf("history lacks the referral: %.300q", history)
	}
	// The partner's page shows it, counted by status.
	pdoc := coord.Get(pPath(s.local, "")).Doc(t)
	if got := items(pdoc.Find("ul.counts li")); got != "Open: 0 | Doorverwezen: 1 | Opgepakt: 0 | Afgerond: 0 | Niet gelukt: 0" {
		t.Errorf("counts %q", got)
	}
	if pdoc.Find(fmt.Sprintf(`a[href=%q]`, rPath(rid))).Length() != 1 {
		t.Errorf("partner page does not link the referral")
	}
}

func TestReferralValidation(t *testing.T) {
	t.Parallel()
	s := setupReferral(t)
	env := s.env
	coord := env.Login(t, apptest.Coordinator)
	_, foreignContact := newEmployer(t, env, s.net1, regionID(t, env, "Twente"), "Ander Bedrijf", "x@ander.example.nl")
	left := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level, active_from, active_until)
		VALUES ($1, 'Vertrokken Persoon', 'weg@testbedrijf.example.nl', 'hr', 'tactisch', current_date - 90, current_date - 1) RETURNING id`, s.employer)
	noMail := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level) VALUES ($1, 'Zonder Mail', 'hr', 'tactisch') RETURNING id`, s.employer)

	cases := []struct {
		name   string
		values []string // key, value pairs over the valid form
		field  string
		want   string
	}{
		{"no partner", []string{"partner", ""}, "partner", "Kies de partner naar wie u de werkgever doorverwijst."},
		{"unknown partner", []string{"partner", "999999"}, "partner", "Kies de partner naar wie u de werkgever doorverwijst."},
		{"no question", []string{"vraag", "  "}, "vraag", "Vul de vraag van de werkgever in."},
		{"long question", []string{"vraag", strings.Repeat("v", 4001)}, "vraag", "De vraag mag hoogstens 4000 tekens hebben."},
		{"no date", []string{"datum", ""}, "datum", "Vul de datum van de doorverwijzing in."},
		{"bad date", []string{"datum", "31-12-2025"}, "datum", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar)."},
		{"future date", []string{"datum", iso(1)}, "datum", "De datum van de doorverwijzing kan niet in de toekomst liggen."},
		{"ancient date", []string{"datum", "1999-12-31"}, "datum", "Deze datum ligt te ver terug."},
		{"bad status", []string{"status", "vergeten"}, "status", "Kies een status."},
		{"bad follow-up", []string{"opvolgdatum", "morgen"}, "opvolgdatum", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar)."},
		{"follow-up before", []string{"datum", iso(-10), "opvolgdatum", iso(-11)}, "opvolgdatum", "De opvolgdatum kan niet voor de datum van de doorverwijzing liggen."},
		{"follow-up far", []string{"opvolgdatum", iso(800)}, "opvolgdatum", "Deze datum ligt te ver in de toekomst."},
		{"contact elsewhere", []string{"contactpersoon", apptest.ID(foreignContact)}, "contactpersoon", "Kies een actieve contactpersoon van deze werkgever."},
		{"contact left", []string{"contactpersoon", apptest.ID(left)}, "contactpersoon", "Kies een actieve contactpersoon van deze werkgever."},
		{"mail, partner without address", []string{"partner", apptest.ID(s.noMail), "introductiemail", "1"}, "introductiemail",
			"Bureau Zonder Mail heeft geen e-mailadres. Vul het e-mailadres eerst in bij de partner, of laat de introductiemail weg."},
		{"mail, no contact", []string{"contactpersoon", "", "introductiemail", "1"}, "contactpersoon",
			"Kies de contactpersoon die de introductiemail in kopie krijgt."},
		{"mail, contact without address", []string{"contactpersoon", apptest.ID(noMail), "introductiemail", "1"}, "contactpersoon",
			"Zonder Mail heeft geen e-mailadres. Kies iemand anders, of vul eerst het e-mailadres in bij de contactpersoon."},
	}
	before := auditRows(t, env)
	for _, c := range cases {
		v := apptest.With(s.validReferral(), c.values...)
		res := coord.PostForm(newPath(s.employer), v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.name, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		apptest.CheckFieldError(t, doc, c.field, c.want)
		if got := apptest.FieldsWithErrors(doc); len(got) != 1 {
			t.Errorf("%s: errors on %v, want only %s", c.name, got, c.field)
		}
		for _, k := range []string{"vraag", "datum", "opvolgdatum", "partner", "status", "contactpersoon", "introductiemail"} {
			if got, want := apptest.ValueOf(doc, k), strings.TrimSpace(v.Get(k)); got != want && k != c.field {
				t.Errorf("%s: %s shown as %.30q, want %.30q", c.name, k, got, want)
			}
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM referrals WHERE employer_id = $1`, s.employer); n != 0 {
		t.Errorf("invalid forms saved %d referrals", n)
	}
	if auditRows(t, env) != before {
		t.Errorf("invalid forms reached the audit trail")
	}
	// An employer that does not exist, or no employer at all.
	apptest.WantStatus(t, coord.Get("/verwijzingen/nieuw?werkgever=999999"), http.StatusNotFound)
	apptest.WantStatus(t, coord.Get("/verwijzingen/nieuw"), http.StatusNotFound)
	apptest.WantStatus(t, coord.PostForm("/verwijzingen/nieuw?werkgever=abc", s.validReferral()), http.StatusNotFound)
}

func TestIntroductionMail(t *testing.T) {
	t.Parallel()
	s := setupReferral(t)
	env := s.env
	coord := env.Login(t, apptest.Coordinator)
	v := apptest.With(s.validReferral(), "introductiemail", "1", "vraag", "Wie helpt ons met jobcoaching?\nHet gaat om een medewerker in de inpak.")
	res := coord.PostForm(newPath(s.employer), v)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	rid := locationID(t, res, "/verwijzingen/")
	if !apptest.Scalar[bool](t, env, `SELECT mailed_at IS NOT NULL FROM referrals WHERE id = $1`, rid) {
		t.Errorf("mailed_at not set")
	}
	page := coord.Get(rPath(rid)).Doc(t)
	if got := apptest.Text(page.Find(".flash")); got != "De doorverwijzing is opgeslagen. De introductiemail staat klaar om te worden verstuurd." {
		t.Errorf("flash %q", got)
	}
	if !strings.Contains(apptest.Text(page.Find(".summary-list")), "verstuurd op ") {
		t.Errorf("the page does not say the mail went")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'doorverwijzing_introductie'
		AND network_id = $1 AND employer_id = $2`, s.net1, s.employer); n != 1 {
		t.Errorf("%d introduction mails in the outbox", n)
	}

	var found bool
	for _, m := range env.DeliverMail(t) {
		if !strings.HasPrefix(m.Subject, "Introductie:") {
			continue
		}
		found = true
		if got := m.Header.Get("To"); !strings.Contains(got, "intake@jobcoach.example.nl") || !strings.Contains(got, "Pim Partner") {
			t.Errorf("To %q, want the partner's contact", got)
		}
		if got := m.Header.Get("Cc"); !strings.Contains(got, "carla@testbedrijf.example.nl") {
			t.Errorf("Cc %q, want the employer's contact", got)
		}
		if got := m.Header.Get("Reply-To"); !strings.Contains(got, apptest.Coordinator) {
			t.Errorf("Reply-To %q, want the coordinator", got)
		}
		if len(m.To) != 2 {
			t.Errorf("envelope recipients %v, want partner and contact", m.To)
		}
		if m.Subject != "Introductie: Testbedrijf Doorverwijzing en Jobcoach Twente Test" {
			t.Errorf("subject %q", m.Subject)
		}
		for _, want := range []string{"Beste Pim Partner,", "99vanTwente", "breng ik u graag in contact met Testbedrijf Doorverwijzing",
			"> Wie helpt ons met jobcoaching?\n> Het gaat om een medewerker in de inpak.", "Carla Contact, HR-adviseur",
			"E-mail: carla@testbedrijf.example.nl", "Telefoon: 06-12345678", "in de cc van deze e-mail", "Corien de Vries"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("mail text lacks %q:\n%s", want, m.Text)
			}
		}
	}
	if !found {
		t.Fatal("no introduction mail delivered")
	}

	// Without the box ticked no mail goes, whatever else is filled in.
	res = coord.PostForm(newPath(s.employer), s.validReferral())
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'doorverwijzing_introductie'`); n != 1 {
		t.Errorf("%d introduction mails after a referral without one", n)
	}
}

func TestReferralStatusUpdate(t *testing.T) {
	t.Parallel()
	s := setupReferral(t)
	env := s.env
	coord := env.Login(t, apptest.Coordinator)
	admin := env.Login(t, apptest.Beheerder)
	rid := newReferral(t, env, s.employer, s.net1, s.local, "Hulp bij jobcoaching", "doorverwezen")

	form := apptest.FormOf(t, coord, rPath(rid))
	if form.Get("status") != "doorverwezen" || form.Get("opvolgdatum") != "" || form.Get("versie") != "1" {
		t.Errorf("status form %v", form)
	}
	// Validation: a message next to each field, the input kept.
	cases := []struct{ field, value, want string }{
		{"status", "kwijt", "Kies een status."},
		{"opvolgdatum", "volgende week", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar)."},
		{"opvolgdatum", iso(-6), "De opvolgdatum kan niet voor de datum van de doorverwijzing liggen."},
		{"opvolgdatum", iso(900), "Deze datum ligt te ver in de toekomst."},
		{"uitkomst", strings.Repeat("u", 4001), "De uitkomst mag hoogstens 4000 tekens hebben."},
	}
	for _, c := range cases {
		res := coord.PostForm(rPath(rid), apptest.With(form, "uitkomst", "Eerste gesprek gehad", c.field, c.value))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s=%.20q: status %d, want 422", c.field, c.value, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		apptest.CheckFieldError(t, doc, c.field, c.want)
		if got := apptest.FieldsWithErrors(doc); len(got) != 1 {
			t.Errorf("%s: errors on %v", c.field, got)
		}
		if c.field != "uitkomst" && apptest.ValueOf(doc, "uitkomst") != "Eerste gesprek gehad" {
			t.Errorf("%s: outcome not kept", c.field)
		}
	}

	res := coord.PostForm(rPath(rid), apptest.With(form, "status", "opgepakt", "opvolgdatum", iso(7), "uitkomst", "Eerste gesprek gehad"))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != rPath(rid) {
		t.Errorf("after saving to %q", res.Header.Get("Location"))
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'referral' AND entity_id = $1 AND action = 'gewijzigd'
		AND employer_id = $2 AND changes->'status'->>'old' = 'Doorverwezen' AND changes->'status'->>'new' = 'Opgepakt'
		AND changes->'opvolgdatum'->>'new' = $3 AND changes->'partner'->>'new' = 'Jobcoach Twente Test'`, rid, s.employer,
		day(7).Format("02-01-2006")); n != 1 {
		t.Errorf("%d audit entries for the update", n)
	}
	history := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", s.employer)).Doc(t).Find("section[aria-labelledby=geschiedenis]"))
	if !strings.Contains(history, "Doorverwijzing naar Jobcoach Twente Test bijgewerkt") || !strings.Contains(history, "Opvolgdatum") {
		t.Errorf("history: %.400q", history)
	}

	// A stale version: 409, nothing saved, the input kept with the current version.
	stale := apptest.FormOf(t, coord, rPath(rid))
	apptest.WantStatus(t, admin.PostForm(rPath(rid), apptest.With(apptest.FormOf(t, admin, rPath(rid)), "status", "afgerond", "uitkomst", "Geplaatst")), http.StatusSeeOther)
	res = coord.PostForm(rPath(rid), apptest.With(stale, "status", "niet_gelukt", "uitkomst", "Toch niet"))
	apptest.WantStatus(t, res, http.StatusConflict)
	doc := res.Doc(t)
	if !strings.Contains(apptest.Text(doc.Find(".error-summary")), "Iemand anders heeft deze doorverwijzing intussen gewijzigd") {
		t.Errorf("conflict notice: %q", apptest.Text(doc.Find(".error-summary")))
	}
	if apptest.ValueOf(doc, "status") != "niet_gelukt" || apptest.ValueOf(doc, "uitkomst") != "Toch niet" || apptest.ValueOf(doc, "versie") != "3" {
		t.Errorf("conflict form: status %q outcome %q version %q", apptest.ValueOf(doc, "status"), apptest.ValueOf(doc, "uitkomst"), apptest.ValueOf(doc, "versie"))
	}
	if got := apptest.Scalar[string](t, env, `SELECT status FROM referrals WHERE id = $1`, rid); got != "afgerond" {
		t.Errorf("stale save changed the status to %q", got)
	}
	// An unchanged save writes no audit entry.
	before := auditRows(t, env)
	apptest.WantStatus(t, coord.PostForm(rPath(rid), apptest.FormOf(t, coord, rPath(rid))), http.StatusSeeOther)
	if auditRows(t, env) != before {
		t.Errorf("a save without changes wrote an audit entry")
	}
}
