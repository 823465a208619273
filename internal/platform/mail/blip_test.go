package mail_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
)

// TestDatabaseBlipWhileServerAcceptsSendsOnce: the database goes away while
// the (slow) mail server accepts the first mail of a batch and comes back
// three seconds later. That mail is recorded as sent once the database is
// back, the rest of the batch goes out in the same round (no wait for the
// lease), and after the lease nothing is sent again.
func TestDatabaseBlipWhileServerAcceptsSendsOnce(t *testing.T) {
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	var ids []int64
	for _, to := range []string{"een@example.org", "twee@example.org", "drie@example.org"} {
		ids = append(ids, enqueue(t, pool, sample(to)))
	}
	var once sync.Once
	srv.OnAccept(func(mailtest.Received) {
		once.Do(func() {
			plugIn := dbtest.Unplug(t, pool)
			time.AfterFunc(3*time.Second, plugIn)
			time.Sleep(500 * time.Millisecond) // a slow server
		})
	})
	c := newClock()
	s := newSender(t, pool, srv, mail.Options{Now: c.Now})
	start := time.Now()
	if sent, failed := sendDue(t, s); sent != 3 || failed != 0 {
		t.Fatalf("one round: sent %d, failed %d; want all 3 sent", sent, failed)
	}
	for _, id := range ids {
		if r := outboxRow(t, pool, id); r.Status != mail.Sent || r.Attempts != 1 {
			t.Errorf("mail %d: %+v", id, r)
		}
	}
	t.Logf("round took %s", time.Since(start))
	c.Advance(time.Hour) // far past the lease
	if sent, failed := sendDue(t, s); sent+failed != 0 {
		t.Errorf("after the lease: sent %d, failed %d again", sent, failed)
	}
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Header.Get("Message-Id")]++
	}
	if len(srv.Messages()) != 3 || len(seen) != 3 {
		t.Errorf("server got %d messages with %d Message-IDs: %v", len(srv.Messages()), len(seen), seen)
	}
}

// TestPermanentRefusalFailsAtOnce: a 550 for the recipient is not retried
// eight times: the mail is failed at the first attempt with the server's
// reason; a 450 is retried as before.
func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	srv.Reject("weg@example.org", 550, "No such user here")
	srv.Reject("vol@example.org", 450, "Mailbox busy")
	gone := enqueue(t, pool, sample("weg@example.org"))
	busy := enqueue(t, pool, sample("vol@example.org"))
	s := newSender(t, pool, srv, mail.Options{})
	if sent, failed := sendDue(t, s); sent != 0 || failed != 2 {
		t.Fatalf("sent %d, failed %d", sent, failed)
	}
	if r := outboxRow(t, pool, gone); r.Status != mail.Failed || r.Attempts != 1 || !strings.Contains(r.LastError, "No such user") {
		t.Errorf("550: %+v", r)
	}
	if r := outboxRow(t, pool, busy); r.Status != mail.Waiting || r.Attempts != 1 || !strings.Contains(r.LastError, "Mailbox busy") {
		t.Errorf("450: %+v", r)
	}
}
