package events_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// testEvent is an event to insert with SQL; zero fields take a default.
type testEvent struct {
	network                              int64
	title, description, location, online string
	start                                time.Time
	length                               time.Duration // 2 h
	cancelled                            bool
	reminder                             *int // hours; nil: none
	sequence                             int
}

// insertTestEvent inserts e and returns its id and UID.
func insertTestEvent(t testing.TB, pool *pgxpool.Pool, e testEvent) (int64, string) {
	t.Helper()
	if e.title == "" {
		e.title = "Testbijeenkomst"
	}
	if e.length == 0 {
		e.length = 2 * time.Hour
	}
	status := events.Planned
	if e.cancelled {
		status = events.Cancelled
	}
	b := make([]byte, 8)
	rand.Read(b)
	uid := "test-" + hex.EncodeToString(b) + "@netwerkportaal"
	var id int64
	err := pool.QueryRow(context.Background(), `INSERT INTO events (network_id, kind, title, description, starts_at, ends_at,
		location, online_url, status, reminder_hours, sequence, uid)
		VALUES ($1, 'netwerkbijeenkomst', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		e.network, e.title, e.description, e.start, e.start.Add(e.length), e.location, e.online, status,
		e.reminder, e.sequence, uid).Scan(&id)
	if err != nil {
		t.Fatalf("insert event: %v", err)
	}
	return id, uid
}

func networkAt(t testing.TB, env *apptest.Env, pos int) (int64, string) {
	t.Helper()
	var id int64
	var name string
	if err := env.Pool.QueryRow(context.Background(), `SELECT id, name FROM networks ORDER BY id OFFSET $1 LIMIT 1`,
		pos-1).Scan(&id, &name); err != nil {
		t.Fatalf("network %d: %v", pos, err)
	}
	return id, name
}

func loadEvent(t testing.TB, pool *pgxpool.Pool, id int64) events.Event {
	t.Helper()
	e, err := events.NewStore(pool).Get(context.Background(), identity.Scope{All: true}, id)
	if err != nil {
		t.Fatalf("load event %d: %v", id, err)
	}
	return e
}

// parseICS parses an iCalendar file after checking its line ends: RFC 5545
// wants CRLF everywhere.
func parseICS(t testing.TB, data []byte) *ics.Calendar {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
		t.Errorf("not every line ends in CRLF:\n%s", data)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse iCalendar: %v\n%s", err, data)
	}
	return cal
}

func calProp(cal *ics.Calendar, name string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	return ""
}

func evProp(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// eventsByUID returns the VEVENTs of a calendar by UID.
func eventsByUID(cal *ics.Calendar) map[string]*ics.VEvent {
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func onlyEvent(t testing.TB, cal *ics.Calendar) *ics.VEvent {
	t.Helper()
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d VEVENTs, want 1", len(evs))
	}
	return evs[0]
}

// checkTime checks a DTSTART or DTEND: Amsterdam wall-clock time with
// TZID=Europe/Amsterdam, and the moment it stands for in UTC.
func checkTime(t testing.TB, ev *ics.VEvent, p ics.ComponentProperty, local string, utc time.Time) {
	t.Helper()
	prop := ev.GetProperty(p)
	if prop == nil {
		t.Fatalf("no %s", p)
	}
	if tz := prop.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Europe/Amsterdam" {
		t.Errorf("%s TZID = %v", p, tz)
	}
	if prop.Value != local {
		t.Errorf("%s = %s, want %s", p, prop.Value, local)
	}
	var got time.Time
	var err error
	if p == ics.ComponentPropertyDtStart {
		got, err = ev.GetStartAt()
	} else {
		got, err = ev.GetEndAt()
	}
	if err != nil || !got.Equal(utc) {
		t.Errorf("%s is %v (%v), want %v", p, got.UTC(), err, utc)
	}
}

// checkZone checks the VTIMEZONE that tells clients without a zone
// database when Amsterdam changes to and from summer time.
func checkZone(t testing.TB, cal *ics.Calendar) {
	t.Helper()
	zones := cal.Timezones()
	if len(zones) != 1 {
		t.Fatalf("%d VTIMEZONEs, want 1", len(zones))
	}
	if id := zones[0].GetProperty(ics.ComponentPropertyTzid); id == nil || id.Value != "Europe/Amsterdam" {
		t.Errorf("VTIMEZONE TZID = %v", id)
	}
	rules := map[string]string{}
	for _, c := range zones[0].SubComponents() {
		var base *ics.ComponentBase
		var kind string
		switch c := c.(type) {
		case *ics.Daylight:
			base, kind = &c.ComponentBase, "DAYLIGHT"
		case *ics.Standard:
			base, kind = &c.ComponentBase, "STANDARD"
		default:
			t.Errorf("unexpected %T in VTIMEZONE", c)
			continue
		}
		get := func(name string) string {
			if p := base.GetProperty(ics.ComponentProperty(name)); p != nil {
				return p.Value
			}
			return ""
		}
		rules[kind] = get("TZOFFSETFROM") + ">" + get("TZOFFSETTO") + " " + get("TZNAME") + " " + get("RRULE")
	}
	want := map[string]string{
		"DAYLIGHT": "+0100>+0200 CEST FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"STANDARD": "+0200>+0100 CET FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	}
	for k, w := range want {
		if rules[k] != w {
			t.Errorf("%s = %q, want %q", k, rules[k], w)
		}
	}
}

// TestEventICSFields writes a winter and a summer event and reads the
// files back field by field: 15:30 in Amsterdam is 14:30Z in winter and
// 13:30Z in summer, and the file says 15:30 in both.
func TestEventICSFields(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, _ := networkAt(t, env, 1)
	ams := nltime.Amsterdam
	winterID, winterUID := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Kerstbijeenkomst, met borrel; iedereen welkom",
		description: "Eerst een lezing.\nDaarna: borrel.", location: "Stadhuis, zaal 2; Enschede", online: "https://example.org/live",
		start: time.Date(2026, 12, 3, 15, 30, 0, 0, ams), length: 90 * time.Minute, sequence: 3})
	summerID, summerUID := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Zomerwebinar",
		online: "https://example.org/webinar?id=7&x=1", start: time.Date(2027, 6, 17, 15, 30, 0, 0, ams)})

	data, err := events.EventICS(loadEvent(t, env.Pool, winterID), "https://portaal.example.org", events.MethodRequest)
	if err != nil {
		t.Fatal(err)
	}
	cal := parseICS(t, data)
	if m := calProp(cal, "METHOD"); m != "REQUEST" {
		t.Errorf("METHOD = %q", m)
	}
	if v := calProp(cal, "VERSION"); v != "2.0" {
		t.Errorf("VERSION = %q", v)
	}
	checkZone(t, cal)
	ev := onlyEvent(t, cal)
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyUniqueId:    winterUID,
		ics.ComponentPropertySequence:    "3",
		ics.ComponentPropertySummary:     "Kerstbijeenkomst, met borrel; iedereen welkom",
		ics.ComponentPropertyLocation:    "Stadhuis, zaal 2; Enschede",
		ics.ComponentPropertyDescription: "Eerst een lezing.\nDaarna: borrel.\n\nOnline deelnemen: https://example.org/live",
		ics.ComponentPropertyStatus:      "CONFIRMED",
		ics.ComponentPropertyUrl:         "https://portaal.example.org/bijeenkomsten/" + strconv.FormatInt(winterID, 10),
	} {
		if got := evProp(ev, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	checkTime(t, ev, ics.ComponentPropertyDtStart, "20261203T153000", time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC))
	checkTime(t, ev, ics.ComponentPropertyDtEnd, "20261203T170000", time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC))
	if stamp, err := ev.GetDtStampTime(); err != nil || time.Since(stamp) > time.Minute {
		t.Errorf("DTSTAMP = %v (%v), want now", stamp, err)
	}

	data, err = events.EventICS(loadEvent(t, env.Pool, summerID), "https://portaal.example.org", events.MethodPublish)
	if err != nil {
		t.Fatal(err)
	}
	cal = parseICS(t, data)
	if m := calProp(cal, "METHOD"); m != "PUBLISH" {
		t.Errorf("METHOD = %q", m)
	}
	ev = onlyEvent(t, cal)
	if got := evProp(ev, ics.ComponentPropertyUniqueId); got != summerUID {
		t.Errorf("UID = %q", got)
	}
	if got := evProp(ev, ics.ComponentPropertyLocation); got != "https://example.org/webinar?id=7&x=1" {
		t.Errorf("LOCATION of an online event = %q, want its link", got)
	}
	if got := evProp(ev, ics.ComponentPropertySequence); got != "0" {
		t.Errorf("SEQUENCE = %q", got)
	}
	checkTime(t, ev, ics.ComponentPropertyDtStart, "20270617T153000", time.Date(2027, 6, 17, 13, 30, 0, 0, time.UTC))
	checkTime(t, ev, ics.ComponentPropertyDtEnd, "20270617T173000", time.Date(2027, 6, 17, 15, 30, 0, 0, time.UTC))
}

// TestEventICSCancelled: a cancelled event stays in calendars, struck
// through, and the cancellation mail's file says CANCEL.
func TestEventICSCancelled(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, _ := networkAt(t, env, 1)
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	cancelledID, _ := insertTestEvent(t, env.Pool, testEvent{network: net, location: "Hengelo", start: start, cancelled: true, sequence: 2})
	plannedID, _ := insertTestEvent(t, env.Pool, testEvent{network: net, location: "Almelo", start: start})

	cases := []struct {
		name, method string
		event        int64
		wantStatus   string
	}{
		{"cancelled, downloaded", events.MethodPublish, cancelledID, "CANCELLED"},
		{"cancelled, in the cancellation mail", events.MethodCancel, cancelledID, "CANCELLED"},
		{"planned, in a CANCEL", events.MethodCancel, plannedID, "CANCELLED"},
		{"planned, downloaded", events.MethodPublish, plannedID, "CONFIRMED"},
	}
	for _, tc := range cases {
		data, err := events.EventICS(loadEvent(t, env.Pool, tc.event), "http://localhost", tc.method)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		cal := parseICS(t, data)
		ev := onlyEvent(t, cal)
		if got := evProp(ev, ics.ComponentPropertyStatus); got != tc.wantStatus {
			t.Errorf("%s: STATUS = %q, want %s", tc.name, got, tc.wantStatus)
		}
		if got := calProp(cal, "METHOD"); got != tc.method {
			t.Errorf("%s: METHOD = %q", tc.name, got)
		}
	}
	if got := evProp(onlyEvent(t, parseICS(t, mustICS(t, env, cancelledID))), ics.ComponentPropertySequence); got != "2" {
		t.Errorf("SEQUENCE of the cancelled event = %q", got)
	}
	if _, err := events.EventICS(loadEvent(t, env.Pool, plannedID), "http://localhost", "REPLY"); err == nil {
		t.Error("an unknown method is accepted")
	}
}

func mustICS(t testing.TB, env *apptest.Env, eventID int64) []byte {
	t.Helper()
	data, err := events.EventICS(loadEvent(t, env.Pool, eventID), "http://localhost", events.MethodPublish)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFeedICS: one calendar with its name and zone, every event in it,
// cancelled ones as cancelled.
func TestFeedICS(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, name := networkAt(t, env, 1)
	start := time.Now().Add(20 * 24 * time.Hour).Truncate(time.Minute)
	a, uidA := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Eerste", location: "Enschede", start: start})
	b, uidB := insertTestEvent(t, env.Pool, testEvent{network: net, title: "Tweede", location: "Enschede", start: start.Add(time.Hour), cancelled: true})
	data, err := events.FeedICS(name, []events.Event{loadEvent(t, env.Pool, a), loadEvent(t, env.Pool, b)}, "http://localhost")
	if err != nil {
		t.Fatal(err)
	}
	cal := parseICS(t, data)
	if got := calProp(cal, "X-WR-CALNAME"); !strings.Contains(got, name) {
		t.Errorf("X-WR-CALNAME = %q, want the network's name %q in it", got, name)
	}
	if got := calProp(cal, "X-WR-TIMEZONE"); got != "Europe/Amsterdam" {
		t.Errorf("X-WR-TIMEZONE = %q", got)
	}
	if got := calProp(cal, "METHOD"); got != "PUBLISH" {
		t.Errorf("METHOD = %q", got)
	}
	checkZone(t, cal)
	byUID := eventsByUID(cal)
	if len(byUID) != 2 {
		t.Fatalf("%d events in the feed, want 2", len(byUID))
	}
	if got := evProp(byUID[uidA], ics.ComponentPropertyStatus); got != "CONFIRMED" {
		t.Errorf("planned event: STATUS = %q", got)
	}
	if got := evProp(byUID[uidB], ics.ComponentPropertyStatus); got != "CANCELLED" {
		t.Errorf("cancelled event: STATUS = %q", got)
	}
}
