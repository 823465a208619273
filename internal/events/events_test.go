package events_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// network returns the id of the demo network at position pos (1-based).
func network(t testing.TB, env *apptest.Env, pos int) int64 {
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

// newEvent inserts an event in a network, starting in days from now.
func newEvent(t testing.TB, env *apptest.Env, networkID int64, days int, capacity *int) int64 {
	t.Helper()
	start := time.Now().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Minute)
	return apptest.Scalar[int64](t, env, `INSERT INTO events (network_id, kind, title, starts_at, ends_at, location, capacity, uid)
		VALUES ($1, 'netwerkbijeenkomst', 'Testbijeenkomst', $2, $3, 'Enschede', $4, md5(random()::text) || '@test')
		RETURNING id`, networkID, start, start.Add(2*time.Hour), capacity)
}

// contacts returns n active contacts with an e-mail address of a network,
// the ones with the lowest ids first.
func contacts(t testing.TB, env *apptest.Env, networkID int64, n int) []int64 {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `SELECT c.id FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND c.email <> '' AND c.active_until IS NULL ORDER BY c.id LIMIT $2`, networkID, n)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) < n {
		t.Fatalf("%d contacts of network %d (%v), want %d", len(ids), networkID, err, n)
	}
	return ids
}

// inviteTokens invites contacts through the store and returns their tokens.
func inviteTokens(t testing.TB, env *apptest.Env, eventID int64, ids []int64) map[int64]string {
	t.Helper()
	tokens := map[int64]string{}
	_, err := events.NewStore(env.Pool).Invite(context.Background(), identity.Scope{All: true}, eventID, ids,
		func(_ pgx.Tx, _ events.Event, inv events.Invitation, token string) error {
			tokens[inv.ContactID] = token
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

func statusCount(t testing.TB, env *apptest.Env, eventID int64, status string) int {
	return apptest.Scalar[int](t, env, `SELECT count(*) FROM event_invitations WHERE event_id = $1 AND status = $2`, eventID, status)
}

// TestParallelRegistrationsNeverOverbook lets twenty invitees answer yes at
// the same moment for five places.
func TestParallelRegistrationsNeverOverbook(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	five := 5
	net := network(t, env, 1)
	ev := newEvent(t, env, net, 10, &five)
	tokens := inviteTokens(t, env, ev, contacts(t, env, net, 20))
	store := events.NewStore(env.Pool)

	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, len(tokens))
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := store.Answer(context.Background(), tok, true, func(pgx.Tx, events.Event, events.Invitation) error { return nil })
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := statusCount(t, env, ev, "aangemeld"); got != 5 {
		t.Fatalf("%d registered for 5 places", got)
	}
	if got := statusCount(t, env, ev, "wachtlijst"); got != 15 {
		t.Fatalf("%d on the waiting list, want 15", got)
	}

	// A registered person cancels: the first of the waiting list moves up.
	first := apptest.Scalar[int64](t, env, `SELECT contact_id FROM event_invitations WHERE event_id = $1 AND status = 'wachtlijst'
		ORDER BY waitlisted_at, id LIMIT 1`, ev)
	leaver := apptest.Scalar[int64](t, env, `SELECT contact_id FROM event_invitations WHERE event_id = $1 AND status = 'aangemeld' LIMIT 1`, ev)
	var promoted []int64
	if _, err := store.Answer(context.Background(), tokens[leaver], false, func(_ pgx.Tx, _ events.Event, inv events.Invitation) error {
		promoted = append(promoted, inv.ContactID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(promoted) != 1 || promoted[0] != first {
		t.Fatalf("promoted %v, want the first of the waiting list %d", promoted, first)
	}
	if got := statusCount(t, env, ev, "aangemeld"); got != 5 {
		t.Fatalf("%d registered after a cancellation, want 5", got)
	}
	// Parallel cancellations promote exactly as many as left.
	var leavers []string
	rows, _ := env.Pool.Query(context.Background(), `SELECT contact_id FROM event_invitations WHERE event_id = $1 AND status = 'aangemeld'`, ev)
	ids, _ := pgx.CollectRows(rows, pgx.RowTo[int64])
	for _, c := range ids[:3] {
		leavers = append(leavers, tokens[c])
	}
	var wg2 sync.WaitGroup
	for _, tok := range leavers {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			store.Answer(context.Background(), tok, false, func(pgx.Tx, events.Event, events.Invitation) error { return nil })
		}()
	}
	wg2.Wait()
	if got := statusCount(t, env, ev, "aangemeld"); got != 5 {
		t.Fatalf("%d registered after parallel cancellations, want 5", got)
	}
	if got := statusCount(t, env, ev, "wachtlijst"); got != 11 {
		t.Fatalf("%d waiting after 4 promotions, want 11", got)
	}
}

func TestEventFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net1, net2 := network(t, env, 1), network(t, env, 2)
	otherHost := apptest.Scalar[int64](t, env, `SELECT id FROM employers WHERE network_id = $1 LIMIT 1`, net2)
	valid := func() url.Values {
		return url.Values{"soort": {"masterclass"}, "titel": {"Masterclass inclusief werkgeverschap"}, "netwerk": {apptest.ID(net1)},
			"begin_datum": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}, "begin_tijd": {"15:30"}, "eind_tijd": {"17:30"},
			"locatie": {"Stadhuis Enschede"}, "capaciteit": {"30"}, "herinnering": {"48"}}
	}
	cases := map[string]struct {
		change func(url.Values)
		field  string
	}{
		"end before start": {func(v url.Values) { v.Set("eind_tijd", "14:00") }, "eind_tijd"},
		"no title":         {func(v url.Values) { v.Set("titel", "  ") }, "titel"},
		"no place":         {func(v url.Values) { v.Del("locatie") }, "locatie"},
		"bad online link":  {func(v url.Values) { v.Set("online_link", "javascript:alert(1)") }, "online_link"},
		"zero places":      {func(v url.Values) { v.Set("capaciteit", "0") }, "capaciteit"},
		"bad date":         {func(v url.Values) { v.Set("begin_datum", "31-12-2026") }, "begin_datum"},
		"host elsewhere":   {func(v url.Values) { v.Set("gastheer", apptest.ID(otherHost)) }, "gastheer"},
		"other network":    {func(v url.Values) { v.Set("netwerk", apptest.ID(net2)) }, "netwerk"},
		"unknown kind":     {func(v url.Values) { v.Set("soort", "feest") }, "soort"},
		"unknown function": {func(v url.Values) { v.Set("functies", "koning") }, "functies"},
		"unknown reminder": {func(v url.Values) { v.Set("herinnering", "5") }, "herinnering"},
	}
	before := apptest.Scalar[int](t, env, `SELECT count(*) FROM events`)
	for name, tc := range cases {
		v := valid()
		tc.change(v)
		res := c.PostForm("/bijeenkomsten/nieuw", v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		if doc.Find("#f-"+tc.field+"-error").Length() != 1 {
			t.Errorf("%s: no message next to %s", name, tc.field)
		}
		if got := doc.Find("#f-titel").AttrOr("value", ""); v.Get("titel") != "  " && got != v.Get("titel") {
			t.Errorf("%s: the title typed is not kept: %q", name, got)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM events`); n != before {
		t.Fatalf("refused forms created %d events", n-before)
	}
	res := c.PostForm("/bijeenkomsten/nieuw", valid())
	apptest.WantStatus(t, res, http.StatusSeeOther)
	ev, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/bijeenkomsten/"), 10, 64)
	start := apptest.Scalar[time.Time](t, env, `SELECT starts_at FROM events WHERE id = $1`, ev)
	if local := start.In(nltime.Amsterdam).Format("15:04"); local != "15:30" {
		t.Fatalf("15:30 was stored as %s Amsterdam time", local)
	}
}

func TestCapacityCannotDropBelowRegistrations(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net := network(t, env, 1)
	ten := 10
	ev := newEvent(t, env, net, 10, &ten)
	for _, tok := range inviteTokens(t, env, ev, contacts(t, env, net, 4)) {
		if _, err := events.NewStore(env.Pool).Answer(context.Background(), tok, true, nil); err != nil {
			t.Fatal(err)
		}
	}
	form := apptest.FormValues(c.Get("/bijeenkomsten/"+apptest.ID(ev)+"/bewerken").Doc(t), "main form")
	form.Set("capaciteit", "3")
	res := c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/bewerken", form)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if msg := res.Doc(t).Find("#f-capaciteit-error").Text(); !strings.Contains(msg, "4") {
		t.Fatalf("message %q does not name the 4 registrations", msg)
	}
	if got := apptest.Scalar[int](t, env, `SELECT capacity FROM events WHERE id = $1`, ev); got != 10 {
		t.Fatalf("capacity %d after a refused change", got)
	}
	// A stale version is a conflict, with the input kept.
	form.Set("capaciteit", "20")
	apptest.Exec(t, env, `UPDATE events SET version = version + 1 WHERE id = $1`, ev)
	res = c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/bewerken", form)
	apptest.WantStatus(t, res, http.StatusConflict)
	if got := res.Doc(t).Find("#f-capaciteit").AttrOr("value", ""); got != "20" {
		t.Fatalf("input not kept after a conflict: %q", got)
	}
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1 := network(t, env, 1)
	ev := newEvent(t, env, net1, 5, nil)
	inv := contacts(t, env, net1, 1)[0]
	tokens := inviteTokens(t, env, ev, []int64{inv})
	invitation := apptest.Scalar[int64](t, env, `SELECT id FROM event_invitations WHERE event_id = $1`, ev)

	other := env.Login(t, apptest.Coordinator2)
	for _, p := range []string{"", "/bewerken", "/uitnodigen", "/aanwezigheid", "/agenda.ics"} {
		if res := other.Get("/bijeenkomsten/" + apptest.ID(ev) + p); res.StatusCode != http.StatusNotFound {
			t.Errorf("coordinator of another network: GET %s status %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/bewerken", "/annuleren", "/uitnodigen", "/aanwezigheid", "/aanwezigheid/afsluiten"} {
		if res := other.PostForm("/bijeenkomsten/"+apptest.ID(ev)+p, url.Values{"uitnodiging": {apptest.ID(invitation)}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("coordinator of another network: POST %s status %d, want 404", p, res.StatusCode)
		}
	}
	board := env.Login(t, apptest.Bestuur)
	apptest.WantStatus(t, board.Get("/bijeenkomsten/"+apptest.ID(ev)), http.StatusOK)
	for _, p := range []string{"/bewerken", "/annuleren", "/uitnodigen", "/aanwezigheid", "/aanwezigheid/afsluiten"} {
		if res := board.PostForm("/bijeenkomsten/"+apptest.ID(ev)+p, url.Values{"uitnodiging": {apptest.ID(invitation)}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("bestuur: POST %s status %d, want 403", p, res.StatusCode)
		}
	}
	// The invitation link answers its own invitation only.
	visitor := env.Anonymous(t)
	apptest.WantStatus(t, visitor.Get("/uitnodiging/"+tokens[inv]), http.StatusOK)
	apptest.WantStatus(t, visitor.Get("/uitnodiging/"+strings.Repeat("A", 43)), http.StatusNotFound)
	apptest.WantStatus(t, visitor.Get("/uitnodiging/kort"), http.StatusNotFound)
	res := visitor.Get("/bijeenkomsten/" + apptest.ID(ev) + "?token=" + tokens[inv])
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
		t.Fatalf("an invitation link reached the coordinator's page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM events WHERE id = $1`, ev) != "gepland" {
		t.Fatal("a refused request changed the event")
	}
}

func TestAnswerPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net := network(t, env, 1)
	one := 1
	ev := newEvent(t, env, net, 5, &one)
	ids := contacts(t, env, net, 2)
	tokens := inviteTokens(t, env, ev, ids)
	a, b := env.Anonymous(t), env.Anonymous(t)
	res := a.PostForm("/uitnodiging/"+tokens[ids[0]], url.Values{"antwoord": {"aanmelden"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if !strings.Contains(a.Get(res.Header.Get("Location")).Body, "u bent aangemeld") {
		t.Fatal("no confirmation after registering")
	}
	res = b.PostForm("/uitnodiging/"+tokens[ids[1]], url.Values{"antwoord": {"aanmelden"}})
	page := b.Get(res.Header.Get("Location"))
	if !strings.Contains(page.Body, "wachtlijst") {
		t.Fatal("the second for one place is not told about the waiting list")
	}
	apptest.WantStatus(t, b.PostForm("/uitnodiging/"+tokens[ids[1]], url.Values{"antwoord": {"misschien"}}), http.StatusBadRequest)
	// A cancelled event takes no answers.
	apptest.Exec(t, env, `UPDATE events SET status = 'geannuleerd' WHERE id = $1`, ev)
	res = a.PostForm("/uitnodiging/"+tokens[ids[0]], url.Values{"antwoord": {"afmelden"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT status FROM event_invitations WHERE contact_id = $1 AND event_id = $2`, ids[0], ev); got != "aangemeld" {
		t.Fatalf("an answer to a cancelled event changed the status to %s", got)
	}
}

func TestCheckInAndAttendance(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net := network(t, env, 1)
	ev := newEvent(t, env, net, 3, nil)
	ids := contacts(t, env, net, 4)
	tokens := inviteTokens(t, env, ev, ids[:3])
	store := events.NewStore(env.Pool)
	for _, cid := range ids[:3] {
		if _, err := store.Answer(context.Background(), tokens[cid], true, nil); err != nil {
			t.Fatal(err)
		}
	}
	apptest.Exec(t, env, `UPDATE events SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = $1`, ev)
	page := c.Get("/bijeenkomsten/" + apptest.ID(ev) + "/aanwezigheid")
	apptest.WantStatus(t, page, http.StatusOK)
	first := apptest.Scalar[int64](t, env, `SELECT id FROM event_invitations WHERE event_id = $1 AND contact_id = $2`, ev, ids[0])
	res := c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid", url.Values{"uitnodiging": {apptest.ID(first)}, "aanwezig": {"ja"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	// A walk-in of the network; one of another network is refused.
	apptest.WantStatus(t, c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid/binnenloper", url.Values{"contactpersoon": {apptest.ID(ids[3])}}), http.StatusSeeOther)
	stranger := contacts(t, env, network(t, env, 2), 1)[0]
	res = c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid/binnenloper", url.Values{"contactpersoon": {apptest.ID(stranger)}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if res.Doc(t).Find("#f-contactpersoon-error").Length() != 1 {
		t.Fatal("no message next to the walk-in field")
	}
	apptest.WantStatus(t, c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid/afsluiten", nil), http.StatusSeeOther)
	if got := statusCount(t, env, ev, "aanwezig"); got != 2 {
		t.Fatalf("%d present, want 2 (one checked in, one walk-in)", got)
	}
	if got := statusCount(t, env, ev, "afwezig"); got != 2 {
		t.Fatalf("%d absent, want the 2 registered who did not come", got)
	}
	if got := apptest.Scalar[float64](t, env, `SELECT attendance_rate::float8 FROM events WHERE id = $1`, ev); got != 0.5 {
		t.Fatalf("attendance rate %v, want 0.5", got)
	}
	// The employer's profile shows its people's events and attendance rate.
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, ids[0])
	profile := c.Get("/werkgevers/" + apptest.ID(employer))
	if !strings.Contains(profile.Doc(t).Find("#bijeenkomsten").Parent().Text(), "Testbijeenkomst") {
		t.Fatal("the profile does not show the event its contact attended")
	}
}

func TestCancelNotifiesTheRegistered(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net := network(t, env, 1)
	ev := newEvent(t, env, net, 7, nil)
	ids := contacts(t, env, net, 3)
	tokens := inviteTokens(t, env, ev, ids)
	store := events.NewStore(env.Pool)
	for _, cid := range ids[:2] {
		if _, err := store.Answer(context.Background(), tokens[cid], true, nil); err != nil {
			t.Fatal(err)
		}
	}
	apptest.WantStatus(t, c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/annuleren", nil), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT status FROM events WHERE id = $1`, ev); got != "geannuleerd" {
		t.Fatalf("status %s", got)
	}
	if got := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE kind = 'bijeenkomst_geannuleerd'`); got != 2 {
		t.Fatalf("%d cancellation mails, want 2 (the registered only)", got)
	}
	list := c.Get("/bijeenkomsten")
	if !strings.Contains(list.Body, "Geannuleerd") {
		t.Fatal("the cancelled event is not shown as cancelled in the list")
	}
}
