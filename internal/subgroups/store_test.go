package subgroups_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/subgroups"
)

// asUser returns a context signed in as a coordinator of network (the demo
// coordinator's account under another name), so the audit trail names them.
func asUser(t testing.TB, env *apptest.Env, network int64) context.Context {
	uid := apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	return identity.With(context.Background(), &identity.User{ID: uid, Name: "Test Coördinator", Role: identity.Coordinator,
		Networks: []identity.Network{{ID: network}}})
}

func day(offset int) time.Time {
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day()+offset, 0, 0, 0, 0, time.UTC)
}

func TestStoreCreateUpdateRules(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := subgroups.NewStore(env.Pool)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	ctx := asUser(t, env, net1)
	lead := activeContacts(t, env, net1, 0, 1)[0]
	foreign := activeContacts(t, env, net2, 0, 1)[0]

	in := subgroups.Input{NetworkID: net1, Name: "Werkgroep Jobcarving", Kind: "werkgroep", Functions: []string{"hr"}, LeadID: &lead}
	sid, err := store.Create(ctx, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	g, err := store.Get(ctx, identity.Scope{Networks: []int64{net1}}, sid)
	if err != nil || g.Name != in.Name || g.LeadID != lead || g.Version != 1 || !slices.Equal(g.Functions, []string{"hr"}) {
		t.Fatalf("get: %+v, %v", g, err)
	}
	if _, err := store.Get(ctx, identity.Scope{Networks: []int64{net2}}, sid); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another network's scope reads it: %v", err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup' AND entity_id = $1
		AND action = 'aangemaakt' AND actor = 'Test Coördinator' AND changes->'naam'->>'new' = $2`, sid, in.Name); n != 1 {
		t.Errorf("%d audit entries for the creation", n)
	}

	// The name is unique per network, whatever its case; another network
	// may use it.
	if _, err := store.Create(ctx, subgroups.Input{NetworkID: net1, Name: "werkgroep jobcarving", Kind: "werkgroep"}); !errors.Is(err, subgroups.ErrNameTaken) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := store.Create(asUser(t, env, net2), subgroups.Input{NetworkID: net2, Name: in.Name, Kind: "werkgroep"}); err != nil {
		t.Errorf("same name in another network: %v", err)
	}
	// The lead must work in the network, and still work there.
	if _, err := store.Create(ctx, subgroups.Input{NetworkID: net1, Name: "Met vreemde kartrekker", Kind: "werkgroep", LeadID: &foreign}); !errors.Is(err, subgroups.ErrLeadInvalid) {
		t.Errorf("lead of another network: %v", err)
	}
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date - 1, is_primary = false WHERE id = $1`, lead)
	up := in
	up.Version, up.Description = 1, "Nieuw"
	if err := store.Update(ctx, identity.Scope{Networks: []int64{net1}}, sid, up); !errors.Is(err, subgroups.ErrLeadInvalid) {
		t.Errorf("lead who left: %v", err)
	}
	up.LeadID = nil
	if err := store.Update(ctx, identity.Scope{Networks: []int64{net1}}, sid, up); err != nil {
		t.Fatalf("update: %v", err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup' AND entity_id = $1
		AND action = 'gewijzigd' AND changes->'beschrijving'->>'new' = 'Nieuw' AND changes ? 'kartrekker'`, sid); n != 1 {
		t.Errorf("%d audit entries for the update", n)
	}
	// A stale version is a conflict and changes nothing.
	up.Description = "Verouderd"
	if err := store.Update(ctx, identity.Scope{Networks: []int64{net1}}, sid, up); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	if d := apptest.Scalar[string](t, env, `SELECT description FROM subgroups WHERE id = $1`, sid); d != "Nieuw" {
		t.Errorf("stale update saved: %q", d)
	}
	// Outside the scope it is not found.
	up.Version = 2
	if err := store.Update(ctx, identity.Scope{Networks: []int64{net2}}, sid, up); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("update outside scope: %v", err)
	}
	// With members, the network is fixed.
	addMember(t, env, sid, activeContacts(t, env, net1, sid, 1)[0])
	up.NetworkID = net2
	if err := store.Update(ctx, identity.Scope{All: true}, sid, up); !errors.Is(err, subgroups.ErrNetworkFixed) {
		t.Errorf("move with members: %v", err)
	}
}

func TestStoreMembers(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := subgroups.NewStore(env.Pool)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	ctx := asUser(t, env, net1)
	sid := newSubgroup(t, env, net1, "Ledentest")
	cs := activeContacts(t, env, net1, sid, 3)

	if err := store.AddMembers(ctx, sid, cs[:2], day(-10)); err != nil {
		t.Fatalf("add: %v", err)
	}
	ids, err := store.MemberContactIDs(ctx, sid)
	if err != nil || !slices.Equal(ids, cs[:2]) {
		t.Errorf("member contact ids %v (%v), want %v", ids, err, cs[:2])
	}
	// Every membership is in the trail of the contact's employer.
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log a JOIN subgroup_members m ON m.id = a.entity_id
		JOIN contacts c ON c.id = m.contact_id
		WHERE a.entity = 'subgroup_member' AND a.action = 'aangemaakt' AND a.employer_id = c.employer_id
		AND m.subgroup_id = $1 AND a.changes->'subgroep'->>'new' = 'Ledentest'`, sid); n != 2 {
		t.Errorf("%d audit entries for 2 new members", n)
	}

	// A current member cannot join twice; nothing of the choice is saved.
	err = store.AddMembers(ctx, sid, []int64{cs[2], cs[0]}, day(0))
	var already *subgroups.AlreadyMemberError
	if !errors.As(err, &already) || len(already.Names) != 1 {
		t.Fatalf("add a member again: %v", err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroup_members WHERE subgroup_id = $1`, sid); n != 2 {
		t.Errorf("%d memberships after a refused addition, want 2", n)
	}
	// Only active contacts of the network.
	foreign := activeContacts(t, env, net2, 0, 1)[0]
	if err := store.AddMembers(ctx, sid, []int64{foreign}, day(0)); !errors.Is(err, subgroups.ErrContactUnavailable) {
		t.Errorf("contact of another network: %v", err)
	}
	gone := insertContact(t, env, net1, "Vertrokken Contactpersoon")
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date WHERE id = $1`, gone)
	if err := store.AddMembers(ctx, sid, []int64{gone}, day(0)); !errors.Is(err, subgroups.ErrContactUnavailable) {
		t.Errorf("contact who left: %v", err)
	}

	// Ending: not before joining, once.
	mid := apptest.Scalar[int64](t, env, `SELECT id FROM subgroup_members WHERE subgroup_id = $1 AND contact_id = $2`, sid, cs[0])
	if err := store.EndMember(ctx, sid, mid, day(-11)); !errors.Is(err, subgroups.ErrLeftBeforeJoined) {
		t.Errorf("left before joined: %v", err)
	}
	if err := store.EndMember(ctx, sid, mid, day(-1)); err != nil {
		t.Fatalf("end: %v", err)
	}
	if err := store.EndMember(ctx, sid, mid, day(0)); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("end twice: %v", err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup_member' AND entity_id = $1
		AND action = 'beëindigd' AND changes->'lid_tot'->>'new' = $2`, mid, day(-1).Format("02-01-2006")); n != 1 {
		t.Errorf("%d audit entries for the end", n)
	}
	if ids, _ := store.MemberContactIDs(ctx, sid); !slices.Equal(ids, cs[1:2]) {
		t.Errorf("after leaving, members %v, want %v", ids, cs[1:2])
	}
	// Who left may join again: a second membership.
	if err := store.AddMembers(ctx, sid, cs[:1], day(0)); err != nil {
		t.Errorf("join again: %v", err)
	}
	ms, err := store.Members(ctx, sid)
	if err != nil || len(ms) != 3 {
		t.Fatalf("members: %d, %v", len(ms), err)
	}

	// The profile section's query: the employer's memberships, in scope.
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, cs[0])
	own, err := store.ForEmployer(ctx, identity.Scope{Networks: []int64{net1}}, employer)
	if err != nil || !slices.ContainsFunc(own, func(m subgroups.Membership) bool { return m.SubgroupID == sid && !m.Current && m.Until != nil }) ||
		!slices.ContainsFunc(own, func(m subgroups.Membership) bool { return m.SubgroupID == sid && m.Current }) {
		t.Errorf("memberships of the employer: %+v, %v", own, err)
	}
	if other, _ := store.ForEmployer(ctx, identity.Scope{Networks: []int64{net2}}, employer); len(other) != 0 {
		t.Errorf("another network's scope sees %d memberships", len(other))
	}

	// An ended subgroup has no current members and takes no new ones.
	apptest.Exec(t, env, `UPDATE subgroups SET ended_on = current_date WHERE id = $1`, sid)
	if ids, _ := store.MemberContactIDs(ctx, sid); len(ids) != 0 {
		t.Errorf("ended subgroup has members %v", ids)
	}
	if err := store.AddMembers(ctx, sid, cs[2:], day(0)); !errors.Is(err, subgroups.ErrClosed) {
		t.Errorf("add to an ended subgroup: %v", err)
	}
}

// TestDemoSubgroups checks that every demo network has a few subgroups
// with a lead who works in it, current and former members of the functions
// they are meant for, and dates that make sense.
func TestDemoSubgroups(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM networks n
		WHERE (SELECT count(*) FROM subgroups s WHERE s.network_id = n.id) NOT BETWEEN 2 AND 3`); n != 0 {
		t.Errorf("%d demo networks without 2-3 subgroups", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroups s LEFT JOIN contacts c ON c.id = s.lead_contact_id
		LEFT JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id IS DISTINCT FROM s.network_id OR c.active_until IS NOT NULL`); n != 0 {
		t.Errorf("%d demo subgroups without a lead who works in the network", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroup_members m JOIN subgroups s ON s.id = m.subgroup_id
		JOIN contacts c ON c.id = m.contact_id JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id <> s.network_id OR NOT c.function = ANY(s.functions) OR m.joined_on > current_date
		OR m.joined_on < c.active_from OR m.left_on > current_date`); n != 0 {
		t.Errorf("%d implausible demo memberships", n)
	}
	for _, q := range []string{
		`SELECT count(*)::int FROM subgroup_members WHERE left_on IS NULL`,
		`SELECT count(*)::int FROM subgroup_members WHERE left_on IS NOT NULL`,
		`SELECT count(*)::int FROM subgroups WHERE name = 'Inclusief inkopen' AND kind = 'themagroep'`,
		`SELECT count(*)::int FROM subgroups WHERE name = 'Masterclass directie'`,
	} {
		if n := apptest.Scalar[int](t, env, q); n < 2 {
			t.Errorf("%s = %d, want some", q, n)
		}
	}
}
