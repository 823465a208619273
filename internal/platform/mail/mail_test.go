package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
)

var from = mail.Address{Name: "Netwerkportaal", Email: "noreply@portaal.example.org"}

// clock is a settable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newSender(t *testing.T, pool *pgxpool.Pool, srv *mailtest.Server, opts mail.Options) *mail.Sender {
	t.Helper()
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return mail.NewSender(pool, tr, from, opts)
}

func sample(to string) mail.Message {
	return mail.Message{Kind: "test", To: mail.Address{Name: "Bea", Email: to}, Subject: "Hallo", Text: "Dag Bea,\n\nTot ziens."}
}

func enqueue(t *testing.T, pool *pgxpool.Pool, m mail.Message) int64 {
	t.Helper()
	id, err := mail.Enqueue(context.Background(), pool, m)
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

func sendDue(t *testing.T, s *mail.Sender) (int, int) {
	t.Helper()
	sent, failed, err := s.SendDue(context.Background())
	if err != nil {
		t.Fatalf("SendDue: %v", err)
	}
	return sent, failed
}

type row struct {
	Status, LastError, MessageID string
	Attempts                     int
	NextAttempt                  time.Time
	SentAt                       *time.Time
}

func outboxRow(t *testing.T, pool *pgxpool.Pool, id int64) row {
	t.Helper()
	var r row
	err := pool.QueryRow(context.Background(), `SELECT status, last_error, message_id, attempts, next_attempt_at, sent_at
		FROM mail_outbox WHERE id = $1`, id).Scan(&r.Status, &r.LastError, &r.MessageID, &r.Attempts, &r.NextAttempt, &r.SentAt)
	if err != nil {
		t.Fatalf("outbox row %d: %v", id, err)
	}
	return r
}

func TestRolledBackMailIsNeverSent(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := sample("bea@example.org")
	m.Attachments = []mail.Attachment{{Filename: "a.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}
	if _, err := mail.Enqueue(ctx, tx, m); err != nil {
		t.Fatal(err)
	}
	tx.Rollback(ctx) // the change the mail reported did not happen
	if sent, failed := sendDue(t, newSender(t, pool, srv, mail.Options{})); sent+failed != 0 {
		t.Errorf("sent %d, failed %d; want nothing", sent, failed)
	}
	var rows int
	pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM mail_outbox) + (SELECT count(*) FROM mail_attachments)`).Scan(&rows)
	if rows != 0 {
		t.Errorf("%d outbox rows left after the rollback", rows)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}

	// The same in a committed transaction is sent.
	tx, _ = pool.Begin(ctx)
	if _, err := mail.Enqueue(ctx, tx, sample("bea@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if sent, _ := sendDue(t, newSender(t, pool, srv, mail.Options{})); sent != 1 {
		t.Errorf("committed mail: sent %d", sent)
	}
}

func TestDeliveryCarriesHeadersTextAndAttachment(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	subject := "Uitnodiging voor de intake – Bakkerij Één"
	text := "Beste mevrouw Öztürk,\n\nVul de vragenlijst in via deze persoonlijke link, die lang genoeg is om over de regelgrens van quoted-printable te lopen:\nhttp://localhost:8080/intake/abcdef0123456789abcdef0123456789?x=1&y=2\n\nMet vriendelijke groet,\nAnne-Marie van der Berg – 99vanTwente\n"
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Netwerkbijeenkomst café\r\nEND:VCALENDAR\r\n")
	id := enqueue(t, pool, mail.Message{
		Kind:    "intake_uitnodiging",
		To:      mail.Address{Name: "Ayşe Öztürk", Email: "ayse@bakkerij-een.example"},
		Cc:      &mail.Address{Name: "Coördinator Twente", Email: "coordinator@example.org"},
		ReplyTo: "coordinator@example.org",
		Subject: subject,
		Text:    text,
		Attachments: []mail.Attachment{
			{Filename: "uitnodiging.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: ics},
		},
	})
	c := newClock()
	if sent, failed := sendDue(t, newSender(t, pool, srv, mail.Options{Now: c.Now})); sent != 1 || failed != 0 {
		t.Fatalf("sent %d, failed %d", sent, failed)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages arrived", len(msgs))
	}
	m := msgs[0]
	stored := outboxRow(t, pool, id)

	if m.From != from.Email || strings.Join(m.To, ",") != "ayse@bakkerij-een.example,coordinator@example.org" {
		t.Errorf("envelope: from %q to %v", m.From, m.To)
	}
	checkAddr(t, m.Header, "From", from.Name, from.Email)
	checkAddr(t, m.Header, "To", "Ayşe Öztürk", "ayse@bakkerij-een.example")
	checkAddr(t, m.Header, "Cc", "Coördinator Twente", "coordinator@example.org")
	checkAddr(t, m.Header, "Reply-To", "", "coordinator@example.org")
	if m.Subject != subject {
		t.Errorf("subject %q, want %q", m.Subject, subject)
	}
	if raw := m.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") && !strings.HasPrefix(raw, "=?utf-8?") {
		t.Errorf("subject not RFC 2047 encoded: %q", raw)
	}
	if got := m.Header.Get("Message-Id"); got != stored.MessageID || !strings.HasPrefix(got, "<") || !strings.Contains(got, "@") {
		t.Errorf("Message-ID %q, stored %q", got, stored.MessageID)
	}
	if d, err := m.Header.Date(); err != nil || d.Sub(c.Now()).Abs() > time.Second {
		t.Errorf("Date %v, %v; want %v", d, err, c.Now())
	}
	if strings.TrimRight(m.Text, "\n") != strings.TrimRight(text, "\n") {
		t.Errorf("text:\n%q\nwant\n%q", m.Text, text)
	}
	if !bytes.Contains(m.Raw, []byte("Content-Transfer-Encoding: quoted-printable")) {
		t.Errorf("body is not quoted-printable:\n%s", m.Raw)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("attachments: %+v", m.Attachments)
	}
	a := m.Attachments[0]
	if a.Filename != "uitnodiging.ics" || !strings.HasPrefix(a.ContentType, "text/calendar") || !bytes.Equal(a.Data, ics) {
		t.Errorf("attachment %q %q %q", a.Filename, a.ContentType, a.Data)
	}
	if stored.Status != mail.Sent || stored.SentAt == nil || stored.Attempts != 1 || stored.LastError != "" {
		t.Errorf("stored after sending: %+v", stored)
	}
}

// TestIntroductionAndMailingHeaders: several To recipients, a network's own
// sender name, an HTML alternative and the RFC 8058 list headers all arrive.
func TestIntroductionAndMailingHeaders(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	enqueue(t, pool, mail.Message{
		Kind:     "introductie",
		To:       mail.Address{Name: "Ayşe Öztürk", Email: "ayse@example.org"},
		AlsoTo:   []mail.Address{{Name: "Bram de Wit", Email: "bram@example.org"}},
		Cc:       &mail.Address{Name: "Coördinator", Email: "coordinator@example.org"},
		FromName: "99vanTwente",
		Subject:  "Kennismaking",
		Text:     "Dag Ayşe en Bram,",
		HTML:     "<p>Dag Ayşe en Bram,</p>",
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://portal.example/afmelden/abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	})
	if sent, failed := sendDue(t, newSender(t, pool, srv, mail.Options{Now: newClock().Now})); sent != 1 || failed != 0 {
		t.Fatalf("sent %d, failed %d", sent, failed)
	}
	m := srv.Messages()[0]
	if got := strings.Join(m.To, ","); got != "ayse@example.org,bram@example.org,coordinator@example.org" {
		t.Errorf("envelope recipients %s", got)
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[1].Name != "Bram de Wit" {
		t.Errorf("To: %v, %v", to, err)
	}
	checkAddr(t, m.Header, "From", "99vanTwente", from.Email)
	if m.Text != "Dag Ayşe en Bram," || m.HTML != "<p>Dag Ayşe en Bram,</p>" {
		t.Errorf("text %q, html %q", m.Text, m.HTML)
	}
	if m.Header.Get("List-Unsubscribe") != "<https://portal.example/afmelden/abc>" ||
		m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("list headers: %v", m.Header)
	}
}

func checkAddr(t *testing.T, h netmail.Header, key, name, email string) {
	t.Helper()
	list, err := h.AddressList(key)
	if err != nil || len(list) != 1 || list[0].Name != name || list[0].Address != email {
		t.Errorf("%s: %v, %v; want %q <%s>", key, list, err, name, email)
	}
}

func TestHeaderInjectionIsRefused(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	bad := map[string]func(m *mail.Message){
		"subject CRLF":   func(m *mail.Message) { m.Subject = "Hallo\r\nBcc: stiekem@example.org" },
		"subject LF":     func(m *mail.Message) { m.Subject = "Hallo\nBcc: stiekem@example.org" },
		"to name":        func(m *mail.Message) { m.To.Name = "Bea\r\nBcc: stiekem@example.org" },
		"to address":     func(m *mail.Message) { m.To.Email = "bea@example.org\r\nBcc: stiekem@example.org" },
		"two recipients": func(m *mail.Message) { m.To.Email = "bea@example.org, stiekem@example.org" },
		"angle brackets": func(m *mail.Message) { m.To.Email = "Bea <bea@example.org>" },
		"cc name":        func(m *mail.Message) { m.Cc = &mail.Address{Name: "X\nBcc: y@example.org", Email: "x@example.org"} },
		"cc address":     func(m *mail.Message) { m.Cc = &mail.Address{Email: "geen-adres"} },
		"reply-to":       func(m *mail.Message) { m.ReplyTo = "a@example.org\nBcc: y@example.org" },
		"attachment name": func(m *mail.Message) {
			m.Attachments = []mail.Attachment{{Filename: "a.ics\r\nX: y", ContentType: "text/calendar", Data: []byte("x")}}
		},
		"attachment type": func(m *mail.Message) {
			m.Attachments = []mail.Attachment{{Filename: "a.ics", ContentType: "text/calendar\r\nX: y", Data: []byte("x")}}
		},
		"empty subject":    func(m *mail.Message) { m.Subject = "  " },
		"empty text":       func(m *mail.Message) { m.Text = "" },
		"bad kind":         func(m *mail.Message) { m.Kind = "Intake-Uitnodiging" },
		"subject too long": func(m *mail.Message) { m.Subject = strings.Repeat("a", 301) },
		"also-to address":  func(m *mail.Message) { m.AlsoTo = []mail.Address{{Email: "x@example.org\nBcc: y@example.org"}} },
		"also-to name":     func(m *mail.Message) { m.AlsoTo = []mail.Address{{Name: "X\r\nBcc: y", Email: "x@example.org"}} },
		"from name":        func(m *mail.Message) { m.FromName = "Netwerk\r\nBcc: y@example.org" },
		"other header":     func(m *mail.Message) { m.Headers = map[string]string{"Bcc": "y@example.org"} },
		"header value":     func(m *mail.Message) { m.Headers = map[string]string{"List-Unsubscribe": "<x>\r\nBcc: y"} },
	}
	for name, spoil := range bad {
		m := sample("bea@example.org")
		spoil(&m)
		_, err := mail.Enqueue(context.Background(), pool, m)
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: got %v, want an Invalid error", name, err)
		}
	}
	var n int
	pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_outbox`).Scan(&n)
	if n != 0 {
		t.Errorf("%d refused mails were queued", n)
	}
}

func TestOutageIsRetriedAndDeliveredOnce(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	srv.Stop()
	id := enqueue(t, pool, sample("bea@example.org"))
	c := newClock() // after Enqueue: the mail is due at the database's now
	s := newSender(t, pool, srv, mail.Options{Now: c.Now})

	if sent, failed := sendDue(t, s); sent != 0 || failed != 1 {
		t.Fatalf("during the outage: sent %d, failed %d", sent, failed)
	}
	r := outboxRow(t, pool, id)
	if r.Status != mail.Waiting || r.Attempts != 1 || r.LastError == "" {
		t.Fatalf("after a failed attempt: %+v", r)
	}
	if wait := r.NextAttempt.Sub(c.Now()); wait < 59*time.Second || wait > 61*time.Second {
		t.Errorf("next attempt in %s, want a minute", wait)
	}
	if sent, failed := sendDue(t, s); sent+failed != 0 {
		t.Errorf("retried before the backoff: sent %d, failed %d", sent, failed)
	}

	srv.Restart()
	c.Advance(61 * time.Second)
	if sent, failed := sendDue(t, s); sent != 1 || failed != 0 {
		t.Fatalf("after the outage: sent %d, failed %d", sent, failed)
	}
	for range 3 {
		c.Advance(time.Hour)
		if sent, failed := sendDue(t, s); sent+failed != 0 {
			t.Errorf("sent again: %d, %d", sent, failed)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages arrived, want exactly 1", n)
	}
	if r := outboxRow(t, pool, id); r.Status != mail.Sent || r.Attempts != 2 || r.LastError != "" {
		t.Errorf("after delivery: %+v", r)
	}
}

func TestParallelSendersDeliverEachMailOnce(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	const n = 30
	for i := range n {
		m := sample("bea@example.org")
		m.Subject = "Bericht " + string(rune('A'+i))
		enqueue(t, pool, m)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make(chan error, 2)
	for i := range counts {
		s := newSender(t, pool, srv, mail.Options{Batch: 4})
		wg.Go(func() {
			for {
				sent, failed, err := s.SendDue(context.Background())
				if err != nil {
					errs <- err
					return
				}
				if sent+failed == 0 {
					return
				}
				counts[i] += sent
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("sender 1 sent %d, sender 2 sent %d", counts[0], counts[1])
	if counts[0]+counts[1] != n {
		t.Errorf("senders report %d sent, want %d", counts[0]+counts[1], n)
	}
	msgs := srv.Messages()
	seen := map[string]bool{}
	for _, m := range msgs {
		id := m.Header.Get("Message-Id")
		if seen[id] {
			t.Errorf("%s (%s) arrived twice", id, m.Subject)
		}
		seen[id] = true
	}
	if len(msgs) != n || len(seen) != n {
		t.Errorf("%d messages, %d distinct; want %d", len(msgs), len(seen), n)
	}
	var waiting int
	pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_outbox WHERE status <> 'verzonden'`).Scan(&waiting)
	if waiting != 0 {
		t.Errorf("%d mails not marked sent", waiting)
	}
}

func TestGivenUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	srv.Stop()
	id := enqueue(t, pool, sample("bea@example.org"))
	c := newClock()
	s := newSender(t, pool, srv, mail.Options{Now: c.Now, MaxAttempts: 3})
	for i := 1; i <= 3; i++ {
		if sent, failed := sendDue(t, s); failed != 1 || sent != 0 {
			t.Fatalf("attempt %d: sent %d, failed %d", i, sent, failed)
		}
		c.Advance(2 * time.Hour)
	}
	r := outboxRow(t, pool, id)
	if r.Status != mail.Failed || r.Attempts != 3 || r.LastError == "" {
		t.Errorf("after 3 attempts: %+v", r)
	}
	srv.Restart()
	if sent, failed := sendDue(t, s); sent+failed != 0 {
		t.Errorf("a given-up mail was tried again: %d, %d", sent, failed)
	}
}

func TestRunDeliversAndStops(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	s := newSender(t, pool, srv, mail.Options{Interval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	enqueue(t, pool, sample("bea@example.org"))
	enqueue(t, pool, sample("piet@example.org"))
	srv.Wait(t, 2, 10*time.Second)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestCleanupDeletesOldMail(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	add := func(status, age string) {
		id := enqueue(t, pool, sample("bea@example.org"))
		_, err := pool.Exec(ctx, `UPDATE mail_outbox SET status = $2, created_at = now() - $3::interval,
			sent_at = CASE WHEN $2 = 'verzonden' THEN now() - $3::interval END WHERE id = $1`, id, status, age)
		if err != nil {
			t.Fatal(err)
		}
	}
	add(mail.Sent, "100 days")
	add(mail.Sent, "10 days")
	add(mail.Failed, "100 days")
	add(mail.Waiting, "100 days") // still to be sent: never deleted
	n, err := mail.NewSender(pool, mail.LogTransport{}, from, mail.Options{}).Cleanup(ctx)
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v; want 2", n, err)
	}
	var left int
	pool.QueryRow(ctx, `SELECT count(*) FROM mail_outbox`).Scan(&left)
	if left != 2 {
		t.Errorf("%d mails left, want 2", left)
	}
}

func TestLogTransportLogsNoBody(t *testing.T) {
	var buf bytes.Buffer
	tr := mail.LogTransport{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	m := mail.Outgoing{Message: sample("bea@example.org"), ID: 7, MessageID: "<x@y>"}
	m.Text = "geheime-link"
	if err := tr.Send(context.Background(), from, m); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"bea@example.org", "Hallo", "kind=test", "id=7"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
	if strings.Contains(out, "geheime-link") {
		t.Errorf("log shows the body: %s", out)
	}
}

func TestMessageIDDomain(t *testing.T) {
	pool := dbtest.New(t)
	mail.SetMessageIDDomain("portaal.example.org")
	defer mail.SetMessageIDDomain("localhost")
	id := enqueue(t, pool, sample("bea@example.org"))
	if got := outboxRow(t, pool, id).MessageID; !strings.HasSuffix(got, "@portaal.example.org>") {
		t.Errorf("Message-ID %q", got)
	}
}

// A mail of a network goes out under the network's sender name without the
// caller asking; a network without one, and a mail of no network, keep the
// portal's name; a caller's own FromName wins. The address is always the
// portal's.
func TestNetworkMailUsesTheNetworksSenderName(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	var named, plain int64
	if err := pool.QueryRow(context.Background(), `INSERT INTO networks (name, mail_sender_name) VALUES ('Netwerk Oost', '99vanTwente') RETURNING id`).Scan(&named); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(context.Background(), `INSERT INTO networks (name) VALUES ('Netwerk West') RETURNING id`).Scan(&plain); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		to       string
		network  int64
		fromName string
		want     string
	}{
		{"named@example.org", named, "", "99vanTwente"},
		{"plain@example.org", plain, "", from.Name},
		{"none@example.org", 0, "", from.Name},
		{"own@example.org", named, "Eigen naam", "Eigen naam"},
	}
	for _, c := range cases {
		m := sample(c.to)
		m.NetworkID, m.FromName = c.network, c.fromName
		enqueue(t, pool, m)
	}
	if sent, failed := sendDue(t, newSender(t, pool, srv, mail.Options{Now: newClock().Now})); sent != len(cases) || failed != 0 {
		t.Fatalf("sent %d, failed %d", sent, failed)
	}
	got := map[string]netmail.Header{}
	for _, m := range srv.Messages() {
		got[m.To[0]] = m.Header
	}
	for _, c := range cases {
		checkAddr(t, got[c.to], "From", c.want, from.Email)
	}
}
