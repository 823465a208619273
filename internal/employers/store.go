package employers

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/refcache"
)

// Store is the SQL of employers and contacts.
type Store struct {
	pool *pgxpool.Pool
	// read serves the list downloads, the heavy reads nobody makes right
	// after a change of their own: it may be a replica seconds behind
	// (DATABASE_READ_URL); nil is pool.
	read  *pgxpool.Pool
	cache *refcache.Cache
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// UseReadPool sends the list downloads to read (a replica); nil keeps them
// on the main pool.
func (s *Store) UseReadPool(read *pgxpool.Pool) { s.read = read }

// reader is the pool of the downloads.
func (s *Store) reader() *pgxpool.Pool {
	if s.read != nil {
		return s.read
	}
	return s.pool
}

// KvKTakenError says which employer already holds a KvK number.
type KvKTakenError struct {
	EmployerID   int64
	EmployerName string
	NetworkID    int64
}

func (e *KvKTakenError) Error() string { return "kvk number in use by " + e.EmployerName }

// Reference loads the reference data for forms and filters.
func (s *Store) Reference(ctx context.Context) (Reference, error) {
	return refcache.Get(ctx, s.cache, "employers.reference", s.loadReference)
}

// UseCache keeps the reference lists in c (nil: read them every time).
func (s *Store) UseCache(c *refcache.Cache) { s.cache = c }

func (s *Store) loadReference(ctx context.Context) (Reference, error) {
	var ref Reference
	queries := []struct {
		dst *[]Option
		sql string
	}{
		{&ref.Sectors, `SELECT id, code, code || ' ' || name, false FROM sectors ORDER BY scheme, code`},
		{&ref.Regions, `SELECT id, '', name, false FROM regions ORDER BY name`},
		{&ref.SizeClasses, `SELECT 0::bigint, code, name, false FROM size_classes ORDER BY position`},
		{&ref.Maturity, `SELECT id, scale, CASE WHEN scale = 'PSO' THEN 'PSO ' || name ELSE scale || ': ' || name END,
			retired_at IS NOT NULL FROM maturity_levels ORDER BY scale, position`},
		{&ref.Functions, `SELECT 0::bigint, code, name, retired_at IS NOT NULL FROM function_types ORDER BY position`},
		{&ref.Challenges, `SELECT id, '', name, retired_at IS NOT NULL FROM tags WHERE kind = 'uitdaging' ORDER BY position`},
		{&ref.Offers, `SELECT id, '', name, retired_at IS NOT NULL FROM tags WHERE kind = 'aanbod' ORDER BY position`},
	}
	batch := &pgx.Batch{}
	for _, q := range queries {
		batch.Queue(q.sql)
	}
	br := s.pool.SendBatch(ctx, batch)
	defer br.Close()
	for _, q := range queries {
		rows, err := br.Query()
		if err != nil {
			return ref, err
		}
		*q.dst, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
		if err != nil {
			return ref, err
		}
	}
	return ref, nil
}

const employerColumns = `e.id, e.network_id, n.name, e.name, coalesce(e.kvk_number, ''), coalesce(e.sector_id, 0),
	coalesce(s.code || ' ' || s.name, ''), e.employee_count, coalesce(sc.name, ''), e.address, coalesce(e.postcode, ''),
	e.city, coalesce(e.region_id, 0), coalesce(r.name, ''), e.status, e.status_changed_on, e.member_since,
	coalesce(e.maturity_level_id, 0), coalesce(m.name, ''), e.challenges_note, e.offers_note, e.notes, e.version,
	e.created_at, e.updated_at`

const employerJoins = `FROM employers e
	JOIN networks n ON n.id = e.network_id
	LEFT JOIN sectors s ON s.id = e.sector_id
	LEFT JOIN size_classes sc ON e.employee_count BETWEEN sc.min_employees AND coalesce(sc.max_employees, 2147483647)
	LEFT JOIN regions r ON r.id = e.region_id
	LEFT JOIN maturity_levels m ON m.id = e.maturity_level_id`

func scanEmployer(row pgx.Row) (Employer, error) {
	var e Employer
	err := row.Scan(&e.ID, &e.NetworkID, &e.NetworkName, &e.Name, &e.KvK, &e.SectorID, &e.SectorName, &e.EmployeeCount,
		&e.SizeClass, &e.Address, &e.Postcode, &e.City, &e.RegionID, &e.RegionName, &e.Status, &e.StatusChangedOn,
		&e.MemberSince, &e.MaturityID, &e.MaturityName, &e.ChallengesNote, &e.OffersNote, &e.Notes, &e.Version,
		&e.CreatedAt, &e.UpdatedAt)
	return e, err
}

// Get returns an employer the scope may read; others are NotFound, so a
// coordinator cannot even learn that an employer of another network exists.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (_ Employer, failed error) {
	defer apperr.Annotate(&failed, "employers: load %d", id)
	return s.get(ctx, s.pool, scope, id, false)
}

func (s *Store) get(ctx context.Context, q db.Sender, scope identity.Scope, id int64, lock bool) (Employer, error) {
	var b db.Batch
	e := queueGet(&b, scope, id, lock)
	return *e, b.Send(ctx, q)
}

// queueGet queues the employer and its tags: one round trip, not two. The
// tags are read whether or not the scope may see the employer; they are
// dropped with it (NotFound) when it may not.
func queueGet(b *db.Batch, scope identity.Scope, id int64, lock bool) *Employer {
	sql := `SELECT ` + employerColumns + ` ` + employerJoins + ` WHERE e.id = $1 AND ($2 OR e.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF e`
	}
	e := new(Employer)
	b.QueryRow(func(row pgx.Row) error {
		var err error
		*e, err = scanEmployer(row)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		return err
	}, sql, id, scope.All, scope.Networks)
	b.Query(func(rows pgx.Rows) error {
		var tid int64
		var kind, name string
		_, err := pgx.ForEachRow(rows, []any{&tid, &kind, &name}, func() error {
			e.TagIDs = append(e.TagIDs, tid)
			if kind == "uitdaging" {
				e.Challenges = append(e.Challenges, name)
			} else {
				e.Offers = append(e.Offers, name)
			}
			return nil
		})
		return err
	}, `SELECT t.id, t.kind, t.name FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = $1 ORDER BY t.kind, t.position, t.id`, id)
	return e
}

// Create stores a new employer with its first status change and audit entry.
func (s *Store) Create(ctx context.Context, in EmployerInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "employers: create %q", in.Name)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkKvK(ctx, tx, in.KvK, 0); err != nil {
			return err
		}
		var memberSince *time.Time
		if in.Status == "lid" {
			memberSince = &in.StatusDate
		}
		err := tx.QueryRow(ctx, `INSERT INTO employers (network_id, name, kvk_number, sector_id, employee_count, address,
			postcode, city, region_id, status, status_changed_on, member_since, maturity_level_id, challenges_note,
			offers_note, notes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id`,
			in.NetworkID, in.Name, in.KvK, in.SectorID, in.EmployeeCount, in.Address, in.Postcode, in.City, in.RegionID,
			in.Status, in.StatusDate, memberSince, in.MaturityID, in.ChallengesNote, in.OffersNote, in.Notes).Scan(&id)
		if err != nil {
			return kvkRace(err)
		}
		if err := recordStatus(ctx, tx, id, in.Status, in.StatusDate); err != nil {
			return err
		}
		if err := setTags(ctx, tx, id, in.TagIDs); err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "employer", EntityID: id, EmployerID: id, Action: audit.Created,
			Changes: audit.Diff(nil, snapshot(after))})
	})
	return id, err
}

// Update saves a profile if nobody changed it since in.Version was read;
// otherwise it returns a Conflict and changes nothing.
func (s *Store) Update(ctx context.Context, scope identity.Scope, id int64, in EmployerInput) (failed error) {
	defer apperr.Annotate(&failed, "employers: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := s.get(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if err := checkKvK(ctx, tx, in.KvK, id); err != nil {
			return err
		}
		statusDate, memberSince := before.StatusChangedOn, before.MemberSince
		if in.Status != before.Status {
			statusDate = in.StatusDate
			if in.Status == "lid" && memberSince == nil {
				memberSince = &in.StatusDate
			}
			if err := recordStatus(ctx, tx, id, in.Status, in.StatusDate); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE employers SET network_id=$2, name=$3, kvk_number=$4, sector_id=$5,
			employee_count=$6, address=$7, postcode=$8, city=$9, region_id=$10, status=$11, status_changed_on=$12,
			member_since=$13, maturity_level_id=$14, challenges_note=$15, offers_note=$16, notes=$17,
			version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.NetworkID, in.Name, in.KvK, in.SectorID, in.EmployeeCount, in.Address, in.Postcode, in.City,
			in.RegionID, in.Status, statusDate, memberSince, in.MaturityID, in.ChallengesNote, in.OffersNote, in.Notes)
		if err != nil {
			return kvkRace(err)
		}
		if err := setTags(ctx, tx, id, in.TagIDs); err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "employer", EntityID: id, EmployerID: id, Action: audit.Updated, Changes: changes})
	})
}

// checkKvK returns a KvKTakenError when another employer holds the number.
func checkKvK(ctx context.Context, tx pgx.Tx, kvk *string, self int64) error {
	if kvk == nil {
		return nil
	}
	var other KvKTakenError
	err := tx.QueryRow(ctx, `SELECT id, name, network_id FROM employers WHERE kvk_number = $1 AND id <> $2`, *kvk, self).
		Scan(&other.EmployerID, &other.EmployerName, &other.NetworkID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return &other
}

// kvkRace turns the unique index's verdict, when two saves race, into the
// same error the check gives.
func kvkRace(err error) error {
	if db.IsUniqueViolation(err, "employers_kvk_key") {
		return &KvKTakenError{EmployerName: "een andere werkgever"}
	}
	return err
}

func recordStatus(ctx context.Context, tx pgx.Tx, id int64, status string, on time.Time) error {
	var by *int64
	if u := identity.From(ctx); u != nil {
		by = &u.ID
	}
	_, err := tx.Exec(ctx, `INSERT INTO employer_status_changes (employer_id, status, changed_on, changed_by) VALUES ($1, $2, $3, $4)`,
		id, status, on, by)
	return err
}

func setTags(ctx context.Context, tx pgx.Tx, id int64, tags []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM employer_tags WHERE employer_id = $1 AND NOT (tag_id = ANY($2))`, id, tags); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO employer_tags (employer_id, tag_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, tags)
	return err
}

// snapshot renders a profile as the readable values the audit trail keeps:
// names rather than ids, so the history reads well after reference data changes.
func snapshot(e Employer) map[string]string {
	count := ""
	if e.EmployeeCount != nil {
		count = strconv.Itoa(*e.EmployeeCount)
	}
	return map[string]string{
		"netwerk": e.NetworkName, "naam": e.Name, "kvk": e.KvK, "sector": e.SectorName, "medewerkers": count,
		"adres": e.Address, "postcode": e.Postcode, "plaats": e.City, "regio": e.RegionName,
		"status": StatusLabels[e.Status], "volwassenheid": e.MaturityName,
		"uitdagingen": strings.Join(e.Challenges, ", "), "aanbod": strings.Join(e.Offers, ", "),
		"uitdagingen_toelichting": e.ChallengesNote, "aanbod_toelichting": e.OffersNote, "notities": e.Notes,
	}
}

// History returns the audit trail of an employer and its contacts.
func (s *Store) History(ctx context.Context, id int64) ([]audit.Entry, error) {
	return audit.ForEmployer(ctx, s.pool, id, historyLimit)
}

// QueueHistory is History as one read of a page's batch.
func (s *Store) QueueHistory(b *db.Batch, id int64) *[]audit.Entry {
	return audit.QueueForEmployer(b, id, historyLimit)
}

// historyLimit is how many entries a profile's history shows.
const historyLimit = 200

// Send sends a page's batch of reads on the main pool (not the read pool:
// a profile shows what was just saved).
func (s *Store) Send(ctx context.Context, b *db.Batch) error { return b.Send(ctx, s.pool) }

// LastChange returns who last changed the employer and when, for the
// conflict message.
func (s *Store) LastChange(ctx context.Context, id int64) (string, time.Time, error) {
	return s.lastChange(ctx, "employer", id)
}

// LastContactChange is LastChange for a contact.
func (s *Store) LastContactChange(ctx context.Context, id int64) (string, time.Time, error) {
	return s.lastChange(ctx, "contact", id)
}

func (s *Store) lastChange(ctx context.Context, entity string, id int64) (string, time.Time, error) {
	return audit.LastChange(ctx, s.pool, entity, id)
}

// NetworkRegion returns the labour-market region of a network (0 if none).
func (s *Store) NetworkRegion(ctx context.Context, networkID int64) (int64, error) {
	var region int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(region_id, 0) FROM networks WHERE id = $1`, networkID).Scan(&region)
	return region, err
}
