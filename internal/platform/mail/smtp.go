package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpTimeout bounds connecting and every step of the SMTP conversation, so
// a mail server that stops answering does not hold a batch for long.
const smtpTimeout = 30 * time.Second

// smtpConfig is a parsed SMTP_URL.
type smtpConfig struct {
	host        string
	port        int
	implicitTLS bool // smtps://: TLS from the first byte
	policy      gomail.TLSPolicy
	user, pass  string
}

// NewSMTP returns a transport that delivers through the mail server of
// rawURL:
//
//	smtp://user:pass@host:587              STARTTLS when the server offers it
//	smtp://host:25?tls=required            refuse a server without STARTTLS
//	smtp://host:25?tls=none                never STARTTLS (a relay on localhost)
//	smtps://user:pass@host:465             TLS from the start
//
// The port defaults to 587 (smtp) or 465 (smtps). The portal signs in only
// when a user is given, and never with a plain-text password over a
// connection that is not encrypted.
func NewSMTP(rawURL string) (Transport, error) {
	c, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	return &smtpTransport{cfg: c}, nil
}

func parseSMTPURL(raw string) (smtpConfig, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url's own error quotes the whole URL, password included.
		return smtpConfig{}, errors.New("mail: SMTP URL cannot be parsed")
	}
	c := smtpConfig{host: u.Hostname(), policy: gomail.TLSOpportunistic}
	switch u.Scheme {
	case "smtp":
		c.port = 587
	case "smtps":
		c.port, c.implicitTLS = 465, true
	default:
		return c, fmt.Errorf("mail: SMTP URL %s: scheme must be smtp or smtps", redactURL(u))
	}
	if c.host == "" {
		return c, fmt.Errorf("mail: SMTP URL %s: host missing", redactURL(u))
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("mail: SMTP URL %s: bad port %q", redactURL(u), p)
		}
		c.port = n
	}
	if u.User != nil {
		c.user = u.User.Username()
		c.pass, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return c, fmt.Errorf("mail: SMTP URL %s: unknown parameter %q", redactURL(u), k)
		}
	}
	switch tls := q.Get("tls"); {
	case tls == "" || tls == "starttls":
	case c.implicitTLS:
		return c, fmt.Errorf("mail: SMTP URL %s: tls=%s applies to smtp:// only", redactURL(u), tls)
	case tls == "none":
		c.policy = gomail.NoTLS
	case tls == "required":
		c.policy = gomail.TLSMandatory
	default:
		return c, fmt.Errorf("mail: SMTP URL %s: tls must be none, starttls or required", redactURL(u))
	}
	return c, nil
}

// redactURL shows a URL without its password.
func redactURL(u *url.URL) string {
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = url.UserPassword(c.User.Username(), "xxxxx")
	}
	return c.String()
}

type smtpTransport struct{ cfg smtpConfig }

// Send delivers m over a connection of its own: the portal sends little
// mail, and a fresh connection recovers from any state an earlier one left.
func (t *smtpTransport) Send(ctx context.Context, from Address, m Outgoing) error {
	msg, err := buildMsg(from, m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(t.cfg.host, t.options()...)
	if err != nil {
		return t.clean(err)
	}
	return t.clean(permanence(client.DialAndSendWithContext(ctx, msg)))
}

// permanence marks a 5xx answer to the envelope or the message as
// permanent. A 5xx elsewhere (a refused sign-in, a TLS problem) is the
// portal's configuration and hits every mail alike: that one is retried,
// so the queue survives a fix of SMTP_URL.
func permanence(err error) error {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.ErrorCode() < 500 || se.ErrorCode() > 599 {
		return err
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
		return &PermanentError{Err: err}
	}
	return err
}

func (t *smtpTransport) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(t.cfg.port), gomail.WithTimeout(smtpTimeout), gomail.WithTLSPolicy(t.cfg.policy)}
	if t.cfg.implicitTLS {
		opts = append(opts, gomail.WithSSL())
	}
	if t.cfg.user != "" {
		// Auto-discovery picks the strongest mechanism the server offers
		// and leaves PLAIN and LOGIN out on an unencrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(t.cfg.user), gomail.WithPassword(t.cfg.pass))
	}
	return opts
}

// clean keeps the password out of an error that ends up in the outbox and
// the log.
func (t *smtpTransport) clean(err error) error {
	if err == nil || t.cfg.pass == "" || !strings.Contains(err.Error(), t.cfg.pass) {
		return err
	}
	clean := errors.New(strings.ReplaceAll(err.Error(), t.cfg.pass, "xxxxx"))
	var perm *PermanentError
	if errors.As(err, &perm) {
		return &PermanentError{Err: clean}
	}
	return clean
}

// buildMsg turns m into a go-mail message: UTF-8 plain text, quoted-printable,
// headers encoded as RFC 2047 where they need it.
func buildMsg(from Address, m Outgoing) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP),
		gomail.WithNoDefaultUserAgent())
	if m.FromName != "" {
		from.Name = m.FromName
	}
	if err := msg.FromFormat(from.Name, from.Email); err != nil {
		return nil, fmt.Errorf("mail: from address: %w", err)
	}
	if err := msg.AddToFormat(m.To.Name, m.To.Email); err != nil {
		return nil, fmt.Errorf("mail: to address: %w", err)
	}
	for _, a := range m.AlsoTo {
		if err := msg.AddToFormat(a.Name, a.Email); err != nil {
			return nil, fmt.Errorf("mail: to address: %w", err)
		}
	}
	if m.Cc != nil && m.Cc.Email != "" {
		if err := msg.AddCcFormat(m.Cc.Name, m.Cc.Email); err != nil {
			return nil, fmt.Errorf("mail: cc address: %w", err)
		}
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("mail: reply-to address: %w", err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("mail: attachment: %w", err)
		}
	}
	return msg, nil
}
