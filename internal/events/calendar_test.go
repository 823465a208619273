package events_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/identity"
)

func wantCode(t testing.TB, res *apptest.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%.2000s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, res.Body)
	}
}

// wantCalendar checks the headers of an .ics response and parses it.
func wantCalendar(t testing.TB, res *apptest.Response) *ics.Calendar {
	t.Helper()
	wantCode(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || !strings.HasSuffix(params["filename"], ".ics") {
		t.Errorf("Content-Disposition = %q", res.Header.Get("Content-Disposition"))
	}
	return parseICS(t, []byte(res.Body))
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestDownloadICS: a user downloads the events of their networks; another
// network's event does not exist for them.
func TestDownloadICS(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, _ := networkAt(t, env, 1)
	net2, _ := networkAt(t, env, 2)
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute)
	own, ownUID := insertTestEvent(t, env.Pool, testEvent{network: net1, location: "Enschede", start: start})
	other, _ := insertTestEvent(t, env.Pool, testEvent{network: net2, location: "Utrecht", start: start})
	path := func(id int64) string { return "/bijeenkomsten/" + strconv.FormatInt(id, 10) + "/agenda.ics" }

	coord := env.Login(t, apptest.Coordinator)
	ev := onlyEvent(t, wantCalendar(t, coord.Get(path(own))))
	if got := evProp(ev, ics.ComponentPropertyUniqueId); got != ownUID {
		t.Errorf("UID = %q, want %q", got, ownUID)
	}
	wantCode(t, coord.Get(path(other)), http.StatusNotFound)
	wantCode(t, coord.Get("/bijeenkomsten/999999999/agenda.ics"), http.StatusNotFound)
	// Bestuur reads every network and may download.
	wantCalendar(t, env.Login(t, apptest.Bestuur).Get(path(other)))
	if res := env.Anonymous(t).Get(path(own)); res.StatusCode == http.StatusOK {
		t.Error("an anonymous visitor downloads an event")
	}
}

// TestAnswerICS: the invitation link gives the invitee the event for their
// calendar; an unknown link is a friendly 404.
func TestAnswerICS(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net, _ := networkAt(t, env, 1)
	ev, uid := insertTestEvent(t, env.Pool, testEvent{network: net, location: "Enschede", start: time.Now().Add(30 * 24 * time.Hour)})
	contact := contacts(t, env, net, 1)[0]
	var token string
	_, err := events.NewStore(env.Pool).Invite(context.Background(), identity.Scope{All: true}, ev, []int64{contact},
		func(_ pgx.Tx, _ events.Event, _ events.Invitation, tok string) error {
			token = tok
			return nil
		})
	if err != nil || token == "" {
		t.Fatalf("invite: %v", err)
	}
	anon := env.Anonymous(t)
	res := anon.Get("/uitnodiging/" + token + "/agenda.ics")
	if got := evProp(onlyEvent(t, wantCalendar(t, res)), ics.ComponentPropertyUniqueId); got != uid {
		t.Errorf("UID = %q, want %q", got, uid)
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("personal link without privacy headers: %v", res.Header)
	}
	for _, bad := range []string{randomToken(), "kort"} {
		res := anon.Get("/uitnodiging/" + bad + "/agenda.ics")
		wantCode(t, res, http.StatusNotFound)
		if !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("unknown link: Content-Type %q, want the friendly page", res.Header.Get("Content-Type"))
		}
	}
}

// makeFeed makes or renews a network's feed as c and returns the feed's
// path, read from the page that shows it once.
func makeFeed(t testing.TB, c *apptest.Client, networkID int64) string {
	t.Helper()
	res := c.PostForm("/bijeenkomsten/agenda", url.Values{"netwerk": {strconv.FormatInt(networkID, 10)}})
	wantCode(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/bijeenkomsten/agenda" {
		t.Fatalf("redirect to %q", loc)
	}
	page := c.Get("/bijeenkomsten/agenda")
	wantCode(t, page, http.StatusOK)
	link, ok := page.Doc(t).Find("#agenda-link").Attr("value")
	if !ok {
		t.Fatalf("the new feed link is not shown:\n%s", page.Body)
	}
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/agenda/") || !strings.HasSuffix(u.Path, ".ics") {
		t.Fatalf("feed link %q", link)
	}
	if again := c.Get("/bijeenkomsten/agenda"); again.Doc(t).Find("#agenda-link").Length() != 0 {
		t.Error("the feed link is shown a second time")
	}
	return u.Path
}

// uidsOf returns the UIDs of a network's events that start after since.
func uidsOf(t testing.TB, env *apptest.Env, networkID int64, since time.Time) map[string]bool {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `SELECT uid FROM events WHERE network_id = $1 AND starts_at >= $2`,
		networkID, since)
	if err != nil {
		t.Fatal(err)
	}
	uids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, u := range uids {
		out[u] = true
	}
	return out
}

// TestCalendarFeed makes a network's feed, reads it as a calendar app
// would, and renews it: the old link then stops working.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, name1 := networkAt(t, env, 1)
	net2, _ := networkAt(t, env, 2)
	now := time.Now()
	day := 24 * time.Hour
	_, recentUID := insertTestEvent(t, env.Pool, testEvent{network: net1, title: "Onlangs", location: "Enschede", start: now.Add(-80 * day)})
	_, oldUID := insertTestEvent(t, env.Pool, testEvent{network: net1, title: "Lang geleden", location: "Enschede", start: now.Add(-100 * day)})
	_, cancelledUID := insertTestEvent(t, env.Pool, testEvent{network: net1, title: "Gaat niet door", location: "Enschede",
		start: now.Add(5 * day), cancelled: true})
	_, plannedUID := insertTestEvent(t, env.Pool, testEvent{network: net1, title: "Gaat door", location: "Enschede", start: now.Add(6 * day)})
	_, otherUID := insertTestEvent(t, env.Pool, testEvent{network: net2, title: "Van een ander netwerk", location: "Utrecht", start: now.Add(6 * day)})

	coord := env.Login(t, apptest.Coordinator)
	page := coord.Get("/bijeenkomsten/agenda")
	wantCode(t, page, http.StatusOK)
	if !strings.Contains(page.Body, "Er is nog geen agenda-link.") {
		t.Errorf("the page does not say there is no feed yet:\n%.3000s", page.Body)
	}
	feed := makeFeed(t, coord, net1)
	if !strings.Contains(coord.Get("/bijeenkomsten/agenda").Body, "Er is een agenda-link, gemaakt op") {
		t.Error("the page does not say the feed exists")
	}

	anon := env.Anonymous(t)
	res := anon.Get(feed)
	cal := wantCalendar(t, res)
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", res.Header.Get("Cache-Control"))
	}
	if got := calProp(cal, "X-WR-CALNAME"); !strings.Contains(got, name1) {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	got := eventsByUID(cal)
	want := uidsOf(t, env, net1, now.Add(-events.FeedWindow).Add(time.Minute))
	for uid := range want {
		if got[uid] == nil {
			t.Errorf("event %s of the network is missing", uid)
		}
	}
	for uid := range got {
		if !want[uid] {
			t.Errorf("event %s does not belong in the feed", uid)
		}
	}
	for _, uid := range []string{recentUID, cancelledUID, plannedUID} {
		if got[uid] == nil {
			t.Errorf("event %s is missing", uid)
		}
	}
	if got[oldUID] != nil || got[otherUID] != nil {
		t.Error("the feed holds an event older than 90 days or of another network")
	}
	if s := evProp(got[cancelledUID], ics.ComponentPropertyStatus); s != "CANCELLED" {
		t.Errorf("cancelled event: STATUS = %q", s)
	}
	if s := evProp(got[plannedUID], ics.ComponentPropertyStatus); s != "CONFIRMED" {
		t.Errorf("planned event: STATUS = %q", s)
	}

	renewed := makeFeed(t, coord, net1)
	if renewed == feed {
		t.Fatal("renewing kept the link")
	}
	wantCode(t, anon.Get(feed), http.StatusNotFound)
	wantCalendar(t, anon.Get(renewed))
	for _, bad := range []string{"/agenda/" + randomToken() + ".ics", strings.TrimSuffix(renewed, ".ics"), "/agenda/kort.ics"} {
		wantCode(t, anon.Get(bad), http.StatusNotFound)
	}
	var actions []string
	rows, _ := env.Pool.Query(context.Background(), `SELECT action FROM audit_log WHERE entity = 'network_calendar' AND entity_id = $1 ORDER BY id`, net1)
	actions, _ = pgx.CollectRows(rows, pgx.RowTo[string])
	if strings.Join(actions, ",") != "agenda-link aangemaakt,agenda-link vernieuwd" {
		t.Errorf("audit trail: %v", actions)
	}
}

// TestCalendarFeedPerNetwork: each network's feed holds only its own
// events, whoever made it.
func TestCalendarFeedPerNetwork(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, _ := networkAt(t, env, 1)
	net2, _ := networkAt(t, env, 2)
	start := time.Now().Add(7 * 24 * time.Hour)
	_, uid1 := insertTestEvent(t, env.Pool, testEvent{network: net1, location: "Enschede", start: start})
	_, uid2 := insertTestEvent(t, env.Pool, testEvent{network: net2, location: "Utrecht", start: start})

	admin := env.Login(t, apptest.Beheerder)
	feeds := map[int64]string{net1: makeFeed(t, admin, net1), net2: makeFeed(t, env.Login(t, apptest.Coordinator2), net2)}
	anon := env.Anonymous(t)
	for net, path := range feeds {
		got := eventsByUID(wantCalendar(t, anon.Get(path)))
		want := uidsOf(t, env, net, time.Now().Add(-events.FeedWindow).Add(time.Minute))
		if len(got) != len(want) {
			t.Errorf("network %d: %d events in the feed, want %d", net, len(got), len(want))
		}
		for uid := range got {
			if !want[uid] {
				t.Errorf("network %d: the feed holds %s of another network", net, uid)
			}
		}
	}
	if got := eventsByUID(wantCalendar(t, anon.Get(feeds[net1]))); got[uid1] == nil || got[uid2] != nil {
		t.Error("network 1's feed lacks its event or holds network 2's")
	}
}

// TestCalendarPagePermissions: bestuur reads but manages no feeds, and a
// coordinator manages only their own network's.
func TestCalendarPagePermissions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, _ := networkAt(t, env, 1)
	net2, _ := networkAt(t, env, 2)
	form := func(id int64) url.Values { return url.Values{"netwerk": {strconv.FormatInt(id, 10)}} }

	board := env.Login(t, apptest.Bestuur)
	wantCode(t, board.Get("/bijeenkomsten/agenda"), http.StatusForbidden)
	wantCode(t, board.PostForm("/bijeenkomsten/agenda", form(net1)), http.StatusForbidden)

	coord := env.Login(t, apptest.Coordinator)
	page := coord.Get("/bijeenkomsten/agenda")
	wantCode(t, page, http.StatusOK)
	if n := page.Doc(t).Find(`form[action="/bijeenkomsten/agenda"]`).Length(); n != 1 {
		t.Errorf("the coordinator of one network sees %d feed forms", n)
	}
	wantCode(t, coord.PostForm("/bijeenkomsten/agenda", form(net2)), http.StatusForbidden)
	wantCode(t, coord.PostForm("/bijeenkomsten/agenda", url.Values{}), http.StatusForbidden)
	wantCode(t, env.Login(t, apptest.Beheerder).PostForm("/bijeenkomsten/agenda", form(999999999)), http.StatusNotFound)

	var feeds int
	env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM network_calendars`).Scan(&feeds)
	if feeds != 0 {
		t.Errorf("%d feeds made by refused requests", feeds)
	}
}
