package duplicates_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/duplicates"
	"netwerkportaal/internal/platform/identity"
)

// oneStatementPairs runs the search the kept pairs replaced, for the
// whole database (the beheerder's view).
func oneStatementPairs(t testing.TB, env *apptest.Env) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := pgx.BeginTxFunc(ctx, env.Pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('pg_trgm.similarity_threshold', '0.6', true)`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, duplicates.OneStatementPairsSQL, true, []int64{}, 0.6, duplicates.MaxPairs)
		if err != nil {
			return err
		}
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%v-%v %.3f", v[0], v[5], v[10]))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// keptPairs are the pairs /dubbelen lists for the beheerder, in order.
func keptPairs(t testing.TB, env *apptest.Env) []string {
	t.Helper()
	pairs, err := duplicates.NewStore(env.Pool).EmployerPairs(context.Background(), identity.Scope{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pairs {
		out = append(out, fmt.Sprintf("%d-%d %.3f", p.A.ID, p.B.ID, p.Similarity))
	}
	return out
}

func samePairs(t testing.TB, env *apptest.Env, step string) {
	t.Helper()
	want, got := oneStatementPairs(t, env), keptPairs(t, env)
	if len(want) == 0 {
		t.Fatalf("%s: the reference search finds no pairs: the test data is broken", step)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: kept pairs\n%v\nwant (one-statement search)\n%v", step, got, want)
	}
}

func ageText(t testing.TB, c *apptest.Client) string {
	t.Helper()
	return apptest.Text(listDoc(t, c).Find("#dubbele-werkgevers ~ p.muted, #dubbele-werkgevers ~ p.notice").First())
}

// TestKeptPairsAnswerAsTheFullSearch: the pairs kept in employer_dup_pairs
// (a full comparison, then the queued changes; issue 12) are exactly the
// answer of the one-statement search they replaced, after inserts,
// renames, moves, erasure and deletion; a page view compares a few
// changes itself, more are left to the background and the page says so;
// and a pass skips while another instance compares.
func TestKeptPairsAnswerAsTheFullSearch(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := duplicates.NewStore(env.Pool)
	admin := env.Login(t, apptest.Beheerder)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	n := seq.Add(1)
	name := func(s string) string { return fmt.Sprintf("%s %d", s, n) }
	similar := newEmployer(t, env, net1, name("Installatiebedrijf Hofstede"), "Goor", 20)
	newEmployer(t, env, net1, name("Installatiebedrijf Hofsteede"), "GOOR ", 10)
	newEmployer(t, env, net2, name("Drukkerij Lansink Holding B.V."), "Hengelo", 20)
	bv := newEmployer(t, env, net1, name("Drukkerij Lansink BV"), "Enschede", 10)
	pc1 := newEmployer(t, env, net1, name("Autobedrijf Meulenbelt"), "", 20)
	pc2 := newEmployer(t, env, net1, name("Autobedrijf Meulenbelt VOF"), "Markelo", 10)
	apptest.Exec(t, env, `UPDATE employers SET postcode = '7475 AB' WHERE id IN ($1, $2)`, pc1, pc2)
	loner := newEmployer(t, env, net1, name("Bakkerij Wolters"), "Rijssen", 5)

	if got := ageText(t, admin); !strings.Contains(got, "Alle opgeslagen wijzigingen") {
		t.Fatalf("after the first view: %q", got)
	}
	samePairs(t, env, "first comparison")
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM employers WHERE dup_name <> `+duplicates.NormName("name")); n != 0 {
		t.Fatalf("%d employers whose dup_name is not normName(name)", n)
	}

	// Changes a page view compares itself.
	apptest.Exec(t, env, `UPDATE employers SET name = $2 WHERE id = $1`, loner, name("Installatiebedrijf Hofstedde"))
	apptest.Exec(t, env, `UPDATE employers SET city = 'Rijssen', postcode = NULL WHERE id = $1`, similar)
	apptest.Exec(t, env, `UPDATE employers SET erased_at = now() WHERE id = $1`, bv)
	apptest.Exec(t, env, `DELETE FROM employers WHERE id = $1`, pc2)
	apptest.Exec(t, env, `UPDATE employers SET city = 'Goor' WHERE id = $1`, loner)
	if got := ageText(t, admin); !strings.Contains(got, "Alle opgeslagen wijzigingen") {
		t.Fatalf("after a few changes: %q", got)
	}
	samePairs(t, env, "a few changes")

	// More changes than a page view compares: the page says how many wait
	// and lists the pairs as they were; the background pass catches up.
	for i := range 60 {
		newEmployer(t, env, net2, fmt.Sprintf("Schildersbedrijf Nijhof %d-%d", n, i), "Almelo", 1)
	}
	if got := ageText(t, admin); !strings.Contains(got, "60 gewijzigde werkgevers worden nog vergeleken") {
		t.Fatalf("with 60 changes waiting: %q", got)
	}
	// Another instance comparing holds the state row: this pass skips.
	skipsBesideAnotherInstance(t, env, store, "employer", 60)
	refreshUntilDone(t, store)
	samePairs(t, env, "background pass")
	if got := ageText(t, admin); !strings.Contains(got, "Alle opgeslagen wijzigingen") {
		t.Fatalf("after the background pass: %q", got)
	}
}

// skipsBesideAnotherInstance holds kind's state row as another instance
// comparing would, and checks that a pass skips and leaves all queued
// rows waiting.
func skipsBesideAnotherInstance(t *testing.T, env *apptest.Env, store *duplicates.Store, kind string, queued int) {
	t.Helper()
	ctx := context.Background()
	tx, err := env.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM `+kind+`_dup_state FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	if more, err := store.RefreshPairs(ctx, false); err != nil || more {
		t.Fatalf("refresh beside another instance: more %v, %v", more, err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM `+kind+`_dup_queue`); n != queued {
		t.Fatalf("%d queued after a skipped pass, want %d", n, queued)
	}
}

// refreshUntilDone runs background passes until nothing waits.
func refreshUntilDone(t *testing.T, store *duplicates.Store) {
	t.Helper()
	for {
		more, err := store.RefreshPairs(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			return
		}
	}
}
