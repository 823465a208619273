package recruitment

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/nltime"
)

// Membership is what the pipeline hands over when a prospect becomes a
// member: the employer to create (EmployerID 0) or to set to "lid".
type Membership struct {
	EmployerID    int64
	NetworkID     int64
	Name          string
	KvK, Postcode string
	OffersNote    string
	Since         time.Time
}

// Members creates or updates the employer of a new member. It runs in the
// transaction ctx carries (db.WithTx), so the move and the membership
// commit together. It is wired in internal/app: this package does not
// import the employers package.
type Members interface {
	MakeMember(ctx context.Context, m Membership) (employerID int64, err error)
}

// Intakes invites a prospect's contact to the intake questionnaire when the
// prospect reaches "intake". It is wired in internal/app (through the
// employers and intake packages), so this package imports neither.
type Intakes interface {
	// Employer returns the prospect's employer record and the contact the
	// invitation goes to, creating them (the employer with status
	// "prospect") when they do not exist yet; in the transaction ctx carries.
	Employer(ctx context.Context, p Prospect) (employerID, contactID int64, err error)
	// Invite opens the employer's intake for the contact and queues the
	// invitation with the coordinator's message, in the transaction ctx
	// carries.
	Invite(ctx context.Context, employerID, contactID int64, message string) error
}

// Store reads and writes prospects.
type Store struct {
	nltime.Clocked
	pool    *pgxpool.Pool
	members Members
	intakes Intakes
}

// UseIntakes makes the move to "intake" send the intake invitation.
func (s *Store) UseIntakes(i Intakes) *Store {
	s.intakes = i
	return s
}

// ErrNoContact refuses the move to "intake" of a prospect without a
// contact's name and e-mail address: the invitation has nobody to go to.
var ErrNoContact = apperr.New(apperr.Invalid, "")

// NewStore returns a store; members makes employers of new members.
func NewStore(pool *pgxpool.Pool, members Members) *Store {
	return &Store{pool: pool, members: members}
}

const prospectColumns = `p.id, p.network_id, n.name, p.name, coalesce(p.kvk_number, ''), coalesce(p.postcode, ''),
	p.contact_name, coalesce(p.contact_function, ''), p.contact_job_title, p.contact_email, p.contact_phone,
	p.hopes, p.offers, p.stage, coalesce(p.drop_reason, ''), p.drop_note, p.source,
	coalesce(p.source_employer_id, 0), coalesce(se.name, ''), coalesce(p.source_event_id, 0), coalesce(ev.title, ''),
	p.source_note, coalesce(p.owner_id, 0), coalesce(u.name, ''), p.next_step, p.next_step_on,
	coalesce(p.employer_id, 0), coalesce(em.name, ''), coalesce(p.consent_text, ''), p.consent_at,
	p.stage_changed_at, p.created_at, p.version
	FROM prospects p JOIN networks n ON n.id = p.network_id
	LEFT JOIN employers se ON se.id = p.source_employer_id
	LEFT JOIN events ev ON ev.id = p.source_event_id
	LEFT JOIN users u ON u.id = p.owner_id
	LEFT JOIN employers em ON em.id = p.employer_id`

func scanProspect(row pgx.Row) (Prospect, error) {
	var p Prospect
	err := row.Scan(prospectDests(&p)...)
	return p, err
}

// prospectDests are where prospectColumns are scanned to.
func prospectDests(p *Prospect) []any {
	return []any{&p.ID, &p.NetworkID, &p.NetworkName, &p.Name, &p.KvK, &p.Postcode,
		&p.ContactName, &p.ContactFunction, &p.ContactJobTitle, &p.ContactEmail, &p.ContactPhone,
		&p.Hopes, &p.Offers, &p.Stage, &p.DropReason, &p.DropNote, &p.Source,
		&p.SourceEmployerID, &p.SourceEmployerName, &p.SourceEventID, &p.SourceEventTitle,
		&p.SourceNote, &p.OwnerID, &p.OwnerName, &p.NextStep, &p.NextStepOn,
		&p.EmployerID, &p.EmployerName, &p.ConsentText, &p.ConsentAt,
		&p.StageChangedAt, &p.CreatedAt, &p.Version}
}

// Get returns a prospect; the caller checks the network.
func (s *Store) Get(ctx context.Context, id int64) (Prospect, error) {
	return get(ctx, s.pool, id, false)
}

func get(ctx context.Context, q db.Querier, id int64, lock bool) (Prospect, error) {
	sql := `SELECT ` + prospectColumns + ` WHERE p.id = $1`
	if lock {
		sql += ` FOR UPDATE OF p`
	}
	p, err := scanProspect(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return p, apperr.ErrNotFound
	}
	return p, err
}

// Filter narrows the list and the board.
type Filter struct {
	Networks []int64 // the networks to show; never empty
	Stage    string
	Source   string
	OwnerID  int64
	Query    string
}

// MaxList caps the list and the board: a network has tens of prospects, not
// thousands; more are found with the filters.
const MaxList = 500

// List returns the prospects of the filter, newest step first.
func (s *Store) List(ctx context.Context, f Filter) ([]Prospect, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+prospectColumns+`
		WHERE p.network_id = ANY($1) AND ($2 = '' OR p.stage = $2) AND ($3 = '' OR p.source = $3)
		  AND ($4 = 0 OR p.owner_id = $4)
		  AND ($5 = '' OR p.name ILIKE '%' || $5 || '%' OR p.contact_name ILIKE '%' || $5 || '%')
		ORDER BY p.stage_changed_at DESC, p.id DESC LIMIT $6`,
		f.Networks, f.Stage, f.Source, f.OwnerID, escapeLike(f.Query), MaxList)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Prospect, error) { return scanProspect(r) })
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// Count is a number of prospects per key (a stage or a source).
type Count struct {
	Key     string
	Total   int
	Members int // of those, how many became a member
}

// SourceCounts counts the prospects per source in the networks, with how
// many of them became members: the conversion per source.
func (s *Store) SourceCounts(ctx context.Context, networks []int64) ([]Count, error) {
	return sourceCounts(ctx, s.pool, networks)
}

func sourceCounts(ctx context.Context, q db.Querier, networks []int64) ([]Count, error) {
	rows, err := q.Query(ctx, `SELECT source, count(*), count(*) FILTER (WHERE stage = 'lid')
		FROM prospects WHERE network_id = ANY($1) GROUP BY source ORDER BY count(*) DESC, source`, networks)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Count])
}

// Create stores a new prospect with its audit entry.
func (s *Store) Create(ctx context.Context, in Input) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = insert(ctx, tx, in, "", s.Clock().Now())
		return err
	})
	return id, err
}

// insert stores in; now is when its consent, if any, was given.
func insert(ctx context.Context, tx pgx.Tx, in Input, actor string, now time.Time) (int64, error) {
	var consentAt *time.Time
	if in.ConsentText != nil {
		consentAt = &now
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO prospects (network_id, name, name_key, kvk_number, postcode, contact_name,
		contact_function, contact_job_title, contact_email, contact_phone, hopes, offers, source, source_employer_id,
		source_event_id, source_note, owner_id, next_step, next_step_on, consent_text, consent_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21) RETURNING id`,
		in.NetworkID, in.Name, NameKey(in.Name), in.KvK, in.Postcode, in.ContactName, in.ContactFunction,
		in.ContactJobTitle, in.ContactEmail, in.ContactPhone, in.Hopes, in.Offers, in.Source, in.SourceEmployerID,
		in.SourceEventID, in.SourceNote, in.OwnerID, in.NextStep, in.NextStepOn, in.ConsentText, consentAt).Scan(&id)
	if err != nil {
		return 0, err
	}
	after, err := get(ctx, tx, id, false)
	if err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "prospect", EntityID: id, Action: audit.Created, Actor: actor,
		Changes: audit.Diff(nil, snapshot(after))})
}

// snapshot is the audit trail's readable view of a prospect.
func snapshot(p Prospect) map[string]string {
	next := ""
	if p.NextStepOn != nil {
		next = p.NextStepOn.Format("2006-01-02")
	}
	return map[string]string{
		"organisatie": p.Name, "kvk": p.KvK, "postcode": p.Postcode, "contactpersoon": p.ContactName,
		"fase": stageLabels[p.Stage], "reden": dropLabels[p.DropReason], "toelichting": p.DropNote,
		"bron": sourceLabels[p.Source], "via_lid": p.SourceEmployerName, "via_bijeenkomst": p.SourceEventTitle,
		"eigenaar": p.OwnerName, "volgende_stap": p.NextStep, "volgende_stap_op": next, "werkgever": p.EmployerName,
		"email": p.ContactEmail, "telefoon": p.ContactPhone, "functie": p.ContactFunction, "functietitel": p.ContactJobTitle,
		"hoopt": p.Hopes, "biedt": p.Offers, "bron_toelichting": p.SourceNote,
	}
}

// Update changes a prospect's details if nobody changed it since version
// was read; the audit trail keeps what changed. The network and the stage
// stay (the stage changes through Move).
func (s *Store) Update(ctx context.Context, id int64, version int, in Input) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.New(apperr.Conflict, "")
		}
		_, err = tx.Exec(ctx, `UPDATE prospects SET name = $2, name_key = $3, kvk_number = $4, postcode = $5,
			contact_name = $6, contact_function = $7, contact_job_title = $8, contact_email = $9, contact_phone = $10,
			hopes = $11, offers = $12, source = $13, source_employer_id = $14, source_event_id = $15, source_note = $16,
			owner_id = $17, next_step = $18, next_step_on = $19, version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.Name, NameKey(in.Name), in.KvK, in.Postcode, in.ContactName, in.ContactFunction, in.ContactJobTitle,
			in.ContactEmail, in.ContactPhone, in.Hopes, in.Offers, in.Source, in.SourceEmployerID, in.SourceEventID,
			in.SourceNote, in.OwnerID, in.NextStep, in.NextStepOn)
		if err != nil {
			return err
		}
		after, err := get(ctx, tx, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "prospect", EntityID: id, EmployerID: before.EmployerID,
			Action: audit.Updated, Changes: changes})
	})
}

// ErrLeftMembership refuses to move a member back: the employer exists and
// its status is changed on its profile.
var ErrLeftMembership = apperr.New(apperr.Invalid, "")

// Move puts a prospect in another stage (or only changes its next step and
// owner) if nobody changed it since mv.Version was read. Reaching "lid"
// makes the employer a member in the same transaction, and files the
// prospect's whole path under that employer's history.
func (s *Store) Move(ctx context.Context, id int64, mv Move) error {
	var contactID int64
	if mv.Stage == Intake && s.intakes != nil {
		var err error
		if contactID, err = s.prepareIntake(ctx, id, mv.Version); err != nil {
			return err
		}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if before.Version != mv.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if before.Stage == Member && mv.Stage != Member {
			return ErrLeftMembership
		}
		employerID := before.EmployerID
		if mv.Stage == Member && before.Stage != Member {
			employerID, err = s.members.MakeMember(db.WithTx(ctx, tx), Membership{EmployerID: before.EmployerID,
				NetworkID: before.NetworkID, Name: before.Name, KvK: before.KvK, Postcode: before.Postcode,
				OffersNote: before.Offers, Since: mv.On})
			if err != nil {
				return err
			}
		}
		var reason *string
		if mv.Stage == Dropped {
			reason = &mv.DropReason
		} else {
			mv.DropNote = ""
		}
		_, err = tx.Exec(ctx, `UPDATE prospects SET stage = $2, drop_reason = $3, drop_note = $4, next_step = $5,
			next_step_on = $6, owner_id = $7, employer_id = $8,
			stage_changed_at = CASE WHEN stage = $2 THEN stage_changed_at ELSE now() END,
			furthest_stage = CASE WHEN $2 <> 'afgevallen' AND array_position($9::text[], $2) > array_position($9::text[], furthest_stage)
				THEN $2 ELSE furthest_stage END,
			version = version + 1, updated_at = now() WHERE id = $1`,
			id, mv.Stage, reason, mv.DropNote, mv.NextStep, mv.NextStepOn, mv.OwnerID, nullID(employerID), Stages)
		if err != nil {
			return err
		}
		if contactID != 0 && before.Stage != Intake {
			if err := s.intakes.Invite(db.WithTx(ctx, tx), employerID, contactID, mv.Message); err != nil {
				return err
			}
		}
		after, err := get(ctx, tx, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		action := audit.Updated
		if before.Stage != after.Stage {
			action = "naar " + stageLabels[after.Stage]
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "prospect", EntityID: id, EmployerID: employerID,
			Action: action, Changes: changes}); err != nil {
			return err
		}
		if employerID == 0 {
			return nil
		}
		// The employer's history shows the whole path, from the first signal.
		_, err = tx.Exec(ctx, `UPDATE audit_log SET employer_id = $2
			WHERE entity = 'prospect' AND entity_id = $1 AND employer_id IS NULL`, id, employerID)
		return err
	})
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// History returns the audit trail of a prospect, newest first.
func (s *Store) History(ctx context.Context, id int64) ([]audit.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor, source, entity, entity_id, coalesce(employer_id, 0), action, changes
		FROM audit_log WHERE entity = 'prospect' AND entity_id = $1 ORDER BY at DESC, id DESC LIMIT 200`, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (audit.Entry, error) {
		var e audit.Entry
		err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Source, &e.Entity, &e.EntityID, &e.EmployerID, &e.Action, &e.Changes)
		return e, err
	})
}

// Option is a choice of a select: an id or code with its name.
type Option struct {
	Value, Label string
}

// People returns who may own a prospect of the network: its coordinators
// and the beheerders.
func (s *Store) People(ctx context.Context, networkID int64) ([]Option, error) {
	return options(ctx, s.pool, `SELECT u.id::text, u.name FROM users u
		WHERE u.active AND (u.role = 'beheerder' OR (u.role = 'coordinator'
		  AND EXISTS (SELECT 1 FROM user_networks un WHERE un.user_id = u.id AND un.network_id = $1)))
		ORDER BY u.name, u.id`, networkID)
}

// MemberOptions returns the network's members, for "via een lid".
func (s *Store) MemberOptions(ctx context.Context, networkID int64) ([]Option, error) {
	return options(ctx, s.pool, `SELECT id::text, name FROM employers WHERE network_id = $1 AND status = 'lid'
		ORDER BY lower(name), id`, networkID)
}

// EventOptions returns the network's events of the last two years, for
// "via bijeenkomst".
func (s *Store) EventOptions(ctx context.Context, networkID int64) ([]Option, error) {
	return options(ctx, s.pool, `SELECT id::text, title || ' (' || to_char(starts_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY') || ')'
		FROM events WHERE network_id = $1 AND starts_at > now() - interval '2 years' ORDER BY starts_at DESC, id DESC`, networkID)
}

// FunctionOptions returns the contact functions a new prospect may have:
// those not retired in /beheer.
func (s *Store) FunctionOptions(ctx context.Context) ([]Option, error) {
	return options(ctx, s.pool, `SELECT code, name FROM function_types WHERE retired_at IS NULL ORDER BY position, code`)
}

// functionOptions is every contact function, retired ones too (the wish
// profile marks those).
func functionOptions(ctx context.Context, q db.Querier) ([]Option, error) {
	return options(ctx, q, `SELECT code, name FROM function_types ORDER BY position, code`)
}

func options(ctx context.Context, q db.Querier, sql string, args ...any) ([]Option, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}

// Match is an employer or prospect that may be the one being added.
type Match struct {
	Kind    string // "werkgever" or "prospect"
	ID      int64
	Name    string
	Network string
	Status  string // the employer's status or the prospect's stage
	Reasons []string
}

// Duplicates finds employers and prospects that look like the one being
// added: the same normalised name or postcode in the network, or the same
// KvK number anywhere (a KvK number belongs to one employer).
func (s *Store) Duplicates(ctx context.Context, networkID int64, name, kvk, postcode string) ([]Match, error) {
	key := NameKey(name)
	rows, err := s.pool.Query(ctx, `
		SELECT 'werkgever', e.id, e.name, n.name, e.status, coalesce(e.kvk_number, ''), coalesce(e.postcode, '')
		FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE (e.kvk_number = nullif($2, '')) OR (e.network_id = $1 AND (e.postcode = nullif($3, '')
		       OR ($4 <> '' AND lower(e.name) % $4)))
		UNION ALL
		SELECT 'prospect', p.id, p.name, n.name, p.stage, coalesce(p.kvk_number, ''), coalesce(p.postcode, '')
		FROM prospects p JOIN networks n ON n.id = p.network_id
		WHERE p.network_id = $1 AND (($4 <> '' AND p.name_key = $4) OR p.kvk_number = nullif($2, '') OR p.postcode = nullif($3, ''))
		LIMIT 50`, networkID, kvk, postcode, key)
	if err != nil {
		return nil, err
	}
	var out []Match
	for rows.Next() {
		var m Match
		var mk, mp string
		if err := rows.Scan(&m.Kind, &m.ID, &m.Name, &m.Network, &m.Status, &mk, &mp); err != nil {
			return nil, err
		}
		if key != "" && NameKey(m.Name) == key {
			m.Reasons = append(m.Reasons, "naam")
		}
		if kvk != "" && mk == kvk {
			m.Reasons = append(m.Reasons, "kvk")
		}
		if postcode != "" && mp == postcode {
			m.Reasons = append(m.Reasons, "postcode")
		}
		// A trigram neighbour whose name differs after normalising is noise.
		if len(m.Reasons) > 0 {
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

// Network is a network as the public form shows it.
type Network struct {
	ID   int64
	Name string
	Slug string
}

// Networks returns every network with its slug, for the public form's
// address: a network is found by its id or by the slug of its name.
func (s *Store) Networks(ctx context.Context) ([]Network, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, '' FROM networks ORDER BY id`)
	if err != nil {
		return nil, err
	}
	ns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Network])
	for i := range ns {
		ns[i].Slug = Slug(ns[i].Name)
	}
	return ns, err
}

// NetworkByKey finds the network of a public form address.
func (s *Store) NetworkByKey(ctx context.Context, key string) (Network, error) {
	ns, err := s.Networks(ctx)
	if err != nil {
		return Network{}, err
	}
	for _, n := range ns {
		if n.Slug == key || strconv.FormatInt(n.ID, 10) == key {
			return n, nil
		}
	}
	return Network{}, apperr.ErrNotFound
}
