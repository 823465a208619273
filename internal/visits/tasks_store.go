package visits

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
)

// Tasks loads the four lists of /taken for a user: their open follow-ups,
// the members to visit, the members whose intake has grown old and the
// referrals due for a follow-up, all within the networks of scope.
func (s *Store) Tasks(ctx context.Context, scope identity.Scope, userID int64, today time.Time) (Tasks, error) {
	var t Tasks
	var err error
	if t.FollowUps, t.FollowUpsTotal, err = s.myFollowUps(ctx, scope, userID); err != nil {
		return t, err
	}
	if t.ToVisit, t.ToVisitTotal, err = s.toVisit(ctx, scope, today); err != nil {
		return t, err
	}
	if t.Intakes, t.IntakesTotal, err = s.staleIntakes(ctx, scope, today); err != nil {
		return t, err
	}
	t.Referrals, t.ReferralsTotal, err = s.dueReferrals(ctx, scope, today)
	return t, err
}

// inScope is the SQL condition for an employer (alias e) in the networks
// of a scope passed as $1 (all) and $2 (network ids).
const inScope = `($1 OR e.network_id = ANY($2))`

// myFollowUps are the user's open follow-ups by due date, so the overdue
// ones come first.
func (s *Store) myFollowUps(ctx context.Context, scope identity.Scope, userID int64) ([]FollowUp, int, error) {
	var total int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id
		WHERE `+inScope+` AND f.owner_id = $3 AND f.done_at IS NULL`, scope.All, nonNil(scope.Networks), userID).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	list, err := collectFollowUps(s.pool.Query(ctx, `SELECT `+followUpColumns+` `+followUpJoins+`
		WHERE `+inScope+` AND f.owner_id = $3 AND f.done_at IS NULL ORDER BY f.due_on, lower(e.name), f.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), userID, ListCap))
	return list, total, err
}

// toVisit are the members without a personal visit in the last twelve
// months, those never visited first, then the longest ago.
func (s *Store) toVisit(ctx context.Context, scope identity.Scope, today time.Time) ([]ToVisit, int, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.id, e.name, n.name, lv.visited, count(*) OVER ()
		FROM employers e JOIN networks n ON n.id = e.network_id
		LEFT JOIN LATERAL (SELECT max(v.visited_on) AS visited FROM visits v WHERE v.employer_id = e.id AND v.kind = ANY($4)) lv ON true
		WHERE `+inScope+` AND e.status = 'lid' AND (lv.visited IS NULL OR lv.visited < $3::date - interval '12 months')
		ORDER BY lv.visited NULLS FIRST, lower(e.name), e.id LIMIT $5`,
		scope.All, nonNil(scope.Networks), today, VisitKinds, ListCap)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ToVisit, error) {
		var v ToVisit
		return v, r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastVisit, &total)
	})
	return list, total, err
}

// staleIntakes are the members whose last submitted or processed intake
// is more than a year old, or who never had one: those never asked first.
func (s *Store) staleIntakes(ctx context.Context, scope identity.Scope, today time.Time) ([]StaleIntake, int, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.id, e.name, n.name, li.at,
			EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = e.id AND i.status IN ('uitgenodigd', 'geopend', 'bezig')
				AND i.expires_at > now()),
			count(*) OVER ()
		FROM employers e JOIN networks n ON n.id = e.network_id
		LEFT JOIN LATERAL (SELECT max(coalesce(i.submitted_at, i.processed_at)) AS at FROM intakes i
			WHERE i.employer_id = e.id AND i.status IN ('ingediend', 'verwerkt')) li ON true
		WHERE `+inScope+` AND e.status = 'lid' AND (li.at IS NULL OR li.at < $3::date - interval '1 year')
		ORDER BY li.at NULLS FIRST, lower(e.name), e.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), today, ListCap)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (StaleIntake, error) {
		var v StaleIntake
		return v, r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastIntake, &v.Invited, &total)
	})
	return list, total, err
}

// dueReferrals are the referrals of the networks whose follow-up date has
// come and that are still running, the oldest date first.
func (s *Store) dueReferrals(ctx context.Context, scope identity.Scope, today time.Time) ([]Referral, int, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.id, e.id, e.name, p.name, r.question, r.follow_up_on, count(*) OVER ()
		FROM referrals r JOIN employers e ON e.id = r.employer_id JOIN partners p ON p.id = r.partner_id
		WHERE ($1 OR r.network_id = ANY($2)) AND r.follow_up_on <= $3 AND r.status NOT IN ('afgerond', 'niet_gelukt')
		ORDER BY r.follow_up_on, r.id LIMIT $4`,
		scope.All, nonNil(scope.Networks), today, ListCap)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Referral, error) {
		var v Referral
		return v, r.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.PartnerName, &v.Question, &v.FollowUpOn, &total)
	})
	return list, total, err
}
