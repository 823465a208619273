package partners

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// PerPage is the length of a page of the partner directory.
const PerPage = 50

// allRegions is the region filter's value for every region; without a
// region the directory shows the regions of the user's networks, where
// their employers are.
const allRegions = "alle"

// Filter is the directory's search, filters and page. It lives in the URL,
// so a list can be bookmarked and shared.
type Filter struct {
	Query      string
	RegionID   int64
	AllRegions bool
	Kind       string
	TagID      int64 // a challenge the partner helps with
	Page       int
}

// ParseFilter reads a filter from a query string; unknown values are
// ignored rather than refused, as a shared link may be older than the data.
func ParseFilter(q url.Values) Filter {
	f := Filter{
		Query:      web.SearchParam(q),
		RegionID:   web.ParseID(q.Get("regio")),
		AllRegions: q.Get("regio") == allRegions,
		Kind:       q.Get("soort"),
		TagID:      web.ParseID(q.Get("helpt_bij")),
		Page:       web.PageParam(q),
	}
	if !slices.Contains(Kinds, f.Kind) {
		f.Kind = ""
	}
	return f
}

// Values returns the filter as query values (without the page), for links.
func (f Filter) Values() url.Values {
	return web.FilterValues(
		"q", f.Query,
		"regio", f.regionValue(),
		"soort", f.Kind,
		"helpt_bij", web.FormatID(f.TagID),
	)
}

// regionValue is the region filter as the select shows it.
func (f Filter) regionValue() string {
	if f.AllRegions {
		return allRegions
	}
	return idFilter(f.RegionID)
}

// regions returns the regions the filter shows, given the user's own.
func (f Filter) regions(own []int64) Regions {
	switch {
	case f.RegionID != 0:
		return Regions{IDs: []int64{f.RegionID}}
	case f.AllRegions || len(own) == 0:
		return Regions{All: true}
	}
	return Regions{IDs: own}
}

// where builds the WHERE clause and its arguments for a filter.
func (f Filter) where(regions Regions) (string, []any) {
	var args []any
	conds := []string{"true"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if !regions.All {
		add("p.region_id = ANY($%d)", regions.IDs)
	}
	if f.Query != "" {
		add(`p.name ILIKE '%%' || $%d || '%%'`, escapeLike(f.Query))
	}
	if f.Kind != "" {
		add("p.kind = $%d", f.Kind)
	}
	if f.TagID != 0 {
		add("EXISTS (SELECT 1 FROM partner_tags pt WHERE pt.partner_id = p.id AND pt.tag_id = $%d)", f.TagID)
	}
	return strings.Join(conds, " AND "), args
}

// escapeLike makes user input literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns one page of the partners in the regions, by region and
// name, with the number of referrals the scope's networks made to each,
// and the total.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter, regions Regions) ([]ListItem, int, error) {
	where, args := f.where(regions)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM partners p WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	n := len(args)
	args = append(args, scope.All, scope.Networks)
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT p.id, p.name, p.kind, r.name,
			array(SELECT t.name FROM partner_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.partner_id = p.id ORDER BY t.position, t.id),
			(SELECT count(*)::int FROM referrals x WHERE x.partner_id = p.id AND ($%d OR x.network_id = ANY($%d)))
		FROM partners p JOIN regions r ON r.id = p.region_id WHERE %s
		ORDER BY r.name, lower(p.name), p.id LIMIT %d OFFSET %d`, n+1, n+2, where, PerPage, (f.Page-1)*PerPage), args...)
	if err != nil {
		return nil, 0, err
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ListItem])
	return items, total, err
}

// idFilter is a filter's id as a query value: none is empty.
func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return web.FormatID(n)
}
