package subgroups

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

// PerPage is the length of a page of the subgroup list.
const PerPage = 50

// Filter is the list's search, filters and page. It lives in the URL, so a
// list can be bookmarked and shared.
type Filter struct {
	Query     string
	NetworkID int64
	Kind      string
	ThemeID   int64
	Page      int
}

// ParseFilter reads a filter from a query string; unknown values are
// ignored rather than refused, as a shared link may be older than the data.
func ParseFilter(q url.Values) Filter {
	f := Filter{
		Query:     web.SearchParam(q),
		NetworkID: web.ParseID(q.Get("netwerk")),
		Kind:      q.Get("soort"),
		ThemeID:   web.ParseID(q.Get("thema")),
		Page:      web.PageParam(q),
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
		"netwerk", web.FormatID(f.NetworkID),
		"soort", f.Kind,
		"thema", web.FormatID(f.ThemeID),
	)
}

// where builds the WHERE clause and its arguments for a filter in a scope.
func (f Filter) where(scope identity.Scope) (string, []any) {
	var args []any
	conds := []string{"true"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if !scope.All {
		add("s.network_id = ANY($%d)", scope.Networks)
	}
	if f.Query != "" {
		add(`s.name ILIKE '%%' || $%d || '%%'`, escapeLike(f.Query))
	}
	if f.NetworkID != 0 {
		add("s.network_id = $%d", f.NetworkID)
	}
	if f.Kind != "" {
		add("s.kind = $%d", f.Kind)
	}
	if f.ThemeID != 0 {
		add("s.theme_id = $%d", f.ThemeID)
	}
	return strings.Join(conds, " AND "), args
}

// escapeLike makes user input literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns one page of the subgroups a scope may read, open ones
// first, and the total.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]ListItem, int, error) {
	where, args := f.where(scope)
	// The count and the page in one round trip.
	var total int
	var items []ListItem
	b := &pgx.Batch{}
	b.Queue(`SELECT count(*) FROM subgroups s WHERE `+where, args...).QueryRow(func(r pgx.Row) error { return r.Scan(&total) })
	b.Queue(`SELECT s.id, s.name, s.kind, coalesce(t.name, ''), n.name,
			(SELECT count(DISTINCT m.contact_id) FROM subgroup_members m WHERE m.subgroup_id = s.id AND `+currentMember+`),
			coalesce(c.name, ''), coalesce(e.name, ''), s.ended_on
		`+subgroupJoins+` WHERE `+where+`
		ORDER BY (s.ended_on IS NOT NULL AND s.ended_on <= current_date), lower(s.name), n.name, s.id`+
		fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, (f.Page-1)*PerPage), args...).Query(func(rows pgx.Rows) error {
		var err error
		items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ListItem])
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}
