package outbox_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/mail"
)

// TestDetailShowsFurtherRecipientsAndHTML: the mail's page names every To
// recipient, not only the first, and says whether an HTML version went
// along.
func TestDetailShowsFurtherRecipientsAndHTML(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, network := env.EmployerOf(t, 1, "lid")
	ctx := context.Background()
	both, err := mail.Enqueue(ctx, env.Pool, mail.Message{Kind: "kennismaking", NetworkID: network, EmployerID: employer,
		To:      mail.Address{Name: "Bea Bakker", Email: "bea@example.org"},
		AlsoTo:  []mail.Address{{Name: "Cas Claassen", Email: "cas@example.org"}, {Email: "dirk@example.org"}},
		Subject: "Kennismaking", Text: "Beste Bea en Cas,", HTML: "<p>Beste Bea en Cas,</p>"})
	if err != nil {
		t.Fatal(err)
	}
	plain := queue(t, env, network, employer, "Alleen tekst")
	coord := env.Login(t, apptest.Coordinator)

	res := coord.Get(mailPath(both))
	apptest.WantStatus(t, res, http.StatusOK)
	doc := res.Doc(t)
	var also, format string
	doc.Find("main dl dt").Each(func(_ int, dt *goquery.Selection) {
		switch apptest.Text(dt) {
		case "Ook aan":
			also = apptest.Text(dt.Next())
		case "Opmaak":
			format = apptest.Text(dt.Next())
		}
	})
	if !strings.Contains(also, "Cas Claassen <cas@example.org>") || !strings.Contains(also, "dirk@example.org") {
		t.Errorf("Ook aan = %q", also)
	}
	if format != "Platte tekst en een HTML-versie" {
		t.Errorf("Opmaak = %q", format)
	}

	doc = coord.Get(mailPath(plain)).Doc(t)
	if strings.Contains(apptest.Text(doc.Find("main dl")), "Ook aan") {
		t.Error("a mail to one recipient lists further recipients")
	}
	if !strings.Contains(apptest.Text(doc.Find("main dl")), "Alleen platte tekst") {
		t.Error("a plain mail does not say so")
	}
}
