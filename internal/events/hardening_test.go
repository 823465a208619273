package events_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
)

// TestWalkInOnlyEligibleContacts: finding 5 of the security review. The
// walk-in check-in accepted erased and ended contacts; it now takes only
// active, not-erased contacts of the event's network (platform/eligible).
func TestWalkInOnlyEligibleContacts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net := network(t, env, 1)
	ev := newEvent(t, env, net, 3, nil)
	ids := contacts(t, env, net, 3)
	apptest.Exec(t, env, `UPDATE events SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = $1`, ev)
	apptest.Exec(t, env, `UPDATE contacts SET erased_at = now() WHERE id = $1`, ids[0])
	apptest.Exec(t, env, `UPDATE contacts SET active_from = current_date - 30, active_until = current_date - 1 WHERE id = $1`, ids[1])
	for _, cid := range ids[:2] {
		res := c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid/binnenloper", url.Values{"contactpersoon": {apptest.ID(cid)}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM event_invitations WHERE event_id = $1`, ev); n != 0 {
		t.Fatalf("%d erased or ended contacts were checked in", n)
	}
	page := c.Get("/bijeenkomsten/" + apptest.ID(ev) + "/aanwezigheid")
	for _, cid := range ids[:2] {
		if page.Doc(t).Find(`option[value="`+apptest.ID(cid)+`"]`).Length() != 0 {
			t.Errorf("contact %d is offered as a walk-in", cid)
		}
	}
	apptest.WantStatus(t, c.PostForm("/bijeenkomsten/"+apptest.ID(ev)+"/aanwezigheid/binnenloper", url.Values{"contactpersoon": {apptest.ID(ids[2])}}), http.StatusSeeOther)
}

// TestTitleWithNewlineRefused: finding 6. A line break in an event title
// made every invitation fail on its mail subject; the input gate refuses it
// (and bidi overrides) with 422, and no event is stored.
func TestTitleWithNewlineRefused(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	net1 := network(t, env, 1)
	before := apptest.Scalar[int](t, env, `SELECT count(*) FROM events`)
	for _, title := range []string{"Masterclass\r\nBcc: spy@evil.example", "Masterclass\nTwee", "Master\u202eclass"} {
		v := url.Values{"soort": {"masterclass"}, "titel": {title}, "netwerk": {apptest.ID(net1)},
			"begin_datum": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}, "begin_tijd": {"15:30"}, "eind_tijd": {"17:30"},
			"locatie": {"Stadhuis Enschede"}, "capaciteit": {"30"}, "herinnering": {"48"}}
		res := c.PostForm("/bijeenkomsten/nieuw", v)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, "titel") {
			t.Errorf("%q: the message does not name the field", title)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM events`); n != before {
		t.Fatalf("%d events with a broken title were stored", n-before)
	}
}
