package visits

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
)

// Tasks loads the four lists of /taken for a user: their open follow-ups,
// the members to visit, the members whose intake has grown old and the
// referrals due for a follow-up, all within the networks of scope. The
// five statements go to the database in one round trip.
func (s *Store) Tasks(ctx context.Context, scope identity.Scope, userID int64, today time.Time) (Tasks, error) {
	var t Tasks
	b := &pgx.Batch{}
	s.myFollowUps(b, &t, scope, userID)
	s.toVisit(b, &t, scope, today)
	s.staleIntakes(b, &t, scope, today)
	s.dueReferrals(b, &t, scope, today)
	return t, s.pool.SendBatch(ctx, b).Close()
}

// queueList queues a list query whose rows end in count(*) OVER (): scan
// reads one row into an item and the total.
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

// inScope is the SQL condition for an employer (alias e) in the networks
// of a scope passed as $1 (all) and $2 (network ids).
const inScope = `($1 OR e.network_id = ANY($2))`

// myFollowUps are the user's open follow-ups by due date, so the overdue
// ones come first.
func (s *Store) myFollowUps(b *pgx.Batch, t *Tasks, scope identity.Scope, userID int64) {
	b.Queue(`SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id
		WHERE `+inScope+` AND f.owner_id = $3 AND f.done_at IS NULL`, scope.All, nonNil(scope.Networks), userID).
		QueryRow(func(r pgx.Row) error { return r.Scan(&t.FollowUpsTotal) })
	b.Queue(`SELECT `+followUpColumns+` `+followUpJoins+`
		WHERE `+inScope+` AND f.owner_id = $3 AND f.done_at IS NULL ORDER BY f.due_on, lower(e.name), f.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), userID, ListCap).Query(func(rows pgx.Rows) error {
		var err error
		t.FollowUps, err = collectFollowUps(rows, nil)
		return err
	})
}

// toVisit are the members without a personal visit in the last twelve
// months, those never visited first, then the longest ago.
func (s *Store) toVisit(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	// employers.last_visit_on is kept by a trigger on visits (migration
	// 00065) and counts the kinds in VisitKinds.
	queueList(b, &t.ToVisit, &t.ToVisitTotal, func(r pgx.Row, v *ToVisit, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastVisit, total)
	}, `SELECT e.id, e.name, n.name, e.last_visit_on, count(*) OVER ()
		FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE `+inScope+` AND e.status = 'lid' AND (e.last_visit_on IS NULL OR e.last_visit_on < $3::date - interval '12 months')
		ORDER BY e.last_visit_on NULLS FIRST, lower(e.name), e.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), today, ListCap)
}

// staleIntakes are the members whose last submitted or processed intake
// is more than a year old, or who never had one: those never asked first.
func (s *Store) staleIntakes(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	// employers.last_intake_at is kept by a trigger on intakes (migration
	// 00065); whether an invitation is open is asked only for the rows shown.
	queueList(b, &t.Intakes, &t.IntakesTotal, func(r pgx.Row, v *StaleIntake, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastIntake, &v.Invited, total)
	}, `SELECT m.id, m.name, m.network, m.at,
			EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = m.id AND i.status IN ('uitgenodigd', 'geopend', 'bezig')
				AND i.expires_at > now()),
			m.total
		FROM (SELECT e.id, e.name, n.name AS network, e.last_intake_at AS at, count(*) OVER () AS total
			FROM employers e JOIN networks n ON n.id = e.network_id
			WHERE `+inScope+` AND e.status = 'lid' AND (e.last_intake_at IS NULL OR e.last_intake_at < $3::date - interval '1 year')
			ORDER BY e.last_intake_at NULLS FIRST, lower(e.name), e.id LIMIT $4) m
		ORDER BY m.at NULLS FIRST, lower(m.name), m.id`,
		scope.All, nonNil(scope.Networks), today, ListCap)
}

// dueReferrals are the referrals of the networks whose follow-up date has
// come and that are still running, the oldest date first.
func (s *Store) dueReferrals(b *pgx.Batch, t *Tasks, scope identity.Scope, today time.Time) {
	queueList(b, &t.Referrals, &t.ReferralsTotal, func(r pgx.Row, v *Referral, total *int) error {
		return r.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.PartnerName, &v.Question, &v.FollowUpOn, total)
	}, `SELECT r.id, e.id, e.name, p.name, r.question, r.follow_up_on, count(*) OVER ()
		FROM referrals r JOIN employers e ON e.id = r.employer_id JOIN partners p ON p.id = r.partner_id
		WHERE ($1 OR r.network_id = ANY($2)) AND r.follow_up_on <= $3 AND r.status NOT IN ('afgerond', 'niet_gelukt')
		ORDER BY r.follow_up_on, r.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), today, ListCap)
}
