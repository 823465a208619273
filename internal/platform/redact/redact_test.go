package redact

import (
	"strings"
	"testing"
)

func TestPathAndLinks(t *testing.T) {
	tok := "q3V9x_Lr8TzW1mYk0aBcDeFgHiJkLmNoPqRsTuVwXyZ"
	if got := Path("/intake/" + tok + "/stap/2"); got != "/intake/<token>/stap/2" {
		t.Errorf("Path: %q", got)
	}
	for _, keep := range []string{"/werkgevers/12/bewerken", "/contactpersonen.csv", "/bijeenkomsten/3/aanwezigheid/binnenloper", "/static/portal.css"} {
		if got := Path(keep); got != keep {
			t.Errorf("Path(%q) = %q", keep, got)
		}
	}
	text := "Vul de intake in: https://portaal.example.org/intake/" + tok + ".\nBekijk https://inclusievewerkgeversnetwerk.nl/werkgevers/12 en https://portaal.example.org/agenda/" + strings.Repeat("ab12", 16) + ".ics"
	got := Links(text)
	if strings.Contains(got, tok) || strings.Contains(got, "ab12ab12") || strings.Count(got, LinkMarker) != 2 ||
		!strings.Contains(got, "https://inclusievewerkgeversnetwerk.nl/werkgevers/12") {
		t.Errorf("Links: %q", got)
	}
}
