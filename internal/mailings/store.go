package mailings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
)

// Store keeps mailings and their recipients.
type Store struct {
	pool     *pgxpool.Pool
	employer EmployerFilter
}

// NewStore returns a store on pool; filter is the employer list's filter
// (see EmployerFilter).
func NewStore(pool *pgxpool.Pool, filter EmployerFilter) *Store {
	return &Store{pool: pool, employer: filter}
}

// Audit: what the entries about mailings are.
const (
	EntityMailing = "mailing"
	// ActionSent: a coordinator started sending a mailing.
	ActionSent = "verstuurd"
	// ActionOptedOut: a contact unsubscribed from the mailings, through
	// the link in a mailing (entity contact).
	ActionOptedOut = "afgemeld voor nieuwsbrieven"
)

// mailable is the rule for a contact who may receive a mailing now: still
// working there, not erased (platform/eligible), with an address, and not
// unsubscribed. The employer condition is the caller's.
const mailable = eligible.Contact + ` AND c.email <> '' AND c.mailings_opted_out_at IS NULL`

// recipients returns the SQL of the contacts a selection reaches in a
// network (columns id, name, email, employer_id), each address once (the
// primary contact, else the first, when two share one), and its
// arguments; callers add theirs after them.
func (s *Store) recipients(sel Selection, networkID int64) (string, []any) {
	ev := employerValues(sel.Employer)
	ev.Set("status", sel.Status)
	cond, args := s.employer(ev, identity.Scope{Networks: []int64{networkID}})
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := `c.employer_id IN (SELECT e.id FROM employers e WHERE ` + cond + ` AND e.network_id = ` + arg(networkID) +
		` AND e.erased_at IS NULL) AND ` + mailable
	if sel.Function != "" {
		where += ` AND c.function = ` + arg(sel.Function)
	}
	if sel.Level != "" {
		where += ` AND c.level = ` + arg(sel.Level)
	}
	if sel.SubgroupID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM subgroup_members sm JOIN subgroups g ON g.id = sm.subgroup_id
			WHERE sm.contact_id = c.id AND sm.left_on IS NULL AND g.network_id = ` + arg(networkID) + ` AND sm.subgroup_id = ` + arg(sel.SubgroupID) + `)`
	}
	if sel.NotAttended {
		// Present at none of the network's events of the last six months
		// (check-in or attendance recorded): for a re-engagement mail.
		where += ` AND NOT EXISTS (SELECT 1 FROM event_invitations i JOIN events ev ON ev.id = i.event_id
			WHERE i.contact_id = c.id AND i.status = 'aanwezig' AND ev.status <> 'geannuleerd'
			AND ev.starts_at >= now() - make_interval(months => ` + strconv.Itoa(NotAttendedMonths) + `) AND ev.starts_at <= now())`
	}
	return `SELECT DISTINCT ON (lower(c.email)) c.id, c.name, c.email, c.employer_id FROM contacts c WHERE ` + where +
		` ORDER BY lower(c.email), c.is_primary DESC, c.id`, args
}

// PreviewRecipient is a line of the recipients' preview.
type PreviewRecipient struct {
	ContactID    int64
	Name, Email  string
	EmployerID   int64
	Organisation string
}

// PreviewLimit is how many recipients the preview lists (all are counted).
const PreviewLimit = 1000

// Preview counts the contacts a selection reaches now and lists the first
// PreviewLimit, by organisation and name.
func (s *Store) Preview(ctx context.Context, networkID int64, sel Selection) (int, []PreviewRecipient, error) {
	sql, args := s.recipients(sel, networkID)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM (`+sql+`) r`, args...).Scan(&total); err != nil {
		return 0, nil, fmt.Errorf("mailings: count recipients: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT r.id, r.name, r.email, e.id, e.name FROM (`+sql+`) r
		JOIN employers e ON e.id = r.employer_id ORDER BY lower(e.name), lower(r.name), r.id LIMIT `+strconv.Itoa(PreviewLimit), args...)
	if err != nil {
		return 0, nil, fmt.Errorf("mailings: preview recipients: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PreviewRecipient])
	return total, list, err
}

// Input is a mailing as the coordinator wrote it (validated).
type Input struct {
	NetworkID int64
	Subject   string
	Body      string
	Selection Selection
}

// Create stores a new draft and returns its id.
func (s *Store) Create(ctx context.Context, in Input) (int64, error) {
	sel, err := json.Marshal(in.Selection)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		u := identity.From(ctx)
		var by *int64
		if u != nil {
			by = &u.ID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO mailings (network_id, subject, body, selection, created_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, in.NetworkID, in.Subject, in.Body, sel, by).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityMailing, EntityID: id, Action: audit.Created,
			Changes: map[string]audit.Change{"onderwerp": {New: in.Subject}}})
	})
	return id, err
}

// errNotDraft: a mailing that is being or has been sent cannot change.
var errNotDraft = apperr.New(apperr.Conflict, "Deze mailing is al verstuurd en kan niet meer worden gewijzigd.")

// Update changes a draft; version is what the editor saw.
func (s *Store) Update(ctx context.Context, id int64, version int, in Input) error {
	sel, err := json.Marshal(in.Selection)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Status != Draft {
			return errNotDraft
		}
		if old.Version != version {
			return apperr.New(apperr.Conflict, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE mailings SET subject = $2, body = $3, selection = $4, version = version + 1,
			updated_at = now() WHERE id = $1`, id, in.Subject, in.Body, sel); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityMailing, EntityID: id, Action: audit.Updated,
			Changes: audit.Diff(map[string]string{"onderwerp": old.Subject}, map[string]string{"onderwerp": in.Subject})})
	})
}

// lock locks a mailing row and returns its status, version and subject.
func (s *Store) lock(ctx context.Context, tx pgx.Tx, id int64) (Mailing, error) {
	var m Mailing
	err := tx.QueryRow(ctx, `SELECT id, network_id, status, version, subject FROM mailings WHERE id = $1 FOR UPDATE`, id).
		Scan(&m.ID, &m.NetworkID, &m.Status, &m.Version, &m.Subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	return m, err
}

// ErrNoRecipients: the selection reaches nobody (any more).
var ErrNoRecipients = apperr.New(apperr.Invalid, "Deze selectie bereikt niemand: er is niets verstuurd. Pas de selectie aan.")

// Send freezes the recipients of a draft (the contacts its selection
// reaches at this moment) and hands the mailing to the worker; it returns
// how many recipients there are. Sending twice is refused: the row lock and
// the status make the second click a conflict.
func (s *Store) Send(ctx context.Context, id int64, version int) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.Status != Draft {
			return errNotDraft
		}
		if m.Version != version {
			return apperr.New(apperr.Conflict, "")
		}
		var raw []byte
		if err := tx.QueryRow(ctx, `SELECT selection FROM mailings WHERE id = $1`, id).Scan(&raw); err != nil {
			return err
		}
		var sel Selection
		if err := json.Unmarshal(raw, &sel); err != nil {
			return err
		}
		sql, args := s.recipients(sel, m.NetworkID)
		args = append(args, id)
		tag, err := tx.Exec(ctx, `INSERT INTO mailing_recipients (mailing_id, contact_id, email_key)
			SELECT $`+strconv.Itoa(len(args))+`, r.id, lower(r.email) FROM (`+sql+`) r`, args...)
		if err != nil {
			return err
		}
		if n = int(tag.RowsAffected()); n == 0 {
			return ErrNoRecipients
		}
		u := identity.From(ctx)
		var by *int64
		if u != nil {
			by = &u.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE mailings SET status = 'verzenden', recipient_count = $2, sending_at = now(),
			sent_by = $3, version = version + 1, updated_at = now() WHERE id = $1`, id, n, by); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityMailing, EntityID: id, Action: ActionSent,
			Changes: map[string]audit.Change{"ontvangers": {New: strconv.Itoa(n)}}})
	})
	return n, err
}

const mailingColumns = `m.id, m.network_id, n.name, m.subject, m.body, m.body_removed_at IS NOT NULL, m.selection, m.status,
	m.recipient_count, m.sent_count, m.failed_count, coalesce(u.name, ''), m.created_at, m.sending_at, m.finished_at, m.version`

func scanMailing(row pgx.Row) (Mailing, error) {
	var m Mailing
	var sel []byte
	err := row.Scan(&m.ID, &m.NetworkID, &m.NetworkName, &m.Subject, &m.Body, &m.BodyRemoved, &sel, &m.Status,
		&m.RecipientCount, &m.SentCount, &m.FailedCount, &m.CreatedBy, &m.CreatedAt, &m.SendingAt, &m.FinishedAt, &m.Version)
	if err == nil {
		err = json.Unmarshal(sel, &m.Selection)
	}
	return m, err
}

const mailingFrom = ` FROM mailings m JOIN networks n ON n.id = m.network_id LEFT JOIN users u ON u.id = m.created_by`

// Get returns a mailing of a network in scope; any other is NotFound.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (Mailing, error) {
	m, err := scanMailing(s.pool.QueryRow(ctx, `SELECT `+mailingColumns+mailingFrom+
		` WHERE m.id = $1 AND ($2 OR m.network_id = ANY($3))`, id, scope.All, scope.Networks))
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("mailings: get %d: %w", id, err)
	}
	return m, nil
}

// ListItem is a line of /mailings.
type ListItem struct {
	Mailing
	Progress Progress
}

// List returns the mailings of the scope's networks, newest first, with
// the progress of those being sent.
func (s *Store) List(ctx context.Context, scope identity.Scope) ([]ListItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+mailingColumns+mailingFrom+
		` WHERE ($1 OR m.network_id = ANY($2)) ORDER BY m.created_at DESC, m.id DESC LIMIT 500`, scope.All, scope.Networks)
	if err != nil {
		return nil, fmt.Errorf("mailings: list: %w", err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Mailing, error) { return scanMailing(r) })
	if err != nil {
		return nil, err
	}
	out := make([]ListItem, len(ms))
	for i, m := range ms {
		out[i] = ListItem{Mailing: m}
		if out[i].Progress, err = s.Progress(ctx, m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Progress is how far a mailing is: a draft has none, a finished mailing
// its recorded outcome, one being sent is counted from its recipients and
// their mails.
func (s *Store) Progress(ctx context.Context, m Mailing) (Progress, error) {
	switch m.Status {
	case Draft:
		return Progress{}, nil
	case Sent:
		return Progress{Total: m.RecipientCount, Sent: m.SentCount, Failed: m.FailedCount}, nil
	}
	var p Progress
	err := s.pool.QueryRow(ctx, `SELECT count(*),
			count(*) FILTER (WHERE o.status = 'verzonden'),
			count(*) FILTER (WHERE r.skipped OR o.status = 'mislukt')
		FROM mailing_recipients r LEFT JOIN mail_outbox o ON o.id = r.outbox_id WHERE r.mailing_id = $1`, m.ID).
		Scan(&p.Total, &p.Sent, &p.Failed)
	p.Waiting = p.Total - p.Sent - p.Failed
	return p, err
}

// Failures lists the recipients whose mail did not go out.
func (s *Store) Failures(ctx context.Context, id int64) ([]Failure, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.name, e.name, e.id,
			CASE WHEN r.skipped THEN '' ELSE coalesce(o.last_error, '') END
		FROM mailing_recipients r JOIN contacts c ON c.id = r.contact_id JOIN employers e ON e.id = c.employer_id
		LEFT JOIN mail_outbox o ON o.id = r.outbox_id
		WHERE r.mailing_id = $1 AND (r.skipped OR o.status = 'mislukt') ORDER BY lower(e.name), lower(c.name) LIMIT 1000`, id)
	if err != nil {
		return nil, fmt.Errorf("mailings: failures of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Failure])
}

// Option is a choice of a select.
type Option struct{ Value, Label string }

// Choices are the compose form's lists for one network.
type Choices struct {
	Subgroups []Option
	Functions []Option
}

// ChoicesFor returns the subgroups of a network and the contact functions.
func (s *Store) ChoicesFor(ctx context.Context, networkID int64) (Choices, error) {
	var c Choices
	collect := func(sql string, args ...any) ([]Option, error) {
		rows, err := s.pool.Query(ctx, sql, args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
	}
	var err error
	if c.Subgroups, err = collect(`SELECT id::text, name FROM subgroups WHERE network_id = $1 ORDER BY lower(name), id`, networkID); err != nil {
		return c, fmt.Errorf("mailings: subgroups: %w", err)
	}
	if c.Functions, err = collect(`SELECT code, name FROM function_types ORDER BY position, code`); err != nil {
		return c, fmt.Errorf("mailings: functions: %w", err)
	}
	return c, nil
}

// Unsubscription is what the unsubscribe page knows of a link.
type Unsubscription struct {
	ContactID   int64
	EmployerID  int64
	NetworkName string
	OptedOutAt  *time.Time
}

// ByToken finds the recipient of an unsubscribe link; NotFound when the
// link is unknown (or its contact was erased).
func (s *Store) ByToken(ctx context.Context, hash []byte) (Unsubscription, error) {
	var u Unsubscription
	err := s.pool.QueryRow(ctx, `SELECT c.id, c.employer_id, coalesce(n.mail_sender_name, n.name), c.mailings_opted_out_at
		FROM mailing_recipients r JOIN contacts c ON c.id = r.contact_id JOIN mailings m ON m.id = r.mailing_id
		JOIN networks n ON n.id = m.network_id
		WHERE r.token_hash = $1 AND c.erased_at IS NULL`, hash).Scan(&u.ContactID, &u.EmployerID, &u.NetworkName, &u.OptedOutAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, apperr.ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("mailings: unsubscribe link: %w", err)
	}
	return u, nil
}

// OptOut unsubscribes the recipient of a link from the mailings and says
// so in the employer's history; a second time changes nothing. It returns
// what the page shows.
func (s *Store) OptOut(ctx context.Context, hash []byte) (Unsubscription, error) {
	var u Unsubscription
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if u, err = s.ByToken(ctx, hash); err != nil {
			return err
		}
		var at time.Time
		err = tx.QueryRow(ctx, `UPDATE contacts SET mailings_opted_out_at = now(), updated_at = now()
			WHERE id = $1 AND mailings_opted_out_at IS NULL RETURNING mailings_opted_out_at`, u.ContactID).Scan(&at)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // already unsubscribed
		}
		if err != nil {
			return err
		}
		u.OptedOutAt = &at
		return audit.Record(ctx, tx, audit.Entry{Actor: optOutActor, Source: optOutSource, Entity: audit.EntityContact,
			EntityID: u.ContactID, EmployerID: u.EmployerID, Action: ActionOptedOut})
	})
	return u, err
}

// ActionOptedIn: the contact asked for the mailings again, through their
// own link.
const ActionOptedIn = "weer aangemeld voor nieuwsbrieven"

// OptIn undoes an unsubscription through the person's own link. This is
// the only way back: receiving a network's mailings again is the person's
// own choice (AVG art. 21: an objection to direct mail is honoured without
// exception), so the portal offers coordinators no button to undo it.
func (s *Store) OptIn(ctx context.Context, hash []byte) (Unsubscription, error) {
	var u Unsubscription
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if u, err = s.ByToken(ctx, hash); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE contacts SET mailings_opted_out_at = NULL, updated_at = now()
			WHERE id = $1 AND mailings_opted_out_at IS NOT NULL`, u.ContactID)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		u.OptedOutAt = nil
		return audit.Record(ctx, tx, audit.Entry{Actor: optOutActor, Source: optOutSource, Entity: audit.EntityContact,
			EntityID: u.ContactID, EmployerID: u.EmployerID, Action: ActionOptedIn})
	})
	return u, err
}

// Who the audit entries of an unsubscribe link name: the person, not a user.
const (
	optOutActor  = "De contactpersoon"
	optOutSource = "afmeldlink"
)
