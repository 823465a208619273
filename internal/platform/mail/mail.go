// Package mail is the portal's outgoing mail. A domain package queues a
// message with Enqueue inside the transaction of the change it reports, so
// the mail exists exactly when the change does; a Sender (one per app
// instance) delivers the queue through a Transport and retries when the mail
// server is away. See migrations/00003_mail.sql for the outbox tables.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	netmail "net/mail"
	"regexp"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
)

// Address is a mailbox with an optional display name.
type Address struct{ Name, Email string }

// String formats the address for a log line or a page: "Naam <e@x.nl>".
func (a Address) String() string {
	if a.Name == "" {
		return a.Email
	}
	return (&netmail.Address{Name: a.Name, Address: a.Email}).String()
}

// Attachment is a file sent along, such as an .ics invitation.
type Attachment struct {
	Filename, ContentType string
	Data                  []byte
}

// Message is a mail to queue. Kind names what it is for ("intake_uitnodiging")
// so the outbox page can tell mails apart; NetworkID and EmployerID (0 =
// none) decide who may see it there.
//
// To is the first recipient; AlsoTo adds more (at most maxAlsoTo), for a mail
// that introduces people to each other. FromName replaces the sender's
// display name, never its address; left empty on a mail with a NetworkID,
// the network's sender name (networks.mail_sender_name) is used. HTML is an
// optional alternative to Text. Headers may only hold the list headers in
// listHeaders (a mailing's List-Unsubscribe).
type Message struct {
	Kind        string
	NetworkID   int64
	EmployerID  int64
	To          Address
	AlsoTo      []Address
	Cc          *Address
	ReplyTo     string
	FromName    string
	Subject     string
	Text        string // plain text, UTF-8
	HTML        string // optional HTML alternative, UTF-8
	Headers     map[string]string
	Attachments []Attachment
}

// Recipients is every To address of m, To first.
func (m Message) Recipients() []Address {
	return append([]Address{m.To}, m.AlsoTo...)
}

// Limits of the outbox tables; checked here so a caller gets a clear error
// rather than a constraint violation.
const (
	maxName        = 120
	maxSubject     = 300
	maxText        = 100000
	maxFilename    = 120
	maxAttachment  = 5 << 20
	maxAttachments = 10
	maxAlsoTo      = 9
	maxHTML        = 400000
	maxHeader      = 1000
)

// listHeaders are the only extra headers a Message may carry.
var listHeaders = map[string]bool{"List-Unsubscribe": true, "List-Unsubscribe-Post": true, "List-Id": true}

var kindRe = regexp.MustCompile(`^[a-z_]{1,40}$`)

// idDomain is the right-hand side of generated Message-IDs.
var idDomain atomic.Pointer[string]

// SetMessageIDDomain sets the domain of the Message-IDs Enqueue generates;
// the portal sets the domain of its sender address at start, since spam
// filters distrust ids that name no real domain. Default "localhost".
func SetMessageIDDomain(domain string) {
	domain = strings.TrimSpace(domain)
	if domain == "" || strings.ContainsAny(domain, "<>@ \t\r\n") {
		return
	}
	idDomain.Store(&domain)
}

func messageIDDomain() string {
	if d := idDomain.Load(); d != nil {
		return *d
	}
	return "localhost"
}

// newMessageID returns a random "<hex@domain>".
func newMessageID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + messageIDDomain() + ">"
}

// Enqueue validates m and writes it to the outbox through q. Pass the
// transaction of the change the mail reports: when it rolls back, the mail
// is gone too. Invalid input, header injection included, is an apperr
// Invalid error. It returns the outbox id.
func Enqueue(ctx context.Context, q db.Querier, m Message) (int64, error) {
	if err := check(ctx, m); err != nil {
		return 0, err
	}
	if len(m.Attachments) == 0 {
		return insert(ctx, q, m)
	}
	// A mail and its attachments are written together or not at all: in a
	// transaction of a pool, or a savepoint of the caller's transaction.
	beginner, ok := q.(interface {
		Begin(context.Context) (pgx.Tx, error)
	})
	if !ok {
		return insert(ctx, q, m)
	}
	var id int64
	err := pgx.BeginFunc(ctx, beginner, func(tx pgx.Tx) error {
		var err error
		id, err = insert(ctx, tx, m)
		return err
	})
	return id, err
}

func insert(ctx context.Context, q db.Querier, m Message) (int64, error) {
	var cc Address
	if m.Cc != nil {
		cc = *m.Cc
	}
	alsoTo := m.AlsoTo
	if alsoTo == nil {
		alsoTo = []Address{}
	}
	headers := m.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	var id int64
	// A mail of one network goes out under that network's sender name
	// (set in /beheer), unless the caller chose one: every domain gets
	// this without knowing about it. No sender name set: the portal's own
	// (MAIL_FROM), as the beheer form says. The address never changes.
	err := q.QueryRow(ctx, `INSERT INTO mail_outbox (kind, network_id, employer_id, to_addr, to_name, cc_addr, cc_name,
			reply_to, subject, body_text, message_id, extra_to, from_name, body_html, headers)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			coalesce(nullif($13, ''), (SELECT n.mail_sender_name FROM networks n WHERE n.id = $2), ''), $14, $15) RETURNING id`,
		m.Kind, nullID(m.NetworkID), nullID(m.EmployerID), m.To.Email, m.To.Name, cc.Email, cc.Name,
		m.ReplyTo, m.Subject, m.Text, newMessageID(), alsoTo, m.FromName, m.HTML, headers).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("mail: queue: %w", err)
	}
	for _, a := range m.Attachments {
		if _, err := q.Exec(ctx, `INSERT INTO mail_attachments (mail_id, filename, content_type, data) VALUES ($1, $2, $3, $4)`,
			id, a.Filename, a.ContentType, a.Data); err != nil {
			return 0, fmt.Errorf("mail: queue attachment: %w", err)
		}
	}
	return id, nil
}

// check refuses what the outbox cannot hold or a mail header must not
// carry. The messages are for the user of the form that led to the mail.
func check(ctx context.Context, m Message) error {
	invalid := func(msg string) error { return apperr.New(apperr.Invalid, msg) }
	switch {
	case !kindRe.MatchString(m.Kind):
		return invalid(i18n.T(ctx, "De e-mail kan niet worden verstuurd: onbekende soort e-mail."))
	case !validAddress(m.To.Email):
		return invalid(i18n.T(ctx, "Het e-mailadres %s is ongeldig.", printable(m.To.Email)))
	case !validName(m.To.Name) || (m.Cc != nil && !validName(m.Cc.Name)):
		return invalid(i18n.T(ctx, "De naam van een ontvanger bevat tekens die niet in een e-mail passen of is te lang."))
	case m.Cc != nil && !validAddress(m.Cc.Email):
		return invalid(i18n.T(ctx, "Het e-mailadres %s is ongeldig.", printable(m.Cc.Email)))
	case m.ReplyTo != "" && !validAddress(m.ReplyTo):
		return invalid(i18n.T(ctx, "Het e-mailadres %s is ongeldig.", printable(m.ReplyTo)))
	case strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Text) == "":
		return invalid(i18n.T(ctx, "Een e-mail heeft een onderwerp en een tekst nodig."))
	case hasControl(m.Subject) || !utf8.ValidString(m.Subject) || utf8.RuneCountInString(m.Subject) > maxSubject:
		return invalid(i18n.T(ctx, "Het onderwerp van de e-mail bevat tekens die niet in een e-mail passen of is te lang."))
	case !utf8.ValidString(m.Text) || strings.ContainsRune(m.Text, 0) || utf8.RuneCountInString(m.Text) > maxText:
		return invalid(i18n.T(ctx, "De tekst van de e-mail bevat tekens die niet in een e-mail passen of is te lang."))
	case len(m.Attachments) > maxAttachments:
		return invalid(i18n.T(ctx, "Een e-mail kan hoogstens %d bijlagen hebben.", maxAttachments))
	case len(m.AlsoTo) > maxAlsoTo:
		return invalid(i18n.T(ctx, "Een e-mail kan hoogstens %d ontvangers hebben.", maxAlsoTo+1))
	case !validName(m.FromName):
		return invalid(i18n.T(ctx, "De naam van de afzender bevat tekens die niet in een e-mail passen of is te lang."))
	case !utf8.ValidString(m.HTML) || strings.ContainsRune(m.HTML, 0) || utf8.RuneCountInString(m.HTML) > maxHTML:
		return invalid(i18n.T(ctx, "De tekst van de e-mail bevat tekens die niet in een e-mail passen of is te lang."))
	}
	for _, a := range m.AlsoTo {
		if !validAddress(a.Email) {
			return invalid(i18n.T(ctx, "Het e-mailadres %s is ongeldig.", printable(a.Email)))
		}
		if !validName(a.Name) {
			return invalid(i18n.T(ctx, "De naam van een ontvanger bevat tekens die niet in een e-mail passen of is te lang."))
		}
	}
	for k, v := range m.Headers {
		if !listHeaders[k] || hasControl(v) || !utf8.ValidString(v) || len(v) > maxHeader {
			return invalid(i18n.T(ctx, "De e-mail kan niet worden verstuurd: een kopregel is niet toegestaan."))
		}
	}
	for _, a := range m.Attachments {
		if !validFilename(a.Filename) || !validContentType(a.ContentType) || len(a.Data) > maxAttachment {
			return invalid(i18n.T(ctx, "De bijlage %s kan niet worden meegestuurd.", printable(a.Filename)))
		}
	}
	return nil
}

// validAddress is a bare address that the portal's own check and net/mail
// both accept, so it can neither smuggle a header nor a second recipient.
func validAddress(s string) bool {
	if !validate.Email(s) || hasControl(s) {
		return false
	}
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Address == s
}

func validName(s string) bool {
	return utf8.ValidString(s) && !hasControl(s) && utf8.RuneCountInString(s) <= maxName
}

func validFilename(s string) bool {
	return s != "" && validName(s) && utf8.RuneCountInString(s) <= maxFilename && !strings.ContainsAny(s, `/\"`)
}

func validContentType(s string) bool {
	if len(s) < 3 || len(s) > 120 || hasControl(s) {
		return false
	}
	_, _, err := mime.ParseMediaType(s)
	return err == nil
}

// hasControl reports control characters: CR and LF would start a new header.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// printable shows user input in a message without its control characters.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strings.ToValidUTF8(s, "")
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
