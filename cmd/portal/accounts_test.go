package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/db/dbtest"
)

// A scripted install: a network, then a user in it, then a reset link.
func TestNetworkCreateAndResetPassword(t *testing.T) {
	pool := dbtest.New(t)
	t.Setenv("DATABASE_URL", dbtest.DSN(pool))
	ctx := context.Background()
	var out, errOut bytes.Buffer
	// The empty database has a setup link to offer.
	if tok, ok, err := auth.NewStore(pool).SetupLink(ctx); err != nil || !ok || len(tok) != 43 {
		t.Fatalf("setup link on an empty database: %q %v %v", tok, ok, err)
	}
	if err := run([]string{"network", "create", "-name", "99vanTwente", "-region", "twente"}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("network create: %v", err)
	}
	var region string
	if err := pool.QueryRow(ctx, `SELECT r.name FROM networks n JOIN regions r ON r.id = n.region_id WHERE n.name = '99vanTwente'`).Scan(&region); err != nil || region != "Twente" {
		t.Fatalf("network stored with region %q: %v", region, err)
	}
	for _, bad := range [][]string{
		{"network", "create", "-name", "99vanTwente"},
		{"network", "create", "-name", "X", "-region", "Atlantis"},
		{"network", "create", "-name", "Y", "-scale", "Geen"},
		{"network", "create"},
	} {
		if err := run(bad, strings.NewReader(""), &out, &errOut); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	args := []string{"user", "create", "-email", "co@example.org", "-name", "Co", "-role", "coordinator", "-networks", "99vanTwente", "-password-stdin"}
	if err := run(args, strings.NewReader("fiets-regen-koffie\n"), &out, &errOut); err != nil {
		t.Fatalf("user create: %v", err)
	}
	// No setup link once someone exists.
	if _, ok, err := auth.NewStore(pool).SetupLink(ctx); err != nil || ok {
		t.Errorf("setup link with a user: %v %v", ok, err)
	}
	out.Reset()
	if err := run([]string{"user", "reset-password", "-email", "CO@example.org"}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("reset-password: %v", err)
	}
	if !strings.Contains(out.String(), "/wachtwoord-instellen/") {
		t.Errorf("no link printed: %q", out.String())
	}
	if err := run([]string{"user", "reset-password", "-email", "niemand@example.org"}, strings.NewReader(""), &out, &errOut); err == nil || !strings.Contains(err.Error(), "geen account") {
		t.Errorf("unknown account: %v", err)
	}
	// The CLI applies the same password rules as the portal.
	weak := []string{"user", "create", "-email", "zwak@example.org", "-name", "Z", "-role", "beheerder", "-password-stdin"}
	if err := run(weak, strings.NewReader("password1234\n"), &out, &errOut); err == nil || !strings.Contains(err.Error(), "veelgebruikte") {
		t.Errorf("common password: %v", err)
	}
}
