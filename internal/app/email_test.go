package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// smuggler is an address with a query: as a mailto link it adds a hidden
// BCC (finding 4 of the security review).
const smuggler = "info@example.org?bcc=spy%40evil.example&subject=x"

// TestEmailWithQueryRefused: the contact form, the partner form and the
// public intake (collega_email) refuse an address with a query, a display
// name or a second address, with a message next to the field, and store
// nothing of it.
func TestEmailWithQueryRefused(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := env.EmployerOf(t, 1, "lid")
	bad := []string{smuggler, "Jan <jan@example.org>", "jan@example.org,piet@example.org", "jan@exa mple.org"}
	for _, addr := range bad {
		res := coord.PostForm(fmt.Sprintf("/werkgevers/%d/contactpersonen/nieuw", employer), url.Values{"naam": {"Mail Smokkelaar"},
			"email": {addr}, "functie": {"hr"}, "niveau": {"tactisch"}, "actief_vanaf": {"2024-01-01"}})
		if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-email-error").Length() != 1 {
			t.Errorf("contact form with %q: status %d, or no message next to the field", addr, res.StatusCode)
		}
		res = coord.PostForm("/partners/nieuw", url.Values{"naam": {"Partner Smokkel"}, "soort": {"wsp"}, "email": {addr}})
		if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-email-error").Length() != 1 {
			t.Errorf("partner form with %q: status %d, or no message next to the field", addr, res.StatusCode)
		}
	}

	// An address stored before this check is shown, but never as a link.
	if _, err := env.Pool.Exec(context.Background(), `INSERT INTO contacts (employer_id, name, email, function, level)
		VALUES ($1, 'Oude Smokkelaar', $2, 'hr', 'tactisch')`, employer, smuggler); err != nil {
		t.Fatal(err)
	}
	if page := coord.Get(fmt.Sprintf("/werkgevers/%d", employer)); page.Doc(t).Find(`a[href^="mailto:info@example.org?"]`).Length() != 0 {
		t.Error("a stored address with a query is a mailto link on the profile")
	}

	token := intakeToken(t, env, coord)
	visitor := env.Anonymous(t)
	res := visitor.PostForm("/intake/"+token+"/stap/5", url.Values{"actie": {"volgende"},
		"deelnemer_naam": {"Piet Bos"}, "deelnemer_functie": {"directie"}, "deelnemer_niveau": {"strategisch"},
		"collega_naam": {"Sanne de Wit"}, "collega_email": {smuggler}, "collega_functie": {"hr"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Vul een e-mailadres in") {
		t.Errorf("intake with a smuggling colleague address: status %d", res.StatusCode)
	}
	var n int
	env.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM contacts WHERE email LIKE '%evil.example%' AND name <> 'Oude Smokkelaar')
		+ (SELECT count(*) FROM partners WHERE email LIKE '%evil.example%')
		+ (SELECT count(*) FROM intakes WHERE answers::text LIKE '%evil.example%')
		+ (SELECT count(*) FROM mail_outbox WHERE to_addr LIKE '%evil.example%' OR cc_addr LIKE '%evil.example%')`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d records hold the smuggling address", n)
	}
}
