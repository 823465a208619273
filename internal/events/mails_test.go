package events_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/mail/mailtest"
	"netwerkportaal/internal/platform/nltime"
)

var answerLinkRe = regexp.MustCompile(`https?://\S+/uitnodiging/([A-Za-z0-9_-]{43})`)

// mailTo returns the one delivered mail to addr whose subject starts with
// prefix.
func mailTo(t testing.TB, msgs []mailtest.Received, addr, prefix string) mailtest.Received {
	t.Helper()
	var found []mailtest.Received
	for _, m := range msgs {
		if len(m.To) == 1 && m.To[0] == addr && strings.HasPrefix(m.Subject, prefix) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d mails to %s starting %q, want 1", len(found), addr, prefix)
	}
	return found[0]
}

// mailICS checks a mail's calendar attachment and returns its one event.
func mailICS(t testing.TB, m mailtest.Received, method string) *ics.VEvent {
	t.Helper()
	if len(m.Attachments) != 1 {
		t.Fatalf("%q: %d attachments, want the .ics", m.Subject, len(m.Attachments))
	}
	a := m.Attachments[0]
	if a.Filename != "bijeenkomst.ics" || !strings.HasPrefix(a.ContentType, "text/calendar") ||
		!strings.Contains(a.ContentType, "method="+method) {
		t.Errorf("%q: attachment %q of type %q", m.Subject, a.Filename, a.ContentType)
	}
	cal := parseICS(t, a.Data)
	if got := calProp(cal, "METHOD"); got != method {
		t.Errorf("%q: METHOD = %q, want %s", m.Subject, got, method)
	}
	return onlyEvent(t, cal)
}

// wantParties checks the ORGANIZER (the network at the portal's sender
// address) and the ATTENDEE (the mail's addressee, with PARTSTAT and RSVP)
// that RFC 5546 requires of a REQUEST and a CANCEL.
func wantParties(t testing.TB, vev *ics.VEvent, m mailtest.Received, network, partstat string) {
	t.Helper()
	org := vev.GetProperty(ics.ComponentPropertyOrganizer)
	if org == nil || !strings.HasPrefix(org.Value, "mailto:") || !strings.Contains(org.Value, "@") ||
		len(org.ICalParameters["CN"]) != 1 || org.ICalParameters["CN"][0] != network {
		t.Errorf("%q: ORGANIZER %+v, want the network %q at the sender address", m.Subject, org, network)
	}
	atts := vev.Attendees()
	if len(atts) != 1 {
		t.Fatalf("%q: %d ATTENDEEs, want the invitee", m.Subject, len(atts))
	}
	a := atts[0]
	if !strings.EqualFold(a.Email(), m.To[0]) || a.ParticipationStatus() != ics.ParticipationStatus(partstat) ||
		!slices.Equal(a.ICalParameters["RSVP"], []string{"FALSE"}) || len(a.ICalParameters["CN"]) != 1 {
		t.Errorf("%q: ATTENDEE %s %v, want %s with PARTSTAT=%s, RSVP and CN", m.Subject, a.Value, a.ICalParameters, m.To[0], partstat)
	}
}

func wantText(t testing.TB, m mailtest.Received, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(m.Text, p) {
			t.Errorf("%q lacks %q:\n%s", m.Subject, p, m.Text)
		}
	}
}

// TestEventMails follows an event's mail: the invitation with its link and
// calendar file, the mail to whoever moves up from the waiting list, and
// the cancellation that takes the event out of calendars.
func TestEventMails(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, name := networkAt(t, env, 1)
	ams := nltime.Amsterdam
	day := time.Now().In(ams).AddDate(0, 0, 180)
	start := time.Date(day.Year(), day.Month(), day.Day(), 15, 30, 0, 0, ams)
	ev, uid := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Masterclass jobcarving", description: "Met een spreker uit de zorg.",
		location: "Stadhuis, Enschede", online: "https://example.org/live", start: start, length: 90 * time.Minute})
	if _, err := env.Pool.Exec(context.Background(), `UPDATE events SET capacity = 1 WHERE id = $1`, ev); err != nil {
		t.Fatal(err)
	}
	ids := contacts(t, env, net, 2)
	a, b := emailOf(t, env, ids[0]), emailOf(t, env, ids[1])
	evPath := "/bijeenkomsten/" + strconv.FormatInt(ev, 10)

	coord := env.Login(t, apptest.Coordinator)
	res := coord.PostForm(evPath+"/uitnodigen", url.Values{"contact": {strconv.FormatInt(ids[0], 10), strconv.FormatInt(ids[1], 10)}})
	wantCode(t, res, http.StatusSeeOther)
	msgs := env.DeliverMail(t)
	tokens := map[string]string{}
	for _, addr := range []string{a, b} {
		m := mailTo(t, msgs, addr, "Uitnodiging: Masterclass jobcarving (")
		wantText(t, m, "Beste ", "een netwerkbijeenkomst van "+name, "Wanneer: ", ", 15:30–17:00", "Waar: Stadhuis, Enschede",
			"Online: https://example.org/live", "Met een spreker uit de zorg.", "Er is plaats voor 1 deelnemer.", env.URL("/uitnodiging/"))
		if got := m.Header.Get("Reply-To"); !strings.Contains(got, apptest.Coordinator) {
			t.Errorf("invitation Reply-To = %q, want the coordinator", got)
		}
		link := answerLinkRe.FindStringSubmatch(m.Text)
		if link == nil {
			t.Fatalf("no answer link in:\n%s", m.Text)
		}
		tokens[addr] = link[1]
		vev := mailICS(t, m, "REQUEST")
		if got := evProp(vev, ics.ComponentPropertyUniqueId); got != uid {
			t.Errorf("invitation UID = %q", got)
		}
		wantParties(t, vev, m, name, "NEEDS-ACTION")
	}

	// a takes the one place, b waits; when a cancels, b moves up.
	anon := env.Anonymous(t)
	for _, step := range []struct{ addr, answer string }{{a, "aanmelden"}, {b, "aanmelden"}, {a, "afmelden"}} {
		wantCode(t, anon.PostForm("/uitnodiging/"+tokens[step.addr], url.Values{"antwoord": {step.answer}}), http.StatusSeeOther)
	}
	promoted := mailTo(t, env.DeliverMail(t), b, "Er is een plaats vrijgekomen: u bent aangemeld voor Masterclass jobcarving")
	wantText(t, promoted, "U stond op de wachtlijst en bent nu aangemeld.", ", 15:30–17:00", "Met vriendelijke groet,\n\n"+name)
	promotedEv := mailICS(t, promoted, "REQUEST")
	if got := evProp(promotedEv, ics.ComponentPropertyStatus); got != "CONFIRMED" {
		t.Errorf("promoted: STATUS = %q", got)
	}
	wantParties(t, promotedEv, promoted, name, "ACCEPTED")

	wantCode(t, coord.PostForm(evPath+"/annuleren", nil), http.StatusSeeOther)
	msgs = env.DeliverMail(t)
	cancelled := mailTo(t, msgs, b, "Geannuleerd: Masterclass jobcarving (")
	wantText(t, cancelled, "de bijeenkomst is geannuleerd", "Uw aanmelding vervalt")
	vev := mailICS(t, cancelled, "CANCEL")
	if got := evProp(vev, ics.ComponentPropertyStatus); got != "CANCELLED" {
		t.Errorf("cancellation: STATUS = %q", got)
	}
	if got := evProp(vev, ics.ComponentPropertySequence); got != "1" {
		t.Errorf("cancellation: SEQUENCE = %q, want 1 (raised by the cancellation)", got)
	}
	wantParties(t, vev, cancelled, name, "ACCEPTED")
	for _, m := range msgs {
		if strings.HasPrefix(m.Subject, "Geannuleerd:") && m.To[0] == a {
			t.Error("who declined got the cancellation")
		}
	}

	var wrong int
	env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_outbox m JOIN contacts c ON c.email = m.to_addr
		WHERE m.to_addr IN ($2, $3) AND (m.network_id IS DISTINCT FROM $1 OR m.employer_id IS DISTINCT FROM c.employer_id)`,
		net, a, b).Scan(&wrong)
	if wrong != 0 {
		t.Errorf("%d event mails with the wrong network or employer", wrong)
	}
	var kinds string
	env.Pool.QueryRow(context.Background(), `SELECT string_agg(kind, ',' ORDER BY id) FROM mail_outbox
		WHERE kind LIKE 'bijeenkomst_%' AND to_addr IN ($1, $2)`, a, b).Scan(&kinds)
	if kinds != "bijeenkomst_uitnodiging,bijeenkomst_uitnodiging,bijeenkomst_wachtlijst,bijeenkomst_geannuleerd" {
		t.Errorf("mail kinds: %s", kinds)
	}
}

// TestDemoCancelledEventSequence: the demo's cancelled event was changed
// by its cancellation, as any cancelled event is, so calendars that hold it
// replace their copy.
func TestDemoCancelledEventSequence(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	var n, low int
	if err := env.Pool.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE sequence < 1)
		FROM events WHERE status = 'geannuleerd'`).Scan(&n, &low); err != nil {
		t.Fatal(err)
	}
	if n == 0 || low != 0 {
		t.Errorf("%d cancelled demo events, %d of them at SEQUENCE 0", n, low)
	}
}
