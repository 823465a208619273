package employers_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

// A search of several words within one network (or two): the longest word
// chooses the candidates, the others are checked on them, wherever each
// word matches (name, place or a contact's name); employers and contacts of
// other networks never come in, whichever word they match.
func TestListSearchWordsInScope(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	netA := apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Netwerk A') RETURNING id`)
	netB := apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Netwerk B') RETURNING id`)
	add := func(net int64, name, city, contact string) int64 {
		id := apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, city) VALUES ($1, $2, $3) RETURNING id`, net, name, city)
		if contact != "" {
			apptest.Exec(t, pool, `INSERT INTO contacts (employer_id, name, function, level) VALUES ($1, $2, 'hr', 'tactisch')`, id, contact)
		}
		return id
	}
	molen := add(netA, "Molenaarsbedrijf Oost", "Deventer", "Jan Veldkamp")
	bakker := add(netA, "Bakkerij Oost", "Zutphen", "Petra Molenaarsbedrijf")
	add(netB, "Molenaarsbedrijf Oost", "Deventer", "Jan Veldkamp")
	add(netB, "Veldkamp Bouw", "Deventer", "")
	store := employers.NewStore(pool)
	for _, c := range []struct {
		q     string
		scope []int64
		want  []int64
	}{
		{"molenaarsbedrijf", []int64{netA}, []int64{molen, bakker}},
		{"oost molenaarsbedrijf", []int64{netA}, []int64{molen, bakker}},
		{"molenaarsbedrijf deventer", []int64{netA}, []int64{molen}},
		{"jan veldkamp deventer", []int64{netA}, []int64{molen}},
		{"veldkamp petra", []int64{netA}, nil},
		{"zutphen petra", []int64{netA}, []int64{bakker}},
		{"veldkamp bouw", []int64{netA}, nil},
		{"veldkamp bouw", []int64{netA, netB}, []int64{apptest.Scalar[int64](t, pool, `SELECT id FROM employers WHERE name = 'Veldkamp Bouw'`)}},
		{"oost zutphen", []int64{netB}, nil},
	} {
		items, total, err := store.List(ctx, identity.Scope{Networks: c.scope}, employers.ParseFilter(url.Values{"q": {c.q}}))
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		var got []int64
		for _, it := range items {
			got = append(got, it.ID)
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) || total != len(c.want) {
			t.Errorf("%q in %v: got %v (total %d), want %v", c.q, c.scope, got, total, c.want)
		}
	}
}
