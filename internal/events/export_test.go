package events_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/export"
)

func TestEventDownloads(t *testing.T) {
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := network(t, env, 1), network(t, env, 2)

	// The past events of the coordinator's network, as the list shows them.
	want := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM events WHERE network_id = $1 AND ends_at < now()`, net1)
	list := coord.Get("/bijeenkomsten?wanneer=voorbij")
	apptest.WantStatus(t, list, http.StatusOK)
	if list.Doc(t).Find(`a[href="/bijeenkomsten/export.csv?wanneer=voorbij"]`).Length() != 1 {
		t.Error("list lacks the download link with its filter")
	}
	recs := apptest.CSV(t, coord.Get("/bijeenkomsten/export.csv?wanneer=voorbij"))
	if len(recs)-1 != want || want == 0 {
		t.Fatalf("%d rows, want %d", len(recs)-1, want)
	}
	h := recs[0]
	for _, name := range []string{"Begin", "Titel", "Netwerk", "Aangemeld", "Wachtlijst", "Afgemeld", "Aanwezig", "Afwezig", "Opkomst (%)"} {
		apptest.Column(t, h, name)
	}
	// The counts of the first row match the invitations.
	first := apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 AND ends_at < now() ORDER BY starts_at DESC, id DESC LIMIT 1`, net1)
	for name, status := range map[string]string{"Aanwezig": "aanwezig", "Afwezig": "afwezig", "Aangemeld": "aangemeld"} {
		n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM event_invitations WHERE event_id = $1 AND status = $2`, first, status)
		if got := recs[1][apptest.Column(t, h, name)]; got != fmt.Sprint(n) {
			t.Errorf("%s = %q, want %d", name, got, n)
		}
	}
	present := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM event_invitations WHERE event_id = $1 AND status = 'aanwezig'`, first)
	if present > 0 && recs[1][apptest.Column(t, h, "Opkomst (%)")] == "" {
		t.Error("no attendance rate for a past event with attendance")
	}

	// One neutralising rule, and moments as dates in the workbook.
	apptest.Exec(t, env, `UPDATE events SET title = '@SUM(1+1)*cmd' WHERE id = $1`, first)
	begin := apptest.Scalar[string](t, env, `SELECT to_char(starts_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI') FROM events WHERE id = $1`, first)
	recs = apptest.CSV(t, coord.Get("/bijeenkomsten/export.csv?wanneer=voorbij"))
	if recs[1][apptest.Column(t, h, "Titel")] != "'@SUM(1+1)*cmd" || recs[1][apptest.Column(t, h, "Begin")] != begin {
		t.Errorf("csv row %q, want title neutralised and begin %s", recs[1], begin)
	}
	x := coord.Get("/bijeenkomsten/export.xlsx?wanneer=voorbij")
	apptest.WantStatus(t, x, http.StatusOK)
	xf, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := xf.GetSheetList()[0]
	titleCell, _ := excelize.CoordinatesToCellName(apptest.Column(t, h, "Titel")+1, 2)
	if v, _ := xf.GetCellValue(sheet, titleCell); v != "'@SUM(1+1)*cmd" {
		t.Errorf("xlsx title %q", v)
	}
	raw, _ := xf.GetCellValue(sheet, "A2", excelize.Options{RawCellValue: true})
	shown, _ := xf.GetCellValue(sheet, "A2")
	if n, err := strconv.ParseFloat(raw, 64); err != nil || shown != begin[8:10]+"-"+begin[5:7]+"-"+begin[:4]+begin[10:] {
		t.Errorf("xlsx begin stored %q shown %q, want the moment %s as a date", raw, shown, begin)
	} else if d, _ := excelize.ExcelDateToTime(n, false); d.Format("2006-01-02 15:04") != begin {
		t.Errorf("xlsx begin is %v, want %s", d, begin)
	}
	xf.Close()

	// The invitations of one event, with a link on its page.
	page := coord.Get(fmt.Sprintf("/bijeenkomsten/%d", first))
	apptest.WantStatus(t, page, http.StatusOK)
	if page.Doc(t).Find(fmt.Sprintf(`a[href="/bijeenkomsten/%d/deelnemers.xlsx"]`, first)).Length() != 1 {
		t.Error("event page lacks the download link")
	}
	invs := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM event_invitations WHERE event_id = $1`, first)
	res := coord.Get(fmt.Sprintf("/bijeenkomsten/%d/deelnemers.xlsx", first))
	apptest.WantStatus(t, res, http.StatusOK)
	if res.Header.Get("Content-Type") != export.ContentTypeXLSX || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("headers %v", res.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	if len(rows)-1 != invs || rows[0][0] != "Naam" || apptest.Column(t, rows[0], "Ingecheckt om") < 0 {
		t.Errorf("%d rows (want %d), header %v", len(rows)-1, invs, rows[0])
	}
	recs = apptest.CSV(t, coord.Get(fmt.Sprintf("/bijeenkomsten/%d/deelnemers.csv", first)))
	if len(recs)-1 != invs {
		t.Errorf("csv: %d rows, want %d", len(recs)-1, invs)
	}

	// Scope as the pages: another network's event is not found; the
	// bestuur gets no list of people (AVG data minimisation, finding 9).
	otherEvent := apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 LIMIT 1`, net2)
	if res := coord.Get(fmt.Sprintf("/bijeenkomsten/%d/deelnemers.csv", otherEvent)); res.StatusCode != http.StatusNotFound {
		t.Errorf("other network's event: %d", res.StatusCode)
	}
	bestuur := env.Login(t, apptest.Bestuur)
	apptest.WantStatus(t, bestuur.Get(fmt.Sprintf("/bijeenkomsten/%d/deelnemers.csv", otherEvent)), http.StatusForbidden)
	all := apptest.CSV(t, bestuur.Get("/bijeenkomsten/export.csv?wanneer=voorbij"))
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM events WHERE ends_at < now()`); len(all)-1 != n {
		t.Errorf("bestuur: %d rows, want %d", len(all)-1, n)
	}
	anon := env.Anonymous(t).Get(fmt.Sprintf("/bijeenkomsten/%d/deelnemers.csv", first))
	if anon.StatusCode != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/inloggen") {
		t.Errorf("anonymous: %d", anon.StatusCode)
	}
	if res := coord.Get("/bijeenkomsten/export.json"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown format: %d", res.StatusCode)
	}
}
