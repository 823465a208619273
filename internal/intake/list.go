package intake

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// PerPage is the number of intakes on a page of the list.
const PerPage = 50

// Filter narrows the intakes list.
type Filter struct {
	Status  string
	Network int64
	Query   string
	Year    int
	Page    int
}

// ParseFilter reads a filter from a query string; unknown values are
// ignored rather than refused, as on every list.
func ParseFilter(v url.Values) Filter {
	f := Filter{Query: web.Cut(strings.TrimSpace(v.Get("q")), 100), Page: 1}
	if s := v.Get("status"); slices.Contains(StatusOrder, s) {
		f.Status = s
	}
	f.Network, _ = strconv.ParseInt(v.Get("netwerk"), 10, 64)
	if y, err := strconv.Atoi(v.Get("jaar")); err == nil && y >= 2000 && y <= 2100 {
		f.Year = y
	}
	if p, err := strconv.Atoi(v.Get("pagina")); err == nil && p > 0 && p < 100000 {
		f.Page = p
	}
	return f
}

// Values returns the filter as a query string, for pagination links.
func (f Filter) Values() url.Values {
	return web.FilterValues(
		"status", f.Status,
		"netwerk", strconv.FormatInt(f.Network, 10),
		"q", f.Query,
		"jaar", strconv.Itoa(f.Year),
	)
}

// ListItem is one row of the intakes list: only what the list shows.
type ListItem struct {
	ID             int64
	EmployerID     int64
	EmployerName   string
	NetworkID      int64
	NetworkName    string
	Year           int
	Status         string // as stored
	ContactName    string
	ExpiresAt      time.Time
	LastActivityAt time.Time
	StepsDone      int
}

// Shown is the status as people see it (Intake.Shown).
func (it ListItem) Shown(now time.Time) string { return shown(it.Status, it.ExpiresAt, now) }

// listPageSQL reads a page of the list from intakes alone (the inner
// query: one index gives the order, LIMIT and OFFSET) and then the names of
// that page's rows by scalar subqueries on primary keys. PostgreSQL plans
// the list on every view, and planning the six-table join of selectIntake
// took several times longer than running it; each subquery is planned as a
// small single-table query, and the LIMIT inside keeps them from running
// for the rows a deep page skips. The answers and drafts stay in the table.
func listPageSQL(where string, limit, offset int) string {
	return `SELECT p.id, p.employer_id, (SELECT e.name FROM employers e WHERE e.id = p.employer_id),
	p.network_id, (SELECT n.name FROM networks n WHERE n.id = p.network_id), p.year, p.status,
	coalesce((SELECT c.name FROM contacts c WHERE c.id = p.contact_id), ''), p.expires_at, p.last_activity_at, p.steps
	FROM (SELECT i.id, i.employer_id, i.network_id, i.year, i.status, i.contact_id, i.expires_at, i.last_activity_at,
		cardinality(i.done_steps) AS steps
		FROM intakes i ` + where + `
		ORDER BY i.last_activity_at DESC, i.id DESC LIMIT $` + strconv.Itoa(limit) + ` OFFSET $` + strconv.Itoa(offset) + `) p
	ORDER BY p.last_activity_at DESC, p.id DESC`
}

func scanListItem(row pgx.CollectableRow) (ListItem, error) {
	var it ListItem
	err := row.Scan(&it.ID, &it.EmployerID, &it.EmployerName, &it.NetworkID, &it.NetworkName, &it.Year, &it.Status,
		&it.ContactName, &it.ExpiresAt, &it.LastActivityAt, &it.StepsDone)
	return it, err
}

// listWhere is the WHERE clause of the list and its arguments. Only the
// conditions in use are written, each with its own parameter, so the
// statement is simple enough for a generic plan (intakes.network_id is kept
// by a trigger, migration 00065, so no join is needed for the scope).
func listWhere(scope identity.Scope, f Filter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	switch {
	case scope.All:
	case len(scope.Networks) == 1:
		// An equality, so the index on (network_id, last_activity_at)
		// also gives the order (with = ANY PostgreSQL 15 sorts instead).
		add(`i.network_id = $?`, scope.Networks[0])
	default:
		add(`i.network_id = ANY($?::bigint[])`, scope.Networks)
	}
	if f.Network != 0 {
		add(`i.network_id = $?`, f.Network)
	}
	if f.Year != 0 {
		add(`i.year = $?`, f.Year)
	}
	if f.Query != "" {
		add(`EXISTS (SELECT 1 FROM employers e WHERE e.id = i.employer_id AND e.name ILIKE '%' || $? || '%')`,
			escapeLike(f.Query))
	}
	switch f.Status {
	case "":
	case Expired:
		conds = append(conds, `i.status IN ('uitgenodigd', 'geopend', 'bezig') AND i.expires_at <= now()`)
	case Invited, Opened, Busy:
		add(`i.status = $? AND i.expires_at > now()`, f.Status)
	default:
		add(`i.status = $?`, f.Status)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return `WHERE ` + strings.Join(conds, ` AND `), args
}

// List returns a page of intakes in scope, the latest activity first, and
// the number of matches.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]ListItem, int, error) {
	where, args := listWhere(scope, f)
	n := len(args)
	// The count and the page in one round trip, with one plan each for
	// the connection. The page's LIMIT and OFFSET are parameters, which a
	// generic plan cannot see: PostgreSQL costs it for a tenth of the
	// scope's intakes, so once a network has hundreds (700 at 20,000
	// employers, against 70 at 2,000) it kept planning the page anew on
	// every view (0.4 ms, as long as running it); the plan, the
	// network's activity index, is the same for any values.
	var b db.Batch
	b.GenericPlans()
	var total int
	b.QueryRow(func(r pgx.Row) error { return r.Scan(&total) }, `SELECT count(*) FROM intakes i `+where, args...)
	items := db.Collect(&b, scanListItem, listPageSQL(where, n+1, n+2),
		append(slices.Clip(args), PerPage, (f.Page-1)*PerPage)...)
	if err := b.Send(ctx, s.pool); err != nil {
		return nil, 0, err
	}
	return *items, total, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
