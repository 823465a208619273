package beheer_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
)

func scalar[T any](t testing.TB, pool *pgxpool.Pool, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

func post(c *apptest.Client, path string, kv ...string) *apptest.Response {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return c.PostForm(path, v)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestNetworksManaged(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	id := scalar[int64](t, env.Pool, `SELECT min(id) FROM networks`)
	other := scalar[string](t, env.Pool, `SELECT name FROM networks WHERE id <> $1 LIMIT 1`, id)
	region := scalar[int64](t, env.Pool, `SELECT id FROM regions WHERE name = 'Twente'`)
	path := "/beheer/netwerken/" + itoa(id)
	if res := admin.Get(path); res.StatusCode != http.StatusOK {
		t.Fatalf("edit page: %d", res.StatusCode)
	}
	for _, bad := range [][]string{
		{"naam", other, "schaal", "PSO"},
		{"naam", "X", "schaal", "PSO", "regio", "999999"},
		{"naam", strings.Repeat("n", 121), "schaal", "PSO"},
		{"naam", "X", "schaal", "Onbekend"},
	} {
		if res := post(admin, path, bad...); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d, want 422", bad, res.StatusCode)
		}
	}
	if res := post(admin, path, "naam", "99vanNieuw", "schaal", "PSO", "regio", itoa(region)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	if got := scalar[string](t, env.Pool, `SELECT name || '/' || region_id FROM networks WHERE id = $1`, id); got != "99vanNieuw/"+itoa(region) {
		t.Errorf("stored %q", got)
	}
	// Archived: kept, and no longer offered.
	if res := admin.PostForm(path+"/archiveren", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if strings.Contains(admin.Get("/beheer/gebruikers/nieuw").Body, "99vanNieuw") {
		t.Error("an archived network is offered to new users")
	}
	if n := scalar[int](t, env.Pool, `SELECT count(*)::int FROM employers WHERE network_id = $1`, id); n == 0 {
		t.Error("archiving removed the employers")
	}
	if res := admin.PostForm(path+"/heropenen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reopen: %d", res.StatusCode)
	}
	// The logboek shows it, filtered by kind and user.
	adminID := scalar[int64](t, env.Pool, `SELECT id FROM users WHERE email = $1`, apptest.Beheerder)
	res := admin.Get("/beheer/logboek?soort=network&gebruiker=" + itoa(adminID))
	rows := res.Doc(t).Find("main tbody tr")
	if res.StatusCode != http.StatusOK || rows.Length() != 3 || !strings.Contains(rows.Text(), "gearchiveerd") {
		t.Errorf("logboek: %d, %d rows", res.StatusCode, rows.Length())
	}
	if res := admin.Get("/beheer/logboek?soort=bestaat-niet&gebruiker=abc&pagina=-4"); res.StatusCode != http.StatusOK {
		t.Errorf("logboek with odd filters: %d", res.StatusCode)
	}
}

func TestReferenceData(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	for _, l := range []string{"uitdagingen", "aanbod", "functies", "themas", "toezeggingen", "volwassenheid"} {
		if res := admin.Get("/beheer/referentie/" + l); res.StatusCode != http.StatusOK {
			t.Errorf("list %s: %d", l, res.StatusCode)
		}
	}
	if res := admin.Get("/beheer/referentie/bestaatniet"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown list: %d", res.StatusCode)
	}
	// Add, with the 422s.
	if res := post(admin, "/beheer/referentie/themas", "naam", ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res := post(admin, "/beheer/referentie/themas", "naam", "Behoud en doorgroei"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("duplicate name: %d", res.StatusCode)
	}
	if res := post(admin, "/beheer/referentie/themas", "naam", "Duurzame inzetbaarheid"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add theme: %d", res.StatusCode)
	}
	if res := post(admin, "/beheer/referentie/functies", "naam", "Arbo-adviseur"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add function: %d", res.StatusCode)
	}
	if code := scalar[string](t, env.Pool, `SELECT code FROM function_types WHERE name = 'Arbo-adviseur'`); code != "arbo_adviseur" {
		t.Errorf("function code %q", code)
	}
	if res := post(admin, "/beheer/referentie/volwassenheid", "schaal", "Eigen ladder", "naam", "Start"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add level on a new scale: %d", res.StatusCode)
	}
	if !strings.Contains(admin.Get("/beheer/netwerken/nieuw").Body, "Eigen ladder") {
		t.Error("the new scale is not offered for networks")
	}
	// Rename: existing records show the new name.
	tag := scalar[int64](t, env.Pool, `SELECT tag_id FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE t.kind = 'uitdaging' LIMIT 1`)
	if res := post(admin, "/beheer/referentie/uitdagingen/"+itoa(tag), "naam", "Nieuwe naam voor een uitdaging"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	if n := scalar[int](t, env.Pool, `SELECT count(*)::int FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = 'Nieuwe naam voor een uitdaging'`); n == 0 {
		t.Error("records lost the renamed value")
	}
	if res := post(admin, "/beheer/referentie/aanbod/"+itoa(tag), "naam", "X"); res.StatusCode != http.StatusNotFound {
		t.Errorf("renaming a value through another list: %d", res.StatusCode)
	}
	// Reorder: the last theme moves up one place.
	order := func() string {
		return scalar[string](t, env.Pool, `SELECT string_agg(name, '|' ORDER BY position, name) FROM themes`)
	}
	before := strings.Split(order(), "|")
	last := scalar[int64](t, env.Pool, `SELECT id FROM themes WHERE name = 'Duurzame inzetbaarheid'`)
	if res := admin.PostForm("/beheer/referentie/themas/"+itoa(last)+"/omhoog", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move up: %d", res.StatusCode)
	}
	after := strings.Split(order(), "|")
	n := len(before)
	if after[n-2] != "Duurzame inzetbaarheid" || after[n-1] != before[n-2] {
		t.Errorf("order after moving up: %v", after[n-3:])
	}
	if n := scalar[int](t, env.Pool, `SELECT count(*)::int FROM audit_log WHERE entity = 'referentie'`); n != 5 {
		t.Errorf("%d audit entries for reference data, want 5", n)
	}
}
