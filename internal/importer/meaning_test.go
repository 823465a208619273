package importer_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// TestImportKeepsMeaning is issue 16's sample: a member list with every
// case the import used to get wrong, imported through the pages, and each
// result checked in the database.
func TestImportKeepsMeaning(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	csv := strings.Join([]string{
		"Bedrijfsnaam;Sector;Postcode;Plaats;Lid sinds;Naam contactpersoon;E-mail;Functietitel;Notities",
		// 2: a synonym sector, region from the postcode, a date, an owner.
		"Garage Eigenaar;Zorg;7511 AB;Enschede;01-03-2019;Anna Eigenaar;anna@garage-eigenaar.example;Eigenaar;",
		// 3: no lid sinds: the coordinator's date; level changed on the preview.
		"Bouwbedrijf Hoofd;bouw;3511 AA;Utrecht;;Henk Hoofd;henk@bouwbedrijf-hoofd.example;Hoofd inkoop;",
		// 4: region from the town, an ISO date, an English title.
		"Horeca De Kroon;horeca;;Amsterdam;2020-06-15;Mark Kroon;mark@dekroon.example;CEO;",
		// 5: a postcode the table does not know: no region.
		"Lesbureau Noord;Onderwijs;9999 AB;Ergens;;Lotte Laan;lotte@lesbureau.example;Teamleider;",
		// 6: an SBI number; characters lost to Windows-1252.
		"Thuiszorg Yilmaz;86.10;;;;Özlem Y?lmaz;ozlem.y?lmaz@thuiszorg.example;Directeur;",
		// 7: a value the portal neutralised on export comes back as it was.
		"Formule Handel;G;;;;Piet Post;piet@formule.example;Medewerker;\"'=HYPERLINK(\"\"http://example.org\"\")\"",
		// 8: refused (unknown sector); its formula is no remark on an imported row.
		"Onbekend Bedrijf;Ruimtevaart;;;;Rita Raket;rita@ruimte.example;Eigenaar;=1+1",
	}, "\r\n") + "\r\n"
	up := upload(t, env, coord, net1, "leden.csv", []byte(csv))
	form := apptest.FormValues(coord.Get(up+"/koppelen").Doc(t), `form[action$="/koppelen"]`)
	if form.Get("kolom-4") != "lid_sinds" {
		t.Errorf("Lid sinds guessed as %q", form.Get("kolom-4"))
	}
	doc := mapAsGuessed(t, coord, up)

	// Messages: the encoding loss is a remark, the refused row has its
	// reason only, and nothing is said twice.
	notes := doc.Find("#tabel-opmerkingen tbody tr")
	seen := map[string]bool{}
	var encoding, formula int
	notes.Each(func(_ int, tr *goquery.Selection) {
		line := apptest.Text(tr)
		if seen[line] {
			t.Errorf("remark twice: %s", line)
		}
		seen[line] = true
		row := apptest.Text(tr.Find("td").Eq(0))
		if row == "8" {
			t.Errorf("remark on the refused row: %s", line)
		}
		if strings.Contains(line, "vraagteken") {
			encoding++
			if row != "6" {
				t.Errorf("encoding remark on row %s", row)
			}
		}
		if strings.Contains(line, "Begint met =") {
			formula++
		}
	})
	if encoding != 2 || formula != 1 {
		t.Errorf("%d encoding remarks (want name and e-mail), %d formula remarks:\n%s", encoding, formula, apptest.Text(notes))
	}
	if tr := doc.Find("#tabel-geweigerd tbody tr"); tr.Length() != 1 || apptest.Text(tr.Find("td").Eq(0)) != "8" {
		t.Errorf("refused %q", apptest.Text(tr))
	}
	if got := summary(doc)["Arbeidsmarktregio afgeleid uit postcode of plaats"]; got != "3" {
		t.Errorf("%s regions derived, want 3", got)
	}

	// The levels, guessed per job title and preselected.
	levels := map[string]string{}
	doc.Find("#tabel-niveaus tbody tr").Each(func(_ int, tr *goquery.Selection) {
		levels[apptest.Text(tr.Find("td").Eq(0))] = tr.Find("option[selected]").AttrOr("value", "")
	})
	for title, want := range map[string]string{"Eigenaar": "strategisch", "Hoofd inkoop": "tactisch", "CEO": "strategisch",
		"Teamleider": "tactisch", "Directeur": "strategisch", "Medewerker": "operationeel"} {
		if levels[title] != want {
			t.Errorf("level of %s %q, want %q (all: %v)", title, levels[title], want, levels)
		}
	}

	// Nothing is assumed: importing without answering the questions is
	// refused, with a message at each.
	imp := apptest.FormValues(doc, `form[action$="/importeren"]`)
	imp.Set("modus", "geldig")
	res := coord.PostForm(up+"/importeren", imp)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	page := res.Doc(t)
	errs := apptest.Text(page.Find(".error-summary"))
	for _, msg := range []string{"Kies welke status nieuwe werkgevers zonder status krijgen.", "Kies wat er bij lid sinds komt voor leden zonder die datum."} {
		if !strings.Contains(errs, msg) {
			t.Errorf("no message %q in %q", msg, errs)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM employers WHERE name = 'Garage Eigenaar'`); n != 0 {
		t.Fatal("imported without the choices")
	}
	imp.Set("standaard-status", "lid")
	imp.Set("lid-sinds", "datum")
	imp.Set("lid-sinds-datum", "2018-01-01")
	doc.Find("#tabel-niveaus tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if apptest.Text(tr.Find("td").Eq(0)) == "Hoofd inkoop" {
			imp.Set(tr.Find("select").AttrOr("name", ""), "operationeel")
		}
	})
	apptest.WantStatus(t, coord.PostForm(up+"/importeren", imp), http.StatusSeeOther)

	type row struct{ sector, region, status, since, level, notes, changedOn string }
	get := func(name string) row {
		var r row
		err := env.Pool.QueryRow(t.Context(), `SELECT coalesce(s.code, ''), coalesce(g.name, ''), e.status,
			coalesce(to_char(e.member_since, 'YYYY-MM-DD'), ''), c.level, e.notes,
			(SELECT to_char(min(changed_on), 'YYYY-MM-DD') FROM employer_status_changes h WHERE h.employer_id = e.id)
			FROM employers e LEFT JOIN sectors s ON s.id = e.sector_id LEFT JOIN regions g ON g.id = e.region_id
			JOIN contacts c ON c.employer_id = e.id WHERE e.name = $1 AND e.network_id = $2`, name, net1).
			Scan(&r.sector, &r.region, &r.status, &r.since, &r.level, &r.notes, &r.changedOn)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return r
	}
	for name, want := range map[string]row{
		"Garage Eigenaar":   {"Q", "Twente", "lid", "2019-03-01", "strategisch", "", "2019-03-01"},
		"Bouwbedrijf Hoofd": {"F", "Midden-Utrecht", "lid", "2018-01-01", "operationeel", "", "2018-01-01"},
		"Horeca De Kroon":   {"I", "Groot Amsterdam", "lid", "2020-06-15", "strategisch", "", "2020-06-15"},
		"Lesbureau Noord":   {"P", "", "lid", "2018-01-01", "tactisch", "", "2018-01-01"},
		"Thuiszorg Yilmaz":  {"Q", "", "lid", "2018-01-01", "strategisch", "", "2018-01-01"},
		"Formule Handel":    {"G", "", "lid", "2018-01-01", "operationeel", `=HYPERLINK("http://example.org")`, "2018-01-01"},
	} {
		if got := get(name); got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM employers WHERE name = 'Onbekend Bedrijf'`); n != 0 {
		t.Error("the refused row was imported")
	}

	// The same file again (the neutralised note included) changes nothing.
	before := stateOf(t, env)
	up2 := upload(t, env, coord, net1, "leden.csv", []byte(csv))
	doc2 := mapAsGuessed(t, coord, up2)
	if s := summary(doc2); s["Bestaande werkgevers die wijzigen"] != "0" || s["Nieuwe werkgevers"] != "0" {
		t.Errorf("second import: %v", s)
	}
	apptest.WantStatus(t, apply(t, coord, up2, "geldig"), http.StatusSeeOther)
	if after := stateOf(t, env); after.Employers != before.Employers || after.Versions != before.Versions || after.Audit != before.Audit {
		t.Errorf("second import changed %+v → %+v", before, after)
	}
}

// TestPostcodeRegions: the maintained table of postcode ranges has no
// overlapping ranges and names a range for each of the 35 regions.
func TestPostcodeRegions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM postcode_regions a JOIN postcode_regions b
		ON a.pc_from < b.pc_from AND a.pc_to >= b.pc_from`); n != 0 {
		t.Errorf("%d overlapping postcode ranges", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM regions r
		WHERE NOT EXISTS (SELECT 1 FROM postcode_regions p WHERE p.region_id = r.id)`); n != 0 {
		t.Errorf("%d regions without a postcode range", n)
	}
}
