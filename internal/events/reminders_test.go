package events_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/mail/mailtest"
	"netwerkportaal/internal/platform/nltime"
)

// testClock is a settable clock for Reminders.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func hours(n int) *int { return &n }

// invitees gives an event invitations with the given statuses, one contact
// each, and returns the contact ids in the same order.
func invitees(t testing.TB, env *apptest.Env, eventID, networkID int64, statuses ...string) []int64 {
	t.Helper()
	ids := contacts(t, env, networkID, len(statuses))
	for i, s := range statuses {
		if _, err := env.Pool.Exec(context.Background(), `INSERT INTO event_invitations (event_id, contact_id, status)
			VALUES ($1, $2, $3)`, eventID, ids[i], s); err != nil {
			t.Fatalf("invite: %v", err)
		}
	}
	return ids
}

func sendDue(t testing.TB, r *events.Reminders) int {
	t.Helper()
	n, err := r.SendDue(context.Background())
	if err != nil {
		t.Fatalf("SendDue: %v", err)
	}
	return n
}

func countReminders(t testing.TB, env *apptest.Env) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM mail_outbox WHERE kind = 'bijeenkomst_herinnering'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func reminderMails(msgs []mailtest.Received) []mailtest.Received {
	var out []mailtest.Received
	for _, m := range msgs {
		if strings.HasPrefix(m.Subject, "Herinnering: ") {
			out = append(out, m)
		}
	}
	return out
}

func emailOf(t testing.TB, env *apptest.Env, contactID int64) string {
	t.Helper()
	var e string
	if err := env.Pool.QueryRow(context.Background(), `SELECT email FROM contacts WHERE id = $1`, contactID).Scan(&e); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestRemindersSendOncePerRegistered: when the reminder time comes, every
// registered contact gets one reminder with the event for their calendar;
// nobody else does, and a second round sends nothing.
func TestRemindersSendOncePerRegistered(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, name := networkAt(t, env, 1)
	ams := nltime.Amsterdam
	// Far ahead, so no event of the demo data is due at the same time.
	day := time.Now().In(ams).AddDate(0, 0, 200)
	start := time.Date(day.Year(), day.Month(), day.Day(), 15, 30, 0, 0, ams)
	ev, uid := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Kenniskring inclusief werven", location: "Stadskantoor, Enschede",
		start: start, length: 90 * time.Minute, reminder: hours(48), sequence: 1})
	ids := invitees(t, env, ev, net, events.Registered, events.Registered, events.Declined, events.Waitlisted, events.Invited)

	clock := &testClock{t: start.Add(-49 * time.Hour)}
	r := events.NewReminders(env.Pool, env.URL(""), events.ReminderOptions{Now: clock.Now})
	if n := sendDue(t, r); n != 0 {
		t.Fatalf("49 hours before: %d reminders", n)
	}
	clock.Set(start.Add(-47 * time.Hour))
	if n := sendDue(t, r); n != 2 {
		t.Fatalf("47 hours before: %d reminders, want 2", n)
	}
	if n := sendDue(t, r); n != 0 {
		t.Errorf("second round: %d reminders", n)
	}
	var sentAt *time.Time
	env.Pool.QueryRow(context.Background(), `SELECT reminder_sent_at FROM events WHERE id = $1`, ev).Scan(&sentAt)
	if sentAt == nil || !sentAt.Equal(clock.Now()) {
		t.Errorf("reminder_sent_at = %v, want %v", sentAt, clock.Now())
	}

	got := reminderMails(env.DeliverMail(t))
	if len(got) != 2 {
		t.Fatalf("%d reminders delivered, want 2", len(got))
	}
	want := map[string]bool{emailOf(t, env, ids[0]): true, emailOf(t, env, ids[1]): true}
	for _, m := range got {
		if len(m.To) != 1 || !want[m.To[0]] {
			t.Errorf("reminder to %v, want one of %v", m.To, want)
		}
		delete(want, m.To[0])
		checkReminder(t, m, uid, name)
	}
}

func checkReminder(t testing.TB, m mailtest.Received, uid, network string) {
	t.Helper()
	for _, s := range []string{"Kenniskring inclusief werven", network, "Wanneer: ", ", 15:30–17:00", "Waar: Stadskantoor, Enschede",
		"Meld u dan af via de link in uw uitnodiging"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("reminder text lacks %q:\n%s", s, m.Text)
		}
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("%d attachments, want the .ics", len(m.Attachments))
	}
	a := m.Attachments[0]
	if a.Filename != "bijeenkomst.ics" || !strings.HasPrefix(a.ContentType, "text/calendar") || !strings.Contains(a.ContentType, "method=REQUEST") {
		t.Errorf("attachment %q of type %q", a.Filename, a.ContentType)
	}
	cal := parseICS(t, a.Data)
	if got := calProp(cal, "METHOD"); got != "REQUEST" {
		t.Errorf("METHOD = %q", got)
	}
	ev := onlyEvent(t, cal)
	if got := evProp(ev, ics.ComponentPropertyUniqueId); got != uid {
		t.Errorf("UID = %q, want %q", got, uid)
	}
	if got := evProp(ev, ics.ComponentPropertySequence); got != "1" {
		t.Errorf("SEQUENCE = %q", got)
	}
}

// TestRemindersSkip: nothing goes out for an event that is cancelled, has
// no reminder, has started, or whose reminder time has not come.
func TestRemindersSkip(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, _ := networkAt(t, env, 1)
	now := time.Now().Add(300 * 24 * time.Hour).Truncate(time.Second)
	specs := []testEvent{
		{title: "Geannuleerd", start: now.Add(10 * time.Hour), reminder: hours(24), cancelled: true},
		{title: "Zonder herinnering", start: now.Add(10 * time.Hour)},
		{title: "Al begonnen", start: now.Add(-10 * time.Minute), reminder: hours(24)},
		{title: "Nog niet", start: now.Add(25 * time.Hour), reminder: hours(24)},
	}
	var ids []int64
	for _, s := range specs {
		s.network, s.location = net, "Enschede"
		id, _ := insertTestEvent(t, env.Pool, s)
		invitees(t, env, id, net, events.Registered, events.Registered)
		ids = append(ids, id)
	}
	r := events.NewReminders(env.Pool, env.URL(""), events.ReminderOptions{Now: func() time.Time { return now }})
	if n := sendDue(t, r); n != 0 {
		t.Errorf("%d reminders queued", n)
	}
	if n := countReminders(t, env); n != 0 {
		t.Errorf("%d reminders in the outbox", n)
	}
	var marked int
	env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE id = ANY($1) AND reminder_sent_at IS NOT NULL`, ids).Scan(&marked)
	if marked != 0 {
		t.Errorf("%d skipped events marked as reminded", marked)
	}
	// An hour later the last one is due.
	r = events.NewReminders(env.Pool, env.URL(""), events.ReminderOptions{Now: func() time.Time { return now.Add(time.Hour + time.Second) }})
	if n := sendDue(t, r); n != 2 {
		t.Errorf("when due: %d reminders, want 2", n)
	}
}

// TestRemindersInParallel: several app instances looking at the same
// moment still send every reminder once.
func TestRemindersInParallel(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, _ := networkAt(t, env, 1)
	net2, _ := networkAt(t, env, 2)
	now := time.Now().Add(250 * 24 * time.Hour).Truncate(time.Second)
	const due, perEvent = 30, 3
	for i := range due {
		net := []int64{net1, net2}[i%2]
		id, _ := insertTestEvent(t, env.Pool, testEvent{network: net, title: fmt.Sprintf("Bijeenkomst %02d", i), location: "Enschede",
			start: now.Add(time.Duration(i+1) * time.Hour), reminder: hours(48)})
		invitees(t, env, id, net, slices.Repeat([]string{events.Registered}, perEvent)...)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	counts := make(chan int, 6)
	for range 6 {
		r := events.NewReminders(env.Pool, env.URL(""), events.ReminderOptions{Now: func() time.Time { return now }, Batch: 4})
		wg.Go(func() {
			<-start
			n, err := r.SendDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			counts <- n
		})
	}
	close(start)
	wg.Wait()
	close(counts)
	total := 0
	for n := range counts {
		total += n
	}
	if total != due*perEvent {
		t.Errorf("%d reminders queued, want %d", total, due*perEvent)
	}
	// Each event has its own title, so (recipient, subject) names one
	// reminder of one event to one contact.
	var mails, distinct int
	env.Pool.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT (to_addr, subject)) FROM mail_outbox
		WHERE kind = 'bijeenkomst_herinnering'`).Scan(&mails, &distinct)
	if mails != due*perEvent || distinct != mails {
		t.Errorf("%d reminders in the outbox for %d (contact, event) pairs, want %d once each", mails, distinct, due*perEvent)
	}
	var unmarked int
	env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE reminder_hours IS NOT NULL AND reminder_sent_at IS NULL
		AND status = 'gepland' AND starts_at > $1 AND starts_at - make_interval(hours => reminder_hours) <= $1`, now).Scan(&unmarked)
	if unmarked != 0 {
		t.Errorf("%d due events left unmarked", unmarked)
	}
}
