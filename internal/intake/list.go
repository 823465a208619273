package intake

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

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
	f := Filter{Query: strings.TrimSpace(v.Get("q")), Page: 1}
	if len([]rune(f.Query)) > 100 {
		f.Query = string([]rune(f.Query)[:100])
	}
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

// List returns a page of intakes in scope, the latest activity first, and
// the number of matches.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]Intake, int, error) {
	// The scope is written into the SQL, so a coordinator's list starts
	// from their networks' intakes (intakes.network_id, kept by a trigger,
	// migration 00065) rather than from every intake in the country.
	inScope := `($1 OR $2::bigint[] IS NULL)` // every parameter must appear
	switch {
	case !scope.All && len(scope.Networks) == 1:
		// An equality, so the index on (network_id, last_activity_at)
		// also gives the order (with = ANY PostgreSQL 15 sorts instead).
		inScope = `(NOT $1 AND i.network_id = ($2::bigint[])[1])`
	case !scope.All:
		inScope = `(NOT $1 AND i.network_id = ANY($2))`
	}
	where := `WHERE ` + inScope + ` AND ($3 = 0 OR i.network_id = $3) AND ($4 = 0 OR i.year = $4)`
	// The count joins the employers only to search their names.
	from := `FROM intakes i `
	if f.Query == "" {
		where += ` AND $5::text IS NOT NULL`
	} else {
		where += ` AND e.name ILIKE '%' || $5 || '%'`
		from += `JOIN employers e ON e.id = i.employer_id `
	}
	switch f.Status {
	case "":
	case Expired:
		where += ` AND i.status IN ('uitgenodigd', 'geopend', 'bezig') AND i.expires_at <= now()`
	case Invited, Opened, Busy:
		where += ` AND i.status = $6 AND i.expires_at > now()`
	default:
		where += ` AND i.status = $6`
	}
	q := escapeLike(f.Query)
	args := []any{scope.All, scope.Networks, f.Network, f.Year, q, f.Status}
	// The count and the page in one round trip.
	batch := &pgx.Batch{}
	batch.Queue(`SELECT count(*) `+from+
		where+` AND $6::text IS NOT NULL`, args...)
	batch.Queue(selectIntake+where+` AND $6::text IS NOT NULL
		ORDER BY i.last_activity_at DESC, i.id DESC LIMIT $7 OFFSET $8`,
		append(args, PerPage, (f.Page-1)*PerPage)...)
	br := s.pool.SendBatch(ctx, batch)
	defer br.Close()
	var total int
	if err := br.QueryRow().Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := br.Query()
	if err != nil {
		return nil, 0, err
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Intake, error) { return scanIntake(r) })
	return items, total, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
