package recruitment

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
)

// Dashboard is what the dashboard shows of recruitment for some networks:
// each network's wish profile with the facts its gaps are computed from,
// and the pipeline's counts. It holds data, not words: the dashboard keeps
// it in a snapshot and the words are made in the reader's language (see
// Findings). app wires it into the dashboard, which does not import this
// package.
type Dashboard struct {
	Wishes  []NetworkWish
	Choices WishChoices // the reference data the profiles are stated in
	Stages  []StageCount
	Dropped int
	Sources []Count
}

// NetworkWish is one network's stated profile and its members' facts.
type NetworkWish struct {
	NetworkID int64
	Network   string
	Profile   WishProfile
	Facts     Facts
}

// StageCount is one stage of the pipeline: how many prospects are in it
// now, and how many ever got this far (those further on, those who became
// members and those who dropped out after reaching it).
type StageCount struct {
	Stage        string
	Now, Reached int
}

// LoadDashboard reads the figures for networks on day today, in the
// transaction (or pool) q: the dashboard passes its read-only transaction,
// so these figures and its own come from one snapshot of the database.
func LoadDashboard(ctx context.Context, q db.Querier, networks []int64, today time.Time) (Dashboard, error) {
	var d Dashboard
	var err error
	rows, err := q.Query(ctx, `SELECT w.network_id, n.name FROM wish_profiles w JOIN networks n ON n.id = w.network_id
		WHERE w.network_id = ANY($1) ORDER BY n.name, n.id`, nonNil(networks))
	if err != nil {
		return d, err
	}
	stated, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct {
		ID   int64
		Name string
	}])
	if err != nil {
		return d, err
	}
	for _, n := range stated {
		w := NetworkWish{NetworkID: n.ID, Network: n.Name}
		if w.Profile, err = wish(ctx, q, n.ID); err != nil {
			return d, err
		}
		if w.Facts, err = facts(ctx, q, n.ID, today); err != nil {
			return d, err
		}
		d.Wishes = append(d.Wishes, w)
	}
	if len(d.Wishes) > 0 {
		if d.Choices, err = wishChoices(ctx, q); err != nil {
			return d, err
		}
	}
	if d.Stages, d.Dropped, err = stageCounts(ctx, q, networks); err != nil {
		return d, err
	}
	d.Sources, err = sourceCounts(ctx, q, networks)
	return d, err
}

// stageCounts counts the prospects per stage, in board order without
// "afgevallen" (counted apart).
func stageCounts(ctx context.Context, q db.Querier, networks []int64) ([]StageCount, int, error) {
	rows, err := q.Query(ctx, `SELECT s.stage,
			count(p.id) FILTER (WHERE p.stage = s.stage),
			count(p.id) FILTER (WHERE array_position($2::text[], p.furthest_stage) >= s.pos)
		FROM unnest($2::text[]) WITH ORDINALITY AS s(stage, pos)
		LEFT JOIN prospects p ON p.network_id = ANY($1)
		WHERE s.stage <> 'afgevallen'
		GROUP BY s.stage, s.pos ORDER BY s.pos`, nonNil(networks), Stages)
	if err != nil {
		return nil, 0, err
	}
	counts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StageCount])
	if err != nil {
		return nil, 0, err
	}
	var dropped int
	err = q.QueryRow(ctx, `SELECT count(*) FROM prospects WHERE network_id = ANY($1) AND stage = 'afgevallen'`,
		nonNil(networks)).Scan(&dropped)
	return counts, dropped, err
}

// Findings are a network's gaps in words, in the language of ctx.
func (d Dashboard) Findings(ctx context.Context, w NetworkWish) []Finding {
	return Gaps(ctx, w.Profile, w.Facts, d.Choices.Names(levelNames(ctx)))
}
