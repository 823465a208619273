package dashboard_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// env is the portal on the hand-built data set with four users:
// a coordinator of A, a director of A and B, a director of C and the
// beheerder.
type env struct {
	*fixture
	app *apptest.Env
}

func newEnv(t *testing.T) *env {
	f := newFixture(t)
	f.addUser("coord-a@example.org", "coordinator", "Netwerk A")
	f.addUser("bestuur-ab@example.org", "bestuur", "Netwerk A", "Netwerk B")
	f.addUser("bestuur-c@example.org", "bestuur", "Netwerk C")
	f.addUser("admin@example.org", "beheerder")
	return &env{fixture: f, app: apptest.NewEmpty(t, f.pool)}
}

func (e *env) net(id int64) string { return strconv.FormatInt(id, 10) }

// fixedClient serves the dashboard's routes on fixedNow to a user of the
// given networks, without sessions: for checking figures on the page and
// in the downloads against the known answers.
func (e *env) fixedClient(t *testing.T, role string, nets ...int64) *apptest.Client {
	return serveDashboard(t, e.pool, func() time.Time { return fixedNow }, role, nets...)
}

// serveDashboard starts the dashboard's routes alone, with a clock and a
// signed-in user of the given role and networks.
func serveDashboard(t testing.TB, pool *pgxpool.Pool, now func() time.Time, role string, nets ...int64) *apptest.Client {
	return serveDashboardWith(t, pool, now, false, role, nets...)
}

// serveDashboardWith is serveDashboard, from background snapshots when
// snapshots is set (as the portal serves it).
func serveDashboardWith(t testing.TB, pool *pgxpool.Pool, now func() time.Time, snapshots bool, role string, nets ...int64) *apptest.Client {
	h := dashboard.NewHandler(dashboard.NewStore(pool).UseRecruitment(app.RecruitmentDashboard()), "http://portaal.test")
	if snapshots {
		h.UseSnapshots()
	}
	dashboard.SetClock(h, now)
	u := &identity.User{ID: 1, Name: "Test", Role: role}
	for _, n := range nets {
		var name string
		pool.QueryRow(context.Background(), `SELECT name FROM networks WHERE id = $1`, n).Scan(&name)
		u.Networks = append(u.Networks, identity.Network{ID: n, Name: name})
	}
	r := chi.NewRouter()
	r.Use(i18n.Middleware, web.StoreRequestURI, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(identity.With(r.Context(), u)))
		})
	})
	h.Routes(r)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return (&apptest.Env{Pool: pool, Server: srv}).Anonymous(t)
}

// rowText is the cells of a table row, each trimmed, joined by spaces.
func rowText(doc *goquery.Document, sel string) string {
	var cells []string
	doc.Find(sel).Find("th, td").Each(func(_ int, s *goquery.Selection) {
		cells = append(cells, strings.Join(strings.Fields(s.Text()), " "))
	})
	return strings.Join(cells, " ")
}

func options(res *apptest.Response, t *testing.T) []string {
	var out []string
	res.Doc(t).Find("#f-netwerk option").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

func TestDashboardAuthorization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coord := e.app.Login(t, "coord-a@example.org")
	res := coord.Get("/dashboard")
	if res.StatusCode != 200 || !strings.Contains(res.Doc(t).Find(".dash-scope").Text(), "Netwerk A") {
		t.Fatalf("coordinator's dashboard: %d %q", res.StatusCode, res.Doc(t).Find(".dash-scope").Text())
	}
	if n := res.Doc(t).Find("#f-netwerk").Length(); n != 0 {
		t.Error("a coordinator of one network gets a network choice")
	}
	if strings.Contains(res.Body, "Juliet") || strings.Contains(res.Body, "Hotel Formule") {
		t.Error("the coordinator of A sees members of B or C")
	}
	// Another network's id in the query: not found, for the page and the downloads.
	for _, p := range []string{"/dashboard?netwerk=" + e.net(e.netB), "/dashboard?netwerk=" + e.net(e.netC), "/dashboard?netwerk=abc",
		"/dashboard/tabel/leden.csv?netwerk=" + e.net(e.netC), "/dashboard/tabel/uitdagingen-en-aanbod.xlsx?netwerk=" + e.net(e.netB)} {
		if res := coord.Get(p); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Juliet") {
			t.Errorf("coordinator GET %s: %d", p, res.StatusCode)
		}
	}
	// Coordinators share one of their own networks for its board.
	if res := coord.Get("/dashboard/delen"); res.StatusCode != http.StatusOK {
		t.Errorf("coordinator GET /dashboard/delen: %d", res.StatusCode)
	}
	until := time.Now().AddDate(0, 0, 5).Format("2006-01-02")
	if res := coord.PostForm("/dashboard/delen", url.Values{"naam": {"x"}, "verloopt": {until}, "netwerk": {e.net(e.netB)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("coordinator shares another network: %d", res.StatusCode)
	}
	if res := coord.PostForm("/dashboard/delen", url.Values{"naam": {"x"}, "verloopt": {until}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("coordinator shares without a network: %d", res.StatusCode)
	}
	if res := coord.PostForm("/dashboard/delen", url.Values{"naam": {"Bestuur A"}, "verloopt": {until}, "netwerk": {e.net(e.netA)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("coordinator shares their network: %d", res.StatusCode)
	}
	var shared []int64
	if err := e.pool.QueryRow(e.ctx, `SELECT network_ids FROM dashboard_shares WHERE label = 'Bestuur A'`).Scan(&shared); err != nil || len(shared) != 1 || shared[0] != e.netA {
		t.Errorf("the coordinator's link covers %v (%v), want only A", shared, err)
	}

	// A director reads A and B, together or apart, never C.
	board := e.app.Login(t, "bestuur-ab@example.org")
	res = board.Get("/dashboard")
	if got := options(res, t); strings.Join(got, "|") != "Alle netwerken|Netwerk A|Netwerk B" {
		t.Errorf("director's network choice: %v", got)
	}
	if res := board.Get("/dashboard?netwerk=" + e.net(e.netB) + "&periode=12"); res.StatusCode != 200 || res.Doc(t).Find("#tabel-leden tbody tr").Length() != 12 {
		t.Errorf("director, network B, 12 quarters: %d", res.StatusCode)
	}
	if res := board.Get("/dashboard?netwerk=" + e.net(e.netC)); res.StatusCode != http.StatusNotFound {
		t.Errorf("director GET network C: %d", res.StatusCode)
	}
	// The dashboard has nothing to post to; a director changes nothing elsewhere either.
	for _, p := range []string{"/dashboard", "/dashboard/tabel/leden.csv"} {
		if res := board.PostForm(p, url.Values{}); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("director POST %s: %d", p, res.StatusCode)
		}
	}
	if res := board.PostForm(fmt.Sprintf("/werkgevers/%d/bewerken", e.emp["Alfa"]), url.Values{"naam": {"Overgenomen"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("director POST to an employer: %d", res.StatusCode)
	}

	// The beheerder sees every network.
	admin := e.app.Login(t, "admin@example.org")
	if got := options(admin.Get("/dashboard"), t); len(got) != 4 {
		t.Errorf("beheerder's network choice: %v", got)
	}
	// Without a session: to the sign-in page.
	if res := e.app.Anonymous(t).Get("/dashboard"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
		t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestDashboardPage checks that the page shows the fixture's figures, each
// with its definition, chart and table, and the warnings.
func TestDashboardPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	board := e.fixedClient(t, "bestuur", e.netA, e.netB)
	res := board.Get("/dashboard?netwerk=" + e.net(e.netA) + "&periode=4")
	doc := res.Doc(t)
	if doc.Find("section.dash-section").Length() != 10 { // eight, and recruitment's two
		t.Errorf("%d sections", doc.Find("section.dash-section").Length())
	}
	figures := doc.Find(".dash-figure")
	figures.Each(func(i int, s *goquery.Selection) {
		if s.Find("details.definition > summary").Length() != 1 || strings.TrimSpace(s.Find("details.definition p").Text()) == "" {
			t.Errorf("figure %s without a definition", s.AttrOr("id", ""))
		}
		if s.Find("table caption").Length() != 1 || s.Find(`a[href*="/tabel/"][href*=".csv"]`).Length() != 1 || s.Find(`a[href*=".xlsx"]`).Length() != 1 {
			t.Errorf("figure %s without a table and its downloads", s.AttrOr("id", ""))
		}
	})
	doc.Find("svg.chart").Each(func(_ int, s *goquery.Selection) {
		id := s.Find("title").AttrOr("id", "")
		if s.AttrOr("role", "") != "img" || id == "" || !strings.HasPrefix(s.AttrOr("aria-labelledby", ""), id) || s.Find("desc").Length() != 1 {
			t.Errorf("chart %s is not a labelled image", id)
		}
	})
	text := func(sel string) string {
		if strings.Contains(sel, " tr") {
			return rowText(doc, sel)
		}
		return strings.Join(strings.Fields(doc.Find(sel).Text()), " ")
	}
	for sel, want := range map[string]string{
		"#fig-leden .dash-stat":                                  "Nu 4 leden; in de periode kwamen er 4 bij en gingen er 2 weg.",
		"#fig-een-contact .dash-stat":                            "2 van de 4 leden (50%) hebben precies één actieve contactpersoon.",
		"#fig-directie .dash-stat":                               "2 van de 4 leden (50%) hebben een actieve contactpersoon uit de directie.",
		"#fig-sectoren .dash-stat":                               "Menging over sectoren: deels gemengd (0,58 op een schaal van 0 tot 1).",
		"#fig-intake .dash-stat":                                 "Van uitnodiging tot indienen duurde het in de helft van de gevallen 10,0 dagen of korter.",
		"#tabel-opkomst tbody tr:nth-child(1)":                   "K3 2025 0 0 0 0 – –",
		"#tabel-opkomst tbody tr:nth-child(2)":                   "K4 2025 1 5 4 3 75% 60%",
		"#tabel-plaatsingen tbody tr:nth-child(4)":               "K2 2026 0 – – – –",
		"#tabel-plaatsingen-per-werkgever tbody tr:nth-child(2)": "Bravo Netwerk A K1 2026 2 5,0 <5",
		"#tabel-uitdagingen-en-aanbod tbody tr:nth-child(1)":     "Passend werk maken (jobcarving) 3 Bravo; Delta; Golf 1 Alfa",
	} {
		if got := text(sel); got != want {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	if doc.Find(`#tabel-een-contactpersoon a[href="/werkgevers/`+strconv.FormatInt(e.emp["Bravo"], 10)+`"]`).Length() != 1 {
		t.Error("the fragile list does not link to the profile")
	}
	// Two of four members with one contact: the fragility warning is on top.
	if got := text(".dash-signals"); !strings.Contains(got, "Bij 50% van de leden hangt het lidmaatschap aan één persoon") {
		t.Errorf("signals: %q", got)
	}
}

func TestDownloads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	board := e.fixedClient(t, "bestuur", e.netA, e.netB)
	res := board.Get("/dashboard/tabel/plaatsingen-per-werkgever.csv?periode=4")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != dashboard.ContentTypeCSV ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `attachment; filename="dashboard-plaatsingen-per-werkgever-alle-netwerken-`) {
		t.Fatalf("CSV: %d %v", res.StatusCode, res.Header)
	}
	if !strings.HasPrefix(res.Body, "\ufeff") {
		t.Error("CSV without a byte order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Werkgever", "Netwerk", "Kwartaal", "Ambitie (banen)", "Gerealiseerd (banen)", "Mensen"},
		{"'=Hotel Formule", "Netwerk B", "K4 2025", "4", "<5", "5"},
		{"Alfa", "Netwerk A", "K1 2026", "15", "10,0", "10"},
		{"Bravo", "Netwerk A", "K1 2026", "2", "5,0", "<5"},
		{"Charlie", "Netwerk A", "K4 2025", "1", "0,0", "0"},
	}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("CSV:\n got %q\nwant %q", recs, want)
	}
	if !strings.Contains(res.Body, "\r\n") {
		t.Error("CSV lines do not end in CRLF")
	}

	// The same table as .xlsx, read back with excelize.
	res = board.Get("/dashboard/tabel/plaatsingen-per-werkgever.xlsx?periode=4")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != dashboard.ContentTypeXLSX {
		t.Fatalf("xlsx: %d %v", res.StatusCode, res.Header)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if sheets := x.GetSheetList(); len(sheets) != 1 || sheets[0] != "plaatsingen-per-werkgever" {
		t.Errorf("sheets %v", sheets)
	}
	rows, _ := x.GetRows("plaatsingen-per-werkgever")
	if len(rows) != 5 || rows[1][0] != "'=Hotel Formule" || rows[3][5] != "<5" || rows[2][4] != "10.0" || rows[2][5] != "10" {
		t.Errorf("xlsx rows: %q", rows)
	}
	if typ, _ := x.GetCellType("plaatsingen-per-werkgever", "F3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("people is not a number cell: %v", typ)
	}
	if f, _ := x.GetCellFormula("plaatsingen-per-werkgever", "A2"); f != "" {
		t.Errorf("a name became a formula: %q", f)
	}

	// Percentages are fractions in the workbook.
	res = board.Get("/dashboard/tabel/opkomst.xlsx?netwerk=" + e.net(e.netA) + "&periode=4")
	x2, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x2.Close()
	raw, _ := x2.GetCellValue("opkomst", "F3", excelize.Options{RawCellValue: true})
	shown, _ := x2.GetCellValue("opkomst", "F3")
	if raw != "0.75" || shown != "75%" {
		t.Errorf("attendance rate cell: raw %q shown %q", raw, shown)
	}

	for _, p := range []string{"/dashboard/tabel/onbekend.csv", "/dashboard/tabel/leden.pdf", "/dashboard/tabel/leden"} {
		if res := board.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

func TestShareLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	board := e.app.Login(t, "bestuur-ab@example.org")
	if res := board.Get("/dashboard/delen"); res.StatusCode != 200 || !strings.Contains(res.Body, "Netwerk A, Netwerk B") {
		t.Fatalf("share page: %d", res.StatusCode)
	}
	today := time.Now().In(ams)
	bad := map[string]url.Values{
		"no label":       {"naam": {" "}, "verloopt": {today.AddDate(0, 0, 7).Format("2006-01-02")}},
		"today":          {"naam": {"Vergadering"}, "verloopt": {today.Format("2006-01-02")}},
		"beyond 90":      {"naam": {"Vergadering"}, "verloopt": {today.AddDate(0, 0, 91).Format("2006-01-02")}},
		"not a date":     {"naam": {"Vergadering"}, "verloopt": {"morgen"}},
		"label too long": {"naam": {strings.Repeat("x", 121)}, "verloopt": {today.AddDate(0, 0, 7).Format("2006-01-02")}},
	}
	for name, form := range bad {
		res := board.PostForm("/dashboard/delen", form)
		if res.StatusCode != http.StatusUnprocessableEntity || res.Doc(t).Find(".error-summary").Length() != 1 {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	res := board.PostForm("/dashboard/delen", url.Values{"naam": {"Bestuursvergadering maart"}, "verloopt": {today.AddDate(0, 0, 90).Format("2006-01-02")}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard/delen" {
		t.Fatalf("create: %d", res.StatusCode)
	}
	doc := board.Get("/dashboard/delen").Doc(t)
	link := doc.Find("main table tbody tr a.break-all").Text()
	if !strings.Contains(link, "/bord/") {
		t.Fatalf("no link listed: %q", doc.Find("main table").Text())
	}
	path := link[strings.Index(link, "/bord/"):]
	token := strings.TrimPrefix(path, "/bord/")

	// Anyone with the link reads the dashboard of A and B, nothing else.
	anon := e.app.Anonymous(t)
	res = anon.Get(path)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Bestuursvergadering maart") || strings.Contains(res.Body, "Juliet") {
		t.Fatalf("share page: %d", res.StatusCode)
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("share page headers: %v", res.Header)
	}
	sdoc := res.Doc(t)
	// One wording and one moment: the day chosen as the last, on the list
	// and on the shared page alike.
	last := today.AddDate(0, 0, 90).Format("02-01-2006")
	if got := apptest.Text(doc.Find("main table tbody tr td").Eq(1)); got != last {
		t.Errorf("list: link works until %q, want the last day %s", got, last)
	}
	if got := apptest.Text(sdoc.Find("main .notice")); !strings.HasSuffix(got, "Deze link werkt tot en met "+last+".") {
		t.Errorf("shared page: %q, want it to work tot en met %s", got, last)
	}
	if got := options(res, t); strings.Join(got, "|") != "Alle netwerken|Netwerk A|Netwerk B" {
		t.Errorf("share page networks: %v", got)
	}
	if sdoc.Find(`a[href^="/werkgevers"], nav.main-nav, form[method=post]`).Length() != 0 {
		t.Error("the share page links into the portal or can post")
	}
	if href := sdoc.Find(`a[href*="/tabel/leden.csv"]`).AttrOr("href", ""); !strings.HasPrefix(href, path+"/tabel/leden.csv?") {
		t.Errorf("download link %q is not under the share link", href)
	}
	if res := anon.Get(path + "/tabel/een-contactpersoon.csv?netwerk=" + e.net(e.netA)); res.StatusCode != 200 ||
		!strings.Contains(res.Body, "Bravo;Netwerk A") || strings.Contains(res.Body, "/werkgevers/") {
		t.Errorf("share download: %d %q", res.StatusCode, res.Body)
	}
	for _, p := range []string{path + "?netwerk=" + e.net(e.netC), path + "/tabel/leden.csv?netwerk=" + e.net(e.netC),
		path + "/werkgevers", path + "/../dashboard"} {
		if res := anon.Get(p); res.StatusCode == 200 {
			t.Errorf("%s reachable with the share link: %d", p, res.StatusCode)
		}
	}
	if res := anon.Get("/werkgevers"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the portal without signing in: %d", res.StatusCode)
	}

	// Forged links are not found.
	parts := strings.Split(token, ".")
	exp, _ := strconv.ParseInt(parts[1], 10, 64)
	flip := func(s string) string {
		if s[len(s)-1] == 'A' {
			return s[:len(s)-1] + "B"
		}
		return s[:len(s)-1] + "A"
	}
	for _, forged := range []string{
		parts[0] + "." + parts[1] + "." + flip(parts[2]),
		parts[0] + "." + parts[1] + "." + flip(parts[2][:10]) + parts[2][10:],
		parts[0] + "." + strconv.FormatInt(exp+86400, 10) + "." + parts[2],
		strconv.FormatInt(mustInt(parts[0])+1, 10) + "." + parts[1] + "." + parts[2],
		"nonsense", parts[0] + "." + parts[1],
	} {
		if res := anon.Get("/bord/" + forged); res.StatusCode != http.StatusNotFound {
			t.Errorf("forged %q: %d", forged, res.StatusCode)
		}
	}

	// When the director loses network B, the link shows A only.
	e.exec(`DELETE FROM user_networks WHERE user_id = $1 AND network_id = $2`, e.user["bestuur-ab@example.org"], e.netB)
	if res := anon.Get(path); res.StatusCode != 200 || strings.Contains(res.Body, "Hotel Formule") || !strings.Contains(res.Doc(t).Find(".dash-scope").Text(), "Netwerk A") {
		t.Errorf("after losing B: %d %q", res.StatusCode, res.Doc(t).Find(".dash-scope").Text())
	}

	// Another director cannot revoke it; its owner can, and then it is gone.
	var id int64
	e.pool.QueryRow(e.ctx, `SELECT id FROM dashboard_shares`).Scan(&id)
	other := e.app.Login(t, "bestuur-c@example.org")
	if res := other.PostForm(fmt.Sprintf("/dashboard/delen/%d/intrekken", id), url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another director revokes: %d", res.StatusCode)
	}
	if res := anon.Get(path); res.StatusCode != 200 {
		t.Fatalf("link broken by another director: %d", res.StatusCode)
	}
	if res := board.PostForm(fmt.Sprintf("/dashboard/delen/%d/intrekken", id), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	for _, p := range []string{path, path + "/tabel/leden.csv"} {
		res := anon.Get(p)
		if res.StatusCode != http.StatusGone || strings.Contains(res.Body, "Netwerk A") || strings.Contains(res.Body, "Alfa") ||
			!strings.Contains(res.Body, "Deze link werkt niet meer") {
			t.Errorf("revoked %s: %d", p, res.StatusCode)
		}
	}
	if n := board.Get("/dashboard/delen").Doc(t).Find("main table tbody tr a.break-all").Length(); n != 0 {
		t.Error("a revoked link is still listed as a link")
	}
	var audits int
	e.pool.QueryRow(e.ctx, `SELECT count(*) FROM audit_log WHERE entity = 'dashboard_share' AND entity_id = $1`, id).Scan(&audits)
	if audits != 2 {
		t.Errorf("%d audit entries for creating and revoking", audits)
	}
}

func TestExpiredShareLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := dashboard.NewStore(e.pool)
	ctx := context.Background()
	uid := e.user["bestuur-ab@example.org"]
	expired, err := s.CreateShare(ctx, uid, []int64{e.netA}, "Vorige vergadering", time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := s.CreateShare(ctx, uid, []int64{e.netA}, "Volgende vergadering", time.Now().Add(time.Hour))
	anon := e.app.Anonymous(t)
	for _, c := range []struct {
		sh   dashboard.Share
		want int
	}{{expired, http.StatusGone}, {valid, http.StatusOK}} {
		sh, want := c.sh, c.want
		token, err := s.Token(ctx, sh)
		if err != nil {
			t.Fatal(err)
		}
		if res := anon.Get("/bord/" + token); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", sh.Label, res.StatusCode, want)
		}
	}
	// The key is created once and shared: a second store (another app
	// instance) makes the same token.
	t1, _ := s.Token(ctx, valid)
	t2, _ := dashboard.NewStore(e.pool).Token(ctx, valid)
	var keys int
	e.pool.QueryRow(ctx, `SELECT count(*) FROM app_secrets WHERE name = 'dashboard_share' AND length(value) = 32`).Scan(&keys)
	if t1 != t2 || keys != 1 {
		t.Errorf("tokens %q %q, %d keys", t1, t2, keys)
	}
	// A deactivated director's links stop working.
	e.exec(`UPDATE users SET active = false WHERE id = $1`, uid)
	if res := anon.Get("/bord/" + t1); res.StatusCode != http.StatusGone {
		t.Errorf("link of a deactivated director: %d", res.StatusCode)
	}
}

func mustInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

// TestRenderedSectionsFollowTheSnapshot: the sections of a snapshot are
// rendered once and reused (issue 12); they are exactly what the live
// figures render, on the second view too, and a refreshed snapshot shows
// its new figures.
func TestRenderedSectionsFollowTheSnapshot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := func() time.Time { return fixedNow }
	snap := serveDashboardWith(t, e.pool, now, true, "bestuur", e.netA, e.netB)
	live := e.fixedClient(t, "bestuur", e.netA, e.netB)
	path := "/dashboard?netwerk=" + e.net(e.netA) + "&periode=4"
	sectionsOf := func(c *apptest.Client) string {
		t.Helper()
		var out []string
		c.Get(path).Doc(t).Find("section.dash-section").Each(func(_ int, s *goquery.Selection) {
			h, err := goquery.OuterHtml(s)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, h)
		})
		if len(out) != 10 {
			t.Fatalf("%d sections", len(out))
		}
		return strings.Join(out, "\n")
	}
	first, again, want := sectionsOf(snap), sectionsOf(snap), sectionsOf(live)
	if first != want || again != want {
		t.Fatal("the snapshot's sections differ from the live ones")
	}
	e.exec(`UPDATE employers SET status = 'uitgeschreven', status_changed_on = $1 WHERE network_id = $2 AND status = 'lid'`,
		fixedNow.AddDate(0, 0, -1), e.netA)
	e.exec(`UPDATE dashboard_snapshots SET computed_at = now() - interval '1 minute'`)
	if _, err := dashboard.NewStore(e.pool).UseRecruitment(app.RecruitmentDashboard()).Refresh(e.ctx, now); err != nil {
		t.Fatal(err)
	}
	after, wantAfter := sectionsOf(snap), sectionsOf(live)
	if after == first || after != wantAfter {
		t.Fatal("a refreshed snapshot does not show its new figures")
	}
}
