package visits

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// Tasks loads the four lists of /taken for a user: their open follow-ups,
// the members to visit, the members whose intake has grown old and the
// referrals due for a follow-up, all within the networks of scope. The
// five statements go to the database in one round trip.
func (s *Store) Tasks(ctx context.Context, scope identity.Scope, userID int64, today time.Time) (Tasks, error) {
	var t Tasks
	b := &pgx.Batch{}
	// The lists are written so that one plan serves every user (they reach
	// their rows through parameterised index scans per network), but for
	// the per-network lists PostgreSQL estimates a generic plan dearer than
	// a custom one and would plan them anew on each view.
	db.GenericPlans(b)
	s.myFollowUps(b, &t, scope, userID)
	s.toVisit(b, &t, scope, today)
	s.staleIntakes(b, &t, scope, today)
	s.dueReferrals(b, &t, scope, today)
	return t, s.pool.SendBatch(ctx, b).Close()
}

// queueList queues a list query whose rows end in the number of matches:
// scan reads one row into an item and the total.
func queueList[T any](b *pgx.Batch, into *[]T, total *int, scan func(pgx.Row, *T, *int) error, sql string, args ...any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) {
			var v T
			return v, scan(r, &v, total)
		})
		*into = list
		return err
	})
}

// inScope is the SQL condition for a network id column in the networks of
// a scope passed as $1 (all) and $2 (network ids). It is a filter only:
// each query below reaches its rows through an index that starts with the
// owner or the network, so the plan stays right when PostgreSQL reuses a
// generic plan of the prepared statement.
func inScope(col string) string { return `($1 OR ` + col + ` = ANY($2))` }

// Every list below reads only the rows it shows (at most ListCap per
// network, in index order) and counts the rest from index entries alone,
// never from the rows: with count(*) OVER () each list read and sorted
// every matching row, and a network ten times larger made /taken three
// times slower.

// myFollowUps are the user's open follow-ups by due date, so the overdue
// ones come first. follow_ups.network_id is kept by triggers (migration
// 00076); follow_ups_owner_open_idx gives the due order and the network.
func (s *Store) myFollowUps(b *pgx.Batch, t *Tasks, scope identity.Scope, userID int64) {
	b.Queue(`SELECT count(*) FROM follow_ups f
		WHERE f.owner_id = $3 AND f.done_at IS NULL AND `+inScope("f.network_id"), scope.All, nonNil(scope.Networks), userID).
		QueryRow(func(r pgx.Row) error { return r.Scan(&t.FollowUpsTotal) })
	b.Queue(`SELECT `+followUpColumns+` `+followUpJoins+`
		WHERE f.owner_id = $3 AND f.done_at IS NULL AND `+inScope("f.network_id")+`
		ORDER BY f.due_on, lower(e.name), f.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), userID, ListCap).Query(func(rows pgx.Rows) error {
		var err error
		t.FollowUps, err = collectFollowUps(rows, nil)
		return err
	})
}

// countPerNetwork is the SQL of the sum over the networks in scope
// (alias c) of a count per network, so each count is an index range of
// one network that PostgreSQL can answer from the index alone.
func countPerNetwork(count string) string {
	return `(SELECT coalesce(sum(` + count + `), 0)::int FROM networks c WHERE ` + inScope("c.id") + `)`
}

// staleMembers is the SQL of the members of the networks in scope whose
// date column col (kept by a trigger, migration 00065) is empty or before
// the cutoff: those without one first, then the oldest, by name, with the
// number of such members as total. The partial index on (network_id, col
// NULLS FIRST, lower(name), id) WHERE status = 'lid' gives both halves of
// "empty or old" in order, per network, and counts them without reading
// the rows.
func staleMembers(col, cutoff string) string {
	// count is the number of members of network net with col cond.
	count := func(net, cond string) string {
		return `(SELECT count(*) FROM employers x WHERE x.network_id = ` + net + ` AND x.status = 'lid' AND x.` + col + ` ` + cond + `)`
	}
	part := func(cond, limit string) string {
		return `(SELECT e.id, e.name, e.` + col + ` AS at FROM employers e
			WHERE e.network_id = n.id AND e.status = 'lid' AND e.` + col + ` ` + cond + `
			ORDER BY e.` + col + ` NULLS FIRST, lower(e.name), e.id LIMIT ` + limit + `)`
	}
	// The dated half is read only for the places the empty half leaves.
	return `SELECT m.id, m.name, n.name AS network, m.at,
			` + countPerNetwork(count("c.id", "IS NULL")+` + `+count("c.id", "< "+cutoff)) + ` AS total
		FROM networks n CROSS JOIN LATERAL (` + part("IS NULL", "$4") + ` UNION ALL ` +
		part("< "+cutoff, `greatest($4 - `+count("n.id", "IS NULL")+`, 0)`) + `) m
		WHERE ` + inScope("n.id") + `
		ORDER BY m.at NULLS FIRST, lower(m.name), m.id LIMIT $4`
}

// toVisit are the members without a personal visit in the last twelve
// months, those never visited first, then the longest ago.
func (s *Store) toVisit(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	// employers.last_visit_on is kept by a trigger on visits (migration
	// 00065) and counts the kinds in VisitKinds.
	queueList(b, &t.ToVisit, &t.ToVisitTotal, func(r pgx.Row, v *ToVisit, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastVisit, total)
	}, staleMembers("last_visit_on", `$3::date - interval '12 months'`),
		scope.All, nonNil(scope.Networks), today, ListCap)
}

// staleIntakes are the members whose last submitted or processed intake
// is more than a year old, or who never had one: those never asked first.
// Whether an invitation is open is asked only for the rows shown.
func (s *Store) staleIntakes(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	queueList(b, &t.Intakes, &t.IntakesTotal, func(r pgx.Row, v *StaleIntake, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastIntake, &v.Invited, total)
	}, `SELECT s.id, s.name, s.network, s.at,
			EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = s.id AND i.status IN ('uitgenodigd', 'geopend', 'bezig')
				AND i.expires_at > now()),
			s.total
		FROM (`+staleMembers("last_intake_at", `$3::date - interval '1 year'`)+`) s
		ORDER BY s.at NULLS FIRST, lower(s.name), s.id`,
		scope.All, nonNil(scope.Networks), today, ListCap)
}

// dueReferrals are the referrals of the networks whose follow-up date has
// come and that are still running, the oldest date first. Per network,
// referrals_follow_up_idx gives them in date order and counts them.
func (s *Store) dueReferrals(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	queueList(b, &t.Referrals, &t.ReferralsTotal, func(r pgx.Row, v *Referral, total *int) error {
		return r.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.PartnerName, &v.Question, &v.FollowUpOn, total)
	}, `SELECT r.id, e.id, e.name, p.name, r.question, r.follow_up_on,
			`+countPerNetwork(`(SELECT count(*) FROM referrals x WHERE x.network_id = c.id
				AND x.follow_up_on <= $3 AND x.status NOT IN ('afgerond', 'niet_gelukt'))`)+`
		FROM networks n CROSS JOIN LATERAL (SELECT r.id, r.employer_id, r.partner_id, r.question, r.follow_up_on FROM referrals r
			WHERE r.network_id = n.id AND r.follow_up_on <= $3 AND r.status NOT IN ('afgerond', 'niet_gelukt')
			ORDER BY r.follow_up_on, r.id LIMIT $4) r
		JOIN employers e ON e.id = r.employer_id JOIN partners p ON p.id = r.partner_id
		WHERE `+inScope("n.id")+`
		ORDER BY r.follow_up_on, r.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), today, ListCap)
}
