package visits_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/visits"
)

func newPath(employer int64) string { return "/bezoeken/nieuw?werkgever=" + apptest.ID(employer) }

func editPath(visit int64) string { return fmt.Sprintf("/bezoeken/%d/bewerken", visit) }

// TestRecordVisitWithFollowUps: the form offers the network's people (the
// recorder checked) and the employer's contacts; a visit with two
// follow-ups is stored at once, audited on the employer, and shown on the
// profile and in its history.
func TestRecordVisitWithFollowUps(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	emp := member(t, env, net1, 1) // never visited in the demo data
	me, admin := userID(t, env, apptest.Coordinator), userID(t, env, apptest.Beheerder)
	contacts := activeContacts(t, env, emp)

	res := coord.Get(newPath(emp))
	apptest.WantStatus(t, res, http.StatusOK)
	doc := res.Doc(t)
	form := apptest.FormValues(doc, apptest.MainForm)
	if form.Get("soort") != "bezoek" || form.Get("datum") != day(0) || !slices.Equal(form["wie"], []string{apptest.ID(me)}) {
		t.Errorf("defaults: soort %q datum %q wie %v", form.Get("soort"), form.Get("datum"), form["wie"])
	}
	if got := doc.Find(`input[name=wie]`).Length(); got != 2 {
		t.Errorf("%d people offered, want the coordinator and the beheerder of network 1", got)
	}
	if doc.Find(fmt.Sprintf(`input[name=wie][value="%d"]`, userID(t, env, apptest.Coordinator2))).Length() != 0 {
		t.Errorf("a coordinator of another network is offered")
	}
	if got := doc.Find(`input[name=contactpersonen]`).Length(); got != len(contacts) {
		t.Errorf("%d contacts offered, want the %d active ones", got, len(contacts))
	}
	if got := form["opvolging_eigenaar"]; !slices.Equal(got, []string{apptest.ID(me), apptest.ID(me), apptest.ID(me)}) {
		t.Errorf("follow-up owners %v, want three rows owned by the recorder", got)
	}
	if doc.Find("form#bezoek-formulier[action='"+newPath(emp)+"']").Length() != 1 {
		t.Errorf("no form posting to %s", newPath(emp))
	}

	before := apptest.Scalar[int64](t, env, `SELECT coalesce(max(id), 0) FROM audit_log`)
	v := apptest.With(form, "soort", "telefoon", "datum", day(-3), "anderen", "Adviseur WSP", "notities", "Goed gesprek.",
		"afspraken", "Informatie sturen; volgende keer langs.")
	v["wie"] = []string{apptest.ID(me), apptest.ID(admin)}
	v["contactpersonen"] = []string{apptest.ID(contacts[0])}
	v["opvolging_omschrijving"] = []string{"Informatie sturen", "", "Bezoek plannen"}
	v["opvolging_eigenaar"] = []string{apptest.ID(me), apptest.ID(me), apptest.ID(admin)}
	v["opvolging_datum"] = []string{day(7), "", day(30)}
	res = coord.PostForm(newPath(emp), v)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/werkgevers/%d#bezoeken", emp) {
		t.Errorf("redirect to %q", loc)
	}
	visit := apptest.Scalar[int64](t, env, `SELECT id FROM visits WHERE employer_id = $1 AND kind = 'telefoon' AND visited_on = $2::date
		AND user_ids = $3 AND others = 'Adviseur WSP' AND notes = 'Goed gesprek.' AND created_by = $4`, emp, day(-3), []int64{me, admin}, me)
	if got := ids(t, env, `SELECT contact_id FROM visit_contacts WHERE visit_id = $1`, visit); !slices.Equal(got, contacts[:1]) {
		t.Errorf("contacts met %v", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM follow_ups WHERE visit_id = $1 AND employer_id = $2 AND done_at IS NULL
		AND ((description = 'Informatie sturen' AND owner_id = $3 AND due_on = $5::date)
		  OR (description = 'Bezoek plannen' AND owner_id = $4 AND due_on = $6::date))`, visit, emp, me, admin, day(7), day(30)); n != 2 {
		t.Errorf("%d follow-ups stored with the visit, want 2", n)
	}
	if got := apptest.Scalar[string](t, env, `SELECT string_agg(entity || ':' || action || ':' || actor, ',' ORDER BY id) FROM audit_log
		WHERE id > $1 AND employer_id = $2`, before, emp); got != "visit:aangemaakt:Corien de Vries,follow_up:aangemaakt:Corien de Vries,follow_up:aangemaakt:Corien de Vries" {
		t.Errorf("audit entries %q", got)
	}

	profile := coord.Get(fmt.Sprintf("/werkgevers/%d", emp)).Doc(t)
	if got := apptest.Text(profile.Find(".flash")); got != "Telefoongesprek op "+dutch(-3)+" is vastgelegd, met 2 opvolgingen." {
		t.Errorf("flash %q", got)
	}
	sec := profile.Find("section[aria-labelledby=bezoeken]")
	all := apptest.Text(sec)
	for _, want := range []string{"Nog nooit bezocht.", "Telefoongesprek · " + dutch(-3), "Bea Beheer, Corien de Vries · Adviseur WSP",
		"Goed gesprek.", "Informatie sturen; volgende keer langs.", "Bezoek plannen"} {
		if !strings.Contains(all, want) {
			t.Errorf("section lacks %q: %s", want, all)
		}
	}
	if !strings.Contains(all, apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, contacts[0])) {
		t.Errorf("section does not name the contact met")
	}
	if n := sec.Find(`form[action$="/afgerond"]`).Length(); n != 2 {
		t.Errorf("%d done buttons, want one per open follow-up", n)
	}
	if sec.Find(fmt.Sprintf(`a[href="%s"]`, editPath(visit))).Length() != 1 {
		t.Errorf("no edit link for the visit")
	}
	history := apptest.Text(profile.Find("section[aria-labelledby=geschiedenis]"))
	for _, want := range []string{"Telefoongesprek op " + dutch(-3) + " vastgelegd", "Opvolging toegevoegd: Informatie sturen"} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q: %.400s", want, history)
		}
	}

	// A visit in person makes "laatste bezoek"; a call does not.
	apptest.WantStatus(t, coord.PostForm(newPath(emp), apptest.With(form, "datum", day(-1))), http.StatusSeeOther)
	if got := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", emp)).Doc(t).Find(".laatste-bezoek strong")); got != "Laatste bezoek: "+dutch(-1) {
		t.Errorf("last visit %q", got)
	}
}

// visitCase is one invalid input: mutate changes a valid form, key is the
// element id (without f-) where the message must show.
type visitCase struct {
	name, key, want string
	mutate          func(v url.Values)
	rows            bool // only the new form has follow-up rows
}

func set(field, value string) func(url.Values) {
	return func(v url.Values) { v.Set(field, value) }
}

// rows sets the three follow-up rows; row 1 is valid, so a bad row 0 or
// 2 must refuse the whole visit.
func rows(desc0, owner0, due0, owner2 string, valid int64) func(url.Values) {
	return func(v url.Values) {
		v["opvolging_omschrijving"] = []string{desc0, "Geldige opvolging", "Nog een"}
		v["opvolging_eigenaar"] = []string{owner0, apptest.ID(valid), owner2}
		v["opvolging_datum"] = []string{due0, day(7), day(8)}
	}
}

// TestVisitValidation posts the forms with one bad field at a time: 422,
// the Dutch message next to that field (and no other) and in the summary,
// the input kept, and nothing stored: no visit, no follow-up, no audit.
func TestVisitValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	emp, other := member(t, env, net1, 1), member(t, env, net1, 3)
	me := userID(t, env, apptest.Coordinator)
	foreign, board := apptest.ID(userID(t, env, apptest.Coordinator2)), apptest.ID(userID(t, env, apptest.Bestuur))
	gone := insertContact(t, env, emp, "Al Vertrokken")
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date WHERE id = $1`, gone)
	elsewhere := activeContacts(t, env, other)[0]
	visit := insertVisit(t, env, emp, "bezoek", 20, me)

	long := func(n int) string { return strings.Repeat("x", n) }
	cases := []visitCase{
		{name: "geen soort", key: "soort", want: "Kies of het een bezoek, een telefoongesprek of een online gesprek was.", mutate: set("soort", "")},
		{name: "onbekende soort", key: "soort", want: "Kies of het een bezoek", mutate: set("soort", "vergadering")},
		{name: "geen datum", key: "datum", want: "Vul de datum van het bezoek of gesprek in.", mutate: set("datum", "")},
		{name: "datum verkeerd geschreven", key: "datum", want: "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", mutate: set("datum", "31-12-2025")},
		{name: "datum in de toekomst", key: "datum", want: "Deze datum ligt in de toekomst.", mutate: set("datum", day(2))},
		{name: "datum voor 2000", key: "datum", want: "Deze datum ligt te ver terug.", mutate: set("datum", "1999-12-31")},
		{name: "niemand", key: "wie", want: "Kies wie er namens het netwerk bij was, of vul een naam in bij Anderen.",
			mutate: func(v url.Values) { v.Del("wie"); v.Set("anderen", "") }},
		{name: "coördinator van een ander netwerk", key: "wie", want: "Een van de gekozen collega's werkt niet (meer) in dit netwerk.", mutate: set("wie", foreign)},
		{name: "bestuur ging mee", key: "wie", want: "Een van de gekozen collega's werkt niet (meer) in dit netwerk.", mutate: set("wie", board)},
		{name: "wie onleesbaar", key: "wie", want: "Een van de gekozen collega's", mutate: set("wie", "abc")},
		{name: "anderen te lang", key: "anderen", want: "Vul bij Anderen hoogstens 300 tekens in.", mutate: set("anderen", long(301))},
		{name: "contact van een andere werkgever", key: "contactpersonen", want: "Een van de gekozen contactpersonen werkt niet (meer) bij deze werkgever.",
			mutate: set("contactpersonen", apptest.ID(elsewhere))},
		{name: "vertrokken contact", key: "contactpersonen", want: "Een van de gekozen contactpersonen werkt niet (meer)", mutate: set("contactpersonen", apptest.ID(gone))},
		{name: "notities te lang", key: "notities", want: "De notities mogen hoogstens 10000 tekens hebben.", mutate: set("notities", long(10001))},
		{name: "afspraken te lang", key: "afspraken", want: "De afspraken mogen hoogstens 4000 tekens hebben.", mutate: set("afspraken", long(4001))},
		{name: "opvolging zonder omschrijving", key: "opvolging_omschrijving-0", want: "Vul in wat er moet gebeuren.", rows: true,
			mutate: rows("", apptest.ID(me), day(7), apptest.ID(me), me)},
		{name: "opvolging te lang", key: "opvolging_omschrijving-0", want: "De omschrijving mag hoogstens 1000 tekens hebben.", rows: true,
			mutate: rows(long(1001), apptest.ID(me), day(7), apptest.ID(me), me)},
		{name: "eigenaar van een ander netwerk", key: "opvolging_eigenaar-0", want: "Kies wie dit oppakt: een coördinator of beheerder van dit netwerk.", rows: true,
			mutate: rows("Bellen", foreign, day(7), apptest.ID(me), me)},
		{name: "eigenaar uit het bestuur", key: "opvolging_eigenaar-2", want: "Kies wie dit oppakt", rows: true,
			mutate: rows("Bellen", apptest.ID(me), day(7), board, me)},
		{name: "geen eigenaar", key: "opvolging_eigenaar-0", want: "Kies wie dit oppakt", rows: true, mutate: rows("Bellen", "", day(7), apptest.ID(me), me)},
		{name: "opvolging zonder datum", key: "opvolging_datum-0", want: "Vul in wanneer dit klaar moet zijn.", rows: true,
			mutate: rows("Bellen", apptest.ID(me), "", apptest.ID(me), me)},
		{name: "opvolgdatum verkeerd geschreven", key: "opvolging_datum-0", want: "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", rows: true,
			mutate: rows("Bellen", apptest.ID(me), "01-01-2030", apptest.ID(me), me)},
		{name: "opvolgdatum voor het bezoek", key: "opvolging_datum-0", want: "Deze datum ligt voor de datum van het bezoek (" + dutch(-10) + ").", rows: true,
			mutate: func(v url.Values) {
				rows("Bellen", apptest.ID(me), day(-11), apptest.ID(me), me)(v)
				v.Set("datum", day(-10))
			}},
		{name: "opvolgdatum te ver weg", key: "opvolging_datum-0", want: "Deze datum ligt te ver in de toekomst.", rows: true,
			mutate: rows("Bellen", apptest.ID(me), day(4*366), apptest.ID(me), me)},
	}
	for _, path := range []string{newPath(emp), editPath(visit)} {
		base := apptest.FormOf(t, coord, path)
		for i, tc := range cases {
			if tc.rows && path != newPath(emp) {
				continue
			}
			label := path + " " + tc.name
			keepField, kept := "notities", fmt.Sprintf("Bewaard %d", i)
			if tc.key == keepField {
				keepField = "afspraken"
			}
			v := apptest.With(base, keepField, kept)
			tc.mutate(v)
			visits, followUps, audits := count(t, env, "visits"), count(t, env, "follow_ups"), count(t, env, "audit_log")
			res := coord.PostForm(path, v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", label, res.StatusCode)
				continue
			}
			doc := res.Doc(t)
			checkFieldError(t, doc, tc.key, tc.want)
			if got := fieldsWithErrors(doc); !slices.Equal(got, []string{tc.key}) {
				t.Errorf("%s: errors on %v, want only on %s", label, got, tc.key)
			}
			if got := doc.Find("#f-" + keepField).Text(); got != kept {
				t.Errorf("%s: %s shows %q, want %q kept", label, keepField, got, kept)
			}
			if tc.rows && doc.Find("#f-opvolging_omschrijving-1").AttrOr("value", "") != "Geldige opvolging" {
				t.Errorf("%s: the valid row is not shown again", label)
			}
			if !strings.HasPrefix(doc.Find("title").Text(), "Fout:") {
				t.Errorf("%s: title %q", label, doc.Find("title").Text())
			}
			if count(t, env, "visits") != visits || count(t, env, "follow_ups") != followUps || count(t, env, "audit_log") != audits {
				t.Errorf("%s: something was stored", label)
			}
		}
	}

	// More than three follow-ups at once (only a hand-made post can).
	v := apptest.With(apptest.FormOf(t, coord, newPath(emp)))
	v["opvolging_omschrijving"] = []string{"a", "b", "c", "d"}
	v["opvolging_eigenaar"] = []string{apptest.ID(me), apptest.ID(me), apptest.ID(me), apptest.ID(me)}
	v["opvolging_datum"] = []string{day(1), day(1), day(1), day(1)}
	res := coord.PostForm(newPath(emp), v)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if doc := res.Doc(t); doc.Find(`.error-summary a[href="#f-opvolgingen"]`).Length() != 1 || doc.Find("#f-opvolgingen").Length() != 1 {
		t.Errorf("four follow-ups: %s", apptest.Text(doc.Find(".error-summary")))
	}
}

// TestStoreRefusesWholeVisit: the store checks the people, the contacts
// and every owner inside the transaction; one bad follow-up leaves no
// visit, no follow-up and no audit entry behind.
func TestStoreRefusesWholeVisit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := context.Background()
	store := visits.NewStore(env.Pool)
	net1 := networkAt(t, env, 1)
	emp := member(t, env, net1, 1)
	me, foreign := userID(t, env, apptest.Coordinator), userID(t, env, apptest.Coordinator2)
	valid := func() visits.VisitInput {
		return visits.VisitInput{EmployerID: emp, Kind: "bezoek", VisitedOn: time.Now().AddDate(0, 0, -1), UserIDs: []int64{me},
			ContactIDs: activeContacts(t, env, emp)[:1], FollowUps: []visits.FollowUpInput{
				{EmployerID: emp, Description: "Goed", OwnerID: me, DueOn: time.Now().AddDate(0, 0, 5), Row: 0},
				{EmployerID: emp, Description: "Fout", OwnerID: foreign, DueOn: time.Now().AddDate(0, 0, 5), Row: 2},
			}}
	}
	other := activeContacts(t, env, member(t, env, net1, 3))[0]
	checks := []struct {
		name   string
		change func(*visits.VisitInput)
		want   func(error) bool
	}{
		{"eigenaar van een ander netwerk", func(*visits.VisitInput) {}, func(err error) bool {
			var owner *visits.OwnerError
			return errors.As(err, &owner) && owner.Row == 2
		}},
		{"collega van een ander netwerk", func(in *visits.VisitInput) { in.UserIDs = []int64{foreign} },
			func(err error) bool { return errors.Is(err, visits.ErrPeopleInvalid) }},
		{"contact van een andere werkgever", func(in *visits.VisitInput) { in.ContactIDs = []int64{other} },
			func(err error) bool { return errors.Is(err, visits.ErrContactsInvalid) }},
	}
	for _, c := range checks {
		in := valid()
		c.change(&in)
		visitsBefore, followUps, audits := count(t, env, "visits"), count(t, env, "follow_ups"), count(t, env, "audit_log")
		if _, err := store.CreateVisit(ctx, net1, in); !c.want(err) {
			t.Errorf("%s: error %v", c.name, err)
		}
		if count(t, env, "visits") != visitsBefore || count(t, env, "follow_ups") != followUps || count(t, env, "audit_log") != audits {
			t.Errorf("%s: something was stored", c.name)
		}
	}
	in := valid()
	in.FollowUps = in.FollowUps[:1]
	vid, err := store.CreateVisit(ctx, net1, in)
	if err != nil {
		t.Fatal(err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM follow_ups WHERE visit_id = $1`, vid); n != 1 {
		t.Errorf("%d follow-ups with the valid visit", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE employer_id = $1 AND actor = 'Systeem'
		AND entity IN ('visit', 'follow_up')`, emp); n != 2 {
		t.Errorf("%d audit entries", n)
	}
}

// TestVersionConflict: two people edit the same visit; the second to save
// gets 409 with their input kept and the differences shown; saving again
// from there is deliberate.
func TestVersionConflict(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	first := env.Login(t, apptest.Coordinator)
	second := env.Login(t, apptest.Beheerder)
	emp := member(t, env, networkAt(t, env, 1), 1)
	visit := insertVisit(t, env, emp, "bezoek", 5, userID(t, env, apptest.Coordinator))
	path := editPath(visit)
	formA, formB := apptest.FormOf(t, first, path), apptest.FormOf(t, second, path)

	apptest.WantStatus(t, first.PostForm(path, apptest.With(formA, "notities", "Van de eerste")), http.StatusSeeOther)
	audits := count(t, env, "audit_log")
	res := second.PostForm(path, apptest.With(formB, "afspraken", "Van de tweede"))
	apptest.WantStatus(t, res, http.StatusConflict)
	doc := res.Doc(t)
	if got := doc.Find("#f-afspraken").Text(); got != "Van de tweede" {
		t.Errorf("conflict form shows afspraken %q, want the input kept", got)
	}
	notice := apptest.Text(doc.Find(".error-summary").First())
	if !strings.Contains(notice, "Iemand anders heeft dit bezoek intussen gewijzigd") || !strings.Contains(notice, "Corien de Vries") {
		t.Errorf("conflict notice %q", notice)
	}
	rows := map[string]string{}
	doc.Find(".error-summary tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rows[apptest.Text(tr.Find("th"))] = apptest.Text(tr.Find("td").Eq(0)) + " | " + apptest.Text(tr.Find("td").Eq(1))
	})
	if rows["Notities"] != "Van de eerste | Testbezoek" || rows["Afspraken"] != "– | Van de tweede" {
		t.Errorf("differences %v", rows)
	}
	if count(t, env, "audit_log") != audits {
		t.Errorf("refused save wrote the audit trail")
	}
	again := apptest.FormValues(doc, apptest.MainForm)
	if again.Get("versie") != "2" {
		t.Errorf("conflict form carries version %q, want 2", again.Get("versie"))
	}
	apptest.WantStatus(t, second.PostForm(path, again), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT notes || '/' || agreements || '/' || version FROM visits WHERE id = $1`, visit); got != "Testbezoek/Van de tweede/3" {
		t.Errorf("after the deliberate overwrite: %q", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'visit' AND entity_id = $1 AND action = 'gewijzigd'
		AND employer_id = $2`, visit, emp); n != 2 {
		t.Errorf("%d audit entries for the two edits", n)
	}
}

// TestEditKeepsWhoLeft: a contact met who has left since, and a colleague
// who no longer works in the network, stay on the visit; the form names
// them and saving keeps them. Nobody new from outside can be added.
func TestEditKeepsWhoLeft(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	emp := member(t, env, networkAt(t, env, 1), 1)
	left := insertContact(t, env, emp, "Vertrokken Collega")
	former := apptest.Scalar[int64](t, env, `INSERT INTO users (email, name, role, password_hash) VALUES ('oud@example.org', 'Oud Coördinator', 'coordinator', 'x') RETURNING id`)
	visit := insertVisit(t, env, emp, "bezoek", 40, userID(t, env, apptest.Coordinator), former)
	apptest.Exec(t, env, `INSERT INTO visit_contacts (visit_id, contact_id) VALUES ($1, $2)`, visit, left)
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date - 1 WHERE id = $1`, left)

	doc := coord.Get(editPath(visit)).Doc(t)
	if got := apptest.Text(doc.Find(fmt.Sprintf(`input[name=contactpersonen][value="%d"]`, left)).Parent()); !strings.Contains(got, "werkt er niet meer") {
		t.Errorf("the contact who left reads %q", got)
	}
	form := apptest.FormValues(doc, apptest.MainForm)
	if !slices.Contains(form["wie"], apptest.ID(former)) || !slices.Contains(form["contactpersonen"], apptest.ID(left)) {
		t.Errorf("edit form %v", form)
	}
	apptest.WantStatus(t, coord.PostForm(editPath(visit), apptest.With(form, "notities", "Aangevuld")), http.StatusSeeOther)
	if got := ids(t, env, `SELECT contact_id FROM visit_contacts WHERE visit_id = $1`, visit); !slices.Equal(got, []int64{left}) {
		t.Errorf("contacts after saving %v", got)
	}
	// On a new visit they are not offered, and posting them is refused.
	res := coord.PostForm(newPath(emp), apptest.With(apptest.FormOf(t, coord, newPath(emp)), "contactpersonen", apptest.ID(left), "wie", apptest.ID(former)))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if got := fieldsWithErrors(res.Doc(t)); !slices.Equal(got, []string{"wie", "contactpersonen"}) {
		t.Errorf("errors on %v", got)
	}
}
