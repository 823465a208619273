package employers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

// listFixture is a small, fully known data set for the list's store tests.
type listFixture struct {
	pool               *pgxpool.Pool
	netA, netB         int64
	sectorF, sectorQ   int64
	twente             int64
	trede1             int64
	ids                map[string]int64 // employer name → id
	alfa, bravo, charl string
	delta, echo        string
}

func newListFixture(t *testing.T) *listFixture {
	t.Helper()
	pool := dbtest.New(t)
	f := &listFixture{pool: pool, ids: map[string]int64{},
		alfa: "Alfa Bouw BV", bravo: "Bravo Zorg", charl: "Charlie Logistiek", delta: "delta ict", echo: "Echo 100% Zaken_BV"}
	f.netA = apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Netwerk A') RETURNING id`)
	f.netB = apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Netwerk B') RETURNING id`)
	f.sectorF = apptest.Scalar[int64](t, pool, `SELECT id FROM sectors WHERE code = 'F'`)
	f.sectorQ = apptest.Scalar[int64](t, pool, `SELECT id FROM sectors WHERE code = 'Q'`)
	sectorH := apptest.Scalar[int64](t, pool, `SELECT id FROM sectors WHERE code = 'H'`)
	f.twente = apptest.Scalar[int64](t, pool, `SELECT id FROM regions WHERE name = 'Twente'`)
	groningen := apptest.Scalar[int64](t, pool, `SELECT id FROM regions WHERE name = 'Groningen'`)
	f.trede1 = apptest.Scalar[int64](t, pool, `SELECT id FROM maturity_levels WHERE name = 'Trede 1'`)
	trede2 := apptest.Scalar[int64](t, pool, `SELECT id FROM maturity_levels WHERE name = 'Trede 2'`)

	type emp struct {
		name, kvk, city, status string
		network, sector, region int64
		maturity                int64
		count                   *int
		memberSince             string
		daysAgo                 int
	}
	n := func(i int) *int { return &i }
	for _, e := range []emp{
		{f.alfa, "11111111", "Enschede", "lid", f.netA, f.sectorF, f.twente, f.trede1, n(5), "2020-01-01", 5},
		{f.bravo, "22222222", "Hengelo", "prospect", f.netA, f.sectorQ, f.twente, trede2, n(60), "", 1},
		{f.charl, "", "Almelo", "lid", f.netB, sectorH, groningen, 0, n(300), "2018-05-01", 3},
		{f.delta, "", "Enschede", "gepauzeerd", f.netB, 0, 0, 0, nil, "2019-03-01", 10},
		{f.echo, "", "Deventer", "prospect", f.netA, 0, 0, 0, n(15), "", 2},
	} {
		f.ids[e.name] = apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, kvk_number, city, status, sector_id,
			region_id, maturity_level_id, employee_count, member_since, updated_at)
			VALUES ($1, $2, nullif($3, ''), $4, $5, nullif($6, 0), nullif($7, 0), nullif($8, 0), $9, nullif($10, '')::date,
			now() - make_interval(days => $11)) RETURNING id`,
			e.network, e.name, e.kvk, e.city, e.status, e.sector, e.region, e.maturity, e.count, e.memberSince, e.daysAgo)
	}
	contact := func(employer, name, function, from, until string) {
		apptest.Exec(t, pool, `INSERT INTO contacts (employer_id, name, function, level, active_from, active_until)
			VALUES ($1, $2, $3, 'tactisch', current_date + $4::int, current_date + nullif($5, '')::int)`,
			f.ids[employer], name, function, from, until)
	}
	contact(f.alfa, "Jan Jansen", "directie", "-100", "")
	contact(f.bravo, "Piet Pieters", "hr", "-100", "")
	contact(f.bravo, "Klaas Vaak", "directie", "-400", "-10") // left
	contact(f.charl, "Henk Hendriks", "hr", "-100", "")
	contact(f.charl, "Ria Ruiters", "recruitment", "-100", "5") // leaves in five days: still active
	contact(f.charl, "Dirk Dekker", "directie", "-100", "0")    // left today: no longer active
	contact(f.echo, "Eva Echo", "anders", "-100", "")
	// Thirty more in network A for the pages.
	for i := 1; i <= 30; i++ {
		apptest.Exec(t, pool, `INSERT INTO employers (network_id, name, status, sector_id, updated_at)
			VALUES ($1, $2, 'lid', $3, now() - make_interval(days => 20 + $4))`, f.netA, fmt.Sprintf("Filler %02d", i), f.sectorF, i)
	}
	return f
}

func names(items []employers.ListItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	f := newListFixture(t)
	store := employers.NewStore(f.pool)
	ctx := context.Background()
	all := identity.Scope{All: true}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	cases := []struct {
		name  string
		query string
		scope identity.Scope
		want  []string // in name order, fillers excluded by the query
	}{
		{"name, any case", "q=BOUW", all, []string{f.alfa}},
		{"kvk", "q=22222222", all, []string{f.bravo}},
		{"kvk with spaces", "q=" + url.QueryEscape("2222 2222"), all, []string{f.bravo}},
		{"kvk part is no match", "q=2222222", all, nil},
		{"city", "q=hengelo", all, []string{f.bravo}},
		{"city twice", "q=Enschede", all, []string{f.alfa, f.delta}},
		{"contact name", "q=pieters", all, []string{f.bravo}},
		{"percent is literal", "q=%25", all, []string{f.echo}},
		{"underscore is literal", "q=_", all, []string{f.echo}},
		{"network", "netwerk=" + id(f.netB), all, []string{f.charl, f.delta}},
		{"status", "status=lid&q=o", all, []string{f.alfa, f.charl}},
		{"sector", "sector=" + id(f.sectorQ), all, []string{f.bravo}},
		{"size micro", "grootte=micro", all, []string{f.alfa}},
		{"size klein", "grootte=klein", all, []string{f.echo}},
		{"size middelgroot", "grootte=middelgroot", all, []string{f.bravo}},
		{"size groot", "grootte=groot", all, []string{f.charl}},
		{"region", "regio=" + id(f.twente), all, []string{f.alfa, f.bravo}},
		{"maturity", "volwassenheid=" + id(f.trede1), all, []string{f.alfa}},
		{"directie ja", "directie=ja", all, []string{f.alfa}},
		{"directie nee", "directie=nee&netwerk=" + id(f.netB), all, []string{f.charl, f.delta}},
		{"one active contact", "een_contact=1", all, []string{f.alfa, f.bravo, f.echo}},
		{"combined", "netwerk=" + id(f.netA) + "&directie=nee&een_contact=1", all, []string{f.bravo, f.echo}},
		{"scope", "q=e", identity.Scope{Networks: []int64{f.netB}}, []string{f.charl, f.delta}},
		{"scope beats the network filter", "netwerk=" + id(f.netB), identity.Scope{Networks: []int64{f.netA}}, nil},
		{"empty scope", "", identity.Scope{Networks: []int64{}}, nil},
		{"unknown values ignored", "status=opgeheven&directie=misschien&sorteer=willekeurig&q=bravo", all, []string{f.bravo}},
	}
	for _, tc := range cases {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		items, total, err := store.List(ctx, tc.scope, employers.ParseFilter(q))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := slices.DeleteFunc(names(items), func(s string) bool { return strings.HasPrefix(s, "Filler") })
		fillers := len(items) - len(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s (%s): %q, want %q", tc.name, tc.query, got, tc.want)
		}
		if total != len(tc.want)+fillers {
			t.Errorf("%s: total %d, want %d", tc.name, total, len(tc.want)+fillers)
		}
	}

	// What a row says about its employer.
	items, _, err := store.List(ctx, all, employers.ParseFilter(url.Values{"netwerk": {id(f.netB)}, "q": {"e"}}))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]employers.ListItem{}
	for _, it := range items {
		byName[it.Name] = it
	}
	if c := byName[f.charl]; c.ActiveContacts != 2 || c.HasDirectie || c.NetworkName != "Netwerk B" || c.SizeClass != "Groot (250+)" ||
		c.Status != "lid" || c.City != "Almelo" || c.MemberSince == nil || c.MemberSince.Format("2006-01-02") != "2018-05-01" {
		t.Errorf("Charlie's row: %+v", c)
	}
	if d := byName[f.delta]; d.ActiveContacts != 0 || d.HasDirectie || d.SizeClass != "" || d.SectorName != "" {
		t.Errorf("delta's row: %+v", d)
	}
	items, _, _ = store.List(ctx, all, employers.ParseFilter(url.Values{"q": {"alfa"}}))
	if len(items) != 1 || items[0].ActiveContacts != 1 || !items[0].HasDirectie || items[0].SectorName != "F Bouwnijverheid" {
		t.Errorf("Alfa's row: %+v", items)
	}
}

func TestListSortAndPages(t *testing.T) {
	t.Parallel()
	f := newListFixture(t)
	store := employers.NewStore(f.pool)
	ctx := context.Background()
	all := identity.Scope{All: true}
	five := func(sort string) []string {
		items, _, err := store.List(ctx, all, employers.ParseFilter(url.Values{"sorteer": {sort}, "directie": {"nee"}, "q": {"e"}}))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range names(items) {
			if !strings.HasPrefix(n, "Filler") {
				out = append(out, n)
			}
		}
		return out
	}
	// directie=nee drops Alfa; "e" matches the other four by name or contact.
	for sort, want := range map[string][]string{
		"naam":      {f.bravo, f.charl, f.delta, f.echo},
		"":          {f.bravo, f.charl, f.delta, f.echo},
		"gewijzigd": {f.bravo, f.echo, f.charl, f.delta},
		"lid_sinds": {f.charl, f.delta, f.bravo, f.echo},
	} {
		if got := five(sort); !slices.Equal(got, want) {
			t.Errorf("sorteer=%s: %q, want %q", sort, got, want)
		}
	}

	// Pages of 25 with the total on each; together every filler once.
	var seen []string
	for page, wantLen := range map[int]int{1: 25, 2: 5, 3: 0} {
		items, total, err := store.List(ctx, all, employers.ParseFilter(url.Values{"q": {"Filler"}, "pagina": {strconv.Itoa(page)}}))
		if err != nil {
			t.Fatal(err)
		}
		if total != 30 || len(items) != wantLen {
			t.Errorf("page %d: %d items of %d, want %d of 30", page, len(items), total, wantLen)
		}
		seen = append(seen, names(items)...)
		if page == 1 && len(items) > 0 && (items[0].Name != "Filler 01" || items[24].Name != "Filler 25") {
			t.Errorf("page 1 runs %q … %q", items[0].Name, items[len(items)-1].Name)
		}
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 30 {
		t.Errorf("pages together hold %d distinct employers, want 30", len(slices.Compact(seen)))
	}
	// A bad page number is page 1.
	for _, p := range []string{"0", "-2", "x", "999999999"} {
		items, _, err := store.List(ctx, all, employers.ParseFilter(url.Values{"q": {"Filler"}, "pagina": {p}}))
		if err != nil || len(items) != 25 || items[0].Name != "Filler 01" {
			t.Errorf("pagina=%s: %d items, %v", p, len(items), err)
		}
	}
}

func TestParseFilterRoundTrip(t *testing.T) {
	in := url.Values{"q": {"  bakker  "}, "netwerk": {"3"}, "status": {"lid"}, "sector": {"4"}, "grootte": {"klein"},
		"regio": {"5"}, "volwassenheid": {"6"}, "directie": {"nee"}, "een_contact": {"1"}, "sorteer": {"lid_sinds"}, "pagina": {"2"}}
	f := employers.ParseFilter(in)
	want := employers.Filter{Query: "bakker", NetworkID: 3, Status: "lid", SectorID: 4, SizeClass: "klein", RegionID: 5,
		MaturityID: 6, Directie: "nee", OneContact: true, Sort: "lid_sinds", Page: 2}
	if f != want {
		t.Errorf("ParseFilter = %+v, want %+v", f, want)
	}
	v := f.Values()
	if v.Has("pagina") {
		t.Errorf("Values keeps the page: %v", v)
	}
	back := employers.ParseFilter(v)
	back.Page = 2
	if back != f {
		t.Errorf("round trip: %+v, want %+v", back, f)
	}
	if got := employers.ParseFilter(url.Values{}).Values(); len(got) != 0 {
		t.Errorf("empty filter has values %v", got)
	}
	long := strings.Repeat("é", 150)
	if q := employers.ParseFilter(url.Values{"q": {long}}).Query; len([]rune(q)) != 100 {
		t.Errorf("query not cut to 100 characters: %d", len([]rune(q)))
	}
}

// TestListFiltersInLinks: through the page, the filters survive in the
// filter form, the pager and the sort links.
func TestListFiltersInLinks(t *testing.T) {
	t.Parallel()
	f := newListFixture(t)
	if _, err := auth.NewStore(f.pool).CreateUser(context.Background(), auth.NewUser{Email: "admin@example.org",
		Name: "Ad Min", Role: "beheerder", Password: apptest.DemoPassword}); err != nil {
		t.Fatal(err)
	}
	env := apptest.NewEmpty(t, f.pool)
	c := env.Login(t, "admin@example.org")
	filters := url.Values{"q": {"Filler"}, "status": {"lid"}, "sector": {strconv.FormatInt(f.sectorF, 10)},
		"netwerk": {strconv.FormatInt(f.netA, 10)}, "directie": {"nee"}, "sorteer": {"gewijzigd"}}
	res := c.Get("/werkgevers?" + filters.Encode())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	doc := res.Doc(t)
	if got := doc.Find(".result-count").Text(); !strings.Contains(got, "30 werkgevers gevonden") {
		t.Errorf("count %q", got)
	}
	if n := doc.Find("main tbody tr").Length(); n != 25 {
		t.Errorf("%d rows on page 1", n)
	}
	// Sorted by last change: Filler 01 changed most recently.
	if first := strings.TrimSpace(doc.Find("main tbody tr td a").First().Text()); first != "Filler 01" {
		t.Errorf("first row %q", first)
	}
	form := doc.Find("form.filters")
	for field, want := range map[string]string{"q": "Filler", "status": "lid", "directie": "nee",
		"sector": filters.Get("sector"), "netwerk": filters.Get("netwerk"), "sorteer": "gewijzigd"} {
		ctl := form.Find(fmt.Sprintf("[name=%q]", field))
		got := ctl.AttrOr("value", "")
		if goquery.NodeName(ctl) == "select" {
			got = ctl.Find("option[selected]").AttrOr("value", "")
		}
		if got != want {
			t.Errorf("filter form: %s = %q, want %q", field, got, want)
		}
	}
	checkKeeps := func(what, href string, extra url.Values) {
		u, err := url.Parse(href)
		if err != nil || u.Path != "/werkgevers" {
			t.Errorf("%s: link %q", what, href)
			return
		}
		q := u.Query()
		for k := range filters {
			want := filters.Get(k)
			if v, ok := extra[k]; ok {
				want = v[0]
			}
			if q.Get(k) != want {
				t.Errorf("%s: %q has %s=%q, want %q", what, href, k, q.Get(k), want)
			}
		}
	}
	next := doc.Find(`nav .pagination a[rel=next]`)
	if next.Length() == 0 {
		t.Fatal("no link to the next page")
	}
	checkKeeps("next page", next.AttrOr("href", ""), nil)
	if !strings.Contains(next.AttrOr("href", ""), "pagina=2") {
		t.Errorf("next page link %q", next.AttrOr("href", ""))
	}
	doc.Find("main p a[href^='/werkgevers?']").Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		u, _ := url.Parse(href)
		checkKeeps("sort link", href, url.Values{"sorteer": {u.Query().Get("sorteer")}})
	})
	res = c.Get(next.AttrOr("href", ""))
	doc = res.Doc(t)
	if n := doc.Find("main tbody tr").Length(); n != 5 {
		t.Errorf("%d rows on page 2, want 5", n)
	}
	if got := doc.Find(".result-count").Text(); !strings.Contains(got, "30 werkgevers gevonden") {
		t.Errorf("count on page 2 %q", got)
	}
	prev := doc.Find(`nav .pagination a[rel=prev]`).AttrOr("href", "")
	checkKeeps("previous page", prev, nil)
	if strings.Contains(prev, "pagina=") {
		t.Errorf("link to page 1 carries a page number: %q", prev)
	}
}

// Search ignores accents and case, matches every word anywhere in the name,
// the place or a contact's name, and finds a KvK number.
func TestListSearchWordsWithoutAccents(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	net := apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Netwerk Zoeken') RETURNING id`)
	add := func(name, city, kvk string) int64 {
		var k any
		if kvk != "" {
			k = kvk
		}
		return apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, city, kvk_number) VALUES ($1, $2, $3, $4) RETURNING id`,
			net, name, city, k)
	}
	coop := add("Energiecoöperatie Korenschoof U.A.", "Enschede", "12345678")
	add("Coöperatie De Zwaluw", "Zwolle", "")
	bakery := add("Bakkerij Smit B.V.", "Hengelo", "")
	apptest.Exec(t, pool, `INSERT INTO contacts (employer_id, name, function, level) VALUES ($1, 'Aïcha Çelik', 'hr', 'tactisch')`, bakery)
	store := employers.NewStore(pool)
	for q, want := range map[string][]int64{
		"cooperatie korenschoof": {coop},
		"KORENSCHOOF enschede":   {coop},
		"cooperatie":             {coop, apptest.Scalar[int64](t, pool, `SELECT id FROM employers WHERE name LIKE 'Coö%'`)},
		"aicha celik":            {bakery},
		"celik hengelo":          {bakery},
		"1234 5678":              {coop},
		"korenschoof zwolle":     nil,
		"100%":                   nil,
		"energiecoöperatie smit": nil,
	} {
		items, total, err := store.List(ctx, identity.Scope{All: true}, employers.ParseFilter(url.Values{"q": {q}}))
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var got []int64
		for _, it := range items {
			got = append(got, it.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%q: got %v (total %d), want %v", q, got, total, want)
		}
	}
}
