package commitments

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// PerPage is the length of a page of the overview.
const PerPage = 50

// Filter is the overview's filters and page. It lives in the URL, so a
// list can be bookmarked and shared.
type Filter struct {
	NetworkID int64
	KindID    int64
	Missing   bool // only members that lack a required commitment
	Page      int
}

// ParseFilter reads a filter from a query string; unknown values are
// ignored rather than refused, as a shared link may be older than the data.
func ParseFilter(q url.Values) Filter {
	f := Filter{NetworkID: web.ParseID(q.Get("netwerk")), KindID: web.ParseID(q.Get("soort")), Missing: q.Get("mist") == "1",
		Page: int(web.ParseID(q.Get("pagina")))}
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f
}

// Values returns the filter as query values (without the page), for links.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.NetworkID != 0 {
		v.Set("netwerk", web.FormatID(f.NetworkID))
	}
	if f.KindID != 0 {
		v.Set("soort", web.FormatID(f.KindID))
	}
	if f.Missing {
		v.Set("mist", "1")
	}
	return v
}

// ListItem is a member with the conditions of its network.
type ListItem struct {
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	NetworkName  string
	Conditions   []Condition
}

// Missing lists the names of the required kinds the member lacks.
func (it ListItem) Missing() []string {
	var out []string
	for _, c := range it.Conditions {
		if !c.Met {
			out = append(out, c.KindName)
		}
	}
	return out
}

// where builds the WHERE clause of the overview: members of the scope's
// networks, filtered.
func (f Filter) where(scope identity.Scope) (string, []any) {
	args := []any{}
	conds := []string{"e.status = 'lid'", "e.erased_at IS NULL"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if !scope.All {
		add("e.network_id = ANY($%d)", scope.Networks)
	}
	if f.NetworkID != 0 {
		add("e.network_id = $%d", f.NetworkID)
	}
	switch {
	case f.KindID != 0 && f.Missing:
		add("EXISTS (SELECT 1 FROM employer_condition_status s WHERE s.employer_id = e.id AND NOT s.met AND s.kind_id = $%d)", f.KindID)
	case f.KindID != 0:
		add("EXISTS (SELECT 1 FROM network_conditions nc WHERE nc.network_id = e.network_id AND nc.kind_id = $%d)", f.KindID)
	case f.Missing:
		conds = append(conds, "EXISTS (SELECT 1 FROM employer_condition_status s WHERE s.employer_id = e.id AND NOT s.met)")
	}
	return strings.Join(conds, " AND "), args
}

// List returns one page of the members a scope may read, with their
// conditions, and the total.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]ListItem, int, error) {
	where, args := f.where(scope)
	// The count and the page in one round trip.
	var total int
	var items []ListItem
	b := &pgx.Batch{}
	b.Queue(`SELECT count(*) FROM employers e WHERE `+where, args...).QueryRow(func(r pgx.Row) error { return r.Scan(&total) })
	b.Queue(`SELECT e.id, e.name, n.id, n.name FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE `+where+` ORDER BY lower(e.name), n.name, e.id`+
		fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, (f.Page-1)*PerPage), args...).Query(func(rows pgx.Rows) error {
		var err error
		items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ListItem, error) {
			var it ListItem
			return it, r.Scan(&it.EmployerID, &it.EmployerName, &it.NetworkID, &it.NetworkName)
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.EmployerID
	}
	conds, err := s.Conditions(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range items {
		items[i].Conditions = conds[items[i].EmployerID]
	}
	return items, total, nil
}

// RequiredKinds returns the kinds that are a condition in at least one of
// the networks, for the overview's filter.
func (s *Store) RequiredKinds(ctx context.Context, networks []int64) ([]Kind, error) {
	rows, err := s.pool.Query(ctx, `SELECT k.id, k.code, k.name, k.description, coalesce(k.network_id, 0) FROM commitment_kinds k
		WHERE EXISTS (SELECT 1 FROM network_conditions c WHERE c.kind_id = k.id AND c.network_id = ANY($1))
		ORDER BY k.network_id NULLS FIRST, k.position, lower(k.name), k.id`, networks)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Kind])
}
