package intake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/intake"
	"netwerkportaal/internal/platform/identity"
)

// TestListMatchesTheJoinedQuery checks the list, which reads intakes alone
// and the names by subqueries, against the plain six-table join it
// replaced (selectIntake with the scope on the employer's network): the
// same rows, in the same order, with the same names and counts, for every
// kind of scope and filter, on the first and a deeper page.
func TestListMatchesTheJoinedQuery(t *testing.T) {
	t.Parallel()
	pool := apptest.DemoDB(t)
	ctx := context.Background()
	// Enough intakes for three pages, in every status, over two years and
	// several networks; some expired, some without a contact, many with
	// the same last activity so the tie-break on id counts.
	_, err := pool.Exec(ctx, `INSERT INTO intakes (employer_id, year, status, contact_id, token_hash, expires_at,
			last_activity_at, done_steps)
		SELECT e.id, 2019 + (e.rn % 2),
			(ARRAY['uitgenodigd','geopend','bezig','ingediend','verwerkt','ingetrokken'])[1 + e.rn % 6],
			CASE WHEN e.rn % 5 = 0 THEN NULL ELSE (SELECT min(c.id) FROM contacts c WHERE c.employer_id = e.id) END,
			sha256(gen_random_uuid()::text::bytea),
			now() + CASE WHEN e.rn % 4 = 0 THEN interval '-1 day' ELSE interval '10 days' END,
			timestamptz '2024-03-01' + (e.rn % 40) * interval '1 hour',
			CASE WHEN e.rn % 3 = 0 THEN '{1,2,3}'::int[] ELSE '{}'::int[] END
		FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM employers
			WHERE NOT EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = employers.id)) e
		WHERE e.rn <= 160`)
	if err != nil {
		t.Fatal(err)
	}
	var nets []int64
	rows, _ := pool.Query(ctx, `SELECT DISTINCT network_id FROM intakes ORDER BY 1`)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		nets = append(nets, id)
	}
	if rows.Err() != nil || len(nets) < 2 {
		t.Fatalf("intakes in %d networks (%v)", len(nets), rows.Err())
	}
	word := apptest.Scalar[string](t, pool, `SELECT lower(split_part(e.name, ' ', 1)) FROM intakes i
		JOIN employers e ON e.id = i.employer_id ORDER BY i.id LIMIT 1`)

	store := intake.NewStore(pool, nil, nil)
	scopes := map[string]identity.Scope{
		"all":          {All: true},
		"one network":  {Networks: nets[:1]},
		"two networks": {Networks: nets[:2]},
		"no network":   {},
	}
	filters := []intake.Filter{{}, {Page: 2}, {Page: 3}, {Year: 2020}, {Network: nets[1]}, {Query: word},
		{Query: "%"}, {Status: intake.Expired}, {Status: intake.Busy, Page: 1}, {Status: intake.Submitted},
		{Status: intake.Revoked, Year: 2019, Query: string([]rune(word)[:2])}}
	seen := 0
	for name, scope := range scopes {
		for _, f := range filters {
			if f.Page == 0 {
				f.Page = 1
			}
			items, total, err := store.List(ctx, scope, f)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, f, err)
			}
			want, wantTotal := joinedList(t, pool, scope, f)
			got := make([]string, len(items))
			for i, it := range items {
				got[i] = fmt.Sprintf("%d %d %s %d %s %d %s %s %s %s %d", it.ID, it.EmployerID, it.EmployerName,
					it.NetworkID, it.NetworkName, it.Year, it.Status, it.ContactName,
					it.ExpiresAt.UTC().Format(utcMicro), it.LastActivityAt.UTC().Format(utcMicro), it.StepsDone)
			}
			if total != wantTotal || strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %+v: %d intakes\n%s\nwant %d\n%s", name, f, total, strings.Join(got, "\n"),
					wantTotal, strings.Join(want, "\n"))
			}
			seen += len(items)
		}
	}
	if seen == 0 {
		t.Fatal("no scope listed anything")
	}
}

// joinedList is the list as the six-table join read it.
func joinedList(t *testing.T, pool *pgxpool.Pool, scope identity.Scope, f intake.Filter) ([]string, int) {
	t.Helper()
	where := `WHERE ($1 OR e.network_id = ANY($2)) AND ($3 = 0 OR e.network_id = $3) AND ($4 = 0 OR i.year = $4)
		AND ($5 = '' OR e.name ILIKE '%' || replace(replace(replace($5, '\', '\\'), '%', '\%'), '_', '\_') || '%')
		AND CASE $6 WHEN '' THEN true
			WHEN 'verlopen' THEN i.status IN ('uitgenodigd', 'geopend', 'bezig') AND i.expires_at <= now()
			WHEN 'uitgenodigd' THEN i.status = $6 AND i.expires_at > now()
			WHEN 'geopend' THEN i.status = $6 AND i.expires_at > now()
			WHEN 'bezig' THEN i.status = $6 AND i.expires_at > now()
			ELSE i.status = $6 END`
	from := ` FROM intakes i JOIN employers e ON e.id = i.employer_id JOIN networks n ON n.id = e.network_id
		LEFT JOIN contacts c ON c.id = i.contact_id
		LEFT JOIN users ui ON ui.id = i.invited_by LEFT JOIN users up ON up.id = i.processed_by `
	args := []any{scope.All, scope.Networks, f.Network, f.Year, f.Query, f.Status}
	total := apptest.Scalar[int](t, pool, `SELECT count(*)`+from+where, args...)
	rows, err := pool.Query(context.Background(), `SELECT concat_ws(' ', i.id, i.employer_id, e.name, e.network_id, n.name,
		i.year, i.status, coalesce(c.name, ''), to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		to_char(i.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), cardinality(i.done_steps))`+
		from+where+` ORDER BY i.last_activity_at DESC, i.id DESC LIMIT 50 OFFSET $7`, append(args, (f.Page-1)*50)...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	return out, total
}

// utcMicro is how joinedList writes times.
const utcMicro = "2006-01-02T15:04:05.000000Z"
