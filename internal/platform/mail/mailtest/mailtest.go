// Package mailtest is a real SMTP server on 127.0.0.1 for tests: the portal's
// SMTP transport talks to it as to any mail server, and a test reads back
// what arrived, decoded, to check headers and follow links in the text.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"netwerkportaal/internal/platform/mail"
)

// Received is one message as the server got it.
type Received struct {
	From        string   // envelope sender
	To          []string // envelope recipients
	Header      netmail.Header
	Subject     string // decoded
	Text        string // the text/plain body, decoded
	HTML        string // the text/html alternative, decoded, if any
	Attachments []mail.Attachment
	Raw         []byte
}

// Server is a running test SMTP server.
type Server struct {
	t    testing.TB
	addr string // 127.0.0.1:port, kept over Stop and Restart

	mu      sync.Mutex
	srv     *smtp.Server
	l       net.Listener
	done    chan struct{} // closed when srv's Serve returns
	msgs    []Received
	arrived chan struct{} // closed and replaced on every message
	reject  map[string]*smtp.SMTPError
	accept  func(Received) // see OnAccept
}

// Reject makes the server refuse the recipient addr with code (550: a
// permanent refusal, 450: a temporary one) and msg.
func (s *Server) Reject(addr string, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reject == nil {
		s.reject = map[string]*smtp.SMTPError{}
	}
	s.reject[strings.ToLower(addr)] = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: msg}
}

// OnAccept calls fn with every message after it is stored and before the
// server answers 250: a slow server, or something that happens while the
// server accepts (a database that goes away).
func (s *Server) OnAccept(fn func(Received)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accept = fn
}

// Start runs a server on a free port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	s := &Server{t: t, addr: l.Addr().String(), arrived: make(chan struct{})}
	s.serve(l)
	t.Cleanup(s.Stop)
	return s
}

// URL is the SMTP_URL of the server: plain SMTP, no STARTTLS.
func (s *Server) URL() string { return "smtp://" + s.addr + "?tls=none" }

// Addr is host:port of the server.
func (s *Server) Addr() string { return s.addr }

func (s *Server) serve(l net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	srv.Domain = "mailtest.localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 20 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	done := make(chan struct{})
	s.mu.Lock()
	s.srv, s.l, s.done = srv, l, done
	s.mu.Unlock()
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
}

// Stop closes the port and every open connection, as a mail server outage
// would. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, l, done := s.srv, s.l, s.done
	s.srv, s.l = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	srv.Close()
	l.Close() // Close misses a listener that Serve has not registered yet
	<-done
}

// Restart listens on the same port again after Stop.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to come free
		if l, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("mailtest: listen again on %s: %v", s.addr, err)
	}
	s.serve(l)
}

// Messages returns what has arrived so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait returns the messages once at least n have arrived, and fails the
// test when they have not within timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, arrived := len(s.msgs), s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("mailtest: %d of %d messages arrived within %s", got, n, timeout)
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// session is one SMTP connection's transaction.
type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	refusal := x.s.reject[strings.ToLower(to)]
	x.s.mu.Unlock()
	if refusal != nil {
		return refusal
	}
	x.to = append(x.to, to)
	return nil
}

// Data stores the message before the server says 250, so a client that was
// told "delivered" finds it in Messages.
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, err := Parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unreadable message: " + err.Error()}
	}
	rec.From, rec.To = x.from, append([]string(nil), x.to...)
	x.s.add(rec)
	x.s.mu.Lock()
	fn := x.s.accept
	x.s.mu.Unlock()
	if fn != nil {
		fn(rec)
	}
	return nil
}

// Parse decodes a raw message: headers, subject, plain text and attachments.
func Parse(raw []byte) (Received, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, err
	}
	rec := Received{Header: msg.Header, Subject: subject, Raw: raw}
	err = rec.walk(msg.Header, msg.Body)
	return rec, err
}

// walk reads one MIME entity: a text part, an attachment, or a multipart
// whose parts it walks in turn.
func (rec *Received) walk(h map[string][]string, body io.Reader) error {
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ctype := get("Content-Type")
	if ctype == "" {
		ctype = "text/plain; charset=utf-8"
	}
	mediaType, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart() // raw: we decode the transfer encoding ourselves
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := rec.walk(p.Header, p); err != nil {
				return err
			}
		}
	}
	data, err := io.ReadAll(decode(get("Content-Transfer-Encoding"), body))
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	if filename, err = new(mime.WordDecoder).DecodeHeader(filename); err != nil {
		return err
	}
	if disp != "attachment" && filename == "" && mediaType == "text/html" && rec.HTML == "" {
		rec.HTML = strings.ReplaceAll(string(data), "\r\n", "\n")
		return nil
	}
	if disp == "attachment" || filename != "" || mediaType != "text/plain" {
		rec.Attachments = append(rec.Attachments, mail.Attachment{Filename: filename, ContentType: ctype, Data: data})
		return nil
	}
	if rec.Text == "" {
		rec.Text = strings.ReplaceAll(string(data), "\r\n", "\n")
	}
	return nil
}

func decode(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // skips line breaks itself
	}
	return r
}
