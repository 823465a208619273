package subgroups_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

func TestAddAndEndMembers(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	sg := newSubgroup(t, env, net1, "Werkgroep Leden")
	apptest.Exec(t, env, `UPDATE subgroups SET functions = '{hr}' WHERE id = $1`, sg)
	add := sPath(sg, "/leden/toevoegen")

	// The form offers the active contacts, those the group is meant for
	// first, with the joining date today.
	doc := coord.Get(add).Doc(t)
	today := time.Now().Format("2006-01-02")
	if got := apptest.ValueOf(doc, "lid_vanaf"); got != today {
		t.Errorf("joining date %q, want today %s", got, today)
	}
	hrOnly := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND c.active_until IS NULL AND c.function = 'hr'`, net1)
	if got := doc.Find("#f-contactpersonen input[type=checkbox]").Length(); got != hrOnly {
		t.Errorf("%d contacts in the first group, want the %d HR contacts", got, hrOnly)
	}
	if doc.Find("#f-contactpersonen-overig input[type=checkbox]").Length() == 0 {
		t.Errorf("no other contacts offered")
	}

	cs := activeContacts(t, env, net1, sg, 2)
	joined := time.Now().AddDate(0, 0, -7).Format("2006-01-02")
	before := auditRows(t, env)
	res := coord.PostForm(add, url.Values{"contactpersonen": {apptest.ID(cs[0]), apptest.ID(cs[1])}, "lid_vanaf": {joined}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != sPath(sg, "#leden") {
		t.Errorf("after adding to %q", res.Header.Get("Location"))
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroup_members WHERE subgroup_id = $1 AND joined_on = $2 AND left_on IS NULL`, sg, joined); n != 2 {
		t.Errorf("%d members joined on %s, want 2", n, joined)
	}
	if n := auditRows(t, env); n != before+2 {
		t.Errorf("%d audit rows for 2 members", n-before)
	}
	page := coord.Get(sPath(sg, "")).Doc(t)
	if got := apptest.Text(page.Find(".flash")); got != "2 leden zijn toegevoegd." {
		t.Errorf("flash %q", got)
	}
	names := apptest.Text(page.Find("#leden").Closest("section").Find("table").First())
	for _, c := range cs {
		if n := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, c); !strings.Contains(names, n) {
			t.Errorf("current members lack %s: %q", n, names)
		}
	}
	// They show in their employer's history.
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, cs[0])
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE employer_id = $1 AND entity = 'subgroup_member'`, employer); n < 1 {
		t.Errorf("membership not in the employer's history")
	}

	// A current member is refused, with their name; nothing is saved and
	// the choice is kept.
	other := activeContacts(t, env, net1, sg, 1)[0]
	name0 := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, cs[0])
	before = auditRows(t, env)
	res = coord.PostForm(add, url.Values{"contactpersonen": {apptest.ID(other), apptest.ID(cs[0])}, "lid_vanaf": {today}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc = res.Doc(t)
	if got := apptest.Text(doc.Find("#f-contactpersonen-error")); !strings.Contains(got, name0+" is al lid van deze subgroep.") {
		t.Errorf("already a member: %q", got)
	}
	if doc.Find(fmt.Sprintf(`input[name=contactpersonen][value="%d"][checked]`, other)).Length() != 1 {
		t.Errorf("the other chosen contact is not kept")
	}
	if !strings.HasPrefix(doc.Find("title").Text(), "Fout:") || doc.Find(`.error-summary a[href="#f-contactpersonen"]`).Length() != 1 {
		t.Errorf("no error title or summary")
	}
	if n := auditRows(t, env); n != before {
		t.Errorf("refused addition wrote the audit trail")
	}

	// Other invalid additions.
	net2 := networkAt(t, env, 2)
	gone := insertContact(t, env, net1, "Al Weg")
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date WHERE id = $1`, gone)
	for _, tc := range []struct {
		v           url.Values
		field, want string
	}{
		{url.Values{"lid_vanaf": {today}}, "contactpersonen", "Kies een of meer contactpersonen."},
		{url.Values{"contactpersonen": {apptest.ID(activeContacts(t, env, net2, 0, 1)[0])}, "lid_vanaf": {today}}, "contactpersonen", "niet (meer) actief bij een werkgever in dit netwerk"},
		{url.Values{"contactpersonen": {apptest.ID(gone)}, "lid_vanaf": {today}}, "contactpersonen", "niet (meer) actief bij een werkgever in dit netwerk"},
		{url.Values{"contactpersonen": {apptest.ID(other)}, "lid_vanaf": {"1-1-2025"}}, "lid_vanaf", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar)."},
		{url.Values{"contactpersonen": {apptest.ID(other)}, "lid_vanaf": {"2999-01-01"}}, "lid_vanaf", "Deze datum ligt te ver in de toekomst."},
	} {
		res := coord.PostForm(add, tc.v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%v: status %d", tc.v, res.StatusCode)
			continue
		}
		if got := apptest.Text(res.Doc(t).Find("#f-" + tc.field + "-error")); !strings.Contains(got, tc.want) {
			t.Errorf("%v: error %q, want %q", tc.v, got, tc.want)
		}
	}
	if n := auditRows(t, env); n != before {
		t.Errorf("invalid additions wrote the audit trail")
	}

	// End a membership: not before joining, then on a valid date.
	mid := apptest.Scalar[int64](t, env, `SELECT id FROM subgroup_members WHERE subgroup_id = $1 AND contact_id = $2`, sg, cs[0])
	end := sPath(sg, fmt.Sprintf("/leden/%d/beeindigen", mid))
	if got := apptest.ValueOf(coord.Get(end).Doc(t), "lid_tot"); got != today {
		t.Errorf("left date %q, want today", got)
	}
	res = coord.PostForm(end, url.Values{"lid_tot": {time.Now().AddDate(0, 0, -8).Format("2006-01-02")}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "lid_tot", "De datum van vertrek ligt voor de datum waarop "+name0+" lid werd")
	if got := apptest.ValueOf(res.Doc(t), "lid_tot"); got != time.Now().AddDate(0, 0, -8).Format("2006-01-02") {
		t.Errorf("left date not kept: %q", got)
	}
	res = coord.PostForm(end, url.Values{"lid_tot": {"2999-12-31"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	left := time.Now().AddDate(0, 0, -1)
	res = coord.PostForm(end, url.Values{"lid_tot": {left.Format("2006-01-02")}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT to_char(left_on, 'YYYY-MM-DD') FROM subgroup_members WHERE id = $1`, mid); got != left.Format("2006-01-02") {
		t.Errorf("left_on %s", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup_member' AND entity_id = $1
		AND action = 'beëindigd' AND employer_id = $2`, mid, employer); n != 1 {
		t.Errorf("%d audit entries for the end", n)
	}
	page = coord.Get(sPath(sg, "")).Doc(t)
	former := page.Find("h3:contains('Voormalige leden')").Next()
	period := fmt.Sprintf("%s – %s", time.Now().AddDate(0, 0, -7).Format("02-01-2006"), left.Format("02-01-2006"))
	if got := apptest.Text(former); !strings.Contains(got, name0) || !strings.Contains(got, period) {
		t.Errorf("former members %q, want %s with %s", got, name0, period)
	}
	// Ending it again is a conflict, by link or by post.
	apptest.WantStatus(t, coord.Get(end), http.StatusConflict)
	apptest.WantStatus(t, coord.PostForm(end, url.Values{"lid_tot": {today}}), http.StatusConflict)

	// Who left may join again.
	apptest.WantStatus(t, coord.PostForm(add, url.Values{"contactpersonen": {apptest.ID(cs[0])}, "lid_vanaf": {today}}), http.StatusSeeOther)

	// An ended subgroup takes no members and offers no button.
	apptest.Exec(t, env, `UPDATE subgroups SET ended_on = current_date WHERE id = $1`, sg)
	apptest.WantStatus(t, coord.Get(add), http.StatusConflict)
	apptest.WantStatus(t, coord.PostForm(add, url.Values{"contactpersonen": {apptest.ID(other)}, "lid_vanaf": {today}}), http.StatusConflict)
	page = coord.Get(sPath(sg, "")).Doc(t)
	if page.Find(`a[href$="/leden/toevoegen"]`).Length() != 0 {
		t.Errorf("an ended subgroup offers to add members")
	}
	if got := apptest.Text(page.Find("#leden").Closest("section")); !strings.Contains(got, "Er zijn geen huidige leden.") {
		t.Errorf("ended subgroup still has current members: %q", got)
	}
}

// TestEndMemberRace: two coordinators end the same membership; the second
// hears that it was ended meanwhile.
func TestEndMemberRace(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1 := networkAt(t, env, 1)
	sg := newSubgroup(t, env, net1, "Racegroep")
	mid := addMember(t, env, sg, activeContacts(t, env, net1, sg, 1)[0])
	end := sPath(sg, fmt.Sprintf("/leden/%d/beeindigen", mid))
	a, b := env.Login(t, apptest.Coordinator), env.Login(t, apptest.Beheerder)
	fa, fb := apptest.FormOf(t, a, end), apptest.FormOf(t, b, end)
	apptest.WantStatus(t, a.PostForm(end, fa), http.StatusSeeOther)
	res := b.PostForm(end, fb)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second end: %d, want 409", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup_member' AND entity_id = $1`, mid); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}

func TestProfileSection(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	sg := demoSubgroup(t, env, 1, "Inclusief inkopen")
	lead := apptest.Scalar[int64](t, env, `SELECT lead_contact_id FROM subgroups WHERE id = $1`, sg)
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, lead)
	leadName := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, lead)

	// A second membership that ended, in another subgroup.
	other := newSubgroup(t, env, net1, "Oude werkgroep")
	mid := addMember(t, env, other, lead)
	apptest.Exec(t, env, `UPDATE subgroup_members SET left_on = current_date - 2 WHERE id = $1`, mid)

	doc := coord.Get(fmt.Sprintf("/werkgevers/%d", employer)).Doc(t)
	sec := doc.Find("#subgroepen").Closest("section")
	if sec.Length() == 0 {
		t.Fatalf("no Subgroepen section on the profile")
	}
	rows := map[string]string{}
	sec.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rows[apptest.Text(tr.Find("td").First())] = apptest.Text(tr)
	})
	if got := rows["Inclusief inkopen"]; !strings.Contains(got, leadName) || !strings.Contains(got, "kartrekker") || !strings.Contains(got, "lid sinds") {
		t.Errorf("current membership row %q", got)
	}
	if got := rows["Oude werkgroep"]; !strings.Contains(got, leadName) || !strings.Contains(got, time.Now().AddDate(0, 0, -2).Format("02-01-2006")) {
		t.Errorf("former membership row %q", got)
	}
	if href := sec.Find("a:contains('Inclusief inkopen')").AttrOr("href", ""); href != sPath(sg, "") {
		t.Errorf("link to the subgroup %q", href)
	}

	// An employer whose contacts are in no subgroup says so.
	none := apptest.Scalar[int64](t, env, `SELECT e.id FROM employers e WHERE e.network_id = $1 AND NOT EXISTS (
		SELECT 1 FROM subgroup_members m JOIN contacts c ON c.id = m.contact_id WHERE c.employer_id = e.id) ORDER BY e.id LIMIT 1`, net1)
	if got := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", none)).Doc(t).Find("#subgroepen").Closest("section")); !strings.Contains(got, "Geen van de contactpersonen") {
		t.Errorf("empty section %q", got)
	}
}
