package subgroups_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func sPath(id int64, rest string) string { return fmt.Sprintf("/subgroepen/%d%s", id, rest) }

// networkAt returns the id of the demo network at position pos (1-based).
func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

// demoSubgroup returns the id of a demo subgroup by network position and name.
func demoSubgroup(t testing.TB, env *apptest.Env, pos int, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM subgroups WHERE network_id = $1 AND name = $2`, networkAt(t, env, pos), name)
}

// newSubgroup inserts a subgroup without members in a network.
func newSubgroup(t testing.TB, env *apptest.Env, network int64, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO subgroups (network_id, name, kind) VALUES ($1, $2, 'werkgroep') RETURNING id`, network, name)
}

// activeContacts returns n active contacts of a network who are not
// current members of subgroup (0: of any), by id.
func activeContacts(t testing.TB, env *apptest.Env, network, subgroup int64, n int) []int64 {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `SELECT c.id FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND c.active_until IS NULL
		AND NOT EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = $2 AND m.contact_id = c.id AND m.left_on IS NULL)
		ORDER BY c.id LIMIT $3`, network, subgroup, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if len(out) < n {
		t.Fatalf("only %d active contacts in network %d", len(out), network)
	}
	return out
}

// insertContact adds an active contact to the first employer of a network.
func insertContact(t testing.TB, env *apptest.Env, network int64, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level, active_from)
		VALUES ((SELECT min(id) FROM employers WHERE network_id = $1), $2, 'hr', 'tactisch', current_date - 30) RETURNING id`, network, name)
}

// addMember makes a contact a member who joined a month ago.
func addMember(t testing.TB, env *apptest.Env, subgroup, contact int64) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO subgroup_members (subgroup_id, contact_id, joined_on) VALUES ($1, $2, current_date - 30) RETURNING id`,
		subgroup, contact)
}

func auditRows(t testing.TB, env *apptest.Env) int {
	return apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`)
}

// validForm is a complete, valid subgroup form for a network.
func validForm(network int64, name string) url.Values {
	return url.Values{"netwerk": {apptest.ID(network)}, "naam": {name}, "soort": {"kenniskring"}, "beschrijving": {"Samen leren."}}
}
