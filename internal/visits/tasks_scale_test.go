package visits_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/visits"
	"netwerkportaal/web"
)

// TestTasksAgreeWithTheRows: the four lists of /taken, read per network
// from the indexes and counted from index entries (issue 12), hold the
// same rows in the same order, and the same totals, as a plain query over
// all the rows computes them: for one network, two, and all, with more
// than a page per list and network, ties on every date and names that
// differ only in case; the first rows that /taken shows and every page of
// the lists' own pages, the last one short.
func TestTasksAgreeWithTheRows(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := context.Background()
	net1, net2, net3 := networkAt(t, env, 1), networkAt(t, env, 2), networkAt(t, env, 3)
	owner := userID(t, env, apptest.Coordinator)
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name)
		VALUES ((SELECT region_id FROM networks WHERE id = $1), 'wsp', 'WSP Schaal') RETURNING id`, net1)
	for i, n := range []int64{net1, net2, net3} {
		fillTasks(t, env, n, owner, partner, 70-20*i)
	}
	today := now()
	store := visits.NewStore(env.Pool)
	for _, scope := range []identity.Scope{
		{Networks: []int64{net1}}, {Networks: []int64{net2, net1}}, {All: true}, {Networks: []int64{}},
	} {
		all := wantTasks(t, env, scope, owner, today)
		if scope.All && (all.ToVisitTotal <= 2*web.TaskPageRows || all.FollowUpsTotal <= web.TaskPageRows || all.ReferralsTotal <= web.TaskPageRows) {
			t.Fatalf("the lists do not go past a page: %+v", totals(all))
		}
		for _, w := range windows(all) {
			got, err := store.Tasks(ctx, visits.TaskQuery{Scope: scope, UserID: owner, Today: today, Window: w})
			if err != nil {
				t.Fatal(err)
			}
			want := cut(all, w)
			if !slices.Equal(taskIDs(got), taskIDs(want)) {
				t.Errorf("scope %+v, window %+v: lists\n%v, want\n%v", scope, w, taskIDs(got), taskIDs(want))
			}
			// An empty window past the end of a list has no row to carry
			// the total in; the pages never ask for one.
			if g, wt := totals(got), totals(want); !slices.Equal(g, wt) && w.Offset == 0 {
				t.Errorf("scope %+v, window %+v: totals %v, want %v", scope, w, g, wt)
			}
		}
	}

	// The lists' own pages show those rows, a page at a time.
	coord := env.Login(t, apptest.Coordinator)
	all := wantTasks(t, env, identity.Scope{Networks: []int64{net1}}, owner, today)
	for _, l := range visits.TaskLists {
		var got []int64
		for page := 1; page <= (total(all, l)+web.TaskPageRows-1)/web.TaskPageRows; page++ {
			doc := coord.Get(fmt.Sprintf("/taken/%s?pagina=%d", l, page)).Doc(t)
			got = append(got, rowIDs(t, doc, l)...)
			if want := fmt.Sprintf("%d in totaal, pagina %d van", total(all, l), page); !strings.Contains(apptest.Text(doc.Find(".result-count")), want) {
				t.Errorf("%s page %d: %q, want %q", l, page, apptest.Text(doc.Find(".result-count")), want)
			}
		}
		if want := listIDs(all, l); !slices.Equal(got, want) {
			t.Errorf("/taken/%s: rows\n%v, want\n%v", l, got, want)
		}
	}
}

// windows are the parts of the lists to compare: the first rows of /taken,
// and every page of the longest list and one past its end.
func windows(all visits.Tasks) []web.TaskWindow {
	out := []web.TaskWindow{{Limit: web.TaskRows}}
	longest := slices.Max(totals(all))
	for off := 0; off <= longest; off += web.TaskPageRows {
		out = append(out, web.TaskWindow{Offset: off, Limit: web.TaskPageRows})
	}
	return out
}

// cut is the window w of every list of all.
func cut(all visits.Tasks, w web.TaskWindow) visits.Tasks {
	part := func(n int) (int, int) { return min(w.Offset, n), min(w.Offset+w.Limit, n) }
	t := all
	i, j := part(len(all.FollowUps))
	t.FollowUps = all.FollowUps[i:j]
	i, j = part(len(all.ToVisit))
	t.ToVisit = all.ToVisit[i:j]
	i, j = part(len(all.Intakes))
	t.Intakes = all.Intakes[i:j]
	i, j = part(len(all.Referrals))
	t.Referrals = all.Referrals[i:j]
	return t
}

func totals(t visits.Tasks) []int {
	return []int{t.FollowUpsTotal, t.ToVisitTotal, t.IntakesTotal, t.ReferralsTotal}
}

// total is the number of rows of list l.
func total(t visits.Tasks, l visits.TaskList) int {
	return totals(t)[slices.Index(visits.TaskLists, l)]
}

// listIDs are the ids of list l of t, as rowIDs finds them on its page.
func listIDs(t visits.Tasks, l visits.TaskList) []int64 {
	lists := slices.Collect(func(yield func([]int64) bool) {
		var cur []int64
		for _, id := range append(taskIDs(t), 0) {
			if id == 0 {
				if !yield(cur) {
					return
				}
				cur = nil
				continue
			}
			cur = append(cur, id)
		}
	})
	return lists[slices.Index(visits.TaskLists, l)]
}

// rowIDs are the ids of the rows of list l on a page: the follow-up, the
// employer or the referral each row is about.
func rowIDs(t *testing.T, doc *goquery.Document, l visits.TaskList) []int64 {
	t.Helper()
	pattern := map[visits.TaskList]string{
		visits.FollowUpsList: `tr[id^="taak-"]`, visits.ToVisitList: `tbody tr td:first-child a`,
		visits.IntakesList: `tbody tr td:first-child a`, visits.ReferralsList: `tbody tr td:last-child a`,
	}[l]
	var out []int64
	doc.Find("main " + pattern).Each(func(_ int, s *goquery.Selection) {
		m := regexp.MustCompile(`\d+`).FindString(s.AttrOr("id", "") + s.AttrOr("href", ""))
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil {
			t.Errorf("%s: no id in %q", l, apptest.Text(s))
		}
		out = append(out, id)
	})
	return out
}

// fillTasks adds n members to a network with names, visits, intakes,
// referrals and follow-ups whose dates repeat, so the orders need every
// key they have.
func fillTasks(t *testing.T, env *apptest.Env, network, owner, partner int64, n int) {
	t.Helper()
	apptest.Exec(t, env, `WITH m AS (
			INSERT INTO employers (network_id, name, status)
			SELECT $1, (ARRAY['alfa', 'Alfa', 'Beta', 'gamma', 'Delta'])[g % 5 + 1] || ' ' || (g % 7), 'lid'
			FROM generate_series(1, $2::int) g RETURNING id),
		v AS (INSERT INTO visits (employer_id, kind, visited_on)
			SELECT id, CASE WHEN id % 5 = 0 THEN 'telefoon' ELSE 'bezoek' END, current_date - (200 + (id % 4) * 150)::int
			FROM m WHERE id % 3 <> 0),
		i AS (INSERT INTO intakes (employer_id, year, status, token_hash, expires_at, submitted_at)
			SELECT id, 2000 + (id % 3)::int, (ARRAY['ingediend', 'verwerkt', 'uitgenodigd'])[id % 3 + 1], sha256(('schaal' || id)::bytea),
				now() + ((id % 2) * 40 - 20) * interval '1 day', date_trunc('day', now()) - (id % 5) * interval '200 days'
			FROM m WHERE id % 4 <> 0),
		r AS (INSERT INTO referrals (employer_id, network_id, partner_id, question, referred_on, status, follow_up_on)
			SELECT id, $1, $3, 'Vraag ' || id, current_date - 30, (ARRAY['open', 'opgepakt', 'afgerond', 'doorverwezen'])[id % 4 + 1],
				current_date - (id % 6)::int + 1
			FROM m)
		INSERT INTO follow_ups (employer_id, description, owner_id, due_on, done_at)
		SELECT id, 'Opvolging ' || id, $4, current_date + (id % 5)::int - 2, CASE WHEN id % 7 = 0 THEN now() END FROM m`,
		network, n, partner, owner)
}

// wantTasks computes the lists as the plain queries did before issue 12:
// every matching row, sorted, and counted.
func wantTasks(t *testing.T, env *apptest.Env, scope identity.Scope, owner int64, today time.Time) visits.Tasks {
	t.Helper()
	nets := scope.Networks
	if nets == nil {
		nets = []int64{}
	}
	var w visits.Tasks
	list := func(sql string, args ...any) ([]int64, int) {
		all := ids(t, env, sql, args...)
		return all, len(all)
	}
	var got []int64
	got, w.FollowUpsTotal = list(`SELECT f.id FROM follow_ups f JOIN employers e ON e.id = f.employer_id
		WHERE ($1 OR e.network_id = ANY($2)) AND f.owner_id = $3 AND f.done_at IS NULL
		ORDER BY f.due_on, lower(e.name), f.id`, scope.All, nets, owner)
	for _, id := range got {
		w.FollowUps = append(w.FollowUps, visits.FollowUp{ID: id})
	}
	got, w.ToVisitTotal = list(`SELECT e.id FROM employers e
		WHERE ($1 OR e.network_id = ANY($2)) AND e.status = 'lid' AND (e.last_visit_on IS NULL OR e.last_visit_on < $3::date - interval '12 months')
		ORDER BY e.last_visit_on NULLS FIRST, lower(e.name), e.id`, scope.All, nets, today)
	for _, id := range got {
		w.ToVisit = append(w.ToVisit, visits.ToVisit{EmployerID: id})
	}
	got, w.IntakesTotal = list(`SELECT e.id FROM employers e
		WHERE ($1 OR e.network_id = ANY($2)) AND e.status = 'lid' AND (e.last_intake_at IS NULL OR e.last_intake_at < $3::date - interval '1 year')
		ORDER BY e.last_intake_at NULLS FIRST, lower(e.name), e.id`, scope.All, nets, today)
	for _, id := range got {
		w.Intakes = append(w.Intakes, visits.StaleIntake{EmployerID: id})
	}
	got, w.ReferralsTotal = list(`SELECT r.id FROM referrals r
		WHERE ($1 OR r.network_id = ANY($2)) AND r.follow_up_on <= $3 AND r.status NOT IN ('afgerond', 'niet_gelukt')
		ORDER BY r.follow_up_on, r.id`, scope.All, nets, today)
	for _, id := range got {
		w.Referrals = append(w.Referrals, visits.Referral{ID: id})
	}
	return w
}

// taskIDs are the ids of the four lists, each list ended by a zero.
func taskIDs(t visits.Tasks) []int64 {
	var out []int64
	for _, f := range t.FollowUps {
		out = append(out, f.ID)
	}
	out = append(out, 0)
	for _, v := range t.ToVisit {
		out = append(out, v.EmployerID)
	}
	out = append(out, 0)
	for _, i := range t.Intakes {
		out = append(out, i.EmployerID)
	}
	out = append(out, 0)
	for _, r := range t.Referrals {
		out = append(out, r.ID)
	}
	return out
}
