package commitments

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
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
		Page: web.PageParam(q)}
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
	switch {
	case !scope.All && len(scope.Networks) == 1:
		// Equality rather than = ANY: the index then gives the rows in order.
		add("e.network_id = $%d", scope.Networks[0])
	case !scope.All:
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

// order is the overview's order: by name, then network. Within one network
// the network's name is the same on every row, and leaving it out lets
// employers_network_members_idx give the rows in order.
func (f Filter) order(scope identity.Scope) string {
	if f.NetworkID != 0 || (!scope.All && len(scope.Networks) == 1) {
		return ` ORDER BY lower(e.name), e.id`
	}
	return ` ORDER BY lower(e.name), n.name, e.id`
}

// Overview is a page of the overview with what it shows beside the rows.
type Overview struct {
	Items []ListItem
	Total int
	Kinds []Kind // the required kinds of the user's networks, for the filter
}

// List returns one page of the members a scope may read, with their
// conditions, the total, and the required kinds of networks: all in one
// round trip.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter, networks []int64) (Overview, error) {
	where, args := f.where(scope)
	page := `SELECT e.id, e.name, n.id AS network_id, n.name AS network_name FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE ` + where + f.order(scope) + fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, (f.Page-1)*PerPage)
	var o Overview
	var b db.Batch
	b.QueryRow(func(r pgx.Row) error { return r.Scan(&o.Total) }, `SELECT count(*) FROM employers e WHERE `+where, args...)
	items := db.Collect(&b, func(r pgx.CollectableRow) (ListItem, error) {
		var it ListItem
		return it, r.Scan(&it.EmployerID, &it.EmployerName, &it.NetworkID, &it.NetworkName)
	}, page, args...)
	// The page's conditions: the same page again, as an array (so the
	// plan starts from those 50 employers, not from the conditions). When
	// none of the scope's networks has a condition, a one-time filter
	// skips the query altogether.
	condArgs, guard := args, ""
	if !scope.All {
		condArgs = append(slices.Clip(args), scope.Networks)
		guard = fmt.Sprintf(` AND EXISTS (SELECT 1 FROM network_conditions g WHERE g.network_id = ANY($%d))`, len(condArgs))
	}
	conds := queueConditions(&b, `s.employer_id = ANY(ARRAY(SELECT p.id FROM (`+page+`) p))`+guard, condArgs...)
	kinds := db.Collect(&b, pgx.RowToStructByPos[Kind], requiredKindsSQL, networks)
	if err := b.Send(ctx, s.pool); err != nil {
		return Overview{}, err
	}
	o.Items, o.Kinds = *items, *kinds
	for i := range o.Items {
		o.Items[i].Conditions = (*conds)[o.Items[i].EmployerID]
	}
	return o, nil
}

const requiredKindsSQL = `SELECT k.id, k.code, k.name, k.description, coalesce(k.network_id, 0) FROM commitment_kinds k
		WHERE EXISTS (SELECT 1 FROM network_conditions c WHERE c.kind_id = k.id AND c.network_id = ANY($1))
		ORDER BY k.network_id NULLS FIRST, k.position, lower(k.name), k.id`
