package importer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
)

// staged is what an import writes, gathered in Go while the plan is
// walked and then sent in a handful of statements (issue 12): the rows go
// by COPY into temporary staging tables, from which one INSERT … SELECT
// adds the new employers, one the new contacts, and one UPDATE … FROM per
// set of changed columns changes the existing ones. A 20,000-row file used
// to be some 80,000 single-row statements, later batched into multi-row
// INSERTs; the set-based form does less work per row in PostgreSQL too
// (statement triggers, parsing, parameters). The status history and the
// audit trail only grow, so their rows are copied straight into their
// tables: a staging table would add a second copy and nothing else. It all
// runs in the import's one transaction and under its context, so it stays
// all or nothing and cancellable.
type staged struct {
	newEmployers   [][]any
	employerShapes shapes // existing employers changed, by changed columns
	touched        []int64
	newContacts    [][]any
	contactShapes  shapes
	statuses       [][]any
	audit          [][]any
}

// shapes are the updates of one table, grouped by the columns they set
// (joined with ","): each group is one UPDATE … FROM that sets exactly
// those columns, as the single-row UPDATE it replaces did, so triggers on
// UPDATE OF a column fire for the same rows.
type shapes map[string][][]any

func (s shapes) add(cols []string, row []any) {
	key := strings.Join(cols, ",")
	s[key] = append(s[key], row)
}

func newStaged() *staged {
	return &staged{employerShapes: shapes{}, contactShapes: shapes{}}
}

func (st *staged) record(ctx context.Context, e audit.Entry) error {
	row, err := audit.Values(ctx, e)
	if err == nil {
		st.audit = append(st.audit, row)
	}
	return err
}

// The staging tables, dropped at the end of the transaction. An update row
// holds every column an import can set; its shape says which it sets.
const (
	newEmployerCols = "id, network_id, name, kvk_number, sector_id, employee_count, address, postcode, city, " +
		"region_id, status, status_changed_on, member_since, notes"
	newContactCols  = "id, employer_id, name, email, phone, function, job_title, level, is_primary, active_from"
	employerUpdCols = "id, shape, name, kvk_number, sector_id, employee_count, address, postcode, city, region_id, " +
		"notes, status, status_changed_on, member_since, since_default"
	contactUpdCols = "id, shape, name, email, phone, function, job_title, level"

	stagingSQL = `CREATE TEMP TABLE import_new_employers (id bigint, network_id bigint, name text, kvk_number text,
			sector_id bigint, employee_count int, address text, postcode text, city text, region_id bigint, status text,
			status_changed_on date, member_since date, notes text) ON COMMIT DROP;
		CREATE TEMP TABLE import_employer_updates (id bigint, shape text, name text, kvk_number text, sector_id bigint,
			employee_count int, address text, postcode text, city text, region_id bigint, notes text, status text,
			status_changed_on date, member_since date, since_default date) ON COMMIT DROP;
		CREATE TEMP TABLE import_new_contacts (id bigint, employer_id bigint, name text, email text, phone text,
			function text, job_title text, level text, is_primary boolean, active_from date) ON COMMIT DROP;
		CREATE TEMP TABLE import_contact_updates (id bigint, shape text, name text, email text, phone text,
			function text, job_title text, level text) ON COMMIT DROP`
)

// employerSet is the SET clause of an employer update shape's column.
var employerSet = map[string]string{
	"name": "name = u.name", "kvk_number": "kvk_number = u.kvk_number", "sector_id": "sector_id = u.sector_id",
	"employee_count": "employee_count = u.employee_count", "address": "address = u.address",
	"postcode": "postcode = u.postcode", "city": "city = u.city", "region_id": "region_id = u.region_id",
	"notes": "notes = u.notes", "status": "status = u.status", "status_changed_on": "status_changed_on = u.status_changed_on",
	"member_since": "member_since = u.member_since",
	// A lid without a "lid sinds" gets the file's or the chosen date.
	"since_default": "member_since = coalesce(e.member_since, u.since_default)",
}

// write sends everything staged, in the order the foreign keys need: new
// employers, then what points at them.
func (st *staged) write(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, stagingSQL); err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return st.insert(ctx, tx, "import_new_employers", newEmployerCols, st.newEmployers, "employers", kvkTakenAny)
		},
		func() error { return st.update(ctx, tx, employerUpdates, st.employerShapes) },
		func() error {
			// A contact change makes the employer "last changed", as in the
			// employers store.
			if len(st.touched) == 0 {
				return nil
			}
			_, err := tx.Exec(ctx, `UPDATE employers SET updated_at = now() WHERE id = ANY($1)`, st.touched)
			return err
		},
		func() error {
			return st.insert(ctx, tx, "import_new_contacts", newContactCols, st.newContacts, "contacts", nil)
		},
		func() error { return st.update(ctx, tx, contactUpdates, st.contactShapes) },
		func() error {
			return copyRows(ctx, tx, "employer_status_changes", []string{"employer_id", "status", "changed_on", "changed_by"}, st.statuses)
		},
		func() error { return copyRows(ctx, tx, "audit_log", audit.Columns, st.audit) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// insert copies rows into staging and adds them to target in id order
// (the ids were drawn beforehand, reserveIDs).
func (st *staged) insert(ctx context.Context, tx pgx.Tx, staging, cols string, rows [][]any, target string, mapErr func(error) error) error {
	if len(rows) == 0 {
		return nil
	}
	if err := copyRows(ctx, tx, staging, columnList(cols), rows); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+target+` (`+cols+`) OVERRIDING SYSTEM VALUE
		SELECT `+cols+` FROM `+staging+` ORDER BY id`)
	if err != nil && mapErr != nil {
		return mapErr(err)
	}
	return err
}

// updates is how the changes of one table are written.
type updates struct {
	staging, target, cols string
	set                   func(col string) string // the SET clause of a column of a shape
	mapErr                func(error) error
}

var (
	employerUpdates = updates{staging: "import_employer_updates", target: "employers", cols: employerUpdCols,
		set: func(c string) string { return employerSet[c] }, mapErr: kvkTakenAny}
	contactUpdates = updates{staging: "import_contact_updates", target: "contacts", cols: contactUpdCols,
		set: func(c string) string { return c + " = u." + c }, mapErr: func(err error) error { return err }}
)

// update copies the update rows into staging and runs one UPDATE … FROM
// per shape; version and updated_at change as in a single-row update.
func (st *staged) update(ctx context.Context, tx pgx.Tx, t updates, by shapes) error {
	if len(by) == 0 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(by))
	var rows [][]any
	for _, k := range keys {
		rows = append(rows, by[k]...)
	}
	if err := copyRows(ctx, tx, t.staging, columnList(t.cols), rows); err != nil {
		return err
	}
	for _, k := range keys {
		sets := []string{}
		for c := range strings.SplitSeq(k, ",") {
			sets = append(sets, t.set(c))
		}
		_, err := tx.Exec(ctx, `UPDATE `+t.target+` e SET `+strings.Join(sets, ", ")+`, version = e.version + 1,
			updated_at = now() FROM `+t.staging+` u WHERE e.id = u.id AND u.shape = $1`, k)
		if err != nil {
			return t.mapErr(err)
		}
	}
	return nil
}

// copyRows copies rows into table's cols.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("importer: copy into %s: %w", table, err)
	}
	if n != int64(len(rows)) {
		return errors.New("importer: copied " + strconv.FormatInt(n, 10) + " rows into " + table)
	}
	return nil
}

func columnList(cols string) []string {
	out := strings.Split(cols, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// kvkTakenAny is kvkTaken for a statement of many employers: the number
// comes from the violation's detail.
func kvkTakenAny(err error) error { return kvkTaken(err, "") }

// reserveIDs draws n ids of table's identity column, for rows the import
// inserts with OVERRIDING SYSTEM VALUE: the contacts and audit lines of a
// new employer name its id before it is inserted.
func reserveIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// date is an ISO date as a value for a date column (nil when empty).
func date(iso string) *time.Time {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		return &t
	}
	return nil
}
