package privacy_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestMembersPageDataInExportAndErasure: what the members' page keeps
// about a contact (consent to Vraag en aanbod, introductions, proposed
// corrections, the mailings opt-out) is in the access export, and erasing
// the contact empties the introduction's message and closes the consent.
func TestMembersPageDataInExportAndErasure(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	other := apptest.Scalar[int64](t, env, `SELECT id FROM employers WHERE network_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, network, employer)
	contact := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level, mailings_opted_out_at)
		VALUES ($1, 'Lid Privacytest', 'lid@privacytest.example', 'hr', 'tactisch', now()) RETURNING id`, employer)
	apptest.Exec(t, env, `INSERT INTO member_exchange_consents (contact_id, given_at, revoked_at) VALUES ($1, now() - interval '2 days', now() - interval '1 day')`, contact)
	apptest.Exec(t, env, `INSERT INTO member_exchange_consents (contact_id) VALUES ($1)`, contact)
	apptest.Exec(t, env, `INSERT INTO member_introductions (network_id, requester_contact_id, requester_employer_id, target_employer_id, message)
		VALUES ($1, $2, $3, $4, 'Groet van Lid Privacytest, bel 06-11223344')`, network, contact, employer, other)
	apptest.Exec(t, env, `INSERT INTO profile_change_requests (employer_id, contact_id, field, proposed, changes) VALUES ($1, $2, 'website', '{}', '{}')`, employer, contact)

	admin := env.Login(t, apptest.Beheerder)
	path := fmt.Sprintf("/privacy/contactpersonen/%d", contact)
	res := admin.Get(path + ".json")
	apptest.WantStatus(t, res, http.StatusOK)
	var sub struct {
		Members struct {
			Consents      []map[string]any `json:"vraag_en_aanbod_toestemmingen"`
			Introductions []struct {
				Role    string `json:"rol"`
				Message string `json:"bericht"`
			} `json:"kennismakingen"`
			Changes  []map[string]any `json:"voorgestelde_wijzigingen"`
			OptedOut *string          `json:"geen_mailings_sinds"`
		} `json:"ledenpagina"`
	}
	if err := json.Unmarshal([]byte(res.Body), &sub); err != nil {
		t.Fatal(err)
	}
	m := sub.Members
	if len(m.Consents) != 2 || len(m.Introductions) != 1 || m.Introductions[0].Role != "aangevraagd" || len(m.Changes) != 1 || m.OptedOut == nil {
		t.Fatalf("export of the members' page: %+v", m)
	}

	if page := admin.Get(path); !strings.Contains(page.Body, "Vraag en aanbod: toestemming sinds") || !strings.Contains(page.Body, "Kennismaking (aangevraagd)") {
		t.Error("the access page does not show the members' page data")
	}
	apptest.WantStatus(t, admin.PostForm(path+"/wissen", url.Values{"bevestig": {"ja"}}), http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_introductions WHERE requester_contact_id = $1 AND message = ''`, contact); n != 1 {
		t.Error("the introduction's message survived the erasure")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_exchange_consents WHERE contact_id = $1 AND revoked_at IS NULL`, contact); n != 0 {
		t.Error("an erased contact still consents to be shown")
	}
}
