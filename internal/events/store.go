package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Store keeps events and invitations.
type Store struct {
	pool *pgxpool.Pool
	// read serves the list downloads, the heavy reads nobody makes right
	// after a change of their own: it may be a replica seconds behind
	// (DATABASE_READ_URL); nil is pool.
	read *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store.
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

// NetworkOption is a choice that belongs to a network (a subgroup, a host).
type NetworkOption struct {
	ID        int64
	NetworkID int64
	Name      string
}

// FormOptions are the choices of the event form for a user.
type FormOptions struct {
	Networks  []identity.Network
	Subgroups []NetworkOption
	Hosts     []NetworkOption
	Functions []FunctionType
}

// FunctionType is a contact function an event may be meant for.
type FunctionType struct {
	Code, Name string
	Retired    bool // retired in /beheer: offered only to an event that targets it
}

// forEvent is o as the form of event e (nil: a new one) offers it: without
// retired functions, except those e already targets, so saving it unchanged
// is never refused. The list's filters use o itself.
func (o FormOptions) forEvent(e *Event) FormOptions {
	var keep []FunctionType
	for _, f := range o.Functions {
		if !f.Retired || (e != nil && slices.Contains(e.AudienceFunctions, f.Code)) {
			keep = append(keep, f)
		}
	}
	o.Functions = keep
	return o
}

func (o FormOptions) writableNetworks() []int64 {
	var ids []int64
	for _, n := range o.Networks {
		ids = append(ids, n.ID)
	}
	return ids
}

// Options loads the choices of the event form within networks. Subgroups
// and member employers are read with read-only SQL of their own, so this
// package needs no other domain package.
func (s *Store) Options(ctx context.Context, networks []identity.Network) (FormOptions, error) {
	o := FormOptions{Networks: networks}
	ids := o.writableNetworks()
	load := func(sql string) ([]NetworkOption, error) {
		rows, err := s.pool.Query(ctx, sql, ids)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (NetworkOption, error) {
			var n NetworkOption
			return n, r.Scan(&n.ID, &n.NetworkID, &n.Name)
		})
	}
	var err error
	if o.Subgroups, err = load(`SELECT id, network_id, name FROM subgroups
		WHERE network_id = ANY($1) AND (ended_on IS NULL OR ended_on > current_date) ORDER BY name`); err != nil {
		return o, err
	}
	if o.Hosts, err = load(`SELECT id, network_id, name FROM employers
		WHERE network_id = ANY($1) AND status IN ('lid', 'aangemeld') ORDER BY name`); err != nil {
		return o, err
	}
	rows, err := s.pool.Query(ctx, `SELECT code, name, retired_at IS NOT NULL FROM function_types ORDER BY position`)
	if err != nil {
		return o, err
	}
	o.Functions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[FunctionType])
	return o, err
}

// selectEvent reads an event with its invitations per status, which
// migration 00073's triggers keep on the event in the same transaction as
// every change of an invitation (no count over the invitations per view).
const selectEvent = `SELECT e.id, e.network_id, n.name, coalesce(e.subgroup_id, 0), coalesce(sg.name, ''), e.kind, e.title,
	e.description, e.starts_at, e.ends_at, e.location, e.online_url, coalesce(e.host_employer_id, 0), coalesce(h.name, ''),
	e.audience_functions, e.audience_levels, e.capacity, e.status, e.reminder_hours, e.reminder_sent_at,
	e.attendance_closed_at, e.attendance_rate::float8, e.sequence, e.uid, e.version, e.updated_at,
	e.count_uitgenodigd, e.count_aangemeld, e.count_afgemeld, e.count_wachtlijst, e.count_aanwezig, e.count_afwezig
	FROM events e
	JOIN networks n ON n.id = e.network_id
	LEFT JOIN subgroups sg ON sg.id = e.subgroup_id
	LEFT JOIN employers h ON h.id = e.host_employer_id `

func scanEvent(row pgx.Row) (Event, error) {
	var e Event
	c := &e.Counts
	err := row.Scan(&e.ID, &e.NetworkID, &e.NetworkName, &e.SubgroupID, &e.SubgroupName, &e.Kind, &e.Title,
		&e.Description, &e.StartsAt, &e.EndsAt, &e.Location, &e.OnlineURL, &e.HostEmployerID, &e.HostEmployerName,
		&e.AudienceFunctions, &e.AudienceLevels, &e.Capacity, &e.Status, &e.ReminderHours, &e.ReminderSentAt,
		&e.AttendanceClosedAt, &e.AttendanceRate, &e.Sequence, &e.UID, &e.Version, &e.UpdatedAt,
		&c.Invited, &c.Registered, &c.Declined, &c.Waitlisted, &c.Present, &c.Absent)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, apperr.ErrNotFound
	}
	return e, err
}

// Get returns an event within scope.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (_ Event, failed error) {
	defer apperr.Annotate(&failed, "events: load %d", id)
	return s.get(ctx, s.pool, scope, id)
}

func (s *Store) get(ctx context.Context, q db.Querier, scope identity.Scope, id int64) (Event, error) {
	return scanEvent(q.QueryRow(ctx, selectEvent+`WHERE e.id = $1 AND ($2 OR e.network_id = ANY($3))`,
		id, scope.All, scope.Networks))
}

// lockEvent locks an event row for a change of its registrations, so
// concurrent answers are counted one after the other and never overbook.
func lockEvent(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, id)
	return err
}

func newUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b) + "@netwerkportaal"
}

// Create stores a new event.
func (s *Store) Create(ctx context.Context, in EventInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "events: create %q", in.Title)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO events (network_id, subgroup_id, kind, title, description, starts_at, ends_at,
			location, online_url, host_employer_id, audience_functions, audience_levels, capacity, reminder_hours, uid)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
			in.NetworkID, in.SubgroupID, in.Kind, in.Title, in.Description, in.StartsAt, in.EndsAt, in.Location,
			in.OnlineURL, in.HostID, in.Functions, in.Levels, in.Capacity, in.ReminderHours, newUID()).Scan(&id)
		if err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "event", EntityID: id, EmployerID: after.HostEmployerID,
			Action: audit.Created, Changes: audit.Diff(nil, snapshot(after))})
	})
	return id, err
}

// CapacityError says the capacity is below the places already taken.
type CapacityError struct{ Taken int }

func (e *CapacityError) Error() string {
	return fmt.Sprintf("capacity below %d registrations", e.Taken)
}

// Update saves an event if nobody changed it since in.Version was read. A
// change raises the iCalendar sequence, so calendars replace their copy.
func (s *Store) Update(ctx context.Context, scope identity.Scope, id int64, in EventInput, promoted func(tx pgx.Tx, e Event, inv Invitation) error) (failed error) {
	defer apperr.Annotate(&failed, "events: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, id); err != nil {
			return err
		}
		before, err := s.get(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if in.Capacity != nil && *in.Capacity < before.Counts.Taken() {
			return &CapacityError{Taken: before.Counts.Taken()}
		}
		_, err = tx.Exec(ctx, `UPDATE events SET network_id=$2, subgroup_id=$3, kind=$4, title=$5, description=$6,
			starts_at=$7, ends_at=$8, location=$9, online_url=$10, host_employer_id=$11, audience_functions=$12,
			audience_levels=$13, capacity=$14, reminder_hours=$15,
			reminder_sent_at = CASE WHEN starts_at = $7 THEN reminder_sent_at END,
			sequence = sequence + 1, version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.NetworkID, in.SubgroupID, in.Kind, in.Title, in.Description, in.StartsAt, in.EndsAt, in.Location,
			in.OnlineURL, in.HostID, in.Functions, in.Levels, in.Capacity, in.ReminderHours)
		if err != nil {
			return err
		}
		// More places may let people in from the waiting list; they are told.
		up, err := promote(ctx, tx, id)
		if err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id)
		if err != nil {
			return err
		}
		for _, inv := range up {
			if err := promoted(tx, after, inv); err != nil {
				return err
			}
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "event", EntityID: id, EmployerID: after.HostEmployerID,
			Action: audit.Updated, Changes: changes})
	})
}

// Cancel marks an event cancelled; it stays in lists and calendars as
// cancelled. notify queues the mail to everyone who registered or waits.
func (s *Store) Cancel(ctx context.Context, scope identity.Scope, id int64, notify func(tx pgx.Tx, e Event, invs []Invitation) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, id); err != nil {
			return err
		}
		e, err := s.get(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if e.Status == Cancelled {
			return apperr.New(apperr.Conflict, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET status = 'geannuleerd', sequence = sequence + 1,
			version = version + 1, updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		e.Status, e.Sequence = Cancelled, e.Sequence+1
		invs, err := invitations(ctx, tx, `i.event_id = $1 AND i.status IN ('aangemeld', 'wachtlijst')`, id)
		if err != nil {
			return err
		}
		if err := notify(tx, e, invs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "event", EntityID: id, EmployerID: e.HostEmployerID,
			Action: "geannuleerd"})
	})
}

func snapshot(e Event) map[string]string {
	capacity := "onbeperkt"
	if e.Capacity != nil {
		capacity = strconv.Itoa(*e.Capacity)
	}
	return map[string]string{"titel": e.Title, "soort": e.Kind, "begin": e.StartsAt.In(nltime.Amsterdam).Format("02-01-2006 15:04"),
		"einde": e.EndsAt.In(nltime.Amsterdam).Format("02-01-2006 15:04"), "locatie": e.Location, "online_link": e.OnlineURL,
		"gastheer": e.HostEmployerName, "capaciteit": capacity, "status": e.Status, "subgroep": e.SubgroupName}
}

// Filter narrows the events list.
type Filter struct {
	When    string // "komend" (default) or "voorbij"
	Network int64
	Kind    string
	Page    int
}

// PerPage is the number of events on a page.
const PerPage = 50

// where returns the list's conditions and order for f in scope, with only
// the conditions that apply: a statement per shape of filter, so
// PostgreSQL can keep one plan for it (which "$1 OR ..." conditions prevent)
// and reach a network's upcoming events through events_network_end_idx.
func (f Filter) where(scope identity.Scope) (where, order string, args []any) {
	conds := []string{"e.ends_at >= now()"}
	order = ` ORDER BY e.starts_at, e.id`
	if f.When == "voorbij" {
		conds[0] = "e.ends_at < now()"
		order = ` ORDER BY e.starts_at DESC, e.id DESC`
	}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, len(args)))
	}
	if !scope.All {
		add("e.network_id = ANY($%d)", scope.Networks)
	}
	if f.Network != 0 {
		add("e.network_id = $%d", f.Network)
	}
	if f.Kind != "" {
		add("e.kind = $%d", f.Kind)
	}
	return "WHERE " + strings.Join(conds, " AND "), order, args
}

// selectListEvent reads what a row of the list shows, and no more: not the
// description, the subgroup or the host (joins and text the list does not
// use).
const selectListEvent = `SELECT e.id, e.network_id, n.name, e.kind, e.title, e.starts_at, e.ends_at, e.capacity, e.status,
	e.attendance_rate::float8, e.count_uitgenodigd, e.count_aangemeld, e.count_afgemeld, e.count_wachtlijst,
	e.count_aanwezig, e.count_afwezig
	FROM events e JOIN networks n ON n.id = e.network_id `

// List returns a page of events in scope and the number of matches:
// upcoming ones soonest first, past ones latest first.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]Event, int, error) {
	where, order, args := f.where(scope)
	// The count and the page in one round trip.
	var total int
	var items []Event
	b := &pgx.Batch{}
	// One plan each for the connection: with the scope's networks as an
	// array PostgreSQL costs a generic plan apart from the custom ones and
	// planned both statements on every view (0.3 to 0.5 ms, longer than
	// running them); the plan, the network index events_network_end_idx
	// and a sort of the page, is the same for any networks.
	db.GenericPlans(b)
	b.Queue(`SELECT count(*) FROM events e `+where, args...).QueryRow(func(r pgx.Row) error { return r.Scan(&total) })
	b.Queue(selectListEvent+where+order+fmt.Sprintf(` LIMIT %d OFFSET %d`, PerPage, (max(f.Page, 1)-1)*PerPage),
		args...).Query(func(rows pgx.Rows) error {
		var err error
		items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
			var e Event
			c := &e.Counts
			return e, r.Scan(&e.ID, &e.NetworkID, &e.NetworkName, &e.Kind, &e.Title, &e.StartsAt, &e.EndsAt, &e.Capacity,
				&e.Status, &e.AttendanceRate, &c.Invited, &c.Registered, &c.Declined, &c.Waitlisted, &c.Present, &c.Absent)
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// kindLabel is the Dutch name of a kind.
func kindLabel(ctx context.Context, k string) string {
	switch k {
	case "netwerkbijeenkomst":
		return i18n.T(ctx, "Netwerkbijeenkomst")
	case "masterclass":
		return i18n.T(ctx, "Masterclass")
	case "kenniskring":
		return i18n.T(ctx, "Kenniskring")
	case "werkbezoek":
		return i18n.T(ctx, "Werkbezoek")
	case "webinar":
		return i18n.T(ctx, "Webinar")
	}
	return k
}
