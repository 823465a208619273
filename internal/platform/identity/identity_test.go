package identity

import (
	"context"
	"testing"
)

func TestRolesAndNetworks(t *testing.T) {
	nets := []Network{{ID: 1, Name: "Twente"}, {ID: 2, Name: "Utrecht"}}
	admin := &User{ID: 1, Role: Beheerder, Networks: nets}
	coord := &User{ID: 2, Role: Coordinator, Networks: nets[:1]}
	board := &User{ID: 3, Role: Bestuur, Networks: nets}
	stranger := &User{ID: 4, Role: "onbekend", Networks: nets}
	var anon *User

	cases := []struct {
		name            string
		u               *User
		network         int64
		read, write     bool
		seesAll, mayAny bool
	}{
		{"beheerder own", admin, 1, true, true, true, true},
		{"beheerder any network", admin, 99, true, true, true, true},
		{"coordinator own", coord, 1, true, true, false, true},
		{"coordinator other", coord, 2, false, false, false, true},
		{"bestuur own", board, 2, true, false, false, false},
		{"bestuur other", board, 99, false, false, false, false},
		{"unknown role", stranger, 1, true, false, false, false},
		{"anonymous", anon, 1, false, false, false, false},
	}
	for _, tc := range cases {
		if got := tc.u.CanRead(tc.network); got != tc.read {
			t.Errorf("%s: CanRead = %v", tc.name, got)
		}
		if got := tc.u.CanWrite(tc.network); got != tc.write {
			t.Errorf("%s: CanWrite = %v", tc.name, got)
		}
		if got := tc.u.SeesAll(); got != tc.seesAll {
			t.Errorf("%s: SeesAll = %v", tc.name, got)
		}
		if got := tc.u.MayWrite(); got != tc.mayAny {
			t.Errorf("%s: MayWrite = %v", tc.name, got)
		}
	}
	if ids := coord.NetworkIDs(); len(ids) != 1 || ids[0] != 1 {
		t.Errorf("NetworkIDs = %v", ids)
	}
	if got := (&User{Role: Coordinator}).NetworkIDs(); got == nil || len(got) != 0 {
		t.Errorf("no networks: %#v, want an empty, non-nil slice (SQL ANY needs an array)", got)
	}
	for u, want := range map[*User]string{admin: "Beheerder", coord: "Coördinator", board: "Bestuur", stranger: "onbekend"} {
		if got := u.RoleLabel(); got != want {
			t.Errorf("RoleLabel(%s) = %q", u.Role, got)
		}
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()
	if From(ctx) != nil {
		t.Error("a bare context has a user")
	}
	u := &User{ID: 7, Name: "Corien"}
	if got := From(With(ctx, u)); got != u {
		t.Errorf("From(With(u)) = %v", got)
	}
}
