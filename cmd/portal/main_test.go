package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/db/dbtest"
)

func TestBadConfigurationIsReportedClearly(t *testing.T) {
	t.Setenv("ADDR", "geen-adres")
	t.Setenv("LOG_LEVEL", "hard")
	var out, errOut bytes.Buffer
	err := run([]string{"serve"}, strings.NewReader(""), &out, &errOut)
	if err == nil {
		t.Fatal("expected an error for a bad ADDR")
	}
	for _, want := range []string{"ongeldige instellingen", "ADDR", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"vlieg"}, strings.NewReader(""), &out, &errOut); err == nil || !strings.Contains(err.Error(), "onbekende opdracht") {
		t.Fatalf("got %v", err)
	}
	if err := run(nil, strings.NewReader(""), &out, &errOut); err != nil || !strings.Contains(out.String(), "portal serve") {
		t.Fatalf("usage: %v %q", err, out.String())
	}
}

func TestUserCreate(t *testing.T) {
	pool := dbtest.New(t)
	t.Setenv("DATABASE_URL", dbtest.DSN(pool))
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO networks (name) VALUES ('99vanTwente')`); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	args := []string{"user", "create", "-email", "Nieuw@Example.org", "-name", "Nieuwe Coördinator", "-role", "coordinator",
		"-networks", "99vanTwente", "-password-stdin"}
	if err := run(args, strings.NewReader("een-lang-wachtwoord\n"), &out, &errOut); err != nil {
		t.Fatalf("user create: %v\n%s", err, errOut.String())
	}
	var hash, role string
	var networks int
	err := pool.QueryRow(ctx, `SELECT password_hash, role, (SELECT count(*) FROM user_networks un WHERE un.user_id = u.id)
		FROM users u WHERE email = 'nieuw@example.org'`).Scan(&hash, &role, &networks)
	if err != nil {
		t.Fatal(err)
	}
	if role != "coordinator" || networks != 1 || !auth.CheckPassword("een-lang-wachtwoord", hash) || !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("stored: role %s, %d networks, hash %.20s", role, networks, hash)
	}
	// A second account with that address, an unknown network, or a short
	// password is refused with a clear message.
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{args, "een-lang-wachtwoord\n", "bestaat al"},
		{[]string{"user", "create", "-email", "b@example.org", "-name", "B", "-role", "bestuur", "-networks", "Nergens", "-password-stdin"}, "een-lang-wachtwoord\n", "bestaat niet"},
		{[]string{"user", "create", "-email", "c@example.org", "-name", "C", "-role", "beheerder", "-password-stdin"}, "kort\n", "12 tekens"},
		{[]string{"user", "create", "-email", "d@example.org", "-name", "D", "-role", "baas", "-password-stdin"}, "een-lang-wachtwoord\n", "rol"},
	} {
		err := run(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error with %q", tc.args[3], err, tc.want)
		}
	}
}

func TestGeneratedPasswordIsShownOnce(t *testing.T) {
	pool := dbtest.New(t)
	t.Setenv("DATABASE_URL", dbtest.DSN(pool))
	var out, errOut bytes.Buffer
	err := run([]string{"user", "create", "-email", "admin@example.org", "-name", "Admin", "-role", "beheerder"}, strings.NewReader(""), &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	_, pw, ok := strings.Cut(out.String(), "Wachtwoord (alleen nu zichtbaar): ")
	pw = strings.TrimSpace(pw)
	if !ok || len(pw) < 16 {
		t.Fatalf("no generated password in output: %q", out.String())
	}
	var hash string
	pool.QueryRow(context.Background(), `SELECT password_hash FROM users WHERE email = 'admin@example.org'`).Scan(&hash)
	if !auth.CheckPassword(pw, hash) {
		t.Error("the shown password does not sign in")
	}
}
