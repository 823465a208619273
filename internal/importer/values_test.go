package importer

import (
	"testing"

	"netwerkportaal/internal/platform/export"
)

func TestGuessLevel(t *testing.T) {
	for title, want := range map[string]string{
		"Eigenaar": "strategisch", "Directeur": "strategisch", "DGA": "strategisch", "CEO": "strategisch",
		"Algemeen directeur": "strategisch", "Owner": "strategisch", "Managing Director": "strategisch",
		"HR-manager": "tactisch", "Hoofd inkoop": "tactisch", "Teamleider": "tactisch", "Head of HR": "tactisch",
		"Salesmanager": "tactisch", "Hoofdinkoper": "tactisch", "Recruiter": "operationeel", "Inkoper": "operationeel",
		"": "operationeel",
	} {
		if got, _ := guessLevel(title); got != want {
			t.Errorf("guessLevel(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestSectorSynonyms(t *testing.T) {
	ref := testRef()
	for v, want := range map[string]string{
		"Zorg": "Q", "zorg en welzijn": "Q", "Horeca": "I", "Bouw": "F", "Onderwijs": "P", "ICT": "J",
		"Logistiek": "H", "Detailhandel": "G", "Overheid": "O", "86.10": "Q", "4711": "G", "Q - Zorg": "Q",
		"C Industrie": "C", "F": "F", "Gezondheids- en welzijnszorg": "Q",
	} {
		s, ok := ref.sector(v)
		if !ok || s.Code != want {
			t.Errorf("sector(%q) = %q %v, want %q", v, s.Code, ok, want)
		}
	}
	for _, v := range []string{"Ruimtevaart", "Q Bouw", "00"} {
		if s, ok := ref.sector(v); ok {
			t.Errorf("sector(%q) = %q, want none", v, s.Code)
		}
	}
}

func TestParseDate(t *testing.T) {
	for v, want := range map[string]string{
		"01-03-2019": "2019-03-01", "1-3-2019": "2019-03-01", "01/03/2019": "2019-03-01", "1.3.19": "2019-03-01",
		"2019-03-01": "2019-03-01", "1 maart 2019": "2019-03-01", "1 March 2019": "2019-03-01", "1 mrt. 2019": "2019-03-01",
		"31-02-2019": "", "2019": "", "morgen": "", "01-01-1850": "",
	} {
		got, ok := parseDate(v)
		if got != want || ok != (want != "") {
			t.Errorf("parseDate(%q) = %q %v, want %q", v, got, ok, want)
		}
	}
}

func TestXLSXDateCell(t *testing.T) {
	// 45628 is 2 December 2024; Excel's default format shows it as 12-02-24.
	if got, ok := dateCell("12-02-24", "45628"); !ok || got != "2024-12-02" {
		t.Errorf("dateCell = %q %v", got, ok)
	}
	for _, c := range [][2]string{{"45628", "45628"}, {"1.234", "1234"}, {"45%", "0.45"}} {
		if got, ok := dateCell(c[0], c[1]); ok {
			t.Errorf("dateCell(%q, %q) = %q", c[0], c[1], got)
		}
	}
}

func TestEncodingLost(t *testing.T) {
	for _, c := range []struct {
		key, v string
		want   bool
	}{
		{FEmail, "ozlem.y?lmaz@example.org", true}, {FContactName, "Özlem Y?lmaz", true},
		{FContactName, "?zlem Yilmaz", true}, {FNotes, "Wat nu?", false}, {FNotes, "Komt hij? Ja.", false},
		{FName, "Bakkerij Bos", false},
	} {
		if got := encodingLost(c.key, c.v); got != c.want {
			t.Errorf("encodingLost(%s, %q) = %v", c.key, c.v, got)
		}
	}
}

// TestApostropheRoundTrip: what a download neutralised comes back as it
// was, and goes out again with one apostrophe, however often.
func TestApostropheRoundTrip(t *testing.T) {
	v := `=HYPERLINK("http://example.org")`
	out := export.Safe(v)
	for range 3 {
		out = export.Safe(export.Restore(out))
	}
	if out != "'"+v {
		t.Errorf("after three round trips %q", out)
	}
	for _, s := range []string{"'t Zand", "'", "''=1", "O'Brien"} {
		if export.Restore(s) != s && s != "''=1" {
			t.Errorf("Restore(%q) = %q", s, export.Restore(s))
		}
	}
}
