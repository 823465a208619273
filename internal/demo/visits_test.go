package demo

import (
	"testing"
)

// TestSeedVisits: about half of each network's members were visited in the
// last two years, some longer than a year ago; the follow-ups belong to
// the network's demo owner, and some are overdue, some due soon, some done.
func TestSeedVisits(t *testing.T) {
	t.Parallel() // each on a database of its own
	q := seededQuerier(t)
	for n, owner := range demoVisitOwners {
		net := q.int(`SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, n)
		members := q.int(`SELECT count(*) FROM employers WHERE network_id = $1 AND status = 'lid'`, net)
		visited := q.int(`SELECT count(DISTINCT v.employer_id) FROM visits v JOIN employers e ON e.id = v.employer_id
			WHERE e.network_id = $1 AND e.status = 'lid'`, net)
		if visited*10 < members*4 || visited*10 > members*6 {
			t.Errorf("network %d: %d of %d members visited, want about half", n+1, visited, members)
		}
		lapsed := q.int(`SELECT count(*) FROM (SELECT v.employer_id FROM visits v JOIN employers e ON e.id = v.employer_id
			WHERE e.network_id = $1 AND v.kind = 'bezoek' GROUP BY v.employer_id
			HAVING max(v.visited_on) < current_date - interval '12 months') x`, net)
		if lapsed < 1 {
			t.Errorf("network %d: no member last visited more than a year ago", n+1)
		}
		counts := map[string]string{
			"overdue":  `f.done_at IS NULL AND f.due_on < current_date`,
			"due soon": `f.done_at IS NULL AND f.due_on BETWEEN current_date AND current_date + 14`,
			"done":     `f.done_at IS NOT NULL`,
		}
		for what, cond := range counts {
			if got := q.int(`SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id JOIN users u ON u.id = f.owner_id
				WHERE e.network_id = $1 AND u.email = $2 AND `+cond, net, owner); got < 1 {
				t.Errorf("network %d: no %s follow-up of %s", n+1, what, owner)
			}
		}
		if got := q.int(`SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id JOIN users u ON u.id = f.owner_id
			WHERE e.network_id = $1 AND u.email <> $2`, net, owner); got != 0 {
			t.Errorf("network %d: %d follow-ups owned by someone else than %s", n+1, got, owner)
		}
	}
	checks := map[string]string{
		"visits outside the last two years":  `SELECT count(*) FROM visits WHERE visited_on > current_date OR visited_on < current_date - 731`,
		"visits without contacts met":        `SELECT count(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM visit_contacts vc WHERE vc.visit_id = v.id)`,
		"visits without notes or agreements": `SELECT count(*) FROM visits WHERE notes = '' OR agreements = ''`,
		"contacts met of another employer": `SELECT count(*) FROM visit_contacts vc JOIN visits v ON v.id = vc.visit_id
			JOIN contacts c ON c.id = vc.contact_id WHERE c.employer_id <> v.employer_id`,
		"follow-ups due before their visit": `SELECT count(*) FROM follow_ups f JOIN visits v ON v.id = f.visit_id WHERE f.due_on < v.visited_on`,
		"follow-ups done in the future":     `SELECT count(*) FROM follow_ups WHERE done_at > now() OR (done_at IS NULL) <> (done_by IS NULL)`,
	}
	for what, sql := range checks {
		if got := q.int(sql); got != 0 {
			t.Errorf("%d %s", got, what)
		}
	}
	if got := q.int(`SELECT count(*) FROM visits WHERE kind <> 'bezoek'`); got < 2 {
		t.Errorf("%d calls, want some besides the visits", got)
	}
}
