package recruitment

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/web"
)

// NetworkName returns the name of a network, or NotFound.
func (s *Store) NetworkName(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.pool.QueryRow(ctx, `SELECT name FROM networks WHERE id = $1`, id).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return name, err
}

// Wish returns the network's wish profile; an empty one (version 0) when
// the network has stated nothing yet.
func (s *Store) Wish(ctx context.Context, networkID int64) (WishProfile, error) {
	return wish(ctx, s.pool, networkID)
}

func wish(ctx context.Context, q db.Querier, networkID int64) (WishProfile, error) {
	p := WishProfile{NetworkID: networkID, Composition: "gemengd"}
	err := q.QueryRow(ctx, `SELECT target_size, max_growth_per_quarter, composition, sector_ids, size_classes,
		municipalities, functions, levels, directie_share, maturity_level_ids, organisation_kinds, version
		FROM wish_profiles WHERE network_id = $1`, networkID).Scan(&p.TargetSize, &p.MaxGrowth, &p.Composition,
		&p.SectorIDs, &p.SizeClasses, &p.Municipalities, &p.Functions, &p.Levels, &p.DirectieShare, &p.MaturityIDs,
		&p.Kinds, &p.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, nil
	}
	return p, err
}

// SaveWish stores the profile if nobody saved it since p.Version was read.
func (s *Store) SaveWish(ctx context.Context, p WishProfile) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var current int
		err := tx.QueryRow(ctx, `SELECT version FROM wish_profiles WHERE network_id = $1 FOR UPDATE`, p.NetworkID).Scan(&current)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if current != p.Version {
			return apperr.New(apperr.Conflict, "")
		}
		_, err = tx.Exec(ctx, `INSERT INTO wish_profiles (network_id, target_size, max_growth_per_quarter, composition,
			sector_ids, size_classes, municipalities, functions, levels, directie_share, maturity_level_ids, organisation_kinds)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (network_id) DO UPDATE SET target_size = $2, max_growth_per_quarter = $3, composition = $4,
			sector_ids = $5, size_classes = $6, municipalities = $7, functions = $8, levels = $9, directie_share = $10,
			maturity_level_ids = $11, organisation_kinds = $12, version = wish_profiles.version + 1, updated_at = now()`,
			p.NetworkID, p.TargetSize, p.MaxGrowth, p.Composition, nonNil(p.SectorIDs), strs(p.SizeClasses),
			strs(p.Municipalities), strs(p.Functions), strs(p.Levels), p.DirectieShare, nonNil(p.MaturityIDs), strs(p.Kinds))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "wish_profile", EntityID: p.NetworkID, Action: audit.Updated,
			Changes: map[string]audit.Change{"doel": {New: intText(p.TargetSize)}, "groei_per_kwartaal": {New: intText(p.MaxGrowth)},
				"samenstelling": {New: p.Composition}, "directie_procent": {New: intText(p.DirectieShare)}}})
	})
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Facts reads the network's members as the gaps need them, and how many
// became members in the current quarter (Dutch time).
func (s *Store) Facts(ctx context.Context, networkID int64) (Facts, error) {
	return facts(ctx, s.pool, networkID, s.Clock().Today())
}

// facts reads the network as it is on day today: the dashboard passes the
// day of its figures, so a snapshot and a live view agree.
func facts(ctx context.Context, q db.Querier, networkID int64, today time.Time) (Facts, error) {
	var f Facts
	rows, err := q.Query(ctx, `SELECT coalesce(e.sector_id, 0), e.employee_count, e.city, coalesce(e.maturity_level_id, 0),
		coalesce(array_agg(DISTINCT c.function) FILTER (WHERE c.id IS NOT NULL), '{}'),
		coalesce(array_agg(DISTINCT c.level) FILTER (WHERE c.id IS NOT NULL), '{}')
		FROM employers e
		LEFT JOIN contacts c ON c.employer_id = e.id AND (c.active_until IS NULL OR c.active_until >= $2::date)
		WHERE e.network_id = $1 AND e.status = 'lid'
		GROUP BY e.id ORDER BY e.id`, networkID, today)
	if err != nil {
		return f, err
	}
	f.Members, err = pgx.CollectRows(rows, pgx.RowToStructByPos[MemberFacts])
	if err != nil {
		return f, err
	}
	err = q.QueryRow(ctx, `SELECT count(DISTINCT sc.employer_id) FROM employer_status_changes sc
		JOIN employers e ON e.id = sc.employer_id
		WHERE e.network_id = $1 AND sc.status = 'lid'
		  AND sc.changed_on >= date_trunc('quarter', $2::date)::date AND sc.changed_on <= $2::date`, networkID, today).Scan(&f.JoinedThisQuarter)
	return f, err
}

// WishChoices are the reference data the profile is stated in.
type WishChoices struct {
	Sectors     []Option
	SizeClasses []SizeClass
	Functions   []Option
	Maturity    []Option
	retired     map[string]bool // "fn:code", "ml:id": retired in /beheer
}

// offered is c as the wish form offers it: without functions and levels
// retired in /beheer, except those the stored profile holds (so saving it
// unchanged is never refused). The page that names the gaps uses c itself.
func (c WishChoices) offered(held WishProfile) WishChoices {
	var fns, levels []Option
	for _, o := range c.Functions {
		if !c.retired["fn:"+o.Value] || slices.Contains(held.Functions, o.Value) {
			fns = append(fns, o)
		}
	}
	for _, o := range c.Maturity {
		if !c.retired["ml:"+o.Value] || slices.Contains(held.MaturityIDs, web.ParseID(o.Value)) {
			levels = append(levels, o)
		}
	}
	c.Functions, c.Maturity = fns, levels
	return c
}

// WishChoices loads the reference data.
func (s *Store) WishChoices(ctx context.Context) (WishChoices, error) {
	return wishChoices(ctx, s.pool)
}

func wishChoices(ctx context.Context, q db.Querier) (WishChoices, error) {
	var c WishChoices
	var err error
	if c.Sectors, err = options(ctx, q, `SELECT id::text, name FROM sectors WHERE scheme = 'SBI2008' ORDER BY code`); err != nil {
		return c, err
	}
	if c.Functions, err = functionOptions(ctx, q); err != nil {
		return c, err
	}
	rows, err := q.Query(ctx, `SELECT 'fn:' || code FROM function_types WHERE retired_at IS NOT NULL
		UNION ALL SELECT 'ml:' || id FROM maturity_levels WHERE retired_at IS NOT NULL`)
	if err != nil {
		return c, err
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return c, err
	}
	c.retired = map[string]bool{}
	for _, k := range keys {
		c.retired[k] = true
	}
	if c.Maturity, err = options(ctx, q, `SELECT id::text, name FROM maturity_levels ORDER BY scale, position`); err != nil {
		return c, err
	}
	rows, err = q.Query(ctx, `SELECT code, min_employees, max_employees, name, position FROM size_classes ORDER BY position`)
	if err != nil {
		return c, err
	}
	c.SizeClasses, err = pgx.CollectRows(rows, pgx.RowToStructByPos[SizeClass])
	return c, err
}

// Names turns the choices into the words the gaps use.
func (c WishChoices) Names(levels map[string]string) Names {
	n := Names{Sectors: map[int64]string{}, SizeClasses: c.SizeClasses, Functions: map[string]string{}, Levels: levels}
	for _, o := range c.Sectors {
		id, _ := strconv.ParseInt(o.Value, 10, 64)
		n.Sectors[id] = o.Label
	}
	for _, o := range c.Functions {
		n.Functions[o.Value] = o.Label
	}
	return n
}
