package auth_test

import (
	"context"
	"strings"
	"testing"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

func TestPasswordHashing(t *testing.T) {
	hash, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "correct horse") {
		t.Errorf("hash %q", hash)
	}
	if !auth.CheckPassword("correct horse battery", hash) {
		t.Error("right password refused")
	}
	for _, p := range []string{"", "correct horse batter", "Correct horse battery"} {
		if auth.CheckPassword(p, hash) {
			t.Errorf("password %q accepted", p)
		}
	}
	if auth.CheckPassword("x", "") || auth.CheckPassword("x", "$argon2id$kapot") {
		t.Error("a malformed hash matches")
	}
	if a, b := auth.GeneratePassword(), auth.GeneratePassword(); len(a) < 20 || a == b {
		t.Errorf("generated passwords %q %q", a, b)
	}
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	store := auth.NewStore(pool)
	if _, err := pool.Exec(ctx, `INSERT INTO networks (name) VALUES ('Twente'), ('Utrecht')`); err != nil {
		t.Fatal(err)
	}
	good := auth.NewUser{Email: " Nieuw@Example.org ", Name: "Nieuwe Coördinator", Role: identity.Coordinator,
		Networks: []string{"twente"}, Password: "lang-genoeg-wachtwoord"}
	for _, tc := range []struct {
		name   string
		change func(*auth.NewUser)
		want   string
	}{
		{"bad e-mail", func(u *auth.NewUser) { u.Email = "geen-adres" }, "e-mailadres"},
		{"no name", func(u *auth.NewUser) { u.Name = "  " }, "naam"},
		{"bad role", func(u *auth.NewUser) { u.Role = "koning" }, "rol"},
		{"coordinator without network", func(u *auth.NewUser) { u.Networks = nil }, "netwerk"},
		{"short password", func(u *auth.NewUser) { u.Password = "kort" }, "12 tekens"},
		{"unknown network", func(u *auth.NewUser) { u.Networks = []string{"Atlantis"} }, "Atlantis"},
	} {
		u := good
		tc.change(&u)
		_, err := store.CreateUser(ctx, u)
		if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	var n int
	pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	if n != 0 {
		t.Fatalf("invalid users created: %d", n)
	}
	id, err := store.CreateUser(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.Identity(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "nieuw@example.org" || u.Role != identity.Coordinator || len(u.Networks) != 1 || u.Networks[0].Name != "Twente" {
		t.Errorf("created %+v", u)
	}
	var hash, source string
	pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&hash)
	if !auth.CheckPassword(good.Password, hash) {
		t.Error("stored hash does not match the password")
	}
	pool.QueryRow(ctx, `SELECT source FROM audit_log WHERE entity = 'user' AND entity_id = $1`, id).Scan(&source)
	if source != "cli" {
		t.Errorf("audit source %q", source)
	}
	if _, err := store.CreateUser(ctx, good); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("duplicate e-mail: %v", err)
	}
	// A beheerder sees every network without being assigned to one.
	admin := good
	admin.Email, admin.Role, admin.Networks = "beheer@example.org", identity.Beheerder, nil
	aid, err := store.CreateUser(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := store.Identity(ctx, aid); len(a.Networks) != 2 {
		t.Errorf("beheerder networks %+v", a.Networks)
	}
	// A deactivated user has no identity.
	pool.Exec(ctx, `UPDATE users SET active = false WHERE id = $1`, id)
	if _, err := store.Identity(ctx, id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("deactivated identity: %v", err)
	}
}
