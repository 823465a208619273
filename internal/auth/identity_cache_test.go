package auth

import (
	"context"
	"testing"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/refcache"
)

// A signed-in user is read once per browser session and instance; any
// change to the user, their networks, a network or the session, made by
// any writer, reaches every instance (migration 00060). A copy per request
// keeps one request's changes from another.
func TestSessionIdentityCacheFollowsEveryWriter(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	var user, net1, net2, sess int64
	err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ('a@example.org', 'Ann', 'coordinator', 'x') RETURNING id`).Scan(&user)
	if err == nil {
		err = pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Alfa') RETURNING id`).Scan(&net1)
	}
	if err == nil {
		err = pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Beta') RETURNING id`).Scan(&net2)
	}
	if err == nil {
		_, err = pool.Exec(ctx, `INSERT INTO user_networks (user_id, network_id) VALUES ($1, $2)`, user, net1)
	}
	if err == nil {
		err = pool.QueryRow(ctx, `INSERT INTO user_sessions (user_id) VALUES ($1) RETURNING id`, user).Scan(&sess)
	}
	if err != nil {
		t.Fatal(err)
	}
	var stores []*Store
	for range 2 { // two instances
		c := refcache.NewOn(pool, IdentityChannel)
		defer c.Close()
		s := NewStore(pool)
		s.UseIdentityCache(c)
		stores = append(stores, s)
		dbtest.Eventually(t, c.Listening)
	}
	names := func(s *Store) string {
		u, err := s.sessionIdentity(ctx, user, sess)
		if err != nil {
			return err.Error()
		}
		out := u.Name
		for _, n := range u.Networks {
			out += " " + n.Name
		}
		return out
	}
	for _, s := range stores {
		if got := names(s); got != "Ann Alfa" {
			t.Fatalf("identity %q", got)
		}
	}
	u, _ := stores[0].sessionIdentity(ctx, user, sess)
	u.Name, u.Networks[0].Name = "changed by a request", "changed"
	if got := names(stores[0]); got != "Ann Alfa" {
		t.Errorf("a request's change reached the cache: %q", got)
	}
	steps := []struct {
		sql, want string
	}{
		{`UPDATE users SET name = 'Anna' WHERE id = $1`, "Anna Alfa"},
		{`INSERT INTO user_networks (user_id, network_id) SELECT $1, id FROM networks WHERE name = 'Beta'`, "Anna Alfa Beta"},
		{`UPDATE networks SET archived_at = now() WHERE name = 'Alfa' AND $1 > 0`, "Anna Beta"},
		{`INSERT INTO networks (name) SELECT 'Gamma' WHERE $1 > 0`, "Anna Beta"},
		{`UPDATE users SET role = 'beheerder' WHERE id = $1`, "Anna Beta Gamma"},
		{`DELETE FROM user_sessions WHERE user_id = $1`, apperr.ErrNotFound.Error()},
	}
	for _, st := range steps {
		if _, err := pool.Exec(ctx, st.sql, user); err != nil {
			t.Fatal(err)
		}
		for _, s := range stores {
			dbtest.Eventually(t, func() bool { return names(s) == st.want })
		}
	}
}
