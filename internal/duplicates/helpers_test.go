package duplicates_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/audit"
)

// count counts the rows of table whose column is id.
func count(t testing.TB, env *apptest.Env, table, column string, id int64) int {
	t.Helper()
	return apptest.Scalar[int](t, env, fmt.Sprintf(`SELECT count(*)::int FROM %s WHERE %s = $1`, table, column), id)
}

// networkAt returns the id of the demo network at position pos (1-based).
func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

var seq atomic.Int64

// unique returns a name no demo record has.
func unique(prefix string) string { return fmt.Sprintf("%s %d", prefix, seq.Add(1)) }

// newEmployer inserts an employer created daysAgo days ago.
func newEmployer(t testing.TB, env *apptest.Env, network int64, name, city string, daysAgo int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, city, created_at)
		VALUES ($1, $2, $3, now() - $4 * interval '1 day') RETURNING id`, network, name, city, daysAgo)
}

// employerPair inserts two employers of one network that are alike; the
// first, older one stays by default.
func employerPair(t testing.TB, env *apptest.Env, network int64) (survivor, other int64) {
	t.Helper()
	name := unique("Zuivelfabriek Koeleman")
	return newEmployer(t, env, network, name+" B.V.", "Hengevelde", 30), newEmployer(t, env, network, name, "Hengevelde", 2)
}

// newContact inserts an active contact created daysAgo days ago.
func newContact(t testing.TB, env *apptest.Env, employer int64, name, email string, daysAgo int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level, active_from, created_at)
		VALUES ($1, $2, $3, 'hr', 'tactisch', current_date - 60, now() - $4 * interval '1 day') RETURNING id`,
		employer, name, email, daysAgo)
}

// contactPair inserts the same person twice at an employer.
func contactPair(t testing.TB, env *apptest.Env, employer int64) (survivor, other int64) {
	t.Helper()
	name := unique("Fenna Oldenhuis")
	email := strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.org"
	return newContact(t, env, employer, name, email, 30), newContact(t, env, employer, name, strings.ToUpper(email), 2)
}

func ePairPath(a, b int64) string { return fmt.Sprintf("/dubbelen/werkgevers/%d/%d", a, b) }

func cPairPath(a, b int64) string { return fmt.Sprintf("/dubbelen/contactpersonen/%d/%d", a, b) }

// mergeEmployers merges other into survivor as a user who takes the
// defaults of the form, changed by kv, and expects the redirect to the
// survivor's profile.
func mergeEmployers(t testing.TB, c *apptest.Client, survivor, other int64, kv ...string) {
	t.Helper()
	path := ePairPath(survivor, other)
	res := c.PostForm(path, apptest.With(apptest.FormOf(t, c, path), append([]string{"overlevende", apptest.ID(survivor)}, kv...)...))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/werkgevers/"+apptest.ID(survivor) {
		t.Fatalf("merge went to %q", loc)
	}
}

// mergeContacts is mergeEmployers for contacts.
func mergeContacts(t testing.TB, c *apptest.Client, survivor, other int64, kv ...string) {
	t.Helper()
	path := cPairPath(survivor, other)
	res := c.PostForm(path, apptest.With(apptest.FormOf(t, c, path), append([]string{"overlevende", apptest.ID(survivor)}, kv...)...))
	apptest.WantStatus(t, res, http.StatusSeeOther)
}

// mergeEntry returns the changes of the last merge entry about entity id.
func mergeEntry(t testing.TB, env *apptest.Env, entity string, entityID int64) map[string]audit.Change {
	t.Helper()
	raw := apptest.Scalar[[]byte](t, env, `SELECT changes FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = 'samengevoegd'
		ORDER BY id DESC LIMIT 1`, entity, entityID)
	var m map[string]audit.Change
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// gone asserts that the merged record has left no trace in table.
func gone(t testing.TB, env *apptest.Env, table, column string, other int64) {
	t.Helper()
	if n := count(t, env, table, column, other); n != 0 {
		t.Errorf("%d rows of %s still point at %d", n, table, other)
	}
}

// allMoved checks that after a merge the survivor s has want rows of table
// (by column) and the other employer o none.
func allMoved(t testing.TB, env *apptest.Env, table, column string, s, o int64, want int) {
	t.Helper()
	if n := count(t, env, table, column, s); n != want {
		t.Errorf("survivor has %d rows of %s, want %d", n, table, want)
	}
	gone(t, env, table, column, o)
}

// token is a fresh 32-byte token hash, as SQL.
const token = `sha256(gen_random_uuid()::text::bytea)`
