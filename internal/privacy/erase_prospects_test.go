package privacy_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// TestProspectsInPrivacy: a prospect's personal data is found by e-mail
// address and erased on request (also from the audit trail and the rest of
// the database), the retention list holds the prospects that dropped out a
// year ago or were left alone for the retention period, and a contact's
// access export and erasure cover the prospects with their address.
func TestProspectsInPrivacy(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	const wilma, wilmaMail, wilmaPhone = "Wilma Wisverzoek", "wilma@wis.example", "06 11223344"
	p1 := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_name, contact_email,
		contact_phone, hopes, consent_text, consent_at) VALUES ($1, 'Wisbedrijf', 'wisbedrijf', 'eigen_aanmelding', $2, $3, $4,
		'Bel ' || $2 || ' op ' || $4, 'Ik geef toestemming', now()) RETURNING id`, network, wilma, wilmaMail, wilmaPhone)
	// An edit through the page puts the address in the audit trail.
	coord := env.Login(t, apptest.Coordinator)
	apptest.WantStatus(t, coord.PostForm("/werving/"+apptest.ID(p1)+"/wijzigen", url.Values{"versie": {"1"}, "organisatie": {"Wisbedrijf"},
		"naam": {wilma}, "email": {wilmaMail}, "telefoon": {wilmaPhone}, "bron": {"eigen_aanmelding"}, "hoopt": {"Kennis"}}), http.StatusSeeOther)
	due := func(name, stage string, ago string) int64 {
		reason := any(nil)
		if stage == "afgevallen" {
			reason = "geen_match"
		}
		return apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, stage, drop_reason,
			contact_name, contact_email, updated_at) VALUES ($1, $2, lower($2), 'anders', $3, $4, 'Contact ' || $2,
			lower($2) || '@oud.example', now() - $5::interval) RETURNING id`, network, name, stage, reason, ago)
	}
	dropped := due("Afgevallen Oud", "afgevallen", "13 months")
	young := due("Benaderd Jaar", "benaderd", "13 months")
	stale := due("Benaderd Oud", "benaderd", "25 months")
	member := due("Lid Oud", "lid", "5 years")

	admin := env.Login(t, apptest.Beheerder)
	doc := admin.Get("/privacy?q=" + url.QueryEscape(wilmaMail)).Doc(t)
	if found := apptest.Text(doc.Find("#werving-gevonden ~ form").First().Find("tbody")); !strings.Contains(found, wilmaMail) {
		t.Errorf("the search does not find the prospect: %q", found)
	}
	var listed []string
	doc.Find(`input[name=prospect][id^=bewaartermijn-]`).Each(func(_ int, s *goquery.Selection) { listed = append(listed, s.AttrOr("value", "")) })
	for id, want := range map[int64]bool{stale: true, dropped: true, young: false, member: false, p1: false} {
		if slices.Contains(listed, apptest.ID(id)) != want {
			t.Errorf("retention list %v: %d listed is not %v", listed, id, want)
		}
	}

	// Access for someone who is only a prospect's contact: the row, with
	// the consent, and its audit trail, linked from the search result.
	if doc.Find(`a[href="/privacy/werving/`+apptest.ID(p1)+`.json"]`).Length() != 1 {
		t.Error("the search result does not link to the prospect's export")
	}
	export := admin.Get("/privacy/werving/" + apptest.ID(p1) + ".json")
	apptest.WantStatus(t, export, http.StatusOK)
	for _, want := range []string{`"email": "` + wilmaMail + `"`, `"toestemming": "Ik geef toestemming"`, `"handeling": "gewijzigd"`} {
		if !strings.Contains(export.Body, want) {
			t.Errorf("the prospect's export lacks %s: %s", want, export.Body)
		}
	}
	apptest.WantStatus(t, coord.Get("/privacy/werving/"+apptest.ID(p1)+".json"), http.StatusForbidden)

	// A request: without the confirmation nothing happens.
	res := admin.PostForm("/privacy/werving/wissen", url.Values{"prospect": {apptest.ID(p1)}, "soort": {"verzoek"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Vink aan dat u de gekozen gegevens uit de werving wilt wissen") {
		t.Error("no message without the confirmation")
	}
	apptest.WantStatus(t, admin.PostForm("/privacy/werving/wissen", url.Values{"prospect": {apptest.ID(p1)}, "soort": {"verzoek"},
		"bevestig": {"ja"}}), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT concat_ws('|', name, contact_name, contact_email, contact_phone, hopes, consent_text,
		consent_at IS NOT NULL, erased_at IS NOT NULL) FROM prospects WHERE id = $1`, p1); got != "Wisbedrijf|||||[verwijderd]|t|t" {
		t.Errorf("after the request: %q", got)
	}
	for _, v := range []string{wilma, wilmaMail, wilmaPhone} {
		if h := hits(t, env.Pool, v); len(h) > 0 {
			t.Errorf("%q still in %v", v, h)
		}
	}

	// Retention: only the due ones, with their name.
	apptest.WantStatus(t, admin.PostForm("/privacy/werving/wissen", url.Values{"prospect": {apptest.ID(dropped), apptest.ID(young),
		apptest.ID(stale), apptest.ID(member)}, "soort": {"bewaartermijn"}, "bevestig": {"ja"}}), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT string_agg(name || ':' || (erased_at IS NOT NULL)::text || ':' || contact_email, ',' ORDER BY id)
		FROM prospects WHERE id = ANY($1)`, []int64{dropped, young, stale, member}); got !=
		"Verwijderde werkgever:true:,Benaderd Jaar:false:benaderd jaar@oud.example,Verwijderde werkgever:true:,Lid Oud:false:lid oud@oud.example" {
		t.Errorf("after the retention erasure: %q", got)
	}

	// A contact's access export lists the prospect with their address, and
	// erasing the contact erases it.
	contact := apptest.Scalar[int64](t, env, `SELECT id FROM contacts WHERE employer_id = $1 AND email <> '' AND erased_at IS NULL
		ORDER BY id LIMIT 1`, employer)
	mail := apptest.Scalar[string](t, env, `SELECT email FROM contacts WHERE id = $1`, contact)
	p6 := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_name, contact_email)
		VALUES ($1, 'Tweede Vestiging', 'tweede vestiging', 'lid', 'Iemand', upper($2)) RETURNING id`, network, mail)
	subject := admin.Get("/privacy/contactpersonen/" + apptest.ID(contact) + ".json").Body
	if !strings.Contains(subject, `"werving": [`) || !strings.Contains(subject, `"organisatie": "Tweede Vestiging"`) {
		t.Errorf("the access export lacks the prospect: %s", subject)
	}
	apptest.WantStatus(t, admin.PostForm("/privacy/contactpersonen/"+apptest.ID(contact)+"/wissen", url.Values{"bevestig": {"ja"}}), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT contact_email || ':' || (erased_at IS NOT NULL)::text FROM prospects WHERE id = $1`, p6); got != ":true" {
		t.Errorf("the contact's prospect after the erasure: %q", got)
	}
}
