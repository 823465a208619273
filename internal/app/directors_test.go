package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestDirectorsSeeNoPersonalData: finding 9 (AVG data minimisation). The
// bestuur reads employers and figures, but not contacts' e-mail addresses
// and phone numbers, visit notes or referral questions, and downloads no
// list of people; coordinators and the beheerder see everything as before.
func TestDirectorsSeeNoPersonalData(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, phone, function, level) SELECT $1, 'Petra Persoonlijk',
		'petra.persoonlijk@example.org', '06-98765432', code, 'tactisch' FROM function_types LIMIT 1 RETURNING id`, employer)
	apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on, notes, agreements) VALUES ($1, 'bezoek', current_date,
		'Gevoelige bezoeknotitie', 'Vertrouwelijke afspraak') RETURNING id`, employer)
	partner := apptest.Scalar[int64](t, env, `SELECT id FROM partners ORDER BY id LIMIT 1`)
	referral := apptest.Scalar[int64](t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, question, referred_on, status)
		VALUES ($1, $2, $3, 'Persoonlijke verwijsvraag', current_date, 'open') RETURNING id`, employer, network, partner)
	event := apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 ORDER BY id LIMIT 1`, network)

	secrets := []string{"petra.persoonlijk@example.org", "06-98765432", "Gevoelige bezoeknotitie",
		"Vertrouwelijke afspraak", "Persoonlijke verwijsvraag"}
	pages := []string{fmt.Sprintf("/werkgevers/%d", employer), fmt.Sprintf("/verwijzingen/%d", referral),
		fmt.Sprintf("/partners/%d", partner)}
	downloads := []string{"/werkgevers/contactpersonen.csv", "/werkgevers/contactpersonen.xlsx",
		fmt.Sprintf("/bijeenkomsten/%d/deelnemers.csv", event), fmt.Sprintf("/bijeenkomsten/%d/deelnemers.xlsx", event)}

	board := env.Login(t, apptest.Bestuur)
	for _, p := range pages {
		res := board.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("bestuur %s: %d, want 200 (the page itself stays readable)", p, res.StatusCode)
		}
		for _, s := range secrets {
			if strings.Contains(res.Body, s) {
				t.Errorf("bestuur %s shows %q", p, s)
			}
		}
	}
	for _, d := range downloads {
		if res := board.Get(d); res.StatusCode != http.StatusForbidden {
			t.Errorf("bestuur %s: %d, want 403", d, res.StatusCode)
		}
	}
	if res := board.Get("/werkgevers"); strings.Contains(res.Body, "contactpersonen.csv") {
		t.Error("the employer list offers the bestuur a contact list")
	}
	for _, s := range []string{"/werkgevers/export.csv", "/dashboard"} {
		if res := board.Get(s); res.StatusCode != http.StatusOK {
			t.Errorf("bestuur %s: %d, want 200", s, res.StatusCode)
		}
	}

	for _, who := range []string{apptest.Coordinator, apptest.Beheerder} {
		c := env.Login(t, who)
		profile := c.Get(pages[0]).Body + c.Get(pages[1]).Body
		for _, s := range secrets {
			if !strings.Contains(profile, s) {
				t.Errorf("%s does not see %q", who, s)
			}
		}
		for _, d := range downloads {
			if res := c.Get(d); res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d, want 200", who, d, res.StatusCode)
			}
		}
	}
}

// TestDirectorsSeeNoContactDetailsInIntakesAndRecruitment: finding 9 on the
// pages built beside the employer profile. The bestuur reads an intake's
// review page and the recruitment pages without the contact's e-mail
// address and phone number, the proposed colleagues' addresses, or one
// typed into a text; a coordinator sees them all.
func TestDirectorsSeeNoContactDetailsInIntakesAndRecruitment(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	contact := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, phone, function, level) SELECT $1, 'Ilse Intake',
		'ilse.intake@example.org', '06-11223344', code, 'tactisch' FROM function_types LIMIT 1 RETURNING id`, employer)
	answers, _ := json.Marshal(map[string]map[string][]string{
		"5": {"collega_naam": {"Cor Collega"}, "collega_email": {"cor.collega@example.org"}, "collega_functie": {"hr"}},
		"7": {"verwachtingen": {"Bel mij op 0612345678 of mail verwacht@example.org"}},
	})
	intake := apptest.Scalar[int64](t, env, `INSERT INTO intakes (employer_id, year, status, contact_id, token_hash, expires_at, answers, submitted_at)
		VALUES ($1, 2020, 'ingediend', $2, sha256(gen_random_uuid()::text::bytea), now() + interval '30 days', $3, now())
		RETURNING id`, employer, contact, answers)
	prospect := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_name, contact_email, contact_phone, hopes, next_step)
		VALUES ($1, 'Werf Werving BV', 'werf werving', 'eigen_aanmelding', 'Wim Werf', 'wim.werf@example.org', '020-5556677',
		'Mail hoop@example.org of bel 06 98 76 54 32', 'Bellen: 0612121212') RETURNING id`, network)

	secrets := []string{"ilse.intake@example.org", "cor.collega@example.org", "0612345678", "verwacht@example.org",
		"wim.werf@example.org", "020-5556677", "hoop@example.org", "06 98 76 54 32", "0612121212"}
	pages := []string{fmt.Sprintf("/intakes/%d/", intake), "/intakes/", "/werving/", "/werving/lijst",
		fmt.Sprintf("/werving/%d/", prospect), fmt.Sprintf("/netwerken/%d/wensprofiel", network)}
	visible := []string{"Ilse Intake", "Cor Collega", "Werf Werving BV", "Wim Werf"} // the rest stays

	board := env.Login(t, apptest.Bestuur)
	all := ""
	for _, p := range pages {
		res := board.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("bestuur %s: %d, want 200", p, res.StatusCode)
		}
		for _, s := range secrets {
			if strings.Contains(res.Body, s) {
				t.Errorf("bestuur %s shows %q", p, s)
			}
		}
		all += res.Body
	}
	for _, s := range visible {
		if !strings.Contains(all, s) {
			t.Errorf("bestuur does not see %q", s)
		}
	}

	c := env.Login(t, apptest.Coordinator)
	all = ""
	for _, p := range pages {
		all += c.Get(p).Body
	}
	for _, s := range secrets {
		if !strings.Contains(all, s) {
			t.Errorf("coordinator does not see %q", s)
		}
	}
}
