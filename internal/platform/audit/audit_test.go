package audit_test

import (
	"context"
	"maps"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

func TestDiff(t *testing.T) {
	before := map[string]string{"naam": "Bakker", "plaats": "Enschede", "kvk": "", "weg": "iets", "leeg": ""}
	after := map[string]string{"naam": "Bakker BV", "plaats": "Enschede", "kvk": "12345678", "nieuw": ""}
	want := map[string]audit.Change{
		"naam": {Old: "Bakker", New: "Bakker BV"},
		"kvk":  {Old: "", New: "12345678"},
		"weg":  {Old: "iets"},
	}
	if got := audit.Diff(before, after); !maps.Equal(got, want) {
		t.Errorf("Diff = %v, want %v", got, want)
	}
	created := audit.Diff(nil, map[string]string{"naam": "X", "kvk": ""})
	if !maps.Equal(created, map[string]audit.Change{"naam": {New: "X"}}) {
		t.Errorf("Diff(nil, …) = %v", created)
	}
	if got := audit.Diff(after, after); len(got) != 0 {
		t.Errorf("Diff of equal maps = %v", got)
	}
}

func TestRecordAndForEmployer(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	var userID int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ('c@example.org', 'Corien de Vries', 'coordinator', 'x') RETURNING id`).Scan(&userID); err != nil {
		t.Fatal(err)
	}
	signed := identity.With(ctx, &identity.User{ID: userID, Name: "Corien de Vries", Role: identity.Coordinator})

	// Written in the caller's transaction: a rollback leaves no trace.
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := audit.Record(signed, tx, audit.Entry{Entity: "employer", EntityID: 5, EmployerID: 5, Action: audit.Updated,
			Changes: map[string]audit.Change{"naam": {Old: "A", New: "B"}}}); err != nil {
			return err
		}
		return context.Canceled
	})
	if err == nil {
		t.Fatal("transaction did not fail")
	}
	var n int
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&n)
	if n != 0 {
		t.Fatalf("rolled-back change left %d audit rows", n)
	}

	entries := []struct {
		ctx context.Context
		e   audit.Entry
	}{
		{signed, audit.Entry{Entity: "employer", EntityID: 5, EmployerID: 5, Action: audit.Created}},
		{signed, audit.Entry{Entity: "contact", EntityID: 9, EmployerID: 5, Action: audit.Updated,
			Changes: map[string]audit.Change{"email": {Old: "a@b.nl", New: "c@d.nl"}}}},
		{ctx, audit.Entry{Entity: "employer", EntityID: 5, EmployerID: 5, Action: audit.Updated, Source: "import"}},
		{signed, audit.Entry{Entity: "employer", EntityID: 6, EmployerID: 6, Action: audit.Created}},
		{signed, audit.Entry{Entity: "user", EntityID: userID, Action: "ingelogd", Actor: "Iemand Anders"}},
	}
	for _, e := range entries {
		if err := audit.Record(e.ctx, pool, e.e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := audit.ForEmployer(ctx, pool, 5, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d entries for employer 5, want 3: %+v", len(got), got)
	}
	// Newest first.
	if got[0].Source != "import" || got[0].Actor != "Systeem" || got[1].Entity != "contact" || got[2].Action != audit.Created {
		t.Errorf("entries %+v", got)
	}
	if got[1].Actor != "Corien de Vries" || got[1].Source != "web" || got[1].Changes["email"] != (audit.Change{Old: "a@b.nl", New: "c@d.nl"}) {
		t.Errorf("contact entry %+v", got[1])
	}
	if got[2].Changes == nil || len(got[2].Changes) != 0 {
		t.Errorf("entry without changes: %#v", got[2].Changes)
	}
	var uid *int64
	pool.QueryRow(ctx, `SELECT user_id FROM audit_log WHERE entity = 'contact'`).Scan(&uid)
	if uid == nil || *uid != userID {
		t.Errorf("user_id %v, want %d", uid, userID)
	}
	var actor string
	pool.QueryRow(ctx, `SELECT actor FROM audit_log WHERE entity = 'user'`).Scan(&actor)
	if actor != "Iemand Anders" {
		t.Errorf("explicit actor %q", actor)
	}
	if limited, _ := audit.ForEmployer(ctx, pool, 5, 2); len(limited) != 2 || limited[0].ID != got[0].ID {
		t.Errorf("limit 2: %+v", limited)
	}
}
