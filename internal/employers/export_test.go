package employers_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/export"
)

// readCSV checks the download's form (BOM, ";", a file name, not cached)
// and returns its records.
func readCSV(t *testing.T, res *apptest.Response) [][]string {
	t.Helper()
	recs := apptest.CSV(t, res)
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("content disposition %q", cd)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("cache control %q", res.Header.Get("Cache-Control"))
	}
	return recs
}

func TestEmployerListDownloads(t *testing.T) {
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	emp, network := env.EmployerOf(t, 1, "lid")
	netName := apptest.Scalar[string](t, pool, `SELECT name FROM networks WHERE id = $1`, network)
	apptest.Exec(t, pool, `UPDATE employers SET name = '=HYPERLINK("http://kwaad.example","klik")', kvk_number = '00098765',
		member_since = '2019-03-01' WHERE id = $1`, emp)
	insertContact(t, pool, emp, "@Kwaadwillend Contact")

	// The list's filters apply: status lid, in the coordinator's network.
	want := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers WHERE network_id = $1 AND status = 'lid'`, network)
	list := coord.Get("/werkgevers?status=lid&sorteer=gewijzigd")
	if list.StatusCode != 200 {
		t.Fatalf("list: %d", list.StatusCode)
	}
	doc := list.Doc(t)
	for _, href := range []string{"/werkgevers/export.csv?sorteer=gewijzigd&status=lid", "/werkgevers/export.xlsx?sorteer=gewijzigd&status=lid",
		"/werkgevers/contactpersonen.csv?sorteer=gewijzigd&status=lid", "/werkgevers/contactpersonen.xlsx?sorteer=gewijzigd&status=lid"} {
		if doc.Find(`a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("list page lacks a link to %s", href)
		}
	}

	recs := readCSV(t, coord.Get("/werkgevers/export.csv?status=lid"))
	header := recs[0]
	for _, h := range []string{"Naam", "KvK-nummer", "Sector", "Aantal medewerkers", "Plaats", "Postcode", "Arbeidsmarktregio",
		"Netwerk", "Status", "Lid sinds", "Actieve contactpersonen"} {
		apptest.Column(t, header, h)
	}
	if len(recs)-1 != want {
		t.Errorf("%d rows, want %d", len(recs)-1, want)
	}
	status, net, name := apptest.Column(t, header, "Status"), apptest.Column(t, header, "Netwerk"), apptest.Column(t, header, "Naam")
	injected := false
	for _, r := range recs[1:] {
		if r[status] != "Lid" || r[net] != netName {
			t.Errorf("row outside the filter: %v", r)
		}
		if strings.Contains(r[name], "HYPERLINK") {
			injected = true
			if !strings.HasPrefix(r[name], "'=") {
				t.Errorf("formula not neutralised: %q", r[name])
			}
		}
	}
	if !injected {
		t.Error("the employer with a formula as name is missing")
	}

	// The .xlsx holds the same rows.
	res := coord.Get("/werkgevers/export.xlsx?status=lid")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != export.ContentTypeXLSX {
		t.Fatalf("xlsx: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet)
	if len(rows)-1 != want || strings.Join(rows[0], "|") != strings.Join(header, "|") {
		t.Errorf("xlsx: %d rows, header %v", len(rows)-1, rows[0])
	}
	// In the workbook: the same neutralising rule, dates as dates shown
	// the Dutch way, the KvK number as text with its zeros.
	for i, r := range rows {
		if len(r) <= name || !strings.Contains(r[name], "HYPERLINK") {
			continue
		}
		cell := func(col int) string { c, _ := excelize.CoordinatesToCellName(col+1, i+1); return c }
		if !strings.HasPrefix(r[name], "'=") {
			t.Errorf("xlsx: formula not neutralised: %q", r[name])
		}
		since := cell(apptest.Column(t, header, "Lid sinds"))
		shown, _ := f.GetCellValue(sheet, since)
		raw, _ := f.GetCellValue(sheet, since, excelize.Options{RawCellValue: true})
		if shown != "01-03-2019" || !export.IsDateSerial(raw, "2019-03-01") {
			t.Errorf("xlsx: lid sinds shown %q, stored %q: not the date 2019-03-01", shown, raw)
		}
		kvk := cell(apptest.Column(t, header, "KvK-nummer"))
		if v, _ := f.GetCellValue(sheet, kvk); v != "00098765" {
			t.Errorf("xlsx: KvK %q", v)
		}
		if typ, _ := f.GetCellType(sheet, kvk); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("xlsx: KvK is no text but %v", typ)
		}
	}
	f.Close()
	if i := apptest.Column(t, header, "Lid sinds"); !slices.ContainsFunc(recs[1:], func(r []string) bool { return r[i] == "2019-03-01" }) {
		t.Error("CSV: lid sinds is not ISO")
	}

	// Contacts: the active ones of the same employers, one row each.
	wantContacts := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND e.status = 'lid' AND (c.active_until IS NULL OR c.active_until > current_date)
		AND c.erased_at IS NULL`, network)
	recs = readCSV(t, coord.Get("/werkgevers/contactpersonen.csv?status=lid"))
	if len(recs)-1 != wantContacts {
		t.Errorf("%d contacts, want %d", len(recs)-1, wantContacts)
	}
	for _, h := range []string{"Werkgever", "Naam", "E-mailadres", "Telefoonnummer", "Functie", "Niveau"} {
		apptest.Column(t, recs[0], h)
	}
	found := false
	for _, r := range recs[1:] {
		if r[apptest.Column(t, recs[0], "Naam")] == "'@Kwaadwillend Contact" {
			found = true
		}
	}
	if !found {
		t.Error("contact with @ at the start not neutralised or missing")
	}

	// A search narrows the download like the list.
	recs = readCSV(t, coord.Get("/werkgevers/export.csv?q=HYPERLINK"))
	if len(recs) != 2 {
		t.Errorf("search: %d rows, want 1", len(recs)-1)
	}

	// Another network's coordinator gets none of these; bestuur reads all.
	other := readCSV(t, env.Login(t, apptest.Coordinator2).Get("/werkgevers/export.csv"))
	for _, r := range other[1:] {
		if r[net] == netName {
			t.Fatalf("coordinator of another network downloads %v", r)
		}
	}
	all := readCSV(t, env.Login(t, apptest.Bestuur).Get("/werkgevers/export.csv"))
	if total := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers`); len(all)-1 != total {
		t.Errorf("bestuur: %d rows, want %d", len(all)-1, total)
	}

	if res := coord.Get("/werkgevers/export.pdf"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown format: %d", res.StatusCode)
	}
	anon := env.Anonymous(t).Get("/werkgevers/export.csv")
	if anon.StatusCode != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/inloggen") {
		t.Errorf("anonymous: %d %q", anon.StatusCode, anon.Header.Get("Location"))
	}
}
