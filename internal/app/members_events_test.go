package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func TestMemberRegistersForEvent(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m1 := newMember(t, env, "eerste@example.org")
	m2 := newMember(t, env, "tweede@example.org")
	_, network2 := env.EmployerOf(t, 2, "")
	event := func(network int64, title, functions string, capacity int) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO events (network_id, kind, title, starts_at, ends_at, capacity, audience_functions, uid)
			VALUES ($1, 'kenniskring', $2, now() + interval '7 days', now() + interval '7 days 2 hours', $3, string_to_array($4, ','), gen_random_uuid()::text)
			RETURNING id`, network, title, capacity, functions)
	}
	circle := event(m1.networkID, "Kenniskring jobcarving", "", 1)
	other := event(network2, "Bijeenkomst ander netwerk", "", 10)
	forInkoop := event(m1.networkID, "Alleen voor inkopers", "inkoop", 10)

	c1, c2 := signInMember(t, env, m1), signInMember(t, env, m2)
	page := c1.Get("/mijn/bijeenkomsten")
	apptest.WantStatus(t, page, http.StatusOK)
	if !strings.Contains(page.Body, "Kenniskring jobcarving") {
		t.Error("the knowledge circle is not listed")
	}
	for _, hidden := range []string{"Bijeenkomst ander netwerk", "Alleen voor inkopers"} {
		if strings.Contains(page.Body, hidden) {
			t.Errorf("%q is listed for a member it is not meant for", hidden)
		}
	}
	for _, id := range []int64{other, forInkoop} {
		apptest.WantStatus(t, c1.PostForm("/mijn/bijeenkomsten/"+apptest.ID(id), url.Values{"antwoord": {"aanmelden"}}), http.StatusNotFound)
		apptest.WantStatus(t, c1.Get("/mijn/bijeenkomsten/"+apptest.ID(id)+"/agenda.ics"), http.StatusNotFound)
	}
	apptest.WantStatus(t, c1.PostForm("/mijn/bijeenkomsten/"+apptest.ID(circle), url.Values{"antwoord": {"<script>"}}), http.StatusBadRequest)

	status := func(m member) string {
		return apptest.Scalar[string](t, env, `SELECT coalesce((SELECT status FROM event_invitations WHERE event_id = $1 AND contact_id = $2), '')`, circle, m.contactID)
	}
	apptest.WantStatus(t, c1.PostForm("/mijn/bijeenkomsten/"+apptest.ID(circle), url.Values{"antwoord": {"aanmelden"}}), http.StatusSeeOther)
	apptest.WantStatus(t, c2.PostForm("/mijn/bijeenkomsten/"+apptest.ID(circle), url.Values{"antwoord": {"aanmelden"}}), http.StatusSeeOther)
	if s1, s2 := status(m1), status(m2); s1 != "aangemeld" || s2 != "wachtlijst" {
		t.Fatalf("capacity 1: %s and %s, want aangemeld and wachtlijst", s1, s2)
	}
	if !strings.Contains(c2.Get("/mijn/bijeenkomsten").Body, "wachtlijst") {
		t.Error("the waiting member is not told so")
	}
	ics := c1.Get("/mijn/bijeenkomsten/" + apptest.ID(circle) + "/agenda.ics")
	apptest.WantStatus(t, ics, http.StatusOK)
	if !strings.HasPrefix(ics.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(ics.Body, "Kenniskring jobcarving") {
		t.Errorf("ics: %s %.80q", ics.Header.Get("Content-Type"), ics.Body)
	}
	// Cancelling promotes the waiting list, with the answer page's mail.
	apptest.WantStatus(t, c1.PostForm("/mijn/bijeenkomsten/"+apptest.ID(circle), url.Values{"antwoord": {"afmelden"}}), http.StatusSeeOther)
	if s1, s2 := status(m1), status(m2); s1 != "afgemeld" || s2 != "aangemeld" {
		t.Fatalf("after cancelling: %s and %s, want afgemeld and aangemeld", s1, s2)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE to_addr = $1 AND kind <> 'lid_inloglink'`, m2.email); n != 1 {
		t.Errorf("%d mails to the promoted member, want 1", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'event' AND entity_id = $1 AND source = 'werkgever'`, circle); n != 3 {
		t.Errorf("%d audit entries of members' answers, want 3", n)
	}
}
