package importer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of imports. It writes employers and contacts itself, in
// the style of the employers store (a snapshot of readable values per audit
// entry), because an import is one transaction of many rows: going through
// that store would read every profile outside the transaction and save all
// its fields, where an import changes only the fields its file fills.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Upload is a file kept between the steps of an import.
type Upload struct {
	ID          int64
	UserID      int64
	NetworkID   int64
	NetworkName string
	Filename    string
	Data        []byte
	Mapping     Mapping // nil until the coordinator chose one
	RunID       int64   // set once imported
	CreatedAt   time.Time
}

// Run is what an import did.
type Run struct {
	ID          int64
	NetworkID   int64
	NetworkName string
	Actor       string
	Filename    string
	RowsTotal   int
	RowsRefused int
	Counts      Counts
	CreatedAt   time.Time
}

// ErrImported says an upload has been imported already.
var ErrImported = errors.New("importer: upload already imported")

// RefusedError says an all-or-nothing import found rows it cannot import,
// and therefore imported nothing.
type RefusedError struct{ Plan *Plan }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("importer: %d rows refused, nothing imported", e.Plan.RefusedRows())
}

// maxUploadsPerUser is how many uploads a user keeps at most.
const maxUploadsPerUser = 5

// importLock is the first key of the advisory lock that lets one import per
// network run at a time (the second key is the network).
const importLock = 727301

// Preview plans the import of res into a network without changing anything.
func (s *Store) Preview(ctx context.Context, networkID int64, res *Result) (*Plan, error) {
	ex, err := loadExisting(ctx, s.pool, networkID, fileKvKs(res))
	if err != nil {
		return nil, err
	}
	return BuildPlan(res, ex), nil
}

// Apply imports res from upload up in one transaction: every valid row,
// or with allOrNothing nothing at all when any row is refused (a
// *RefusedError). Every created or changed employer and contact has an
// audit entry with source "import"; the run is recorded in import_runs and
// the upload's data is emptied.
func (s *Store) Apply(ctx context.Context, up Upload, res *Result, ref Reference, ch Choices, allOrNothing bool) (*Plan, int64, error) {
	ctx = audit.WithSource(ctx, "import")
	var plan *Plan
	var runID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, int32(importLock), int32(up.NetworkID)); err != nil {
			return err
		}
		var run *int64
		err := tx.QueryRow(ctx, `SELECT run_id FROM import_uploads WHERE id = $1 AND user_id = $2 FOR UPDATE`,
			up.ID, up.UserID).Scan(&run)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if run != nil {
			return ErrImported
		}
		ex, err := loadExisting(ctx, tx, up.NetworkID, fileKvKs(res))
		if err != nil {
			return err
		}
		plan = BuildPlan(res, ex)
		if allOrNothing && len(plan.Refused) > 0 {
			return &RefusedError{Plan: plan}
		}
		w := &writer{out: newStaged(), ref: ref, choices: ch, networkID: up.NetworkID, network: up.NetworkName, today: s.Clock().Today()}
		if u := identity.From(ctx); u != nil {
			w.user = &u.ID
		}
		if err := w.reserve(ctx, tx, plan); err != nil {
			return err
		}
		for _, a := range plan.Actions {
			if err := w.employer(ctx, a); err != nil {
				return err
			}
		}
		if err := w.out.write(ctx, tx); err != nil {
			return err
		}
		sum := sha256.Sum256(up.Data)
		c := plan.Counts
		err = tx.QueryRow(ctx, `INSERT INTO import_runs (network_id, user_id, filename, file_sha256, rows_total,
			rows_refused, employers_created, employers_updated, contacts_created, contacts_updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			up.NetworkID, w.user, up.Filename, sum[:], plan.Rows, plan.RefusedRows(), c.EmployersNew,
			c.EmployersChanged, c.ContactsNew, c.ContactsChanged).Scan(&runID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE import_uploads SET run_id = $2, data = ''::bytea WHERE id = $1`, up.ID, runID)
		return err
	})
	if err == nil && plan.Rows >= analyzeAfter {
		// Autovacuum may be off: the planner should know of thousands of
		// new rows before the next list is drawn.
		if _, aerr := s.pool.Exec(ctx, `ANALYZE employers, contacts`); aerr != nil {
			slog.Warn("import: analyze", "error", aerr)
		}
	}
	return plan, runID, err
}

// analyzeAfter is the size of an import after which the tables it fills
// are analyzed.
const analyzeAfter = 1000

func fileKvKs(res *Result) []string {
	out := []string{}
	for _, e := range res.Employers {
		if e.Values.KvK != "" {
			out = append(out, e.Values.KvK)
		}
	}
	return out
}

// loadExisting reads the network's employers and contacts, and which KvK
// numbers of the file belong to other networks.
func loadExisting(ctx context.Context, q db.Querier, networkID int64, kvks []string) (*Existing, error) {
	ex := &Existing{Elsewhere: map[string]bool{}}
	rows, err := q.Query(ctx, `SELECT kvk_number FROM employers WHERE kvk_number = ANY($1) AND network_id <> $2`, kvks, networkID)
	if err != nil {
		return nil, err
	}
	elsewhere, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, k := range elsewhere {
		ex.Elsewhere[k] = true
	}
	rows, err = q.Query(ctx, `SELECT id, name, coalesce(kvk_number, ''), coalesce(sector_id, 0), employee_count, address,
		coalesce(postcode, ''), city, coalesce(region_id, 0), status, notes, coalesce(to_char(member_since, 'YYYY-MM-DD'), '')
		FROM employers WHERE network_id = $1 ORDER BY id`, networkID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*ExistingEmployer{}
	for rows.Next() {
		e := &ExistingEmployer{}
		v := &e.Values
		if err := rows.Scan(&e.ID, &v.Name, &v.KvK, &v.SectorID, &v.Employees, &v.Address, &v.Postcode, &v.City,
			&v.RegionID, &v.Status, &v.Notes, &v.MemberSince); err != nil {
			rows.Close()
			return nil, err
		}
		ex.Employers = append(ex.Employers, e)
		byID[e.ID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT c.id, c.employer_id, c.name, c.email, c.phone, c.function, c.job_title, c.level
		FROM contacts c JOIN employers e ON e.id = c.employer_id WHERE e.network_id = $1 ORDER BY c.id`, networkID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c := &ExistingContact{}
		var employerID int64
		v := &c.Values
		if err := rows.Scan(&c.ID, &employerID, &v.Name, &v.Email, &v.Phone, &v.Function, &v.JobTitle, &v.Level); err != nil {
			rows.Close()
			return nil, err
		}
		if e := byID[employerID]; e != nil {
			e.Contacts = append(e.Contacts, c)
		}
	}
	return ex, rows.Err()
}

// writer stages the rows of a plan, which staged.write then sends.
type writer struct {
	out                     *staged
	employerIDs, contactIDs []int64 // reserved for the new ones, used in order
	ref                     Reference
	choices                 Choices
	networkID               int64
	network                 string
	today                   time.Time
	user                    *int64
}

// contactColumns are the columns of the contact fields an import can fill.
var contactColumns = map[string]string{
	FContactName: "name", FEmail: "email", FPhone: "phone", FFunction: "function", FJobTitle: "job_title", FLevel: "level",
}

// reserve draws the ids of the employers and contacts the plan creates.
func (w *writer) reserve(ctx context.Context, tx pgx.Tx, plan *Plan) error {
	employers, contacts := 0, 0
	for _, a := range plan.Actions {
		if a.Existing == nil {
			employers++
		}
		for _, c := range a.Contacts {
			if c.Existing == nil {
				contacts++
			}
		}
	}
	var err error
	if w.employerIDs, err = reserveIDs(ctx, tx, "employers", employers); err != nil {
		return err
	}
	w.contactIDs, err = reserveIDs(ctx, tx, "contacts", contacts)
	return err
}

// take uses the next reserved id.
func take(ids *[]int64) (int64, error) {
	if len(*ids) == 0 {
		return 0, errors.New("importer: more new records than ids reserved")
	}
	id := (*ids)[0]
	*ids = (*ids)[1:]
	return id, nil
}

func (w *writer) employer(ctx context.Context, a *EmployerAction) error {
	var id int64
	touched := false
	if a.Existing == nil {
		var err error
		if id, err = w.createEmployer(ctx, a.Record.Values); err != nil {
			return err
		}
	} else {
		id = a.Existing.ID
		if len(a.Changes) > 0 {
			if err := w.updateEmployer(ctx, a.Existing, a.Record.Values, a.Changes); err != nil {
				return err
			}
		}
	}
	for i, c := range a.Contacts {
		switch {
		case c.Existing == nil:
			// The first contact of a new employer is its primary contact.
			if err := w.createContact(ctx, id, c.Record.Values, a.Existing == nil && i == 0); err != nil {
				return err
			}
			touched = true
		case len(c.Changes) > 0:
			if err := w.updateContact(ctx, id, c.Existing, c.Record.Values, c.Changes); err != nil {
				return err
			}
			touched = true
		}
	}
	// A contact change makes the employer "last changed", as in the
	// employers store.
	if touched && a.Existing != nil && len(a.Changes) == 0 {
		w.out.touched = append(w.out.touched, id)
	}
	return nil
}

func (w *writer) createEmployer(ctx context.Context, v EmployerValues) (int64, error) {
	if v.Status == "" {
		v.Status = w.choices.status()
	}
	memberSince := w.memberSince(v)
	// A member of long standing joined on its "lid sinds" date, not on the
	// day of the import: the status history (and the dashboard's inflow)
	// says so.
	since := w.today
	if v.Status == "lid" && memberSince != nil && memberSince.Before(w.today) {
		since = *memberSince
	}
	id, err := take(&w.employerIDs)
	if err != nil {
		return 0, err
	}
	w.out.newEmployers = append(w.out.newEmployers, []any{id, w.networkID, v.Name, nullText(v.KvK), nullID(v.SectorID),
		v.Employees, v.Address, nullText(v.Postcode), v.City, nullID(v.RegionID), v.Status, since, memberSince, v.Notes})
	w.recordStatus(id, v.Status, since)
	v.MemberSince = isoDate(memberSince)
	return id, w.out.record(ctx, audit.Entry{Entity: "employer", EntityID: id, EmployerID: id, Action: audit.Created,
		Changes: audit.Diff(nil, w.employerSnapshot(v, nil))})
}

func (w *writer) updateEmployer(ctx context.Context, cur *ExistingEmployer, v EmployerValues, changes []string) error {
	// The row of import_employer_updates (employerUpdCols) after id and
	// shape, and the columns it sets.
	cols := []string{}
	vals := map[string]any{}
	set := func(col string, val any) {
		cols = append(cols, col)
		vals[col] = val
	}
	for _, f := range changes {
		switch f {
		case FName:
			set("name", v.Name)
		case FKvK:
			set("kvk_number", v.KvK)
		case FSector:
			set("sector_id", v.SectorID)
		case FEmployees:
			set("employee_count", *v.Employees)
		case FAddress:
			set("address", v.Address)
		case FPostcode:
			set("postcode", v.Postcode)
		case FCity:
			set("city", v.City)
		case FRegion:
			set("region_id", v.RegionID)
		case FNotes:
			set("notes", v.Notes)
		case FStatus:
			set("status", v.Status)
			set("status_changed_on", w.today)
			if since := w.memberSince(v); v.Status == "lid" && since != nil && !slices.Contains(changes, FMemberSince) {
				set("since_default", *since)
			}
			w.recordStatus(cur.ID, v.Status, w.today)
		case FMemberSince:
			set("member_since", date(v.MemberSince))
		}
	}
	slices.Sort(cols)
	row := []any{cur.ID, strings.Join(cols, ",")}
	for _, c := range columnList(employerUpdCols)[2:] {
		row = append(row, vals[c])
	}
	w.out.employerShapes.add(cols, row)
	return w.out.record(ctx, audit.Entry{Entity: "employer", EntityID: cur.ID, EmployerID: cur.ID, Action: audit.Updated,
		Changes: audit.Diff(w.employerSnapshot(cur.Values, changes), w.employerSnapshot(v, changes))})
}

func (w *writer) recordStatus(id int64, status string, on time.Time) {
	w.out.statuses = append(w.out.statuses, []any{id, status, on, w.user})
}

// memberSince is the "lid sinds" of an employer with values v: the file's,
// else (for a lid) the coordinator's choice.
func (w *writer) memberSince(v EmployerValues) *time.Time {
	if d, err := time.Parse("2006-01-02", v.MemberSince); err == nil {
		return &d
	}
	if v.Status != "lid" {
		return nil
	}
	return w.choices.memberSince(w.today)
}

func (w *writer) createContact(ctx context.Context, employerID int64, v ContactValues, primary bool) error {
	if v.Function == "" {
		v.Function = DefaultFunction
	}
	if v.Level == "" {
		v.Level = w.choices.level(v)
	}
	id, err := take(&w.contactIDs)
	if err != nil {
		return err
	}
	w.out.newContacts = append(w.out.newContacts, []any{id, employerID, v.Name, v.Email, v.Phone, v.Function,
		v.JobTitle, v.Level, primary, w.today})
	snap := w.contactSnapshot(v, nil)
	snap["primair"], snap["actief_vanaf"], snap["actief_tot"] = "nee", w.today.Format("02-01-2006"), ""
	if primary {
		snap["primair"] = "ja"
	}
	return w.out.record(ctx, audit.Entry{Entity: "contact", EntityID: id, EmployerID: employerID, Action: audit.Created,
		Changes: audit.Diff(nil, snap)})
}

func (w *writer) updateContact(ctx context.Context, employerID int64, cur *ExistingContact, v ContactValues, changes []string) error {
	vals := map[string]string{FContactName: v.Name, FEmail: v.Email, FPhone: v.Phone, FFunction: v.Function,
		FJobTitle: v.JobTitle, FLevel: v.Level}
	set := map[string]any{}
	cols := []string{}
	for _, f := range changes {
		cols = append(cols, contactColumns[f])
		set[contactColumns[f]] = vals[f]
	}
	slices.Sort(cols)
	row := []any{cur.ID, strings.Join(cols, ",")}
	for _, c := range columnList(contactUpdCols)[2:] {
		row = append(row, set[c])
	}
	w.out.contactShapes.add(cols, row)
	return w.out.record(ctx, audit.Entry{Entity: "contact", EntityID: cur.ID, EmployerID: employerID, Action: audit.Updated,
		Changes: audit.Diff(w.contactSnapshot(cur.Values, changes), w.contactSnapshot(v, changes))})
}

// employerSnapshot renders the fields (all when only is nil) as the
// employers store's audit entries do: names rather than ids, the keys of
// its profile form.
func (w *writer) employerSnapshot(v EmployerValues, only []string) map[string]string {
	m := map[string]string{
		FName: v.Name, FKvK: v.KvK, FSector: w.sectorLabel(v.SectorID), FEmployees: intText(v.Employees),
		FAddress: v.Address, FPostcode: v.Postcode, FCity: v.City, FRegion: w.regionName(v.RegionID),
		FStatus: StatusLabels[v.Status], FNotes: v.Notes, FMemberSince: dutchDate(v.MemberSince),
	}
	if only == nil {
		m["netwerk"] = w.network
		return m
	}
	return pick(m, only)
}

// contactSnapshot is employerSnapshot for a contact.
func (w *writer) contactSnapshot(v ContactValues, only []string) map[string]string {
	m := map[string]string{
		"naam": v.Name, "email": v.Email, "telefoon": v.Phone, "functie": w.functionName(v.Function),
		"functietitel": v.JobTitle, "niveau": LevelLabels[v.Level],
	}
	if only == nil {
		return m
	}
	keys := make([]string, len(only))
	for i, k := range only {
		if k == FContactName {
			k = "naam"
		}
		keys[i] = k
	}
	return pick(m, keys)
}

func pick(m map[string]string, keys []string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

func (w *writer) sectorLabel(id int64) string {
	for _, s := range w.ref.Sectors {
		if s.ID == id {
			return s.Label()
		}
	}
	return ""
}

func (w *writer) regionName(id int64) string {
	for _, r := range w.ref.Regions {
		if r.ID == id {
			return r.Name
		}
	}
	return ""
}

func (w *writer) functionName(code string) string {
	for _, f := range slices.Concat(w.ref.Functions, w.ref.RetiredFunctions) {
		if f.Code == code {
			return f.Name
		}
	}
	return code
}

// KvKTakenError says another save took a KvK number of the file while the
// import ran; the import changed nothing.
type KvKTakenError struct{ KvK string }

func (e *KvKTakenError) Error() string { return "importer: kvk number " + e.KvK + " taken meanwhile" }

// kvkTaken turns the unique index's verdict into a KvKTakenError.
// Inserts of many employers at once (batch.go) name the number from the
// violation's detail, "Key (kvk_number)=(12345678) already exists.".
func kvkTaken(err error, kvk string) error {
	if !db.IsUniqueViolation(err, "employers_kvk_key") {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if m := takenKvK.FindStringSubmatch(pgErr.Detail); m != nil {
			kvk = m[1]
		}
	}
	return &KvKTakenError{KvK: kvk}
}

var takenKvK = regexp.MustCompile(`\(kvk_number\)=\(([0-9]{8})\)`)

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// isoDate writes a date that may be missing as ISO text.
func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// dutchDate writes an ISO date as the profile's history shows dates.
func dutchDate(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		return t.Format("02-01-2006")
	}
	return iso
}
