package duplicates

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of finding and merging duplicates.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// similarityMin is how alike two names must be (pg_trgm similarity) to
// count as a likely duplicate when the place or postcode agrees too.
const similarityMin = 0.6

// normName is the SQL of a name without accents, punctuation, case and
// the legal forms B.V., N.V., V.O.F. and Holding, so "Bakker Holding B.V."
// equals "Bakker BV" and "Café De Brug V.O.F." equals "Cafe de Brug".
func normName(col string) string {
	return `btrim(regexp_replace(regexp_replace(regexp_replace(lower(unaccent(replace(` + col + `, '.', ''))),
		'[^[:alnum:]]+', ' ', 'g'), '\m(b ?v|n ?v|v ?o ?f|holding)\M', ' ', 'g'), '\s+', ' ', 'g'))`
}

// foldPattern is the SQL of a LIKE pattern that matches what col says
// with its accents folded and each "?" (a character lost to a code page)
// standing for any one character.
func foldPattern(col string) string {
	return `replace(replace(replace(replace(lower(unaccent(btrim(` + col + `))), '\', '\\'), '%', '\%'), '_', '\_'), '?', '_')`
}

// folded is the SQL of col without accents and case, to compare with a
// foldPattern.
func folded(col string) string { return `lower(unaccent(btrim(` + col + `)))` }

// Match is a stored employer that a new one may duplicate.
type Match struct {
	ID      int64
	Name    string
	City    string
	KvK     string
	SameKvK bool
}

// EmployerMatches returns the employers of a network whose normalised name
// (legal forms, punctuation, case and accents ignored) equals that of name,
// or whose KvK number is kvk: the question "Bestaat deze werkgever al?"
// before a new one is saved.
func (s *Store) EmployerMatches(ctx context.Context, networkID int64, name, kvk string) ([]Match, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, city, coalesce(kvk_number, ''), coalesce(kvk_number = $3, false)
		FROM employers WHERE network_id = $1 AND erased_at IS NULL
			AND (`+normName("name")+` = `+normName("$2::text")+` OR ($3 <> '' AND kvk_number = $3))
		ORDER BY lower(name), id LIMIT 20`, networkID, name, kvk)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Match, error) {
		var m Match
		return m, r.Scan(&m.ID, &m.Name, &m.City, &m.KvK, &m.SameKvK)
	})
}

// employerPairsSQL reads the first pairs kept in employer_dup_pairs (see
// pairs.go) in the order of their index: the same names, places and
// scores, and the same order, as the one-statement search it replaced. $1:
// all networks (the beheerder; pairs may then span networks), $2: the
// user's networks otherwise.
var employerPairsSQL = `SELECT a.id, a.name, a.city, coalesce(a.postcode, ''), na.name,
		b.id, b.name, b.city, coalesce(b.postcode, ''), nb.name,
		p.sim, p.same_norm, p.same_city, p.same_postcode, p.kvk_differs, p.a_network <> p.b_network
	FROM employer_dup_pairs p
	JOIN employers a ON a.id = p.a_id JOIN networks na ON na.id = a.network_id
	JOIN employers b ON b.id = p.b_id JOIN networks nb ON nb.id = b.network_id
	WHERE a.erased_at IS NULL AND b.erased_at IS NULL
		AND ($1 OR (p.a_network = ANY($2) AND p.b_network = p.a_network))
	ORDER BY p.kvk_differs, p.score DESC, p.a_name_key, p.a_id, p.b_id
	LIMIT $3`

// EmployerPairs returns likely duplicate employers the scope may merge,
// the most likely first, at most MaxPairs, from the pairs kept by
// RefreshPairs.
func (s *Store) EmployerPairs(ctx context.Context, scope identity.Scope) ([]EmployerPair, error) {
	rows, err := s.pool.Query(ctx, employerPairsSQL, scope.All, scope.Networks, MaxPairs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (EmployerPair, error) {
		var p EmployerPair
		err := r.Scan(&p.A.ID, &p.A.Name, &p.A.City, &p.A.Postcode, &p.A.NetworkName,
			&p.B.ID, &p.B.Name, &p.B.City, &p.B.Postcode, &p.B.NetworkName,
			&p.Similarity, &p.SameNorm, &p.SameCity, &p.SamePostcode, &p.KvKDiffers, &p.CrossNetwork)
		return p, err
	})
}

// contactPairsSQL reads the pairs kept in contact_dup_pairs (see
// contact_pairs.go) with what the list shows, in the order of the search
// they replaced: the same e-mail address and name first, then those of one
// employer. Contacts of different networks are never a pair: a person
// working for two networks' members is two contacts.
var contactPairsSQL = `
	SELECT a.id, a.name, a.email, ea.id, ea.name, b.id, b.name, b.email, eb.id, eb.name,
		a.email <> '' AND lower(a.email) = lower(b.email) AS same_email,
		a.employer_id = b.employer_id AND lower(btrim(a.name)) = lower(btrim(b.name)) AS same_name,
		a.employer_id = b.employer_id AS same_employer,
		lower(btrim(a.name)) <> lower(btrim(b.name)) AND NOT (a.email <> '' AND lower(a.email) = lower(b.email)) AS folded
	FROM contact_dup_pairs p
	JOIN contacts a ON a.id = p.a_id JOIN employers ea ON ea.id = a.employer_id
	JOIN contacts b ON b.id = p.b_id JOIN employers eb ON eb.id = b.employer_id
	WHERE a.erased_at IS NULL AND b.erased_at IS NULL AND ea.erased_at IS NULL AND eb.erased_at IS NULL
		AND ($1 OR (ea.network_id = ANY($2) AND eb.network_id = ANY($2)))
	ORDER BY (a.email <> '' AND lower(a.email) = lower(b.email))::int + (` + folded("a.name") + ` = ` + folded("b.name") + `)::int DESC,
		(a.employer_id = b.employer_id) DESC, lower(ea.name), lower(a.name), a.id, b.id
	LIMIT $3`

// ContactPairs returns likely duplicate contacts the scope may merge, at
// most MaxPairs, from the pairs kept by RefreshPairs.
func (s *Store) ContactPairs(ctx context.Context, scope identity.Scope) ([]ContactPair, error) {
	rows, err := s.pool.Query(ctx, contactPairsSQL, scope.All, scope.Networks, MaxPairs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ContactPair, error) {
		var p ContactPair
		err := r.Scan(&p.A.ID, &p.A.Name, &p.A.Email, &p.A.EmployerID, &p.A.EmployerName,
			&p.B.ID, &p.B.Name, &p.B.Email, &p.B.EmployerID, &p.B.EmployerName,
			&p.SameEmail, &p.SameName, &p.SameEmployer, &p.Folded)
		return p, err
	})
}

const employerSelect = `SELECT e.id, e.network_id, n.name, e.name, e.kvk_number, e.sector_id,
	coalesce(s.code || ' ' || s.name, ''), e.employee_count, e.address, e.postcode, e.city, e.region_id,
	coalesce(r.name, ''), e.status, e.status_changed_on, e.member_since, e.maturity_level_id, coalesce(m.name, ''),
	e.challenges_note, e.offers_note, e.notes,
	coalesce((SELECT array_agg(t.name ORDER BY t.position) FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = e.id AND t.kind = 'uitdaging'), '{}'),
	coalesce((SELECT array_agg(t.name ORDER BY t.position) FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = e.id AND t.kind = 'aanbod'), '{}'),
	e.version, e.created_at
	FROM employers e
	JOIN networks n ON n.id = e.network_id
	LEFT JOIN sectors s ON s.id = e.sector_id
	LEFT JOIN regions r ON r.id = e.region_id
	LEFT JOIN maturity_levels m ON m.id = e.maturity_level_id`

func scanEmployer(row pgx.Row) (EmployerRecord, error) {
	var e EmployerRecord
	err := row.Scan(&e.ID, &e.NetworkID, &e.NetworkName, &e.Name, &e.KvK, &e.SectorID, &e.SectorName, &e.EmployeeCount,
		&e.Address, &e.Postcode, &e.City, &e.RegionID, &e.RegionName, &e.Status, &e.StatusChangedOn, &e.MemberSince,
		&e.MaturityID, &e.MaturityName, &e.ChallengesNote, &e.OffersNote, &e.Notes, &e.Challenges, &e.Offers,
		&e.Version, &e.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, apperr.ErrNotFound
	}
	return e, err
}

// Employer returns an employer the scope may read, with the counts of its
// related records. Erased employers are NotFound: merging must not bring
// erased values back.
func (s *Store) Employer(ctx context.Context, scope identity.Scope, id int64) (EmployerRecord, error) {
	e, err := s.employer(ctx, s.pool, scope, id)
	if err != nil {
		return e, err
	}
	e.Counts, err = s.counts(ctx, employerCounts, id)
	return e, err
}

func (s *Store) employer(ctx context.Context, q db.Querier, scope identity.Scope, id int64) (EmployerRecord, error) {
	return scanEmployer(q.QueryRow(ctx, employerSelect+` WHERE e.id = $1 AND e.erased_at IS NULL
		AND ($2 OR e.network_id = ANY($3))`, id, scope.All, scope.Networks))
}

// employerCounts are the records that move with an employer, as counted
// on the comparison page.
var employerCounts = []struct{ label, sql string }{
	{"Contactpersonen", `SELECT count(*) FROM contacts WHERE employer_id = $1`},
	{"Onderwerpen", `SELECT count(*) FROM employer_tags WHERE employer_id = $1`},
	{"Statuswijzigingen", `SELECT count(*) FROM employer_status_changes WHERE employer_id = $1`},
	{"Intakes", `SELECT count(*) FROM intakes WHERE employer_id = $1`},
	{"Bijeenkomsten als gastheer", `SELECT count(*) FROM events WHERE host_employer_id = $1`},
	{"Bezoeken en gesprekken", `SELECT count(*) FROM visits WHERE employer_id = $1`},
	{"Vervolgacties", `SELECT count(*) FROM follow_ups WHERE employer_id = $1`},
	{"Doorverwijzingen", `SELECT count(*) FROM referrals WHERE employer_id = $1`},
	{"Toezeggingen", `SELECT count(*) FROM commitments WHERE employer_id = $1`},
	{"Plaatsingen (kwartalen)", `SELECT count(*) FROM placement_reports WHERE employer_id = $1`},
	{"Links voor plaatsingen", `SELECT count(*) FROM placement_links WHERE employer_id = $1`},
	{"E-mails", `SELECT count(*) FROM mail_outbox WHERE employer_id = $1`},
	{"Regels in de geschiedenis", `SELECT count(*) FROM audit_log WHERE employer_id = $1`},
}

// contactCounts are the records that move with a contact.
var contactCounts = []struct{ label, sql string }{
	{"Uitnodigingen voor bijeenkomsten", `SELECT count(*) FROM event_invitations WHERE contact_id = $1`},
	{"Lidmaatschappen van subgroepen", `SELECT count(*) FROM subgroup_members WHERE contact_id = $1`},
	{"Kartrekker van subgroepen", `SELECT count(*) FROM subgroups WHERE lead_contact_id = $1`},
	{"Bezoeken en gesprekken", `SELECT count(*) FROM visit_contacts WHERE contact_id = $1`},
	{"Doorverwijzingen", `SELECT count(*) FROM referrals WHERE contact_id = $1`},
	{"Intakes", `SELECT count(*) FROM intakes WHERE contact_id = $1`},
	{"Links voor plaatsingen", `SELECT count(*) FROM placement_links WHERE contact_id = $1`},
}

// counts runs the count queries as one statement.
func (s *Store) counts(ctx context.Context, queries []struct{ label, sql string }, id int64) ([]Count, error) {
	sql := "SELECT "
	for i, q := range queries {
		if i > 0 {
			sql += ", "
		}
		sql += "(" + q.sql + ")::int"
	}
	ns := make([]int, len(queries))
	dst := make([]any, len(queries))
	for i := range ns {
		dst[i] = &ns[i]
	}
	if err := s.pool.QueryRow(ctx, sql, id).Scan(dst...); err != nil {
		return nil, err
	}
	out := make([]Count, len(queries))
	for i, q := range queries {
		out[i] = Count{Label: q.label, N: ns[i]}
	}
	return out, nil
}

const contactSelect = `SELECT c.id, c.employer_id, e.name, e.network_id, n.name, c.name, c.email, c.phone,
	c.function, f.name, c.job_title, c.level, c.is_primary, c.active_from, c.active_until, c.version, c.created_at
	FROM contacts c
	JOIN employers e ON e.id = c.employer_id
	JOIN networks n ON n.id = e.network_id
	JOIN function_types f ON f.code = c.function`

func scanContact(row pgx.Row) (ContactRecord, error) {
	var c ContactRecord
	err := row.Scan(&c.ID, &c.EmployerID, &c.EmployerName, &c.NetworkID, &c.NetworkName, &c.Name, &c.Email, &c.Phone,
		&c.Function, &c.FunctionName, &c.JobTitle, &c.Level, &c.Primary, &c.ActiveFrom, &c.ActiveUntil, &c.Version, &c.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}

// Contact returns a contact of an employer the scope may read, with the
// counts of its related records. Erased contacts are NotFound.
func (s *Store) Contact(ctx context.Context, scope identity.Scope, id int64) (ContactRecord, error) {
	c, err := s.contact(ctx, s.pool, scope, id)
	if err != nil {
		return c, err
	}
	c.Counts, err = s.counts(ctx, contactCounts, id)
	return c, err
}

func (s *Store) contact(ctx context.Context, q db.Querier, scope identity.Scope, id int64) (ContactRecord, error) {
	return scanContact(q.QueryRow(ctx, contactSelect+` WHERE c.id = $1 AND c.erased_at IS NULL AND e.erased_at IS NULL
		AND ($2 OR e.network_id = ANY($3))`, id, scope.All, scope.Networks))
}
