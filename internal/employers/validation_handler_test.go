package employers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
)

// fieldCase is one invalid value for one field.
type fieldCase struct {
	field, value, want string
	keep               bool // the re-rendered form shows the value as typed
}

// TestEmployerFormValidation posts the profile form with one bad field at a
// time: 422, the Dutch message next to that field (and no other), the input
// kept, and nothing changed in the database.
func TestEmployerFormValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	admin := env.Login(t, apptest.Beheerder)
	id, network := env.EmployerOf(t, 1, "")
	// Another employer of the same network holds a KvK number.
	otherID := apptest.Scalar[int64](t, pool, `SELECT id FROM employers WHERE network_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, network, id)
	otherName := employerName(t, pool, otherID)
	apptest.Exec(t, pool, `UPDATE employers SET kvk_number = NULL WHERE kvk_number = '87654321'`)
	apptest.Exec(t, pool, `UPDATE employers SET kvk_number = '87654321' WHERE id = $1`, otherID)

	tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	cases := []fieldCase{
		{"naam", "", "Vul de naam van de werkgever in.", true},
		{"naam", "  \t ", "Vul de naam van de werkgever in.", false},
		{"naam", strings.Repeat("x", 201), "De naam mag hoogstens 200 tekens hebben.", true},
		{"kvk", "1234567", "Een KvK-nummer bestaat uit precies 8 cijfers", true},
		{"kvk", "123456789", "Een KvK-nummer bestaat uit precies 8 cijfers", true},
		{"kvk", "1234567a", "Een KvK-nummer bestaat uit precies 8 cijfers", true},
		{"kvk", "87654321", "Dit KvK-nummer is al in gebruik bij " + otherName, true},
		{"kvk", "8765 4321", "Dit KvK-nummer is al in gebruik bij " + otherName, false},
		{"postcode", "0123 AB", "Vul een postcode in als 1234 AB", true},
		{"postcode", "1234 SA", "Vul een postcode in als 1234 AB", true},
		{"postcode", "1234 sd", "Vul een postcode in als 1234 AB", true},
		{"postcode", "1234 A", "Vul een postcode in als 1234 AB", true},
		{"postcode", "12345", "Vul een postcode in als 1234 AB", true},
		{"medewerkers", "-1", "Vul het aantal medewerkers in als een heel getal van 0 of meer.", true},
		{"medewerkers", "abc", "Vul het aantal medewerkers in als een heel getal van 0 of meer.", true},
		{"medewerkers", "1,5", "Vul het aantal medewerkers in als een heel getal van 0 of meer.", true},
		{"medewerkers", "99999999999999999999", "Vul het aantal medewerkers in als een heel getal van 0 of meer.", true},
		{"adres", strings.Repeat("a", 201), "Het adres mag hoogstens 200 tekens hebben.", true},
		{"plaats", strings.Repeat("p", 101), "De plaatsnaam mag hoogstens 100 tekens hebben.", true},
		{"status", "opgeheven", "Kies een status.", false},
		{"status", "", "Kies een status.", false},
		{"status_datum", "31-12-2024", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", true},
		{"status_datum", tomorrow, "De datum van de statuswijziging kan niet in de toekomst liggen.", true},
		{"status_datum", "1850-01-01", "Deze datum ligt te ver terug.", true},
		{"sector", "999999", "Kies een sector uit de lijst.", false},
		{"sector", "abc", "Kies een sector uit de lijst.", false},
		{"regio", "999999", "Kies een arbeidsmarktregio uit de lijst.", false},
		{"volwassenheid", "-3", "Kies een niveau uit de lijst.", false},
		{"tags", "999999", "Een van de gekozen onderwerpen bestaat niet (meer).", false},
		{"uitdagingen_toelichting", strings.Repeat("u", 4001), "Deze toelichting mag hoogstens 4000 tekens hebben.", true},
		{"notities", strings.Repeat("n", 10001), "De notities mogen hoogstens 10.000 tekens hebben.", true},
	}
	path := ePath(id, "/bewerken")
	base := formOf(t, coord, path)
	version := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id)
	for i, tc := range cases {
		label := fmt.Sprintf("%s=%.20q", tc.field, tc.value)
		keepField := "plaats"
		if tc.field == "plaats" {
			keepField = "adres"
		}
		kept := fmt.Sprintf("Bewaard %d", i)
		v := with(base, tc.field, tc.value, keepField, kept)
		before := auditRows(t, pool)
		res := coord.PostForm(path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", label, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		checkFieldError(t, doc, tc.field, tc.want)
		if got := fieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
			t.Errorf("%s: errors on %v, want only on %s", label, got, tc.field)
		}
		if doc.Find(".error-summary a[href='#f-"+tc.field+"']").Length() == 0 {
			t.Errorf("%s: the error summary does not link to the field", label)
		}
		if tc.keep {
			if got := valueOf(doc, tc.field); got != tc.value {
				t.Errorf("%s: form shows %.30q, want the input kept", label, got)
			}
		}
		if got := valueOf(doc, keepField); got != kept {
			t.Errorf("%s: %s shows %q, want %q kept", label, keepField, got, kept)
		}
		if !strings.HasPrefix(doc.Find("title").Text(), "Fout:") {
			t.Errorf("%s: title %q does not start with Fout:", label, doc.Find("title").Text())
		}
		if v := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id); v != version {
			t.Errorf("%s: employer saved (version %d -> %d)", label, version, v)
		}
		if n := auditRows(t, pool); n != before {
			t.Errorf("%s: audit trail written", label)
		}
	}

	// The network field: an administrator chooses it, and only from the list.
	res := admin.PostForm(path, with(base, "netwerk", "999999"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown network: %d", res.StatusCode)
	}
	checkFieldError(t, res.Doc(t), "netwerk", "Kies het netwerk van deze werkgever.")

	// A new employer without a name, with other fields typed: all kept.
	res = coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)}, "naam": {""},
		"plaats": {"Enschede"}, "postcode": {"7511ab"}, "status": {"lid"}, "medewerkers": {"12"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("new without a name: %d", res.StatusCode)
	}
	doc := res.Doc(t)
	checkFieldError(t, doc, "naam", "Vul de naam van de werkgever in.")
	for field, want := range map[string]string{"plaats": "Enschede", "postcode": "7511 AB", "status": "lid", "medewerkers": "12"} {
		if got := valueOf(doc, field); got != want {
			t.Errorf("new form: %s shows %q, want %q", field, got, want)
		}
	}
}

// TestEmployerFormNormalises checks what valid input is stored as.
func TestEmployerFormNormalises(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	apptest.Exec(t, pool, `UPDATE employers SET kvk_number = NULL WHERE kvk_number = '12345678'`)
	path := ePath(id, "/bewerken")
	// Control characters are refused (issue 13), next to their field, and
	// nothing is stored.
	v := with(formOf(t, coord, path), "naam", "  Bakkerij\x00 De\x07 Zon\x1b  ", "notities", "regel\x0c")
	res := coord.PostForm(path, v)
	if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-naam-error").Length() != 1 ||
		res.Doc(t).Find("#f-notities-error").Length() != 1 {
		t.Fatalf("control characters: %d, or no message next to naam and notities", res.StatusCode)
	}
	if got := res.Doc(t).Find("#f-naam").AttrOr("value", ""); got != "Bakkerij De Zon" {
		t.Errorf("the name is not kept, cleaned: %q", got)
	}
	v = with(formOf(t, coord, path), "naam", "  Bakkerij De Zon  ", "kvk", "1234 5678", "postcode", "7511ab",
		"medewerkers", "1.250", "notities", "regel één\r\nregel\ttwee")
	res = coord.PostForm(path, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.Body)
	}
	var name, kvk, postcode, notes string
	var count int
	if err := pool.QueryRow(t.Context(), `SELECT name, kvk_number, postcode, employee_count, notes FROM employers WHERE id = $1`, id).
		Scan(&name, &kvk, &postcode, &count, &notes); err != nil {
		t.Fatal(err)
	}
	want := []any{"Bakkerij De Zon", "12345678", "7511 AB", 1250, "regel één\nregel\ttwee"}
	for i, got := range []any{name, kvk, postcode, count, notes} {
		if got != want[i] {
			t.Errorf("stored %q, want %q", got, want[i])
		}
	}
	// Clearing optional fields stores nothing rather than empty text.
	res = coord.PostForm(path, with(formOf(t, coord, path), "kvk", " ", "postcode", "", "medewerkers", ""))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear: %d", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers WHERE id = $1 AND kvk_number IS NULL AND postcode IS NULL AND employee_count IS NULL`, id); n != 1 {
		t.Errorf("cleared fields not stored as NULL")
	}
}

// TestContactFormValidation does the same for the contact forms.
func TestContactFormValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	contact := insertContact(t, pool, id, "Karin Smit")

	cases := []fieldCase{
		{"naam", "", "Vul de naam van de contactpersoon in.", true},
		{"naam", strings.Repeat("k", 121), "De naam mag hoogstens 120 tekens hebben.", true},
		{"email", "jan@", "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.", true},
		{"email", "jan de vries@voorbeeld.nl", "Vul een geldig e-mailadres in", true},
		{"email", "jan@voorbeeld", "Vul een geldig e-mailadres in", true},
		// Refused by the input gate, shown next to the field all the same.
		{"email", "jan@voorbeeld.nl\x00", "Dit veld bevat een nul-teken.", false},
		{"email", "jan@voor\nbeeld.nl", "Vul een geldig e-mailadres in", false},
		{"telefoon", "bel me", "Vul een telefoonnummer in", true},
		{"functie", "ceo", "Kies de functie van de contactpersoon.", false},
		{"functie", "", "Kies de functie van de contactpersoon.", false},
		{"functietitel", strings.Repeat("f", 121), "De functietitel mag hoogstens 120 tekens hebben.", true},
		{"niveau", "hoog", "Kies het niveau", false},
		{"actief_vanaf", "01-02-2024", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", true},
		{"actief_vanaf", "2999-01-01", "Deze datum ligt te ver in de toekomst.", true},
		{"actief_vanaf", "1900-01-01", "Deze datum ligt te ver terug.", true},
	}
	base := url.Values{"naam": {"Nieuwe Naam"}, "email": {"nieuw@example.org"}, "telefoon": {"06-12345678"},
		"functie": {"hr"}, "functietitel": {"HR-adviseur"}, "niveau": {"tactisch"}}
	contacts := func() int {
		return apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM contacts WHERE employer_id = $1`, id)
	}
	editPath := cPath(id, contact, "/bewerken")
	editBase := formOf(t, coord, editPath)
	for _, form := range []struct {
		path string
		base url.Values
	}{{ePath(id, "/contactpersonen/nieuw"), base}, {editPath, editBase}} {
		for i, tc := range cases {
			label := fmt.Sprintf("%s %s=%.20q", form.path, tc.field, tc.value)
			keepField := "functietitel"
			if tc.field == keepField {
				keepField = "telefoon"
			}
			kept := fmt.Sprintf("Bewaard %d", i)
			if keepField == "telefoon" {
				kept = fmt.Sprintf("06-1234567%d", i%10)
			}
			before, nContacts := auditRows(t, pool), contacts()
			res := coord.PostForm(form.path, with(form.base, tc.field, tc.value, keepField, kept))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", label, res.StatusCode)
				continue
			}
			doc := res.Doc(t)
			checkFieldError(t, doc, tc.field, tc.want)
			if got := fieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("%s: errors on %v, want only on %s", label, got, tc.field)
			}
			if tc.keep {
				if got := valueOf(doc, tc.field); got != tc.value {
					t.Errorf("%s: form shows %.30q, want the input kept", label, got)
				}
			}
			if got := valueOf(doc, keepField); got != kept {
				t.Errorf("%s: %s shows %q, want %q kept", label, keepField, got, kept)
			}
			if auditRows(t, pool) != before || contacts() != nContacts {
				t.Errorf("%s: something was saved", label)
			}
		}
	}
	// Broken UTF-8 in an address is no server error (lower-casing repairs it).
	if res := coord.PostForm(ePath(id, "/contactpersonen/nieuw"), with(base, "email", "j\xffn@voorbeeld.nl")); res.StatusCode >= 500 {
		t.Errorf("e-mail with broken UTF-8: %d", res.StatusCode)
	}
	if n := apptest.Scalar[string](t, pool, `SELECT name FROM contacts WHERE id = $1`, contact); n != "Karin Smit" {
		t.Errorf("contact changed to %q", n)
	}

	// Ending: the end date cannot lie before the start.
	endPath := cPath(id, contact, "/beeindigen")
	endBase := formOf(t, coord, endPath)
	start := apptest.Scalar[time.Time](t, pool, `SELECT active_from FROM contacts WHERE id = $1`, contact)
	for _, tc := range []fieldCase{
		{"einddatum", start.AddDate(0, 0, -1).Format("2006-01-02"), "De einddatum ligt voor de datum waarop deze contactpersoon begon (" + start.Format("02-01-2006") + ")", true},
		{"einddatum", "gisteren", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", true},
		{"einddatum", "2999-12-31", "Deze datum ligt te ver in de toekomst.", true},
	} {
		res := coord.PostForm(endPath, with(endBase, "einddatum", tc.value))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("end %q: %d, want 422", tc.value, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		checkFieldError(t, doc, "einddatum", tc.want)
		if got := valueOf(doc, "einddatum"); got != tc.value {
			t.Errorf("end %q: form shows %q", tc.value, got)
		}
	}
	if active := apptest.Scalar[bool](t, pool, `SELECT active_until IS NULL FROM contacts WHERE id = $1`, contact); !active {
		t.Errorf("contact ended by an invalid form")
	}
	// The start day itself is a valid last day.
	if res := coord.PostForm(endPath, with(endBase, "einddatum", start.Format("2006-01-02"))); res.StatusCode != http.StatusSeeOther {
		t.Errorf("end on the start day: %d", res.StatusCode)
	}
}

// TestHostileInput: oversized bodies, markup, control characters, bad ids.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	id, network := env.EmployerOf(t, 1, "")
	contact := insertContact(t, pool, id, "Piet Post")

	// A 2 MB body is refused with a friendly 413 page, never a 500, and
	// nothing is saved.
	big := strings.Repeat("x", 2<<20)
	editForm := formOf(t, coord, ePath(id, "/bewerken"))
	version := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id)
	for _, tc := range []struct {
		path string
		v    url.Values
	}{
		{ePath(id, "/bewerken"), with(editForm, "notities", big)},
		{"/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)}, "naam": {big}, "status": {"prospect"}}},
		{ePath(id, "/contactpersonen/nieuw"), url.Values{"naam": {big}, "functie": {"hr"}, "niveau": {"tactisch"}}},
		{cPath(id, contact, "/bewerken"), url.Values{"naam": {big}, "functie": {"hr"}, "niveau": {"tactisch"}}},
		{cPath(id, contact, "/beeindigen"), url.Values{"einddatum": {big}}},
		{"/inloggen", url.Values{"email": {big}, "wachtwoord": {"x"}}},
	} {
		res := coord.PostForm(tc.path, tc.v)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 2 MB: %d, want 413", tc.path, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		if !strings.Contains(doc.Find("h1").Text(), "Te veel gegevens") {
			t.Errorf("POST %s with 2 MB: not the friendly page: %q", tc.path, doc.Find("h1").Text())
		}
	}
	if v := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id); v != version {
		t.Errorf("oversized post saved the profile")
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM contacts WHERE employer_id = $1 AND name LIKE 'xxx%'`, id); n != 0 {
		t.Errorf("oversized post saved a contact")
	}

	// Markup in a name is shown as text everywhere, never run.
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)> & Zn`
	res := coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)}, "naam": {evil},
		"plaats": {"<b>Stad</b>"}, "status": {"prospect"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with markup: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	evilID, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/werkgevers/"), 10, 64)
	if got := employerName(t, pool, evilID); got != evil {
		t.Errorf("stored name %q, want it as typed", got)
	}
	res = coord.PostForm(ePath(evilID, "/contactpersonen/nieuw"), url.Values{"naam": {`<script>alert(2)</script>`},
		"functie": {"hr"}, "niveau": {"tactisch"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("contact with markup: %d", res.StatusCode)
	}
	for _, path := range []string{loc, ePath(evilID, "/bewerken"), "/werkgevers?q=" + url.QueryEscape("<script>")} {
		res := coord.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.StatusCode)
			continue
		}
		for _, bad := range []string{"<script>", "<img src=x", "<b>Stad"} {
			if strings.Contains(res.Body, bad) {
				t.Errorf("GET %s: page contains raw %q", path, bad)
			}
		}
		doc := res.Doc(t)
		if path == loc {
			if got := doc.Find("h1").Text(); got != evil {
				t.Errorf("profile heading %q, want the name as text", got)
			}
			if !strings.Contains(doc.Find("section[aria-labelledby=geschiedenis]").Text(), "<script>alert(2)</script>") {
				t.Errorf("history does not show the contact's name as text")
			}
		}
		// The portal's own scripts come from /static/; nothing else may run.
		if doc.Find(`script:not([src^="/static/"])`).Length() != 0 {
			t.Errorf("GET %s: a <script> element made it into the page", path)
		}
	}

	// Control characters and broken UTF-8 are refused by the input gate
	// (issue 13) with a message next to the field, not a server error, and
	// nothing is stored.
	res = coord.PostForm(ePath(id, "/contactpersonen/nieuw"), url.Values{"naam": {"Ans\x00 de\x1b Wit\x7f"},
		"functietitel": {"Direc\x08teur"}, "functie": {"directie"}, "niveau": {"strategisch"}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-naam-error").Length() != 1 {
		t.Fatalf("contact with control characters: %d, or no message next to the name", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM contacts WHERE employer_id = $1 AND name LIKE 'Ans%'`, id); n != 0 {
		t.Errorf("a contact with control characters was stored")
	}
	form := formOf(t, coord, ePath(id, "/bewerken"))
	res = coord.PostForm(ePath(id, "/bewerken"), with(form, "naam", "Caf\xe9 Centraal", "plaats", "Gr\xf6ningen"))
	if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find("#f-naam-error").Length() != 1 {
		t.Errorf("name with broken UTF-8: %d, want 422 next to the name", res.StatusCode)
	}
	for q, want := range map[string]int{"a\x00b": http.StatusBadRequest, "\xff\xfe": http.StatusBadRequest, "%_\\": http.StatusOK} {
		for _, key := range []string{"q", "grootte", "status", "sorteer", "pagina", "sector"} {
			path := "/werkgevers?" + key + "=" + url.QueryEscape(q)
			if res := coord.Get(path); res.StatusCode != want {
				t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
			}
		}
	}

	// Ids that are not numbers, or not there, are 404 on every route.
	for _, bad := range []string{"abc", "1x", "-1", "0", "99999999999999999999", "1.5", "%20"} {
		for _, path := range []string{"/werkgevers/" + bad, "/werkgevers/" + bad + "/bewerken",
			"/werkgevers/" + bad + "/contactpersonen/nieuw",
			ePath(id, "/contactpersonen/"+bad+"/bewerken"),
			ePath(id, "/contactpersonen/"+bad+"/beeindigen")} {
			if res := coord.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
			}
			if strings.HasSuffix(path, "/bewerken") || strings.HasSuffix(path, "/nieuw") || strings.HasSuffix(path, "/beeindigen") {
				if res := coord.PostForm(path, url.Values{"naam": {"x"}}); res.StatusCode != http.StatusNotFound {
					t.Errorf("POST %s: %d, want 404", path, res.StatusCode)
				}
			}
		}
	}
}

// TestKvKOfAnotherNetworkIsNotNamed: a KvK number held in another network is
// refused, without telling the coordinator who holds it there; a beheerder,
// who sees every network, is told.
func TestKvKOfAnotherNetworkIsNotNamed(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	admin := env.Login(t, apptest.Beheerder)
	own, _ := env.EmployerOf(t, 1, "")
	other, _ := env.EmployerOf(t, 2, "")
	otherName := employerName(t, pool, other)
	apptest.Exec(t, pool, `UPDATE employers SET kvk_number = NULL WHERE kvk_number = '55554444'`)
	apptest.Exec(t, pool, `UPDATE employers SET kvk_number = '55554444' WHERE id = $1`, other)

	path := ePath(own, "/bewerken")
	res := coord.PostForm(path, with(formOf(t, coord, path), "kvk", "55554444"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("coordinator: status %d, want 422", res.StatusCode)
	}
	checkFieldError(t, res.Doc(t), "kvk", "in gebruik bij een werkgever in een ander netwerk")
	if strings.Contains(res.Body, htmlEscape(otherName)) {
		t.Errorf("the coordinator's page names %q of another network", otherName)
	}
	res = admin.PostForm(path, with(formOf(t, admin, path), "kvk", "55554444"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("beheerder: status %d, want 422", res.StatusCode)
	}
	checkFieldError(t, res.Doc(t), "kvk", "Dit KvK-nummer is al in gebruik bij "+otherName)
}
