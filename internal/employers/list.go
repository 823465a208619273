package employers

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// PerPage is the length of a page of the employer list.
const PerPage = 25

// Filter is the employer list's search, filters, sort and page. It lives in
// the URL, so a list can be bookmarked and shared.
type Filter struct {
	Query      string
	NetworkID  int64
	Status     string
	SectorID   int64
	SizeClass  string
	RegionID   int64
	MaturityID int64
	Directie   string // "ja", "nee" or ""
	OneContact bool
	Sort       string // "naam", "gewijzigd", "lid_sinds"
	Page       int
}

// Sorts are the allowed sort orders.
var Sorts = []string{"naam", "gewijzigd", "lid_sinds"}

// ParseFilter reads a filter from a query string; unknown values are ignored
// rather than refused, as a shared link may be older than the data.
func ParseFilter(q url.Values) Filter {
	f := Filter{
		Query:      web.SearchParam(q),
		NetworkID:  web.ParseID(q.Get("netwerk")),
		Status:     q.Get("status"),
		SectorID:   web.ParseID(q.Get("sector")),
		SizeClass:  validate.CleanText(q.Get("grootte")),
		RegionID:   web.ParseID(q.Get("regio")),
		MaturityID: web.ParseID(q.Get("volwassenheid")),
		Directie:   q.Get("directie"),
		OneContact: q.Get("een_contact") == "1",
		Sort:       q.Get("sorteer"),
		Page:       web.PageParam(q),
	}
	if !slices.Contains(Statuses, f.Status) {
		f.Status = ""
	}
	if f.Directie != "ja" && f.Directie != "nee" {
		f.Directie = ""
	}
	if !slices.Contains(Sorts, f.Sort) {
		f.Sort = "naam"
	}
	return f
}

// Values returns the filter as query values (without the page), for links.
func (f Filter) Values() url.Values {
	v := web.FilterValues(
		"q", f.Query,
		"netwerk", strconv.FormatInt(f.NetworkID, 10),
		"status", f.Status,
		"sector", strconv.FormatInt(f.SectorID, 10),
		"grootte", f.SizeClass,
		"regio", strconv.FormatInt(f.RegionID, 10),
		"volwassenheid", strconv.FormatInt(f.MaturityID, 10),
		"directie", f.Directie,
	)
	if f.OneContact {
		v.Set("een_contact", "1")
	}
	if f.Sort != "naam" {
		v.Set("sorteer", f.Sort)
	}
	return v
}

// activeContact is the SQL condition for a contact who still works there.
const activeContact = `(c.active_until IS NULL OR c.active_until > current_date)`

// The employer's own contact counts (migration 00061) answer "how many
// active contacts" and "a directie contact", unless a contact's end date
// is still ahead: then, for that employer only, the contacts are looked up
// (contacts_employer_idx, contacts_function_idx).
const (
	activeContacts = `CASE WHEN e.contacts_end > current_date
		THEN (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND ` + activeContact + `)
		ELSE e.open_contacts END`
	hasDirectie = `CASE WHEN e.open_directie > 0 THEN true
		WHEN e.contacts_end > current_date THEN EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.function = 'directie' AND ` + activeContact + `)
		ELSE false END`
)

// where builds the WHERE clause and its arguments for a filter in a scope.
func (f Filter) where(scope identity.Scope) (string, []any) {
	var args []any
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	// The scope is written into the SQL rather than passed as a flag, so
	// the planner can use the per-network indexes. One network (the usual
	// coordinator) is an equality: "= ANY" cannot give the index's name
	// order, so every page sorted the whole network, and its generic plan
	// is costed apart from the custom ones, so each request was planned.
	switch {
	case scope.All:
	case len(scope.Networks) == 1:
		add("e.network_id = $%d", scope.Networks[0])
	default:
		add("e.network_id = ANY($%d)", scope.Networks)
	}
	if f.Query != "" {
		conds = append(conds, f.searchCond(&args, scope))
	}
	if f.NetworkID != 0 {
		add("e.network_id = $%d", f.NetworkID)
	}
	if f.Status != "" {
		add("e.status = $%d", f.Status)
	}
	if f.SectorID != 0 {
		add("e.sector_id = $%d", f.SectorID)
	}
	if f.SizeClass != "" {
		add(`EXISTS (SELECT 1 FROM size_classes sc2 WHERE sc2.code = $%d
			AND e.employee_count BETWEEN sc2.min_employees AND coalesce(sc2.max_employees, 2147483647))`, f.SizeClass)
	}
	if f.RegionID != 0 {
		add("e.region_id = $%d", f.RegionID)
	}
	if f.MaturityID != 0 {
		add("e.maturity_level_id = $%d", f.MaturityID)
	}
	// The employer's own contact counts (migration 00061) answer both
	// filters, unless a contact's end date is still ahead: then, for that
	// employer only, the contacts are looked up (contacts_employer_idx).
	switch f.Directie {
	case "ja":
		conds = append(conds, "("+hasDirectie+")")
	case "nee":
		conds = append(conds, "NOT ("+hasDirectie+")")
	}
	if f.OneContact {
		// At most one contact without an end date is needed for one
		// active contact at all: a condition an index could use.
		conds = append(conds, `e.open_contacts <= 1 AND CASE WHEN e.contacts_end > current_date
			THEN (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND `+activeContact+`) = 1
			ELSE e.open_contacts = 1 END`)
	}
	if len(conds) == 0 {
		return "true", args
	}
	return strings.Join(conds, " AND "), args
}

// Where is the filter's SQL condition on employers (alias e) in a scope,
// with its arguments numbered from $1: the one definition of the list's
// filters, which the mailings reuse to select recipients (wired in
// internal/app) rather than copy.
func (f Filter) Where(scope identity.Scope) (string, []any) { return f.where(scope) }

// maxSearchWords bounds the conditions one search adds.
const maxSearchWords = 6

// searchCond matches every word of the query, each in the employer's name
// or place or in the name of one of its contacts, ignoring case and
// accents (the folded search columns with their trigram indexes); or the
// KvK number when the query is one.
//
// One word, the longest (the rarest, as a rule, and the one with the most
// trigrams), chooses the candidates: the scope's employers whose name or
// place matches, and the employers of the contacts whose name does, each
// from a trigram index (the employers' one bitmap-ANDed with the network
// index). The other words are checked on those candidates only, on the
// employer's row and its own few contacts (contacts_employer_idx). Written
// as "name LIKE … OR id IN (contacts …)" for every word, the OR kept the
// planner from the trigram index: it walked the name index over every
// employer in the country (60 ms at 20,000 employers). A set per word,
// intersected, looked every word up in the whole country instead, and
// planned four scans per word: "cooperatie korenschoof" 1.3 ms against
// 0.8 ms now, and "de bouw" (a word too short for trigrams) 450 ms against
// 0.5 ms.
func (f Filter) searchCond(args *[]any, scope identity.Scope) string {
	add := func(v any) int {
		*args = append(*args, v)
		return len(*args)
	}
	words := strings.Fields(f.Query)
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	cond := "true"
	if len(words) > 0 {
		longest := 0
		for i, w := range words {
			if utf8.RuneCountInString(w) > utf8.RuneCountInString(words[longest]) {
				longest = i
			}
		}
		inScope := ""
		switch {
		case scope.All:
		case len(scope.Networks) == 1:
			inScope = fmt.Sprintf("e2.network_id = $%d AND ", add(scope.Networks[0]))
		default:
			inScope = fmt.Sprintf("e2.network_id = ANY($%d) AND ", add(scope.Networks))
		}
		n := add(likePattern(words[longest]))
		conds := []string{fmt.Sprintf(`e.id IN (SELECT e2.id FROM employers e2 WHERE %[2]se2.search LIKE search_fold($%[1]d)
			UNION SELECT c.employer_id FROM contacts c WHERE c.search LIKE search_fold($%[1]d))`, n, inScope)}
		for i, w := range words {
			if i == longest {
				continue
			}
			conds = append(conds, fmt.Sprintf(`(e.search LIKE search_fold($%[1]d)
				OR EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.search LIKE search_fold($%[1]d)))`, add(likePattern(w))))
		}
		cond = "(" + strings.Join(conds, " AND ") + ")"
	}
	if kvk, ok := validate.KvK(f.Query); ok {
		cond = fmt.Sprintf("(e.kvk_number = $%d OR %s)", add(kvk), cond)
	}
	return cond
}

// likePattern finds w anywhere, literally.
func likePattern(w string) string { return "%" + escapeLike(w) + "%" }

func (f Filter) orderBy() string {
	switch f.Sort {
	case "gewijzigd":
		return "e.updated_at DESC, e.id DESC"
	case "lid_sinds":
		return "e.member_since ASC NULLS LAST, lower(e.name), e.id"
	}
	return "lower(e.name), e.id"
}

// escapeLike makes user input literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns one page of the employers a scope may read, and the total.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]ListItem, int, error) {
	if f.Query != "" {
		return s.searchList(ctx, scope, f)
	}
	where, args := f.where(scope)
	offset := (f.Page - 1) * PerPage
	// The count and the page go to the database in one round trip. The
	// page's ids are chosen first, from the sort index; names, counts and
	// badges are looked up for those 25 rows only.
	batch := &pgx.Batch{}
	batch.Queue(`SELECT count(*) FROM employers e WHERE `+where, args...)
	batch.Queue(pageQuery(where, f.orderBy(), offset), args...)
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
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ListItem])
	return items, total, err
}

// searchList is List for a search: every match is found anyway (the word
// sets are intersected, then sorted), so the total comes with the page's
// ids as a window count, in one statement instead of two: the search's
// planning and its trigram lookups are done once. Only a page past the
// last match has no row to carry the total, and then counts apart.
//
// The names, counts and badges of those ids are a second statement. In
// one with the search, they were planned again on every request with it
// (about half of its 1.2 ms of planning): the search needs a plan made for
// its words (a short or common word wants a different one), the details
// do not, and alone PostgreSQL keeps their plan for the connection.
func (s *Store) searchList(ctx context.Context, scope identity.Scope, f Filter) ([]ListItem, int, error) {
	where, args := f.where(scope)
	offset := (f.Page - 1) * PerPage
	rows, err := s.pool.Query(ctx, `SELECT e.id, count(*) OVER () FROM employers e WHERE `+where+
		` ORDER BY `+f.orderBy()+fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, offset), args...)
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	var total int
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &total}, func() error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return nil, 0, err
	}
	if len(ids) == 0 {
		if f.Page <= 1 {
			return nil, 0, nil
		}
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM employers e WHERE `+where, args...).Scan(&total)
		return nil, total, err
	}
	items, err := s.listItems(ctx, ids, f.orderBy())
	return items, total, err
}

// listItems returns the ListItems of ids, sorted by orderBy.
//
// For a page of one or two ids PostgreSQL's custom plans look cheaper than
// a generic one, and planning these joins took as long as the search itself
// (0.6 ms). The plan is the same for any ids (primary key lookups), so the
// statement runs with generic plans, in one round trip.
func (s *Store) listItems(ctx context.Context, ids []int64, orderBy string) ([]ListItem, error) {
	batch := &pgx.Batch{}
	db.GenericPlans(batch)
	var items []ListItem
	batch.Queue(`SELECT `+listColumns+` FROM employers e`+listJoins+` WHERE e.id = ANY($1) ORDER BY `+orderBy, ids).
		Query(func(rows pgx.Rows) (err error) {
			items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ListItem])
			return err
		})
	return items, s.pool.SendBatch(ctx, batch).Close()
}

// listColumns give a ListItem for each employer e, with listJoins.
const (
	listColumns = `e.id, e.name, e.city, n.name, e.status, coalesce(s.code || ' ' || s.name, ''),
			coalesce(sc.name, ''), ` + activeContacts + `, ` + hasDirectie + `,
			e.updated_at, e.member_since`
	listJoins = `
		JOIN networks n ON n.id = e.network_id
		LEFT JOIN sectors s ON s.id = e.sector_id
		LEFT JOIN size_classes sc ON e.employee_count BETWEEN sc.min_employees AND coalesce(sc.max_employees, 2147483647)`
)

// pageQuery selects one page of employers matching where, sorted by
// orderBy: the page's ids first (from the sort index when there is one),
// then names, counts and badges for those 25 rows only.
func pageQuery(where, orderBy string, offset int) string {
	return `WITH page AS MATERIALIZED (
			SELECT e.id FROM employers e WHERE ` + where + ` ORDER BY ` + orderBy + fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, offset) + `)
		SELECT ` + listColumns + `
		FROM page JOIN employers e ON e.id = page.id` + listJoins + `
		ORDER BY ` + orderBy
}
