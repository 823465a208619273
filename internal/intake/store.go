package intake

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/linktoken"
	"netwerkportaal/internal/platform/nltime"
)

// Store keeps the intakes.
type Store struct {
	pool     *pgxpool.Pool
	profiles Profiles
	records  Records
	nltime.Clocked
}

// NewStore returns a store; profiles reads and writes employer profiles,
// records the placement reports and commitments answers become (nil: the
// review offers none).
func NewStore(pool *pgxpool.Pool, profiles Profiles, records Records) *Store {
	return &Store{pool: pool, profiles: profiles, records: records}
}

// ErrLinkClosed is returned for a link that expired or was revoked: the
// employer gets a page saying so, and nothing else.
var ErrLinkClosed = errors.New("intake link closed")

const selectIntake = `SELECT i.id, i.employer_id, e.name, e.network_id, n.name, i.year, i.status,
	coalesce(i.contact_id, 0), coalesce(c.name, ''), coalesce(c.email, ''), i.expires_at, coalesce(ui.name, ''),
	i.invited_at, i.opened_at, i.last_activity_at, i.submitted_at, i.processed_at, coalesce(up.name, ''),
	i.current_step, i.answers, i.drafts, i.done_steps, i.question, i.question_at, coalesce(i.based_on_id, 0), i.version
	FROM intakes i
	JOIN employers e ON e.id = i.employer_id
	JOIN networks n ON n.id = e.network_id
	LEFT JOIN contacts c ON c.id = i.contact_id
	LEFT JOIN users ui ON ui.id = i.invited_by
	LEFT JOIN users up ON up.id = i.processed_by `

func scanIntake(row pgx.Row) (Intake, error) {
	var in Intake
	var answers, drafts []byte
	var done []int32
	err := row.Scan(&in.ID, &in.EmployerID, &in.EmployerName, &in.NetworkID, &in.NetworkName, &in.Year, &in.Status,
		&in.ContactID, &in.ContactName, &in.ContactEmail, &in.ExpiresAt, &in.InvitedBy,
		&in.InvitedAt, &in.OpenedAt, &in.LastActivityAt, &in.SubmittedAt, &in.ProcessedAt, &in.ProcessedBy,
		&in.CurrentStep, &answers, &drafts, &done, &in.Question, &in.QuestionAt, &in.BasedOnID, &in.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return in, apperr.ErrNotFound
	}
	if err != nil {
		return in, err
	}
	for _, d := range done {
		in.DoneSteps = append(in.DoneSteps, int(d))
	}
	if err := json.Unmarshal(answers, &in.Answers); err != nil {
		return in, err
	}
	return in, json.Unmarshal(drafts, &in.Drafts)
}

// Get returns an intake within scope.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (_ Intake, failed error) {
	defer apperr.Annotate(&failed, "intake: load %d", id)
	return s.get(ctx, s.pool, scope, id, false)
}

func (s *Store) get(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (Intake, error) {
	sql := selectIntake + `WHERE i.id = $1 AND ($2 OR e.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF i`
	}
	return scanIntake(q.QueryRow(ctx, sql, id, scope.All, scope.Networks))
}

// ByToken returns the intake a link token opens. Unknown tokens are
// NotFound; expired or revoked links are ErrLinkClosed.
func (s *Store) ByToken(ctx context.Context, token string) (Intake, error) {
	if !linktoken.Plausible(token) {
		return Intake{}, apperr.ErrNotFound
	}
	in, err := scanIntake(s.pool.QueryRow(ctx, selectIntake+`WHERE i.token_hash = $1`, linktoken.Hash(token)))
	if err != nil {
		return in, err
	}
	if in.Status == Revoked || in.Shown(s.Clock().Now()) == Expired {
		return Intake{}, ErrLinkClosed
	}
	return in, nil
}

// ForEmployer returns an employer's intakes, newest year first.
func (s *Store) ForEmployer(ctx context.Context, employerID int64) ([]Intake, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Intake { return s.QueueForEmployer(b, employerID) })
}

// QueueForEmployer is ForEmployer as one read of a page's batch.
func (s *Store) QueueForEmployer(b *db.Batch, employerID int64) *[]Intake {
	return db.Collect(b, func(r pgx.CollectableRow) (Intake, error) { return scanIntake(r) },
		selectIntake+`WHERE i.employer_id = $1 ORDER BY i.year DESC`, employerID)
}

// Reference returns the questionnaire's choices for a network.
func (s *Store) Reference(ctx context.Context, networkID int64) (Reference, error) {
	return reference(ctx, s.pool, networkID)
}

// Visit records that the employer opened step n, so the link resumes there,
// and marks the intake opened the first time.
func (s *Store) Visit(ctx context.Context, id int64, step int) error {
	_, err := s.pool.Exec(ctx, `UPDATE intakes SET current_step = $2,
		status = CASE WHEN status = 'uitgenodigd' THEN 'geopend' ELSE status END,
		opened_at = coalesce(opened_at, now())
		WHERE id = $1 AND status IN ('uitgenodigd', 'geopend', 'bezig')`, id, step)
	return err
}

// SaveAnswer stores the validated answer of step n, drops its draft and
// marks it done; next is where the link resumes.
func (s *Store) SaveAnswer(ctx context.Context, id int64, n int, values Answers, next int) error {
	b, err := json.Marshal(values)
	if err != nil {
		return err
	}
	return s.save(ctx, id, next, `answers = answers || $3, drafts = drafts - $4::text,
		done_steps = array(SELECT DISTINCT unnest(array_append(done_steps, $5::integer)) ORDER BY 1)`, "", b, strconv.Itoa(n), n)
}

// SaveDraft keeps the raw input of step n, so nothing typed is lost. The
// step counts as not done until it is completed again.
func (s *Store) SaveDraft(ctx context.Context, id int64, n int, values Answers, next int) error {
	b, err := json.Marshal(values)
	if err != nil {
		return err
	}
	// The total is capped in the same statement, so two instances saving
	// at once cannot pass it together.
	err = s.save(ctx, id, next, `drafts = drafts || $3, done_steps = array_remove(done_steps, $4::integer)`,
		`octet_length((drafts || $3)::text) <= `+strconv.Itoa(MaxDraftBytes), b, n)
	if errors.Is(err, ErrLinkClosed) {
		var tooLarge bool
		if s.pool.QueryRow(ctx, `SELECT octet_length((drafts || $2)::text) > $3 FROM intakes WHERE id = $1`,
			id, b, MaxDraftBytes).Scan(&tooLarge); tooLarge {
			return ErrDraftTooLarge
		}
	}
	return err
}

// MaxDraftBytes caps the unfinished answers of one intake together (finding
// 7: 6.6 MB of drafts made a 1 MB review page). Every step's valid answers
// fit many times over.
const MaxDraftBytes = 128 << 10

// ErrDraftTooLarge refuses a draft that would take an intake's drafts over
// MaxDraftBytes.
var ErrDraftTooLarge = errors.New("intake drafts too large")

// save updates an open intake: set and cond (an extra condition, or "")
// use $3 onwards.
func (s *Store) save(ctx context.Context, id int64, next int, set, cond string, args ...any) error {
	if cond != "" {
		cond = " AND " + cond
	}
	tag, err := s.pool.Exec(ctx, `UPDATE intakes SET `+set+`, status = 'bezig', current_step = $2,
		last_activity_at = now(), opened_at = coalesce(opened_at, now()), version = version + 1
		WHERE id = $1 AND status IN ('uitgenodigd', 'geopend', 'bezig') AND expires_at > now()`+cond,
		append([]any{id, next}, args...)...)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrLinkClosed
	}
	return err
}

// Submit hands the intake in, when every step is complete, and queues the
// confirmation mail in the same transaction.
func (s *Store) Submit(ctx context.Context, id int64, confirm func(tx pgx.Tx, in Intake) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		in, err := s.get(ctx, tx, identity.Scope{All: true}, id, true)
		if err != nil {
			return err
		}
		if !open(in.Status) || in.Shown(s.Clock().Now()) == Expired {
			return ErrLinkClosed
		}
		if !in.Complete() {
			return apperr.New(apperr.Invalid, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE intakes SET status = 'ingediend', submitted_at = now(),
			last_activity_at = now(), current_step = 8, version = version + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		ctx := audit.WithSource(ctx, "intake")
		if err := audit.Record(ctx, tx, audit.Entry{Actor: in.ContactName, Entity: "intake", EntityID: id,
			EmployerID: in.EmployerID, Action: "ingediend"}); err != nil {
			return err
		}
		return confirm(tx, in)
	})
}

// Invitation is a coordinator's invitation of a contact.
type Invitation struct {
	EmployerID int64
	ContactID  int64
	Validity   time.Duration
}

// Invite opens this year's intake of an employer for a contact, or gives an
// open one a new link (the old link stops working). A first intake is
// prefilled from the last year's, else from the profile. send queues the
// invitation mail in the same transaction.
func (s *Store) Invite(ctx context.Context, inv Invitation, send func(tx pgx.Tx, in Intake, token string) error) (int64, error) {
	p, err := s.profiles.Profile(ctx, inv.EmployerID)
	if err != nil {
		return 0, err
	}
	contact, ok := activeContact(p, inv.ContactID)
	if !ok || contact.Email == "" {
		return 0, apperr.New(apperr.Invalid, "")
	}
	token, hash := linktoken.New()
	year := s.Clock().Now().In(nltime.Amsterdam).Year()
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM employers WHERE id = $1 FOR UPDATE`, inv.EmployerID); err != nil {
			return err
		}
		var status string
		err := tx.QueryRow(ctx, `SELECT id, status FROM intakes WHERE employer_id = $1 AND year = $2`, inv.EmployerID, year).
			Scan(&id, &status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			id, err = s.create(ctx, tx, p, inv, hash, year)
		case err != nil:
		case status == Submitted || status == Processed:
			return apperr.New(apperr.Conflict, "")
		default:
			_, err = tx.Exec(ctx, `UPDATE intakes SET token_hash = $2, contact_id = $3, expires_at = $4,
				invited_by = $5, invited_at = now(), version = version + 1,
				status = CASE WHEN status = 'ingetrokken' THEN 'uitgenodigd' ELSE status END WHERE id = $1`,
				id, hash, inv.ContactID, s.Clock().Now().Add(inv.Validity), userID(ctx))
		}
		if err != nil {
			return err
		}
		in, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "intake", EntityID: id, EmployerID: inv.EmployerID,
			Action: "uitgenodigd", Changes: map[string]audit.Change{"contactpersoon": {New: contact.Name}}}); err != nil {
			return err
		}
		return send(tx, in, token)
	})
	return id, err
}

// create inserts this year's intake, prefilled.
func (s *Store) create(ctx context.Context, tx pgx.Tx, p Profile, inv Invitation, hash []byte, year int) (int64, error) {
	answers := prefill(p)
	var basedOn *int64
	var last []byte
	var lastID int64
	err := tx.QueryRow(ctx, `SELECT id, answers FROM intakes WHERE employer_id = $1 AND year < $2
		AND status IN ('ingediend', 'verwerkt') ORDER BY year DESC LIMIT 1`, p.ID, year).Scan(&lastID, &last)
	switch {
	case err == nil:
		var prev Answers
		if err := json.Unmarshal(last, &prev); err != nil {
			return 0, err
		}
		// Last year's answers, with this year's profile for the organisation
		// (the coordinator may have corrected it since).
		prev[strconv.Itoa(StepOrganisation)] = answers.Step(StepOrganisation)
		answers, basedOn = prev, &lastID
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, err
	}
	b, err := json.Marshal(answers)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO intakes (employer_id, year, contact_id, token_hash, expires_at, invited_by,
		answers, based_on_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.ID, year, inv.ContactID, hash, s.Clock().Now().Add(inv.Validity), userID(ctx), b, basedOn).Scan(&id)
	return id, err
}

func activeContact(p Profile, id int64) (Contact, bool) {
	i := slices.IndexFunc(p.Contacts, func(c Contact) bool { return c.ID == id && c.Active })
	if i < 0 {
		return Contact{}, false
	}
	return p.Contacts[i], true
}

func userID(ctx context.Context) *int64 {
	if u := identity.From(ctx); u != nil {
		return &u.ID
	}
	return nil
}

// Extend lets an open intake's link work for another period from now (or
// from its current end, when that is later).
func (s *Store) Extend(ctx context.Context, scope identity.Scope, id int64, by time.Duration) error {
	return s.change(ctx, scope, id, "verlengd", func(tx pgx.Tx, in Intake) error {
		if !open(in.Status) {
			return apperr.New(apperr.Conflict, "")
		}
		_, err := tx.Exec(ctx, `UPDATE intakes SET expires_at = greatest(expires_at, now()) + $2::interval,
			version = version + 1 WHERE id = $1`, id, by)
		return err
	})
}

// Revoke stops an open intake's link from working.
func (s *Store) Revoke(ctx context.Context, scope identity.Scope, id int64) error {
	return s.change(ctx, scope, id, "ingetrokken", func(tx pgx.Tx, in Intake) error {
		if !open(in.Status) {
			return apperr.New(apperr.Conflict, "")
		}
		_, err := tx.Exec(ctx, `UPDATE intakes SET status = 'ingetrokken', version = version + 1 WHERE id = $1`, id)
		return err
	})
}

// SendBack reopens a submitted intake with a question for the contact, with
// a new link (the old one stops working); send queues the mail.
func (s *Store) SendBack(ctx context.Context, scope identity.Scope, id int64, question string, validity time.Duration,
	send func(tx pgx.Tx, in Intake, token string) error) error {
	token, hash := linktoken.New()
	return s.change(ctx, scope, id, "teruggestuurd", func(tx pgx.Tx, in Intake) error {
		if in.Status != Submitted {
			return apperr.New(apperr.Conflict, "")
		}
		if in.ContactEmail == "" {
			return apperr.New(apperr.Invalid, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE intakes SET status = 'bezig', question = $2, question_at = now(),
			token_hash = $3, expires_at = greatest(expires_at, now() + $4::interval), submitted_at = NULL,
			current_step = 8, version = version + 1 WHERE id = $1`, id, question, hash, validity); err != nil {
			return err
		}
		in.Question = question
		return send(tx, in, token)
	})
}

// change runs fn on a locked intake within scope and records action.
func (s *Store) change(ctx context.Context, scope identity.Scope, id int64, action string, fn func(tx pgx.Tx, in Intake) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		in, err := s.get(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if err := fn(tx, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "intake", EntityID: id, EmployerID: in.EmployerID, Action: action})
	})
}

// AwaitingReview counts the submitted intakes in scope: the coordinator's
// signal that an employer has answered.
func (s *Store) AwaitingReview(ctx context.Context, scope identity.Scope) (int, error) {
	var n int
	// Runs on every page: the scope goes into the SQL rather than as a
	// flag, so a coordinator's count starts from their networks' employers
	// (one probe each into the small partial index of submitted intakes).
	if scope.All {
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM intakes WHERE status = 'ingediend'`).Scan(&n)
		return n, err
	}
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM employers e JOIN intakes i ON i.employer_id = e.id
		WHERE e.network_id = ANY($1) AND i.status = 'ingediend'`, scope.Networks).Scan(&n)
	return n, err
}
