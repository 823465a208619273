package visits

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// TaskQuery says whose lists of /taken to read, on which day, and which
// part of each list.
type TaskQuery struct {
	Scope  identity.Scope
	UserID int64
	Today  time.Time
	Window web.TaskWindow
}

// Tasks reads the four lists of /taken for a user in one round trip: their
// open follow-ups, the members to visit, the members whose intake has grown
// old and the referrals due for a follow-up, all within the networks of the
// scope, each in the window of q with its total.
func (s *Store) Tasks(ctx context.Context, q TaskQuery) (Tasks, error) {
	var b db.Batch
	var t Tasks
	s.QueueTasks(&b, &t, q)
	return t, b.Send(ctx, s.pool)
}

// QueueTasks queues the four lists of /taken on b, into t.
func (s *Store) QueueTasks(b *db.Batch, t *Tasks, q TaskQuery) {
	for _, l := range TaskLists {
		s.QueueTaskList(b, t, l, q)
	}
}

// QueueTaskList queues one list of /taken on b, into its part of t. The
// lists are written so that one plan serves every user (they reach their
// rows through parameterised index scans per network), but for the
// per-network lists PostgreSQL estimates a generic plan dearer than a
// custom one and would plan them anew on each view: the caller queues
// b.GenericPlans before them.
func (s *Store) QueueTaskList(b *db.Batch, t *Tasks, l TaskList, q TaskQuery) {
	switch l {
	case FollowUpsList:
		queueFollowUps(b, t, q)
	case ToVisitList:
		queueToVisit(b, t, q)
	case IntakesList:
		queueStaleIntakes(b, t, q)
	case ReferralsList:
		queueDueReferrals(b, t, q)
	}
}

// queueList queues a list query whose rows end in the number of matches:
// scan reads one row into an item and the total. The total comes with
// the rows, so a window past the end of a list has none (0): the pages
// do not show such a window.
func queueList[T any](b *db.Batch, into *[]T, total *int, scan func(pgx.Row, *T, *int) error, sql string, args ...any) {
	b.Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) {
			var v T
			return v, scan(r, &v, total)
		})
		*into = list
		return err
	}, sql, args...)
}

// reach is how many rows of each network a window needs: its own and
// the ones before it. The casts say what PostgreSQL cannot infer from a
// sum of two parameters.
const reach = `($4::int + $5::int)`

// listArgs are the parameters every list below takes: $1 and $2 the
// scope (see inScope), $3 the user or the day, $4 the number of rows and
// $5 how many to skip.
func listArgs(q TaskQuery, third any) []any {
	return []any{q.Scope.All, nonNil(q.Scope.Networks), third, q.Window.Limit, q.Window.Offset}
}

// inScope is the SQL condition for a network id column in the networks of
// a scope passed as $1 (all) and $2 (network ids). It is a filter only:
// each query below reaches its rows through an index that starts with the
// owner or the network, so the plan stays right when PostgreSQL reuses a
// generic plan of the prepared statement.
func inScope(col string) string { return `($1 OR ` + col + ` = ANY($2))` }

// Every list below reads only the rows it shows (at most reach per
// network, in index order) and counts the rest from index entries alone,
// never from the rows: with count(*) OVER () each list read and sorted
// every matching row, and a network ten times larger made /taken three
// times slower. A page further down a list reads its rows and the ones
// before them (reach) per network and skips the first $5 of their merge.

// queueFollowUps queues the user's open follow-ups by due date, so the overdue
// ones come first. follow_ups.network_id is kept by triggers (migration
// 00076); follow_ups_owner_open_idx gives the due order and the network.
func queueFollowUps(b *db.Batch, t *Tasks, q TaskQuery) {
	queueList(b, &t.FollowUps, &t.FollowUpsTotal, func(r pgx.Row, f *FollowUp, total *int) error {
		var err error
		*f, err = scanFollowUp(r, total)
		return err
	}, `SELECT `+followUpColumns+`, (SELECT count(*) FROM follow_ups c
			WHERE c.owner_id = $3 AND c.done_at IS NULL AND `+inScope("c.network_id")+`)
		`+followUpJoins+`
		WHERE f.owner_id = $3 AND f.done_at IS NULL AND `+inScope("f.network_id")+`
		ORDER BY f.due_on, lower(e.name), f.id LIMIT $4 OFFSET $5`, listArgs(q, q.UserID)...)
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
// the rows; each half is counted once per network (k), for the total and
// for how many rows the dated half has to give.
func staleMembers(col, cutoff string) string {
	// count is the number of members of network k with col cond.
	count := func(cond string) string {
		return `(SELECT count(*) FROM employers x WHERE x.network_id = n.id AND x.status = 'lid' AND x.` + col + ` ` + cond + `)`
	}
	part := func(cond, limit string) string { // the first limit rows of network k
		return `(SELECT e.id, e.name, e.` + col + ` AS at FROM employers e
			WHERE e.network_id = k.id AND e.status = 'lid' AND e.` + col + ` ` + cond + `
			ORDER BY e.` + col + ` NULLS FIRST, lower(e.name), e.id LIMIT ` + limit + `)`
	}
	// The dated half is read only for the places the empty half leaves.
	return `WITH k AS (SELECT n.id, n.name, ` + count("IS NULL") + ` AS empty, ` + count("< "+cutoff) + ` AS dated
			FROM networks n WHERE ` + inScope("n.id") + `)
		SELECT m.id, m.name, k.name AS network, m.at, (SELECT sum(empty + dated)::int FROM k) AS total
		FROM k CROSS JOIN LATERAL (` + part("IS NULL", reach) + ` UNION ALL ` +
		part("< "+cutoff, `greatest(`+reach+` - k.empty, 0)`) + `) m
		ORDER BY m.at NULLS FIRST, lower(m.name), m.id LIMIT $4 OFFSET $5`
}

// queueToVisit queues the members without a personal visit in the last twelve
// months, those never visited first, then the longest ago.
func queueToVisit(b *db.Batch, t *Tasks, q TaskQuery) {
	// employers.last_visit_on is kept by a trigger on visits (migration
	// 00065) and counts the kinds in VisitKinds.
	queueList(b, &t.ToVisit, &t.ToVisitTotal, func(r pgx.Row, v *ToVisit, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastVisit, total)
	}, staleMembers("last_visit_on", `$3::date - interval '12 months'`), listArgs(q, q.Today)...)
}

// queueStaleIntakes queues the members whose last submitted or processed intake
// is more than a year old, or who never had one: those never asked first.
// Whether an invitation is open is asked only for the rows shown.
func queueStaleIntakes(b *db.Batch, t *Tasks, q TaskQuery) {
	queueList(b, &t.Intakes, &t.IntakesTotal, func(r pgx.Row, v *StaleIntake, total *int) error {
		return r.Scan(&v.EmployerID, &v.EmployerName, &v.NetworkName, &v.LastIntake, &v.Invited, total)
	}, `SELECT s.id, s.name, s.network, s.at,
			EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = s.id AND i.status IN ('uitgenodigd', 'geopend', 'bezig')
				AND i.expires_at > now()),
			s.total
		FROM (`+staleMembers("last_intake_at", `$3::date - interval '1 year'`)+`) s
		ORDER BY s.at NULLS FIRST, lower(s.name), s.id`, listArgs(q, q.Today)...)
}

// queueDueReferrals queues the referrals of the networks whose follow-up date has
// come and that are still running, the oldest date first. Per network,
// referrals_follow_up_idx gives them in date order and counts them.
func queueDueReferrals(b *db.Batch, t *Tasks, q TaskQuery) {
	queueList(b, &t.Referrals, &t.ReferralsTotal, func(r pgx.Row, v *Referral, total *int) error {
		return r.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.PartnerName, &v.Question, &v.FollowUpOn, total)
	}, `SELECT r.id, e.id, e.name, p.name, r.question, r.follow_up_on,
			`+countPerNetwork(`(SELECT count(*) FROM referrals x WHERE x.network_id = c.id
				AND x.follow_up_on <= $3 AND x.status NOT IN ('afgerond', 'niet_gelukt'))`)+`
		FROM networks n CROSS JOIN LATERAL (SELECT r.id, r.employer_id, r.partner_id, r.question, r.follow_up_on FROM referrals r
			WHERE r.network_id = n.id AND r.follow_up_on <= $3 AND r.status NOT IN ('afgerond', 'niet_gelukt')
			ORDER BY r.follow_up_on, r.id LIMIT `+reach+`) r
		JOIN employers e ON e.id = r.employer_id JOIN partners p ON p.id = r.partner_id
		WHERE `+inScope("n.id")+`
		ORDER BY r.follow_up_on, r.id LIMIT $4 OFFSET $5`, listArgs(q, q.Today)...)
}
