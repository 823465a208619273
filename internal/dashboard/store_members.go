package dashboard

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Growth returns, per quarter of the period, the members at its end, the
// joins (a change to lid from any other status) and leaves (a change from
// lid to any other status) within it, from the status history, so members
// at the end = members before + joins - leaves; and the active members:
// those with someone present at a network event that was not cancelled in
// the six months before the quarter's end (the contact may have left
// since). One query: the history is read once for both figures.
func (s *Store) Growth(ctx context.Context, sc Scope) ([]GrowthRow, error) {
	return collect(ctx, s, growthSQL, sc, func(r pgx.Row, g *GrowthRow) error {
		return r.Scan(&g.Quarter, &g.Members, &g.Joins, &g.Leaves, &g.Active)
	})
}

// Summary counts the current members, those with exactly one active
// contact and those with an active directie contact.
func (s *Store) Summary(ctx context.Context, sc Scope) (Summary, error) {
	var sum Summary
	err := s.q(ctx).QueryRow(ctx, `WITH `+membersCTE+`,
		ac AS (SELECT c.employer_id, count(*) AS n, bool_or(c.function = 'directie') AS directie
			FROM contacts c WHERE c.employer_id IN (SELECT id FROM m) AND `+activeContact+`
			GROUP BY c.employer_id)
		SELECT (SELECT count(*) FROM m), count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE directie)
		FROM ac`, args(sc)).Scan(&sum.Members, &sum.OneContact, &sum.Directie)
	return sum, err
}

// Fragile lists the members with exactly one active contact, by name.
func (s *Store) Fragile(ctx context.Context, sc Scope) ([]FragileMember, error) {
	return collect(ctx, s, `WITH `+membersCTE+`,
		one AS (SELECT c.employer_id, min(c.function) AS function, min(c.level) AS level
			FROM contacts c WHERE c.employer_id IN (SELECT id FROM m) AND `+activeContact+`
			GROUP BY c.employer_id HAVING count(*) = 1)
		SELECT m.id, m.name, n.name, ft.name, one.level, m.member_since
		FROM one JOIN m ON m.id = one.employer_id
		JOIN networks n ON n.id = m.network_id
		JOIN function_types ft ON ft.code = one.function
		ORDER BY lower(m.name), m.id`, sc, func(r pgx.Row, f *FragileMember) error {
		return r.Scan(&f.EmployerID, &f.Name, &f.Network, &f.Function, &f.Level, &f.MemberSince)
	})
}

// ContactMix counts the active contacts of current members by function
// and level; every function and level appears, with 0 where nobody is.
func (s *Store) ContactMix(ctx context.Context, sc Scope) ([]MixCell, error) {
	return collect(ctx, s, `WITH `+membersCTE+`,
		ac AS (SELECT c.function, c.level FROM contacts c JOIN m ON m.id = c.employer_id WHERE `+activeContact+`)
		SELECT ft.code, ft.name, l.level, count(ac.level)
		FROM function_types ft
		CROSS JOIN unnest(ARRAY['strategisch', 'tactisch', 'operationeel']) WITH ORDINALITY AS l(level, pos)
		LEFT JOIN ac ON ac.function = ft.code AND ac.level = l.level
		GROUP BY ft.code, ft.name, ft.position, l.level, l.pos
		ORDER BY ft.position, l.pos`, sc, func(r pgx.Row, c *MixCell) error {
		return r.Scan(&c.Function, &c.FunctionName, &c.Level, &c.Contacts)
	})
}

// Composition counts the current members by sector, size class (every
// class, 0 included) and labour-market region; "" is unknown.
func (s *Store) Composition(ctx context.Context, sc Scope) (Composition, error) {
	rows, err := collect(ctx, s, `WITH `+membersCTE+`
		SELECT 'sector', coalesce(s.code || ' ' || s.name, ''), count(*), 0
		FROM m LEFT JOIN sectors s ON s.id = m.sector_id GROUP BY s.code, s.name
		UNION ALL
		SELECT 'grootte', sc.name, count(m.id), sc.position
		FROM size_classes sc LEFT JOIN m ON m.employee_count BETWEEN sc.min_employees AND coalesce(sc.max_employees, 2147483647)
		GROUP BY sc.name, sc.position
		UNION ALL
		SELECT 'grootte', '', count(*), 1000 FROM m WHERE m.employee_count IS NULL HAVING count(*) > 0
		UNION ALL
		SELECT 'regio', coalesce(r.name, ''), count(*), 0
		FROM m LEFT JOIN regions r ON r.id = m.region_id GROUP BY r.name
		UNION ALL
		SELECT 'schaal', '', (SELECT count(*) FROM sectors WHERE scheme = 'SBI2008'), 0
		ORDER BY 1, 4, 3 DESC, 2`, sc, func(r pgx.Row, c *CompositionRow) error {
		var pos int
		return r.Scan(&c.Dimension, &c.Label, &c.Members, &pos)
	})
	if err != nil {
		return Composition{}, err
	}
	var out Composition
	for _, r := range rows {
		switch r.Dimension {
		case "sector":
			out.Sectors = append(out.Sectors, r)
		case "grootte":
			out.Sizes = append(out.Sizes, r)
		case "regio":
			out.Regions = append(out.Regions, r)
		case "schaal":
			out.SectorScale = r.Members
		}
	}
	out.Sectors, out.Regions = unknownLast(out.Sectors), unknownLast(out.Regions)
	return out, nil
}

// unknownLast moves the row of unknown values to the end of a list that
// is sorted by count.
func unknownLast(rows []CompositionRow) []CompositionRow {
	out := make([]CompositionRow, 0, len(rows))
	var unknown []CompositionRow
	for _, r := range rows {
		if r.Label == "" {
			unknown = append(unknown, r)
		} else {
			out = append(out, r)
		}
	}
	return append(out, unknown...)
}

// growthCTE counts the members before the period (a lid span covering the
// day before it), the joins and leaves per quarter, and the members at the
// end of each quarter as that number plus the running sum of joins minus
// leaves: one pass over the history instead of one per quarter.
const growthCTE = statusSpansCTE + `,
	base AS (SELECT count(*) AS n FROM h
		WHERE status = 'lid' AND changed_on < @first::date AND (next_on IS NULL OR next_on >= @first::date)),
	flows AS (SELECT date_trunc('quarter', changed_on::timestamp)::date AS q_start,
			count(*) FILTER (WHERE status = 'lid' AND prev_status IS DISTINCT FROM 'lid') AS joins,
			count(*) FILTER (WHERE status <> 'lid' AND prev_status = 'lid') AS leaves
		FROM h WHERE changed_on >= @first::date GROUP BY 1),
	growth AS (SELECT q.q_start, q.asof,
			(base.n + sum(coalesce(f.joins, 0) - coalesce(f.leaves, 0)) OVER (ORDER BY q.q_start))::int AS members,
			coalesce(f.joins, 0)::int AS joins, coalesce(f.leaves, 0)::int AS leaves
		FROM q CROSS JOIN base LEFT JOIN flows f ON f.q_start = q.q_start)`

// activeCTE: the (quarter, employer) pairs with a presence in the six
// months before the quarter's end, counted when the employer was a member
// at that end (a lid span covering it).
const activeCTE = `att AS (SELECT DISTINCT c.employer_id, (e.starts_at AT TIME ZONE 'Europe/Amsterdam')::date AS day
		FROM events e
		JOIN event_invitations i ON i.event_id = e.id AND i.status = 'aanwezig'
		JOIN contacts c ON c.id = i.contact_id
		WHERE e.network_id = ANY(@networks::bigint[]) AND e.status <> 'geannuleerd' AND e.starts_at < @now::timestamptz
			AND e.starts_at >= ((@first::date - interval '6 months')::timestamp AT TIME ZONE 'Europe/Amsterdam')),
	seen AS (SELECT DISTINCT q.q_start, q.asof, att.employer_id FROM q
		JOIN att ON att.day >= q.asof - interval '6 months' AND att.day < q.asof),
	act AS (SELECT seen.q_start, count(*) AS n FROM seen
		JOIN h ON h.employer_id = seen.employer_id AND h.status = 'lid'
			AND h.changed_on < seen.asof AND (h.next_on IS NULL OR h.next_on >= seen.asof)
		GROUP BY seen.q_start)`

var growthSQL = `WITH ` + quartersCTE + `, ` + growthCTE + `, ` + activeCTE + `
	SELECT growth.q_start, growth.members, growth.joins, growth.leaves, coalesce(act.n, 0)::int
	FROM growth LEFT JOIN act ON act.q_start = growth.q_start ORDER BY growth.q_start`
