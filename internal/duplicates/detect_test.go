package duplicates_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// pairRow returns the text of the list row that links to path, or "".
func pairRow(t testing.TB, doc *goquery.Document, path string) string {
	t.Helper()
	row := doc.Find(fmt.Sprintf(`main a[href=%q]`, path)).Closest("tr")
	return strings.Join(strings.Fields(row.Text()), " ")
}

func listDoc(t testing.TB, c *apptest.Client) *goquery.Document {
	t.Helper()
	res := c.Get("/dubbelen")
	apptest.WantStatus(t, res, http.StatusOK)
	return res.Doc(t)
}

func TestDetectEmployers(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net := networkAt(t, env, 1)
	n := seq.Add(1)
	similar := newEmployer(t, env, net, fmt.Sprintf("Installatiebedrijf Hofstede %d", n), "Goor", 20)
	sameCity := newEmployer(t, env, net, fmt.Sprintf("Installatiebedrijf Hofsteede %d", n), "GOOR ", 10)
	elsewhere := newEmployer(t, env, net, fmt.Sprintf("Installatiebedrijf Hofstee %d", n), "Delden", 5)
	holding := newEmployer(t, env, net, fmt.Sprintf("Drukkerij Lansink %d Holding B.V.", n), "Hengelo", 20)
	bv := newEmployer(t, env, net, fmt.Sprintf("Drukkerij Lansink %d BV", n), "Enschede", 10)
	byPostcode := newEmployer(t, env, net, fmt.Sprintf("Autobedrijf Meulenbelt %d", n), "", 20)
	byPostcode2 := newEmployer(t, env, net, fmt.Sprintf("Autobedrijf Meulenbelt %d VOF", n), "Markelo", 10)
	apptest.Exec(t, env, `UPDATE employers SET postcode = '7475 AB' WHERE id IN ($1, $2)`, byPostcode, byPostcode2)

	doc := listDoc(t, env.Login(t, apptest.Coordinator))
	if row := pairRow(t, doc, ePairPath(similar, sameCity)); !strings.Contains(row, "in dezelfde plaats (Goor)") {
		t.Errorf("similar names in one place: row %q", row)
	}
	// Alike, but in another place and without a postcode: not a pair.
	for _, other := range []int64{similar, sameCity} {
		a, b := min(other, elsewhere), max(other, elsewhere)
		if row := pairRow(t, doc, ePairPath(a, b)); row != "" {
			t.Errorf("names in different places listed: %q", row)
		}
	}
	if row := pairRow(t, doc, ePairPath(holding, bv)); !strings.Contains(row, "Dezelfde naam als u B.V., N.V. en Holding weglaat") {
		t.Errorf("same name but for the legal form: row %q", row)
	}
	if row := pairRow(t, doc, ePairPath(byPostcode, byPostcode2)); !strings.Contains(row, "met dezelfde postcode (7475 AB)") {
		t.Errorf("similar names at one postcode: row %q", row)
	}
}

// Only the beheerder sees pairs across networks; a coordinator sees the
// pairs of their own network only, the board none at all.
func TestDetectScope(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	n := seq.Add(1)
	a := newEmployer(t, env, net1, fmt.Sprintf("Metaalbewerking Nijhuis %d B.V.", n), "Almelo", 20)
	b := newEmployer(t, env, net2, fmt.Sprintf("Metaalbewerking Nijhuis %d", n), "Almelo", 10)
	c := newEmployer(t, env, net2, fmt.Sprintf("Metaalbewerking Nijhuis %d Holding", n), "Almelo", 5)

	if row := pairRow(t, listDoc(t, env.Login(t, apptest.Beheerder)), ePairPath(a, b)); !strings.Contains(row, "In verschillende netwerken") {
		t.Errorf("beheerder: row %q", row)
	}
	coord := listDoc(t, env.Login(t, apptest.Coordinator))
	if row := pairRow(t, coord, ePairPath(a, b)); row != "" {
		t.Errorf("coordinator sees a pair across networks: %q", row)
	}
	if row := pairRow(t, coord, ePairPath(b, c)); row != "" {
		t.Errorf("coordinator sees another network's pair: %q", row)
	}
	if row := pairRow(t, listDoc(t, env.Login(t, apptest.Coordinator2)), ePairPath(b, c)); row == "" {
		t.Error("coordinator2 does not see their own network's pair")
	}
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).Get("/dubbelen"), http.StatusForbidden)
}

func TestDetectContacts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	e1 := newEmployer(t, env, net1, unique("Kaasmakerij Eshuis"), "Borne", 20)
	e2 := newEmployer(t, env, net1, unique("Transport Eshuis"), "Borne", 20)
	e3 := newEmployer(t, env, net2, unique("Eshuis Amsterdam"), "Amsterdam", 20)
	email := unique("wim.eshuis") + "@example.org"
	a := newContact(t, env, e1, "Wim Eshuis", email, 20)
	b := newContact(t, env, e2, "W. Eshuis", strings.ToUpper(email), 10)
	c := newContact(t, env, e3, "Wim Eshuis", email, 10)
	d := newContact(t, env, e1, " wim eshuis", "", 5)

	doc := listDoc(t, env.Login(t, apptest.Beheerder))
	if row := pairRow(t, doc, cPairPath(a, b)); !strings.Contains(row, "Hetzelfde e-mailadres") || !strings.Contains(row, "Bij verschillende werkgevers") {
		t.Errorf("same e-mail address: row %q", row)
	}
	if row := pairRow(t, doc, cPairPath(a, d)); !strings.Contains(row, "Dezelfde naam bij dezelfde werkgever") {
		t.Errorf("same name at one employer: row %q", row)
	}
	// Another network's contact is never a pair, not even for the beheerder.
	if row := pairRow(t, doc, cPairPath(a, c)); row != "" {
		t.Errorf("contacts of two networks listed: %q", row)
	}
	if row := pairRow(t, listDoc(t, env.Login(t, apptest.Coordinator2)), cPairPath(a, b)); row != "" {
		t.Errorf("coordinator2 sees the first network's contacts: %q", row)
	}
}

// TestDetectFoldedContacts: contacts that match once accents are folded and
// a "?" (a letter a code page lost) stands for any letter are likely
// duplicates.
func TestDetectFoldedContacts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1 := networkAt(t, env, 1)
	e1 := newEmployer(t, env, net1, unique("Zorggroep Yilmaz"), "Hengelo", 20)
	e2 := newEmployer(t, env, net1, unique("Thuiszorg Yilmaz"), "Almelo", 20)
	local := unique("ozlem")
	a := newContact(t, env, e1, "Özlem Yılmaz", local+".yilmaz@example.org", 20)
	b := newContact(t, env, e2, "Özlem Y?lmaz", local+".y?lmaz@example.org", 10)
	c := newContact(t, env, e1, "José Ruiz", "", 20)
	d := newContact(t, env, e1, "Jose Ruiz", "", 10)
	x := newContact(t, env, e2, "Özlem Yilmazer", "", 5) // longer: no match for the "?"

	doc := listDoc(t, env.Login(t, apptest.Coordinator))
	if row := pairRow(t, doc, cPairPath(a, b)); !strings.Contains(row, "Gelijk als accenten en een vraagteken") {
		t.Errorf("encoding-lost pair: row %q", row)
	}
	if row := pairRow(t, doc, cPairPath(c, d)); !strings.Contains(row, "Gelijk als accenten") {
		t.Errorf("accent-only pair: row %q", row)
	}
	if row := pairRow(t, doc, cPairPath(min(b, x), max(b, x))); row != "" {
		t.Errorf("a longer name is listed: %q", row)
	}
}

// The list stops at 100 pairs of each kind and says so.
func TestDetectCap(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	apptest.Exec(t, env, `INSERT INTO employers (network_id, name, city)
		SELECT $1, 'Capbedrijf ' || n || suffix, 'Oldenzaal' FROM generate_series(1, 105) n, unnest(ARRAY[' B.V.', ' Holding']) suffix`,
		networkAt(t, env, 1))
	doc := listDoc(t, env.Login(t, apptest.Coordinator))
	if n := doc.Find(`main a[href^="/dubbelen/werkgevers/"]`).Length(); n != 100 {
		t.Errorf("%d employer pairs listed, want 100", n)
	}
	if !strings.Contains(doc.Find("main").Text(), "Dit zijn de eerste 100 paren") {
		t.Error("the cap is not mentioned")
	}
}
