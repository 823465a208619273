package duplicates_test

import (
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// As for employers: one test per table that points at a contact.

func setupContacts(t *testing.T) (*apptest.Env, *apptest.Client, int64, int64, int64, int64) {
	t.Helper()
	env := apptest.New(t)
	net := networkAt(t, env, 1)
	employer := newEmployer(t, env, net, unique("Timmerbedrijf Wolters"), "Rijssen", 100)
	s, o := contactPair(t, env, employer)
	return env, env.Login(t, apptest.Coordinator), net, employer, s, o
}

func newEvent(t testing.TB, env *apptest.Env, network int64, title string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO events (network_id, kind, title, starts_at, ends_at, uid)
		VALUES ($1, 'netwerkbijeenkomst', $2, now() + interval '7 days', now() + interval '7 days 2 hours', gen_random_uuid()::text)
		RETURNING id`, network, title)
}

func TestMergeContactMovesInvitations(t *testing.T) {
	t.Parallel()
	env, c, net, _, s, o := setupContacts(t)
	invite := func(event, contact int64, status string) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO event_invitations (event_id, contact_id, status) VALUES ($1, $2, $3) RETURNING id`,
			event, contact, status)
	}
	both1, both2, tie, only := newEvent(t, env, net, "Voorjaarsbijeenkomst"), newEvent(t, env, net, "Masterclass"),
		newEvent(t, env, net, "Werkbezoek"), newEvent(t, env, net, "Webinar")
	invite(both1, s, "uitgenodigd")
	came := invite(both1, o, "aanwezig") // better than uitgenodigd: kept
	stays := invite(both2, s, "aangemeld")
	invite(both2, o, "afgemeld")
	survivorsTie := invite(tie, s, "wachtlijst")
	invite(tie, o, "wachtlijst")
	invite(only, o, "aangemeld")
	mergeContacts(t, c, s, o)
	if n := count(t, env, "event_invitations", "contact_id", s); n != 4 {
		t.Errorf("survivor has %d invitations, want one per event (4)", n)
	}
	gone(t, env, "event_invitations", "contact_id", o)
	for _, keep := range []int64{came, stays, survivorsTie} {
		if count(t, env, "event_invitations", "id", keep) != 1 {
			t.Errorf("invitation %d should have been kept", keep)
		}
	}
	if d := mergeEntry(t, env, "contact", s); len(d) == 0 || !hasPrefixKey(d, "vervallen uitnodiging Voorjaarsbijeenkomst") {
		t.Errorf("audit entry does not name the dropped invitation: %v", d)
	}
}

func TestMergeContactMovesSubgroupMembers(t *testing.T) {
	t.Parallel()
	env, c, net, _, s, o := setupContacts(t)
	group := func(name string) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO subgroups (network_id, name, kind) VALUES ($1, $2, 'werkgroep') RETURNING id`, net, unique(name))
	}
	member := func(g, contact int64, joined int, left *int) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO subgroup_members (subgroup_id, contact_id, joined_on, left_on)
			VALUES ($1, $2, current_date - $3::int, current_date - $4::int) RETURNING id`, g, contact, joined, left)
	}
	ten := 10
	shared, own := group("Inclusief inkopen"), group("Jobcarving")
	member(shared, s, 20, nil)
	first := member(shared, o, 200, nil) // began first: kept
	past := member(shared, o, 400, &ten) // history: moves
	member(own, o, 50, nil)
	mergeContacts(t, c, s, o)
	if n := count(t, env, "subgroup_members", "contact_id", s); n != 3 {
		t.Errorf("survivor has %d memberships, want 3", n)
	}
	gone(t, env, "subgroup_members", "contact_id", o)
	if count(t, env, "subgroup_members", "id", first) != 1 || count(t, env, "subgroup_members", "id", past) != 1 {
		t.Error("the earliest current membership and the past one should have been kept")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroup_members WHERE subgroup_id = $1 AND left_on IS NULL`, shared); n != 1 {
		t.Errorf("%d current memberships of the shared subgroup, want 1", n)
	}
}

func TestMergeContactMovesVisitContacts(t *testing.T) {
	t.Parallel()
	env, c, _, employer, s, o := setupContacts(t)
	visit := func() int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on) VALUES ($1, 'bezoek', current_date) RETURNING id`, employer)
	}
	v1, v2, v3 := visit(), visit(), visit()
	apptest.Exec(t, env, `INSERT INTO visit_contacts (visit_id, contact_id) VALUES ($1, $4), ($2, $4), ($2, $5), ($3, $5)`, v1, v2, v3, s, o)
	mergeContacts(t, c, s, o)
	// The union: met during all three visits, during the second once.
	if n := count(t, env, "visit_contacts", "contact_id", s); n != 3 {
		t.Errorf("survivor was met during %d visits, want 3", n)
	}
	gone(t, env, "visit_contacts", "contact_id", o)
}

func TestMergeContactMovesReferrals(t *testing.T) {
	t.Parallel()
	env, c, net, employer, s, o := setupContacts(t)
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name) VALUES ((SELECT min(id) FROM regions), 'wsp', 'WSP Test') RETURNING id`)
	apptest.Exec(t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, contact_id, question, referred_on) VALUES
		($1, $2, $3, $4, 'Vraag een', current_date), ($1, $2, $3, $5, 'Vraag twee', current_date)`, employer, net, partner, s, o)
	mergeContacts(t, c, s, o)
	if n := count(t, env, "referrals", "contact_id", s); n != 2 {
		t.Errorf("survivor has %d referrals, want 2", n)
	}
	gone(t, env, "referrals", "contact_id", o)
}

func TestMergeContactMovesIntakes(t *testing.T) {
	t.Parallel()
	env, c, _, employer, s, o := setupContacts(t)
	apptest.Exec(t, env, `INSERT INTO intakes (employer_id, year, contact_id, token_hash, expires_at) VALUES
		($1, 2024, $2, `+token+`, now() + interval '30 days'), ($1, 2025, $3, `+token+`, now() + interval '30 days')`, employer, s, o)
	mergeContacts(t, c, s, o)
	if n := count(t, env, "intakes", "contact_id", s); n != 2 {
		t.Errorf("survivor is the contact of %d intakes, want 2", n)
	}
	gone(t, env, "intakes", "contact_id", o)
}

func TestMergeContactMovesSubgroupLead(t *testing.T) {
	t.Parallel()
	env, c, net, _, s, o := setupContacts(t)
	g := apptest.Scalar[int64](t, env, `INSERT INTO subgroups (network_id, name, kind, lead_contact_id) VALUES ($1, $2, 'kenniskring', $3) RETURNING id`,
		net, unique("Kenniskring HR"), o)
	version := apptest.Scalar[int](t, env, `SELECT version FROM subgroups WHERE id = $1`, g)
	mergeContacts(t, c, s, o)
	if n := count(t, env, "subgroups", "lead_contact_id", s); n != 1 {
		t.Errorf("survivor leads %d subgroups, want 1", n)
	}
	gone(t, env, "subgroups", "lead_contact_id", o)
	// An open edit form of the subgroup must not silently undo the change.
	if v := apptest.Scalar[int](t, env, `SELECT version FROM subgroups WHERE id = $1`, g); v != version+1 {
		t.Errorf("subgroup version %d, want %d", v, version+1)
	}
}

func TestMergeContactMovesPlacementLinks(t *testing.T) {
	t.Parallel()
	env, c, _, employer, s, o := setupContacts(t)
	apptest.Exec(t, env, `INSERT INTO placement_links (employer_id, contact_id, token_hash, expires_at) VALUES
		($1, $2, `+token+`, now() + interval '30 days'), ($1, $2, `+token+`, now() + interval '60 days')`, employer, o)
	mergeContacts(t, c, s, o)
	if n := count(t, env, "placement_links", "contact_id", s); n != 2 {
		t.Errorf("survivor has %d placement links, want 2", n)
	}
	gone(t, env, "placement_links", "contact_id", o)
}

// The primary flag: preferred over "not primary" by default; chosen, the
// survivor takes over from its employer's primary contact; a contact who
// has left is never primary.
func TestMergeContactPrimaryRule(t *testing.T) {
	t.Parallel()
	env, c, net, employer, s, o := setupContacts(t)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, o)
	if got := apptest.FormOf(t, c, cPairPath(s, o)).Get("veld_primair"); got != apptest.ID(o) {
		t.Fatalf("default primary choice %q, want the other's %d", got, o)
	}
	mergeContacts(t, c, s, o)
	if !apptest.Scalar[bool](t, env, `SELECT is_primary FROM contacts WHERE id = $1`, s) {
		t.Error("the survivor did not become primary")
	}

	// Made primary, the survivor takes over from its employer's primary.
	elsewhere := newEmployer(t, env, net, unique("Bouwbedrijf Elders"), "Nijverdal", 50)
	s2 := newContact(t, env, elsewhere, "Gerrit Tweede", "gerrit@example.org", 20)
	o2 := newContact(t, env, newEmployer(t, env, net, unique("Bouwbedrijf Derde"), "Wierden", 50), "Gerrit Tweede", "gerrit@example.org", 10)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, o2)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, newContact(t, env, elsewhere, "Huidige Eerste", "", 50))
	mergeContacts(t, c, s2, o2, "veld_primair", apptest.ID(o2))
	if got := apptest.Scalar[string](t, env, `SELECT string_agg(name, ',') FROM contacts WHERE employer_id = $1 AND is_primary`, elsewhere); got != "Gerrit Tweede" {
		t.Errorf("primary contacts of the survivor's employer: %q", got)
	}

	// Chosen to be primary with the other's end date: not primary.
	s3, o3 := contactPair(t, env, employer)
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date - 1, is_primary = true WHERE id = $1`, o3)
	mergeContacts(t, c, s3, o3, "veld_actief_tot", apptest.ID(o3), "veld_primair", apptest.ID(o3))
	if apptest.Scalar[bool](t, env, `SELECT is_primary FROM contacts WHERE id = $1`, s3) {
		t.Error("a contact who left is primary")
	}
	if !apptest.Scalar[bool](t, env, `SELECT is_primary FROM contacts WHERE id = $1`, s) {
		t.Error("the employer lost its primary contact")
	}
}

// Contacts of two employers of one network merge; the survivor stays at
// its employer and both histories say so.
func TestMergeContactAcrossEmployers(t *testing.T) {
	t.Parallel()
	env, c, net, employer, s, _ := setupContacts(t)
	elsewhere := newEmployer(t, env, net, unique("Bouwbedrijf Elders"), "Nijverdal", 50)
	o := newContact(t, env, elsewhere, "Fenna Oldenhuis-Elders", "fenna@elders.example", 1)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, o)
	form := apptest.FormOf(t, c, cPairPath(s, o))
	if form.Get("veld_primair") != apptest.ID(s) {
		t.Errorf("the other employer's primary flag is the default: %q", form.Get("veld_primair"))
	}
	mergeContacts(t, c, s, o, "veld_email", apptest.ID(o))
	if got := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, s); got != employer {
		t.Errorf("survivor moved to employer %d", got)
	}
	if got := apptest.Scalar[string](t, env, `SELECT email FROM contacts WHERE id = $1`, s); got != "fenna@elders.example" {
		t.Errorf("e-mail %q, want the chosen one", got)
	}
	body := c.Get("/werkgevers/" + apptest.ID(elsewhere)).Body
	if !strings.Contains(body, "Contactpersoon Fenna Oldenhuis-Elders samengevoegd met") {
		t.Error("the other employer's history does not mention the merge")
	}
}

func hasPrefixKey[V any](m map[string]V, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
