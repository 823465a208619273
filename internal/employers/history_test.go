package employers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/audit"
)

type auditRow struct {
	Actor, Source, Entity, Action string
	UserID                        *int64
	EntityID                      int64
	Changes                       map[string]audit.Change
}

// newAuditRows returns the audit rows of an employer after id after.
func newAuditRows(t *testing.T, env *apptest.Env, employer, after int64) []auditRow {
	t.Helper()
	rows, err := env.Pool.Query(t.Context(), `SELECT actor, source, entity, action, user_id, entity_id, changes
		FROM audit_log WHERE employer_id = $1 AND id > $2 ORDER BY id`, employer, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		var raw []byte
		if err := rows.Scan(&r.Actor, &r.Source, &r.Entity, &r.Action, &r.UserID, &r.EntityID, &raw); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &r.Changes); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func maxAuditID(t *testing.T, env *apptest.Env) int64 {
	return apptest.Scalar[int64](t, env.Pool, `SELECT coalesce(max(id), 0) FROM audit_log`)
}

// history returns the text of the profile's Geschiedenis section, with
// whitespace collapsed.
func history(t *testing.T, c *apptest.Client, id int64) string {
	t.Helper()
	res := c.Get(ePath(id, ""))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("profile: %d", res.StatusCode)
	}
	sec := res.Doc(t).Find("section[aria-labelledby=geschiedenis]")
	if sec.Length() == 0 {
		t.Fatal("profile has no Geschiedenis section")
	}
	return strings.Join(strings.Fields(sec.Text()), " ")
}

func TestAuditTrail(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	coordID := apptest.Scalar[int64](t, pool, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	path := ePath(id, "/bewerken")
	form := formOf(t, coord, path)
	oldCity := form.Get("plaats")
	oldName := form.Get("naam")

	// An edit: one row, with old and new values and the actor.
	mark := maxAuditID(t, env)
	if res := coord.PostForm(path, with(form, "plaats", "Testdorp aan Zee", "naam", oldName+" Nieuw")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	rows := newAuditRows(t, env, id, mark)
	if len(rows) != 1 {
		t.Fatalf("%d audit rows for one edit, want 1: %+v", len(rows), rows)
	}
	r := rows[0]
	if r.Entity != "employer" || r.EntityID != id || r.Action != audit.Updated || r.Actor != "Corien de Vries" ||
		r.Source != "web" || r.UserID == nil || *r.UserID != coordID {
		t.Errorf("audit row %+v", r)
	}
	want := map[string]audit.Change{"plaats": {Old: oldCity, New: "Testdorp aan Zee"}, "naam": {Old: oldName, New: oldName + " Nieuw"}}
	if len(r.Changes) != len(want) || r.Changes["plaats"] != want["plaats"] || r.Changes["naam"] != want["naam"] {
		t.Errorf("changes %v, want %v", r.Changes, want)
	}
	h := history(t, coord, id)
	for _, s := range []string{"Profiel gewijzigd", "door Corien de Vries", "Plaats:", oldCity, "Testdorp aan Zee", oldName + " Nieuw"} {
		if !strings.Contains(h, s) {
			t.Errorf("Geschiedenis lacks %q: %s", s, h[:min(len(h), 300)])
		}
	}
	// The newest entry comes first.
	if i := strings.Index(h, "Profiel gewijzigd"); i < 0 || i > strings.Index(h, "door") {
		t.Errorf("newest change not on top: %.200s", h)
	}

	// Saving without changes writes nothing.
	mark = maxAuditID(t, env)
	if res := coord.PostForm(path, formOf(t, coord, path)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d", res.StatusCode)
	}
	if rows := newAuditRows(t, env, id, mark); len(rows) != 0 {
		t.Errorf("unchanged save wrote %+v", rows)
	}

	// Adding and ending a contact appear in the trail and the history.
	mark = maxAuditID(t, env)
	res := coord.PostForm(ePath(id, "/contactpersonen/nieuw"), url.Values{"naam": {"Mila Mulder"}, "email": {"mila@example.org"},
		"functie": {"recruitment"}, "niveau": {"operationeel"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add contact: %d", res.StatusCode)
	}
	cid := apptest.Scalar[int64](t, pool, `SELECT id FROM contacts WHERE employer_id = $1 AND name = 'Mila Mulder'`, id)
	endPath := cPath(id, cid, "/beeindigen")
	today := time.Now().Format("2006-01-02")
	if res := coord.PostForm(endPath, with(formOf(t, coord, endPath), "einddatum", today)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end contact: %d", res.StatusCode)
	}
	rows = newAuditRows(t, env, id, mark)
	if len(rows) != 2 {
		t.Fatalf("%d audit rows for add+end, want 2: %+v", len(rows), rows)
	}
	if rows[0].Entity != "contact" || rows[0].EntityID != cid || rows[0].Action != audit.Created || rows[0].Changes["naam"].New != "Mila Mulder" {
		t.Errorf("add contact row %+v", rows[0])
	}
	if rows[1].Action != audit.Ended || rows[1].Changes["actief_tot"].New != time.Now().Format("02-01-2006") {
		t.Errorf("end contact row %+v", rows[1])
	}
	h = history(t, coord, id)
	for _, s := range []string{"Contactpersoon Mila Mulder toegevoegd", "Contactpersoon Mila Mulder beëindigd", "Actief tot:"} {
		if !strings.Contains(h, s) {
			t.Errorf("Geschiedenis lacks %q", s)
		}
	}
	// Ended today: a former contact from now on.
	doc := coord.Get(ePath(id, "")).Doc(t)
	former := doc.Find("#contactpersonen").Parent().Parent().Find("h3:contains('Voormalige')").Next().Text()
	if !strings.Contains(former, "Mila Mulder") {
		t.Errorf("ended contact not among the former contacts")
	}
}

// TestStatusHistory: creating a member sets member_since and records the
// status; each change of status records another.
func TestStatusHistory(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	coordID := apptest.Scalar[int64](t, pool, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	_, network := env.EmployerOf(t, 1, "")

	joined := time.Now().AddDate(0, -2, 0).Format("2006-01-02")
	res := coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)}, "naam": {"Nieuw Lid BV"},
		"status": {"lid"}, "status_datum": {joined}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/werkgevers/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect %q", res.Header.Get("Location"))
	}
	since := apptest.Scalar[*time.Time](t, pool, `SELECT member_since FROM employers WHERE id = $1`, id)
	if since == nil || since.Format("2006-01-02") != joined {
		t.Errorf("member_since %v, want %s", since, joined)
	}
	type change struct {
		Status, On string
		By         int64
	}
	changes := func() []change {
		rows, err := pool.Query(t.Context(), `SELECT status, to_char(changed_on, 'YYYY-MM-DD'), coalesce(changed_by, 0)
			FROM employer_status_changes WHERE employer_id = $1 ORDER BY id`, id)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []change
		for rows.Next() {
			var c change
			if err := rows.Scan(&c.Status, &c.On, &c.By); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
		return out
	}
	if got := changes(); len(got) != 1 || got[0] != (change{"lid", joined, coordID}) {
		t.Errorf("status changes after create: %+v", got)
	}
	created := newAuditRows(t, env, id, 0)
	if len(created) != 1 || created[0].Action != audit.Created || created[0].Changes["naam"].New != "Nieuw Lid BV" {
		t.Errorf("create audit rows %+v", created)
	}
	if h := history(t, coord, id); !strings.Contains(h, "Werkgever aangemaakt") || !strings.Contains(h, "door Corien de Vries") {
		t.Errorf("Geschiedenis after create: %s", h)
	}

	// An edit that keeps the status records no status change.
	path := ePath(id, "/bewerken")
	if res := coord.PostForm(path, with(formOf(t, coord, path), "plaats", "Hengelo")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if got := changes(); len(got) != 1 {
		t.Errorf("edit without status change recorded %+v", got)
	}
	// Pausing: a second status change; member_since stays.
	if res := coord.PostForm(path, with(formOf(t, coord, path), "status", "gepauzeerd", "status_datum", "")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pause: %d", res.StatusCode)
	}
	today := time.Now().Format("2006-01-02")
	if got := changes(); len(got) != 2 || got[1] != (change{"gepauzeerd", today, coordID}) {
		t.Errorf("status changes after pausing: %+v", got)
	}
	if s := apptest.Scalar[*time.Time](t, pool, `SELECT member_since FROM employers WHERE id = $1`, id); s == nil || s.Format("2006-01-02") != joined {
		t.Errorf("member_since after pausing %v, want %s", s, joined)
	}
	if got := apptest.Scalar[string](t, pool, `SELECT to_char(status_changed_on, 'YYYY-MM-DD') FROM employers WHERE id = $1`, id); got != today {
		t.Errorf("status_changed_on %s, want %s", got, today)
	}
	// The newest entry: the status, old value deleted, new inserted.
	top := coord.Get(ePath(id, "")).Doc(t).Find("section[aria-labelledby=geschiedenis] ol.history > li").First()
	if line := top.Find("ul.diff li").First(); !strings.HasPrefix(strings.TrimSpace(line.Text()), "Status:") ||
		!strings.Contains(line.Find("del").Text(), "Lid") || !strings.Contains(line.Find("ins").Text(), "Gepauzeerd") {
		t.Errorf("Geschiedenis does not show the status change on top: %q", strings.Join(strings.Fields(top.Text()), " "))
	}
	// A prospect has no member_since until it becomes a member.
	res = coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)}, "naam": {"Nog Geen Lid BV"}, "status": {"prospect"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create prospect: %d", res.StatusCode)
	}
	pid, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/werkgevers/"), 10, 64)
	if s := apptest.Scalar[*time.Time](t, pool, `SELECT member_since FROM employers WHERE id = $1`, pid); s != nil {
		t.Errorf("prospect has member_since %v", s)
	}
	ppath := ePath(pid, "/bewerken")
	if res := coord.PostForm(ppath, with(formOf(t, coord, ppath), "status", "lid")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("make member: %d", res.StatusCode)
	}
	if s := apptest.Scalar[*time.Time](t, pool, `SELECT member_since FROM employers WHERE id = $1`, pid); s == nil || s.Format("2006-01-02") != today {
		t.Errorf("member_since after joining %v, want %s", s, today)
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employer_status_changes WHERE employer_id = $1`, pid); n != 2 {
		t.Errorf("prospect → lid: %d status rows, want 2", n)
	}
}

// TestNewFormSuggestsTheNetworksRegion: a coordinator of one network gets
// that network and its labour-market region filled in.
func TestNewFormSuggestsTheNetworksRegion(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	res := coord.Get("/werkgevers/nieuw")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.Doc(t)
	region := doc.Find(`select[name=regio] option[selected]`).Text()
	if region != "Twente" {
		t.Errorf("preselected region %q, want Twente (the region of 99vanTwente)", region)
	}
}
