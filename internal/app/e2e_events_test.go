package app_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

var answerLinkRe = regexp.MustCompile(`https?://\S+/uitnodiging/[A-Za-z0-9_-]{43}`)

// TestE2EEventInviteRegisterCheckIn is the event's life as the issue tells
// it: a coordinator creates an event (a mistake first), invites a subgroup,
// an invitee registers from the mailed link, and on the day the coordinator
// checks people in by keyboard. axe-core checks every page on the way.
func TestE2EEventInviteRegisterCheckIn(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	var subgroupID int64
	var subgroupName string
	err := env.Pool.QueryRow(context.Background(), `SELECT s.id, s.name FROM subgroups s
		WHERE s.network_id = (SELECT id FROM networks ORDER BY id LIMIT 1)
		AND (SELECT count(*) FROM subgroup_members m JOIN contacts c ON c.id = m.contact_id
			WHERE m.subgroup_id = s.id AND m.left_on IS NULL AND c.email <> '' AND c.active_until IS NULL) >= 2
		ORDER BY s.id LIMIT 1`).Scan(&subgroupID, &subgroupName)
	if err != nil {
		t.Fatalf("a demo subgroup with members: %v", err)
	}

	b.signIn(apptest.Coordinator)
	b.open("/bijeenkomsten", 200)
	browsertest.Axe(t, b.ctx, "bijeenkomsten")
	if st := b.press(`a[href="/bijeenkomsten/nieuw"]`); st != 200 {
		t.Fatalf("new event form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "nieuwe bijeenkomst")
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	b.typeInto("#f-titel", "Kenniskring: jobcarving in de praktijk")
	b.setValue("#f-begin_datum", day)
	b.setValue("#f-begin_tijd", "16:00")
	b.setValue("#f-eind_tijd", "15:00") // before the start: refused
	b.typeInto("#f-locatie", "Gemeentehuis, Raadzaal")
	b.typeInto("#f-capaciteit", "1")
	if st := b.press(`main form button[type=submit]`); st != 422 {
		t.Fatalf("end before start: status %d, want 422", st)
	}
	if b.count("#f-eind_tijd-error") != 1 {
		t.Fatal("no message next to the end time")
	}
	browsertest.Axe(t, b.ctx, "nieuwe bijeenkomst met fouten")
	browsertest.Screenshot(t, b.ctx, "formulier")
	b.setValue("#f-eind_tijd", "18:00")
	if st := b.press(`main form button[type=submit]`); st != 200 {
		t.Fatalf("create: status %d", st)
	}
	eventPath := b.path()
	if !strings.HasPrefix(eventPath, "/bijeenkomsten/") {
		t.Fatalf("after creating at %s", eventPath)
	}
	browsertest.Axe(t, b.ctx, "bijeenkomst")
	browsertest.Screenshot(t, b.ctx, "bijeenkomst")

	// Invite the subgroup: filter, check the list, send.
	if st := b.press(`a[href$="/uitnodigen"]`); st != 200 {
		t.Fatalf("invite page: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "uitnodigen")
	b.open(eventPath+"/uitnodigen?gefilterd=1&subgroep="+strconv.FormatInt(subgroupID, 10), 200)
	n := b.count(`input[name=contact]:checked`)
	if n < 2 {
		t.Fatalf("the subgroup filter found %d people", n)
	}
	if st := b.press(`main form[method=post] button[type=submit]`); st != 200 {
		t.Fatalf("send invitations: status %d", st)
	}
	if got := b.text(".flash"); !strings.Contains(got, strconv.Itoa(n)) {
		t.Errorf("flash %q does not count %d invitations", got, n)
	}

	// Two invitees answer from their mail: one place, so the second waits.
	var links []string
	for _, m := range env.DeliverMail(t) {
		if strings.Contains(m.Subject, "Kenniskring: jobcarving") {
			if l := answerLinkRe.FindString(m.Text); l != "" {
				links = append(links, l)
			}
			if len(m.Attachments) == 0 {
				t.Errorf("the invitation to %v has no .ics", m.To)
			}
		}
	}
	if len(links) != n {
		t.Fatalf("%d invitation mails with a link, want %d", len(links), n)
	}
	invitee := &browser{t: t, ctx: browsertest.New(t), env: env}
	for i, l := range links[:2] {
		u, _ := url.Parse(l)
		invitee.open(u.Path, 200)
		if i == 0 {
			browsertest.Axe(t, invitee.ctx, "uitnodiging beantwoorden")
		}
		if st := invitee.press(`button[name=antwoord][value=aanmelden]`); st != 200 {
			t.Fatalf("register: status %d", st)
		}
		want := "aangemeld"
		if i == 1 {
			want = "wachtlijst"
		}
		if got := invitee.text(".flash"); !strings.Contains(got, want) {
			t.Errorf("invitee %d sees %q, want %s", i, got, want)
		}
		if i == 0 {
			browsertest.Axe(t, invitee.ctx, "uitnodiging beantwoord")
			browsertest.Screenshot(t, invitee.ctx, "beantwoord")
		}
	}

	// On the day: the coordinator checks people in by keyboard.
	if _, err := env.Pool.Exec(context.Background(), `UPDATE events SET starts_at = now() - interval '10 minutes',
		ends_at = now() + interval '2 hours' WHERE id = $1`, strings.TrimPrefix(eventPath, "/bijeenkomsten/")); err != nil {
		t.Fatal(err)
	}
	b.open(eventPath+"/aanwezigheid", 200)
	browsertest.Axe(t, b.ctx, "aanwezigheid")
	if st := b.press(`.checkin-row button[value=ja]`); st != 200 {
		t.Fatalf("check in: status %d", st)
	}
	if got := b.count(`.checkin-row button[value=ja][aria-pressed=true]`); got != 1 {
		t.Fatalf("%d marked present, want 1", got)
	}
	if el := browsertest.Focused(t, b.ctx); el.Tag != "button" {
		t.Errorf("after marking, focus is on %s, want the row's button", el.Tag)
	}
	browsertest.Axe(t, b.ctx, "aanwezigheid na afvinken")
	browsertest.Screenshot(t, b.ctx, "aanwezigheid")
	if st := b.press(`form[action$="/binnenloper"] button[type=submit]`); st != 422 {
		t.Fatalf("walk-in without a choice: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "aanwezigheid met fouten")
	if st := b.press(`form[action$="/afsluiten"] button[type=submit]`); st != 200 {
		t.Fatalf("close attendance: status %d", st)
	}
	if got := b.text("main"); !strings.Contains(got, "100%") {
		t.Errorf("the event page does not show the attendance rate: %q", got)
	}
}
