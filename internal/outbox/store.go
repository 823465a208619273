// Package outbox shows coordinators and the beheerder the mail the portal
// sent, or is still trying to send, on behalf of their networks: whether an
// invitation went out, and if not, why. The mail itself is queued and sent
// by internal/platform/mail.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// PerPage is the length of a page of the mail list.
const PerPage = 50

// Statuses in the order the filter offers them.
var Statuses = []string{mail.Waiting, mail.Sent, mail.Failed}

// StatusLabels are the Dutch names of the statuses (translated in the view).
var StatusLabels = map[string]string{
	mail.Waiting: "Wachtend",
	mail.Sent:    "Verzonden",
	mail.Failed:  "Mislukt",
}

// Store reads the outbox.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Filter is the list's status filter and page, kept in the URL.
type Filter struct {
	Status string
	Page   int
}

// ParseFilter reads a filter; unknown values are ignored.
func ParseFilter(q url.Values) Filter {
	f := Filter{Status: q.Get("status")}
	if !slices.Contains(Statuses, f.Status) {
		f.Status = ""
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f
}

// Values returns the filter without the page, for page links.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	return v
}

// Item is a line of the list.
type Item struct {
	ID        int64
	CreatedAt time.Time
	ToName    string
	ToAddr    string
	Subject   string
	Kind      string
	Status    string
	Attempts  int
	LastError string
	SentAt    *time.Time
}

// Mail is one mail with everything but the attachments' content.
type Mail struct {
	Item
	CcName, CcAddr string
	ReplyTo        string
	MessageID      string
	NextAttemptAt  time.Time
	NetworkName    string
	EmployerID     int64
	EmployerName   string
	Body           string // empty unless asked for
	Attachments    []AttachmentInfo
	// AlsoTo are the further recipients (mail.Message.AlsoTo); HasHTML says
	// the mail carries an HTML alternative (a mailing's).
	AlsoTo  []mail.Address
	HasHTML bool
}

// AttachmentInfo describes an attachment.
type AttachmentInfo struct {
	Filename    string
	ContentType string
	Size        int
}

const itemColumns = `m.id, m.created_at, m.to_name, m.to_addr, m.subject, m.kind, m.status, m.attempts, m.last_error, m.sent_at`

// scopeSQL limits to the scope; $1 is All, $2 the networks.
const scopeSQL = `($1 OR m.network_id = ANY($2))`

// List returns one page of the mail the scope may read, newest first, and
// the total.
func (s *Store) List(ctx context.Context, scope identity.Scope, f Filter) ([]Item, int, error) {
	where := scopeSQL + ` AND ($3 = '' OR m.status = $3)`
	args := []any{scope.All, scope.Networks, f.Status}
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM mail_outbox m WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("outbox: count: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+itemColumns+` FROM mail_outbox m WHERE `+where+
		fmt.Sprintf(` ORDER BY m.created_at DESC, m.id DESC LIMIT %d OFFSET %d`, PerPage, (f.Page-1)*PerPage), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("outbox: list: %w", err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
	return items, total, err
}

// Get returns a mail the scope may read; any other is NotFound, so a user
// cannot tell another network's mail from none. The body is read only when
// withBody is set.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64, withBody bool) (_ Mail, failed error) {
	defer apperr.Annotate(&failed, "outbox: load %d", id)
	var m Mail
	err := s.pool.QueryRow(ctx, `SELECT `+itemColumns+`, m.cc_name, m.cc_addr, m.reply_to, m.message_id,
			m.next_attempt_at, coalesce(n.name, ''), coalesce(e.id, 0), coalesce(e.name, ''),
			CASE WHEN $4 THEN m.body_text ELSE '' END, m.extra_to, m.body_html <> ''
		FROM mail_outbox m
		LEFT JOIN networks n ON n.id = m.network_id
		LEFT JOIN employers e ON e.id = m.employer_id
		WHERE m.id = $3 AND `+scopeSQL, scope.All, scope.Networks, id, withBody).Scan(
		&m.ID, &m.CreatedAt, &m.ToName, &m.ToAddr, &m.Subject, &m.Kind, &m.Status, &m.Attempts, &m.LastError, &m.SentAt,
		&m.CcName, &m.CcAddr, &m.ReplyTo, &m.MessageID, &m.NextAttemptAt, &m.NetworkName, &m.EmployerID, &m.EmployerName,
		&m.Body, &m.AlsoTo, &m.HasHTML)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("outbox: get %d: %w", id, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT filename, content_type, length(data) FROM mail_attachments
		WHERE mail_id = $1 ORDER BY id`, id)
	if err != nil {
		return m, fmt.Errorf("outbox: attachments of %d: %w", id, err)
	}
	m.Attachments, err = pgx.CollectRows(rows, pgx.RowToStructByPos[AttachmentInfo])
	return m, err
}

// Recipient formats a name and address for the page.
func Recipient(name, addr string) string {
	if strings.TrimSpace(name) == "" {
		return addr
	}
	return name + " <" + addr + ">"
}
