package dashboard

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// Intake counts the intakes of employers in the chosen networks whose
// invitation went out within the period (withdrawn ones left out): sent,
// opened, submitted, processed, and the median days from invitation to
// submission. A later step implies the earlier ones, so a submitted intake
// counts as opened even if its opening was not recorded.
func (s *Store) Intake(ctx context.Context, sc Scope) (IntakeFunnel, error) {
	var f IntakeFunnel
	err := s.q(ctx).QueryRow(ctx, `SELECT count(*),
			count(*) FILTER (WHERE i.opened_at IS NOT NULL OR i.submitted_at IS NOT NULL OR i.processed_at IS NOT NULL),
			count(*) FILTER (WHERE i.submitted_at IS NOT NULL OR i.processed_at IS NOT NULL),
			count(*) FILTER (WHERE i.processed_at IS NOT NULL),
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.submitted_at - i.invited_at) / 86400)
		FROM intakes i JOIN employers e ON e.id = i.employer_id
		WHERE e.network_id = ANY(@networks::bigint[]) AND i.status <> 'ingetrokken'
			AND i.invited_at >= (@first::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
			AND i.invited_at < (@end::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`, args(sc)).
		Scan(&f.Invited, &f.Opened, &f.Submitted, &f.Processed, &f.MedianDays)
	return f, err
}

// maxNames caps the names listed per challenge: enough to act on, while a
// national view of thousands of members stays a page.
const maxNames = 50

// Needs returns the challenges current members name, most named first,
// each with the members naming it and the members offering knowledge or
// help on it (an offer whose tag helps with that challenge). A member names
// a challenge when it is on its profile or in its submitted, not yet
// processed intake (a processed intake's answers are on the profile).
func (s *Store) Needs(ctx context.Context, sc Scope) ([]Need, error) {
	return collect(ctx, s, `WITH `+membersCTE+`,
		named AS (
			SELECT et.employer_id, et.tag_id FROM employer_tags et WHERE et.employer_id IN (SELECT id FROM m)
			UNION
			SELECT i.employer_id, x::bigint FROM intakes i
			CROSS JOIN LATERAL jsonb_array_elements_text(
				CASE WHEN jsonb_typeof(i.answers -> '2' -> 'uitdagingen') = 'array' THEN i.answers -> '2' -> 'uitdagingen' ELSE '[]' END) x
			WHERE i.status = 'ingediend' AND i.employer_id IN (SELECT id FROM m) AND x ~ '^[0-9]{1,18}$'),
		need AS (SELECT t.id, t.name, t.position, n.employer_id FROM named n JOIN tags t ON t.id = n.tag_id AND t.kind = 'uitdaging'),
		offer AS (SELECT DISTINCT t.helps_with_tag_id AS tag_id, et.employer_id FROM employer_tags et
			JOIN tags t ON t.id = et.tag_id AND t.kind = 'aanbod' AND t.helps_with_tag_id IS NOT NULL
			WHERE et.employer_id IN (SELECT id FROM m)),
		helper AS (SELECT o.tag_id, o.employer_id FROM offer o
			WHERE NOT EXISTS (SELECT 1 FROM need n WHERE n.id = o.tag_id AND n.employer_id = o.employer_id))
		SELECT need.id, need.name, count(*),
			(array_agg(m.name ORDER BY lower(m.name), m.id))[1:`+strconv.Itoa(maxNames)+`],
			coalesce((SELECT (array_agg(hm.name ORDER BY lower(hm.name), hm.id))[1:`+strconv.Itoa(maxNames)+`]
				FROM helper JOIN m hm ON hm.id = helper.employer_id WHERE helper.tag_id = need.id), '{}'),
			(SELECT count(*) FROM helper WHERE helper.tag_id = need.id)
		FROM need JOIN m ON m.id = need.employer_id
		GROUP BY need.id, need.name, need.position
		ORDER BY count(*) DESC, need.position, need.name`, sc, func(r pgx.Row, n *Need) error {
		return r.Scan(&n.TagID, &n.Name, &n.Members, &n.Named, &n.Helpers, &n.HelperCount)
	})
}
