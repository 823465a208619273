package dashboard_test

import (
	"net/http"

	"github.com/PuerkitoBio/goquery"
	"strings"
	"testing"
)

// Sections 9 and 10 on the hand-built network A (answers in the fixture's
// recruitment comment): the wish profile in words with the growth warning
// among the signals at the top, the pipeline per stage and per source, and
// their downloads. B's prospect does not count for A.
func TestRecruitmentSections(t *testing.T) {
	e := newEnv(t)
	c := e.fixedClient(t, "coordinator", e.netA)
	doc := c.Get("/dashboard/?netwerk=" + e.net(e.netA)).Doc(t)
	for sel, want := range map[string]string{
		"#tabel-wensprofiel tbody tr:nth-child(1)":      "Omvang Het netwerk heeft 4 leden; het doel is 6: er kunnen er nog 2 bij. nee",
		"#tabel-wensprofiel tbody tr:nth-child(3)":      "Functies 2 van de 3 gewenste functies zijn vertegenwoordigd; er ontbreekt Inkoop. nee",
		"#tabel-werving-per-fase tbody tr:nth-child(1)": "Gesignaleerd 1 4 75%",
		"#tabel-werving-per-fase tbody tr:nth-child(2)": "Benaderd 0 3 67%",
		"#tabel-werving-per-fase tbody tr:nth-child(3)": "In gesprek 1 2 50%",
		"#tabel-werving-per-fase tbody tr:nth-child(6)": "Lid 1 1 –",
		"#tabel-werving-per-fase tbody tr:nth-child(7)": "Afgevallen 1 – –",
		"#tabel-werving-per-bron tbody tr:nth-child(1)": "Via een lid 2 0 0%",
		"#tabel-werving-per-bron tbody tr:nth-child(3)": "Via gemeente 1 1 100%",
	} {
		if got := rowText(doc, sel); got != want {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	if got := doc.Find("#tabel-werving-per-bron tbody tr").Length(); got != 3 {
		t.Errorf("%d sources, want 3", got)
	}
	growth := rowText(doc, "#tabel-wensprofiel tbody tr:nth-child(2)")
	if !strings.HasPrefix(growth, "Groei Dit kwartaal kwamen er 1 leden bij, meer dan de 0 per kwartaal") {
		t.Errorf("growth: %q", growth)
	}
	if s := strings.Join(strings.Fields(doc.Find("#fig-wensprofiel .dash-stat").Text()), " "); s != "0 van de 3 criteria zijn gehaald." {
		t.Errorf("stat: %q", s)
	}
	var warned bool
	doc.Find("a[href='#fig-wensprofiel']").Each(func(_ int, s *goquery.Selection) {
		warned = warned || strings.Contains(s.Text(), "Netwerk A: Dit kwartaal kwamen er 1 leden bij")
	})
	if !warned {
		t.Error("the growth warning is not among the signals")
	}
	csv := c.Get("/dashboard/tabel/werving-per-fase.csv?netwerk=" + e.net(e.netA))
	if csv.StatusCode != http.StatusOK || !strings.Contains(csv.Body, "Gesignaleerd;1;4;75") {
		t.Errorf("download: %d %q", csv.StatusCode, csv.Body)
	}
	if res := c.Get("/dashboard/tabel/werving-bestaat-niet.csv"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown table: %d", res.StatusCode)
	}

	// A and B together: B's profile is not stated, its prospect counts.
	both := e.fixedClient(t, "bestuur", e.netA, e.netB).Get("/dashboard/").Doc(t)
	if got := rowText(both, "#tabel-werving-per-fase tbody tr:nth-child(4)"); got != "Intake 1 2 50%" {
		t.Errorf("A and B, intake: %q", got)
	}
}
