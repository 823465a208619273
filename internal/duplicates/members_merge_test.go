package duplicates_test

import (
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// The members' page (issue 19): of two open consents to Vraag en aanbod
// the survivor's stays open and the other's is closed with its time;
// introductions move with both people.
func TestMergeContactMovesMemberConsentsAndIntroductions(t *testing.T) {
	t.Parallel()
	env, c, net, employer, s, o := setupContacts(t)
	apptest.Exec(t, env, `INSERT INTO member_exchange_consents (contact_id) VALUES ($1), ($2)`, s, o)
	apptest.Exec(t, env, `INSERT INTO member_introductions (network_id, requester_contact_id, requester_employer_id, target_contact_id, target_employer_id)
		VALUES ($1, $2, $3, $2, $3)`, net, o, employer)
	mergeContacts(t, c, s, o)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_exchange_consents WHERE contact_id = $1 AND revoked_at IS NULL`, s); n != 1 {
		t.Errorf("%d open consents after the merge, want 1", n)
	}
	if n := count(t, env, "member_exchange_consents", "contact_id", s); n != 2 {
		t.Errorf("%d consents of the survivor, want both periods (2)", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM member_introductions WHERE requester_contact_id = $1 AND target_contact_id = $1`, s); n != 1 {
		t.Errorf("the introduction did not move to the survivor")
	}
}

// Of two corrections of one field waiting for approval, the survivor's
// waits and the other's is closed as rejected.
func TestMergeEmployerMovesChangeRequests(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `INSERT INTO profile_change_requests (employer_id, field, proposed, changes) VALUES
		($1, 'naam', '{}', '{}'), ($2, 'naam', '{}', '{}'), ($2, 'website', '{}', '{}')`, s, o)
	mergeEmployers(t, c, s, o)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM profile_change_requests WHERE employer_id = $1 AND status = 'wacht'`, s); n != 2 {
		t.Errorf("%d corrections waiting after the merge, want 2 (naam, website)", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM profile_change_requests WHERE employer_id = $1 AND status = 'afgewezen'`, s); n != 1 {
		t.Errorf("%d corrections closed, want the other's naam (1)", n)
	}
}
