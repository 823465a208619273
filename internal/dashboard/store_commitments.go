package dashboard

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Conditions returns each condition of membership of the chosen networks
// with the current members of the networks that ask it and how many of
// them meet it. Whether a member meets a condition is the commitments
// package's rule, the view employer_condition_status, so its pages and the
// dashboard never disagree.
func (s *Store) Conditions(ctx context.Context, sc Scope) ([]ConditionRow, error) {
	return collect(ctx, s, `WITH `+membersCTE+`
		SELECT k.id, k.name, count(m.id), count(m.id) FILTER (WHERE cs.met)
		FROM network_conditions nc JOIN commitment_kinds k ON k.id = nc.kind_id
		LEFT JOIN m ON m.network_id = nc.network_id
		LEFT JOIN employer_condition_status cs ON cs.employer_id = m.id AND cs.kind_id = nc.kind_id AND cs.network_id = nc.network_id
		WHERE nc.network_id = ANY(@networks::bigint[])
		GROUP BY k.id, k.name, k.position ORDER BY k.position, k.name`, sc, func(r pgx.Row, c *ConditionRow) error {
		return r.Scan(&c.KindID, &c.Name, &c.Members, &c.Met)
	})
}

// reportsCTE is the placement reports of the period of employers in the
// chosen networks, whatever their status now (a report of a member who
// left still happened).
const reportsCTE = `r AS (
	SELECT p.employer_id, make_date(p.year, (p.quarter - 1) * 3 + 1, 1) AS q_start,
		p.ambition_jobs, p.people, p.weekly_hours
	FROM placement_reports p JOIN employers e ON e.id = p.employer_id
	WHERE e.network_id = ANY(@networks::bigint[]) AND p.year BETWEEN @firstYear::int AND @lastYear::int
		AND make_date(p.year, (p.quarter - 1) * 3 + 1, 1) >= @first::date
		AND make_date(p.year, (p.quarter - 1) * 3 + 1, 1) < @end::date)`

// Placements sums the reports per quarter: ambition (of the reports that
// state one), people and weekly hours. A quarter without reports has
// Reports 0.
func (s *Store) Placements(ctx context.Context, sc Scope) ([]PlacementRow, error) {
	return collect(ctx, s, `WITH `+quartersCTE+`, `+reportsCTE+`
		SELECT q.q_start, count(r.q_start), count(r.ambition_jobs), coalesce(sum(r.ambition_jobs), 0),
			coalesce(sum(r.people), 0), coalesce(sum(r.weekly_hours), 0)::float8
		FROM q LEFT JOIN r ON r.q_start = q.q_start
		GROUP BY q.q_start ORDER BY q.q_start`, sc, func(r pgx.Row, p *PlacementRow) error {
		return r.Scan(&p.Quarter, &p.Reports, &p.WithAmbition, &p.Ambition, &p.People, &p.WeeklyHours)
	})
}

// EmployerPlacements returns each employer's latest report of the period,
// by employer name.
func (s *Store) EmployerPlacements(ctx context.Context, sc Scope) ([]EmployerPlacement, error) {
	return collect(ctx, s, `WITH `+reportsCTE+`,
		latest AS (SELECT DISTINCT ON (r.employer_id) r.* FROM r ORDER BY r.employer_id, r.q_start DESC)
		SELECT e.id, e.name, n.name, latest.q_start, latest.ambition_jobs, latest.people, latest.weekly_hours::float8
		FROM latest JOIN employers e ON e.id = latest.employer_id JOIN networks n ON n.id = e.network_id
		ORDER BY lower(e.name), e.id`, sc, func(r pgx.Row, p *EmployerPlacement) error {
		return r.Scan(&p.EmployerID, &p.Name, &p.Network, &p.Quarter, &p.Ambition, &p.People, &p.WeeklyHours)
	})
}
