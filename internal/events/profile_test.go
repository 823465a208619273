package events_test

import (
	"fmt"
	"net/http"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestProfileListsTheNewestEventsAndLinksToAll: an employer whose people
// were at many events gets the newest ten on its profile, with how many
// there are and a link to the page that lists them all; that page is the
// employer's network's only.
func TestProfileListsTheNewestEventsAndLinksToAll(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net := network(t, env, 1)
	contact := contacts(t, env, net, 1)[0]
	employer := apptest.Scalar[int64](t, env, `SELECT employer_id FROM contacts WHERE id = $1`, contact)
	// Events the employer's people already had (the demo's), and twelve
	// more a day apart, newest last, with titles to find them by.
	before := apptest.Scalar[int](t, env, `SELECT count(DISTINCT i.event_id) FROM event_invitations i
		JOIN contacts c ON c.id = i.contact_id WHERE c.employer_id = $1`, employer)
	for day := 1; day <= 12; day++ {
		ev := newEvent(t, env, net, 400+day, nil)
		apptest.Exec(t, env, `UPDATE events SET title = $2 WHERE id = $1`, ev, fmt.Sprintf("Reeks %02d", day))
		inviteTokens(t, env, ev, []int64{contact})
	}
	total := before + 12

	c := env.Login(t, apptest.Coordinator)
	section := c.Get("/werkgevers/" + apptest.ID(employer)).Doc(t).Find("#bijeenkomsten").Parent()
	rows := section.Find("tbody tr")
	if rows.Length() != 10 {
		t.Fatalf("the profile lists %d events, want the newest 10", rows.Length())
	}
	if got := rows.First().Find("a").Text(); got != "Reeks 12" {
		t.Fatalf("the profile's first event is %q, want the newest, Reeks 12", got)
	}
	if got := rows.Last().Find("a").Text(); got != "Reeks 03" {
		t.Fatalf("the profile's last event is %q, want Reeks 03", got)
	}
	link := section.Find(`a[href="/bijeenkomsten/werkgever?werkgever=` + apptest.ID(employer) + `"]`)
	if want := fmt.Sprintf("Alle %d bijeenkomsten bekijken", total); link.Text() != want {
		t.Fatalf("link to all events %q, want %q", link.Text(), want)
	}

	all := c.Get("/bijeenkomsten/werkgever?werkgever=" + apptest.ID(employer))
	apptest.WantStatus(t, all, http.StatusOK)
	doc := all.Doc(t)
	if got := doc.Find("tbody tr").Length(); got != total {
		t.Fatalf("the page of all events lists %d, want %d", got, total)
	}
	if got := doc.Find(`.breadcrumb a[href="/werkgevers/` + apptest.ID(employer) + `"]`).Length(); got != 1 {
		t.Fatal("the page of all events does not lead back to the profile")
	}

	// Another network's coordinator, and an unknown employer: not found.
	other := env.Login(t, apptest.Coordinator2)
	apptest.WantStatus(t, other.Get("/bijeenkomsten/werkgever?werkgever="+apptest.ID(employer)), http.StatusNotFound)
	apptest.WantStatus(t, c.Get("/bijeenkomsten/werkgever?werkgever=999999999"), http.StatusNotFound)
	apptest.WantStatus(t, c.Get("/bijeenkomsten/werkgever"), http.StatusNotFound)
}
