package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// A mail of one network, here a member's sign-in link, reaches the SMTP
// server under the network's sender name (set in /beheer), from the
// portal's own address; the domain code never names it.
func TestNetworkMailArrivesUnderTheNetworksSenderName(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := newMember(t, env, "afzender.test@example.org")
	apptest.Exec(t, env, `UPDATE networks SET mail_sender_name = 'Netwerk Oost-Twente' WHERE id = $1`, m.networkID)
	if res := env.Anonymous(t).PostForm("/mijn/inloggen", url.Values{"email": {m.email}}); res.StatusCode != http.StatusOK {
		t.Fatalf("request a sign-in link: %d", res.StatusCode)
	}
	for _, msg := range env.DeliverMail(t) {
		if len(msg.To) == 0 || msg.To[0] != m.email {
			continue
		}
		from, err := msg.Header.AddressList("From")
		if err != nil || len(from) != 1 || from[0].Name != "Netwerk Oost-Twente" || from[0].Address != apptest.From.Email {
			t.Fatalf("From: %v, %v; want %q <%s>", from, err, "Netwerk Oost-Twente", apptest.From.Email)
		}
		return
	}
	t.Fatal("no sign-in mail arrived")
}
