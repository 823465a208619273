package privacy

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestScrubText(t *testing.T) {
	sc := newScrubber([]string{"Anna de Vries", "anna.devries@example.org", "06-12345678", "Jan", "Zoë"})
	for in, want := range map[string]string{
		"":                                        "",
		"Gesproken met Anna de Vries en Piet.":    "Gesproken met [verwijderd] en Piet.",
		"ANNA DE VRIES belt terug":                "[verwijderd] belt terug",
		"Mail: <anna.devries@example.org>":        "Mail: <[verwijderd]>",
		"bel 06-12345678 of 06-123456789":         "bel [verwijderd] of 06-123456789",
		"Jan komt in januari":                     "[verwijderd] komt in januari",
		"Jansen en Jan, en jan.":                  "Jansen en [verwijderd], en [verwijderd].",
		"Zoë en Zoëlla":                           "[verwijderd] en Zoëlla",
		"Anna de Vriesland":                       "[verwijderd]land", // several words: replaced anywhere
		"niets te zien":                           "niets te zien",
		"anna.devries@example.org, Anna de Vries": "[verwijderd], [verwijderd]",
	} {
		if got := sc.text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScrubIgnoresShortAndMarker(t *testing.T) {
	sc := newScrubber([]string{"", "Al", " ", Marker, "x"})
	if !sc.empty() {
		t.Errorf("values %v", sc.values)
	}
}

func TestScrubJSON(t *testing.T) {
	sc := newScrubber([]string{"Anna de Vries", "anna@example.org"})
	in := `{"naam": {"old": "Anna de Vries", "new": "Anna Jansen"}, "n": 1.50, "lijst": ["anna@example.org", 3, null, true], "Anna de Vries": "sleutel"}`
	out, changed := sc.json(in)
	if !changed {
		t.Fatal("not changed")
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := map[string]any{
		"naam":         map[string]any{"old": "[verwijderd]", "new": "Anna Jansen"},
		"n":            1.5,
		"lijst":        []any{"[verwijderd]", 3.0, nil, true},
		"[verwijderd]": "sleutel",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if out2, changed := sc.json(`{"a": "b"}`); changed || out2 != `{"a": "b"}` {
		t.Errorf("unchanged document: %q %v", out2, changed)
	}
}

func TestScrubArray(t *testing.T) {
	sc := newScrubber([]string{"Anna de Vries"})
	out, changed := scrubArray(sc, `{directie,"Anna de Vries",NULL,"met \"quote\""}`)
	if !changed || out != `{directie,[verwijderd],NULL,"met \"quote\""}` {
		t.Errorf("got %q %v", out, changed)
	}
}

func TestSweepable(t *testing.T) {
	for v, want := range map[string]bool{
		"Anna de Vries":    true,
		"anna@example.org": true,
		"06-12345678":      true,
		"+31 6 1234 5678":  true,
		"Anna":             false, // one word: only where it is the contact's own value
		"Directie":         false,
		"1234":             false,
		"Jo":               false,
		"A B":              false,
	} {
		if got := sweepable(v); got != want {
			t.Errorf("sweepable(%q) = %v", v, got)
		}
	}
}

func TestErasePeople(t *testing.T) {
	k := knownValues{Names: []string{"Anna de Vries"}, Emails: []string{"anna@example.org"}}
	in := `{"1": {"naam": ["Bakkerij"]}, "5": {
		"deelnemer_naam": ["Piet Bos", "anna  de vries"], "deelnemer_functie": ["hr", "directie"], "deelnemer_niveau": ["tactisch", "strategisch"],
		"collega_naam": ["Sanne", "Anna de Vries", "Anders"], "collega_email": ["s@x.nl", "a@x.nl", "ANNA@example.org"], "collega_functie": ["hr", "mvo", "inkoop"]}}`
	out, changed := erasePeople([]byte(in), k)
	if !changed {
		t.Fatal("not changed")
	}
	var got map[string]map[string][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"deelnemer_naam": {"Piet Bos", ErasedName}, "deelnemer_functie": {"hr", "directie"},
		"deelnemer_niveau": {"tactisch", "strategisch"},
		"collega_naam":     {"Sanne"}, "collega_email": {"s@x.nl"}, "collega_functie": {"hr"},
	}
	if !reflect.DeepEqual(got["5"], want) {
		t.Errorf("step 5 = %v\nwant %v", got["5"], want)
	}
	if got["1"]["naam"][0] != "Bakkerij" {
		t.Errorf("other steps changed: %v", got["1"])
	}
	if _, changed := erasePeople([]byte(`{"5": {"deelnemer_naam": ["Piet"]}}`), k); changed {
		t.Error("changed without a match")
	}
}
