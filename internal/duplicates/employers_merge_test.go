package duplicates_test

import (
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// Each test below merges a fresh pair as the first network's coordinator
// and checks one table: the survivor's rows before and after, nothing left
// pointing at the deleted employer, and the table's conflict rule.

func setup(t *testing.T) (*apptest.Env, *apptest.Client, int64, int64, int64) {
	t.Helper()
	env := apptest.New(t)
	net := networkAt(t, env, 1)
	s, o := employerPair(t, env, net)
	return env, env.Login(t, apptest.Coordinator), net, s, o
}

func TestMergeEmployerMovesContacts(t *testing.T) {
	t.Parallel()
	env, c, net, s, o := setup(t)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, newContact(t, env, s, "Anna Primair", "", 10))
	moved := newContact(t, env, o, "Bert Ook Primair", "", 10)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, moved)
	newContact(t, env, o, "Cor Gewoon", "", 10)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "contacts", "employer_id", s, o, 3)
	// contacts_one_primary: the survivor's primary contact stays primary.
	if p := apptest.Scalar[string](t, env, `SELECT string_agg(name, ',') FROM contacts WHERE employer_id = $1 AND is_primary`, s); p != "Anna Primair" {
		t.Errorf("primary contacts %q, want only the survivor's", p)
	}

	// Without a primary contact of its own, the survivor takes the other's.
	s2, o2 := employerPair(t, env, net)
	apptest.Exec(t, env, `UPDATE contacts SET is_primary = true WHERE id = $1`, newContact(t, env, o2, "Dirk Primair", "", 10))
	mergeEmployers(t, c, s2, o2)
	if p := apptest.Scalar[string](t, env, `SELECT string_agg(name, ',') FROM contacts WHERE employer_id = $1 AND is_primary`, s2); p != "Dirk Primair" {
		t.Errorf("primary contacts %q, want the moved one", p)
	}
}

func TestMergeEmployerMovesTags(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	tags := func(kind string, n int) []int64 {
		var ids []int64
		for i := range n {
			ids = append(ids, apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = $1 ORDER BY position OFFSET $2 LIMIT 1`, kind, i))
		}
		return ids
	}
	ch := tags("uitdaging", 3)
	apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2), ($1, $3)`, s, ch[0], ch[1])
	apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2), ($1, $3)`, o, ch[1], ch[2])
	mergeEmployers(t, c, s, o)
	// The union: three tags, the shared one once.
	allMoved(t, env, "employer_tags", "employer_id", s, o, 3)
	if e := mergeEntry(t, env, "employer", s); e["uitdagingen"].New == e["uitdagingen"].Old {
		t.Errorf("audit entry does not show the added tag: %+v", e["uitdagingen"])
	}
}

func TestMergeEmployerMovesStatusChanges(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `INSERT INTO employer_status_changes (employer_id, status, changed_on) VALUES
		($1, 'prospect', current_date - 300), ($1, 'lid', current_date - 200), ($2, 'prospect', current_date - 10)`, s, o)
	mergeEmployers(t, c, s, o)
	// Both histories are kept.
	allMoved(t, env, "employer_status_changes", "employer_id", s, o, 3)
}

func TestMergeEmployerMovesIntakes(t *testing.T) {
	t.Parallel()
	env, c, net, s, o := setup(t)
	intake := func(employer int64, year int, status string) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO intakes (employer_id, year, status, token_hash, expires_at)
			VALUES ($1, $2, $3, `+token+`, now() + interval '30 days') RETURNING id`, employer, year, status)
	}
	intake(s, 2023, "verwerkt")
	sOpen := intake(s, 2024, "uitgenodigd")
	oSubmitted := intake(o, 2024, "ingediend") // further along than the survivor's: kept
	intake(o, 2022, "verwerkt")                // no clash: moves
	before := count(t, env, "intakes", "employer_id", s)
	mergeEmployers(t, c, s, o)
	if n := count(t, env, "intakes", "employer_id", s); n != before+1 {
		t.Errorf("survivor has %d intakes, want %d (2022, 2023, one of 2024)", n, before+1)
	}
	gone(t, env, "intakes", "employer_id", o)
	if got := apptest.Scalar[int64](t, env, `SELECT id FROM intakes WHERE employer_id = $1 AND year = 2024`, s); got != oSubmitted {
		t.Errorf("2024 intake %d kept, want the submitted one %d", got, oSubmitted)
	}
	if n := count(t, env, "intakes", "id", sOpen); n != 0 {
		t.Error("the survivor's less advanced intake of 2024 was not dropped")
	}
	if d := mergeEntry(t, env, "employer", s)["vervallen intake 2024"].Old; !strings.HasPrefix(d, "uitgenodigd") {
		t.Errorf("audit entry of the dropped intake: %q", d)
	}

	// On a tie the survivor's intake stays.
	s2, o2 := employerPair(t, env, net)
	keep := intake(s2, 2025, "bezig")
	intake(o2, 2025, "bezig")
	mergeEmployers(t, c, s2, o2)
	if got := apptest.Scalar[int64](t, env, `SELECT id FROM intakes WHERE employer_id = $1 AND year = 2025`, s2); got != keep {
		t.Errorf("tie: intake %d kept, want the survivor's %d", got, keep)
	}
}

func TestMergeEmployerMovesEventHosts(t *testing.T) {
	t.Parallel()
	env, c, net, s, o := setup(t)
	event := func(host int64) {
		apptest.Exec(t, env, `INSERT INTO events (network_id, kind, title, starts_at, ends_at, uid, host_employer_id)
			VALUES ($1, 'werkbezoek', 'Werkbezoek', now() + interval '7 days', now() + interval '7 days 2 hours',
			gen_random_uuid()::text, $2)`, net, host)
	}
	event(s)
	event(o)
	event(o)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "events", "host_employer_id", s, o, 3)
}

func TestMergeEmployerMovesVisits(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `INSERT INTO visits (employer_id, kind, visited_on) VALUES ($1, 'bezoek', current_date - 5), ($2, 'telefoon', current_date - 3),
		($2, 'online', current_date - 1)`, s, o)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "visits", "employer_id", s, o, 3)
}

func TestMergeEmployerMovesFollowUps(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	visit := apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on) VALUES ($1, 'bezoek', current_date) RETURNING id`, o)
	apptest.Exec(t, env, `INSERT INTO follow_ups (employer_id, visit_id, description, owner_id, due_on) VALUES
		($1, NULL, 'Offerte sturen', (SELECT min(id) FROM users), current_date + 7),
		($2, $3, 'Terugbellen', (SELECT min(id) FROM users), current_date + 3)`, s, o, visit)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "follow_ups", "employer_id", s, o, 2)
	// The follow-up still belongs to its visit, which moved along.
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM follow_ups f JOIN visits v ON v.id = f.visit_id WHERE v.employer_id = $1`, s); n != 1 {
		t.Errorf("%d follow-ups with their visit at the survivor, want 1", n)
	}
}

func TestMergeEmployerMovesReferrals(t *testing.T) {
	t.Parallel()
	env, c, net, s, o := setup(t)
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name) VALUES ((SELECT min(id) FROM regions), 'uwv', 'UWV Test') RETURNING id`)
	other := networkAt(t, env, 2) // a referral made when the employer was in another network
	apptest.Exec(t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, question, referred_on) VALUES
		($1, $3, $4, 'Hulp bij jobcarving', current_date), ($2, $3, $4, 'Subsidie?', current_date), ($2, $5, $4, 'Oud', current_date - 400)`,
		s, o, net, partner, other)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "referrals", "employer_id", s, o, 3)
	// A referral stays with the network that made it.
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM referrals WHERE employer_id = $1 AND network_id = $2`, s, other); n != 1 {
		t.Errorf("the old referral changed network")
	}
}

func TestMergeEmployerMovesCommitments(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `INSERT INTO commitments (employer_id, kind_id, status) VALUES
		($1, (SELECT min(id) FROM commitment_kinds), 'getekend'), ($2, (SELECT min(id) FROM commitment_kinds), 'toegezegd')`, s, o)
	mergeEmployers(t, c, s, o)
	// Commitments are documents: both stay, even of one kind.
	allMoved(t, env, "commitments", "employer_id", s, o, 2)
}

func TestMergeEmployerMovesPlacementReports(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	report := func(employer int64, year, quarter, people int) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO placement_reports (employer_id, year, quarter, people, weekly_hours)
			VALUES ($1, $2, $3, $4, $4 * 20) RETURNING id`, employer, year, quarter, people)
	}
	keep := report(s, 2025, 1, 3)
	report(s, 2025, 2, 4)
	report(o, 2025, 1, 7) // clashes: the survivor's stands
	report(o, 2025, 3, 2)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "placement_reports", "employer_id", s, o, 3)
	if got := apptest.Scalar[int64](t, env, `SELECT id FROM placement_reports WHERE employer_id = $1 AND year = 2025 AND quarter = 1`, s); got != keep {
		t.Errorf("Q1 report %d kept, want the survivor's %d", got, keep)
	}
	// The dropped counts are in the audit entry.
	if d := mergeEntry(t, env, "employer", s)["vervallen plaatsingen 2025 K1"].Old; !strings.HasPrefix(d, "7 personen, 140") {
		t.Errorf("audit entry of the dropped report: %q", d)
	}
}

func TestMergeEmployerMovesPlacementLinks(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	contact := newContact(t, env, o, "Gea Link", "gea@example.org", 5)
	apptest.Exec(t, env, `INSERT INTO placement_links (employer_id, contact_id, token_hash, expires_at) VALUES
		($1, NULL, `+token+`, now() + interval '30 days'), ($2, $3, `+token+`, now() + interval '30 days')`, s, o, contact)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "placement_links", "employer_id", s, o, 2)
	if n := count(t, env, "placement_links", "contact_id", contact); n != 1 {
		t.Error("the link lost its contact")
	}
}

func TestMergeEmployerMovesMail(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	mail := func(employer int64) {
		apptest.Exec(t, env, `INSERT INTO mail_outbox (kind, employer_id, to_addr, subject, body_text, message_id)
			VALUES ('test', $1, 'a@example.org', 'Onderwerp', 'Tekst', gen_random_uuid()::text)`, employer)
	}
	mail(s)
	mail(o)
	mail(o)
	mergeEmployers(t, c, s, o)
	allMoved(t, env, "mail_outbox", "employer_id", s, o, 3)
}

func TestMergeEmployerMovesAuditLog(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	// A change through the portal, so the other employer has history.
	cid := newContact(t, env, o, "Henk Historie", "", 5)
	form := apptest.FormOf(t, c, "/werkgevers/"+apptest.ID(o)+"/contactpersonen/"+apptest.ID(cid)+"/bewerken")
	apptest.WantStatus(t, c.PostForm("/werkgevers/"+apptest.ID(o)+"/contactpersonen/"+apptest.ID(cid)+"/bewerken", apptest.With(form, "telefoon", "0612345678")), 303)
	before := count(t, env, "audit_log", "employer_id", s)
	moved := count(t, env, "audit_log", "employer_id", o)
	if moved == 0 {
		t.Fatal("the other employer has no history to move")
	}
	mergeEmployers(t, c, s, o)
	// Its history, and the merge entry itself.
	if n := count(t, env, "audit_log", "employer_id", s); n != before+moved+1 {
		t.Errorf("survivor has %d history entries, want %d", n, before+moved+1)
	}
	gone(t, env, "audit_log", "employer_id", o)
	body := c.Get("/werkgevers/" + apptest.ID(s)).Body
	if !strings.Contains(body, "Contactpersoon Henk Historie gewijzigd") {
		t.Error("the moved history is not on the survivor's profile")
	}
}
