package recruitment

import (
	"context"
	"strings"
	"testing"
)

func ip(n int) *int { return &n }

// handBuilt is a network of six members, worked out by hand:
//
//	#  sector  staff  place      contacts (function/level)
//	1  C       30     Enschede   hr/tactisch
//	2  P       300    Enschede   directie/strategisch, hr/tactisch
//	3  C       12     Almelo     inkoop/operationeel
//	4  G       -      Enschede   hr/tactisch
//	5  C       60     enschede   directie/strategisch
//	6  G       8      Oldenzaal  (none)
//
// and three of them joined this quarter.
func handBuilt() (WishProfile, Facts, Names) {
	const c, g, p, q = 3, 7, 16, 17
	p0 := WishProfile{TargetSize: ip(10), MaxGrowth: ip(2), Composition: "gemengd",
		SectorIDs: []int64{q, p}, SizeClasses: []string{"groot", "micro"}, Municipalities: []string{"Hengelo", "Enschede"},
		Functions: []string{"directie", "hr", "inkoop", "mvo", "leidinggevende"}, Levels: []string{"strategisch"},
		DirectieShare: ip(50)}
	f := Facts{JoinedThisQuarter: 3, Members: []MemberFacts{
		{SectorID: c, EmployeeCount: ip(30), City: "Enschede", Functions: []string{"hr"}, Levels: []string{"tactisch"}},
		{SectorID: p, EmployeeCount: ip(300), City: "Enschede", Functions: []string{"directie", "hr"}, Levels: []string{"strategisch", "tactisch"}},
		{SectorID: c, EmployeeCount: ip(12), City: "Almelo", Functions: []string{"inkoop"}, Levels: []string{"operationeel"}},
		{SectorID: g, City: "Enschede", Functions: []string{"hr"}, Levels: []string{"tactisch"}},
		{SectorID: c, EmployeeCount: ip(60), City: "enschede ", Functions: []string{"directie"}, Levels: []string{"strategisch"}},
		{SectorID: g, EmployeeCount: ip(8), City: "Oldenzaal"},
	}}
	n := Names{
		Sectors: map[int64]string{c: "Industrie", g: "Handel", p: "Onderwijs", q: "Gezondheids- en welzijnszorg"},
		SizeClasses: []SizeClass{{Code: "micro", Min: 0, Max: ip(9), Name: "Micro (0-9)"}, {Code: "klein", Min: 10, Max: ip(49), Name: "Klein (10-49)"},
			{Code: "middelgroot", Min: 50, Max: ip(249), Name: "Middelgroot (50-249)"}, {Code: "groot", Min: 250, Name: "Groot (250+)"}},
		Functions: map[string]string{"directie": "Directie / DGA", "hr": "HR", "inkoop": "Inkoop", "mvo": "MVO", "leidinggevende": "Leidinggevende"},
		Levels:    map[string]string{"strategisch": "Strategisch"},
	}
	return p0, f, n
}

func TestGapsOnAHandBuiltNetwork(t *testing.T) {
	p, f, n := handBuilt()
	got := Gaps(context.Background(), p, f, n)
	want := []Finding{
		{"Omvang", "Het netwerk heeft 6 leden; het doel is 10: er kunnen er nog 4 bij.", false, false},
		{"Groei", "Dit kwartaal kwamen er 3 leden bij, meer dan de 2 per kwartaal die het netwerk gezond vindt. Snelle groei gaat ten koste van eigenaarschap en opkomst.", false, true},
		{"Sectoren", "Er ontbreken werkgevers uit de sector Gezondheids- en welzijnszorg.", false, false},
		// Member 6 (8 staff) is micro, member 2 (300) groot.
		{"Grootte", "Alle gewenste grootteklassen zijn vertegenwoordigd.", true, false},
		// "enschede " counts for Enschede.
		{"Plaatsen", "Er ontbreken werkgevers uit Hengelo.", false, false},
		{"Functies", "3 van de 5 gewenste functies zijn vertegenwoordigd; er ontbreken MVO en Leidinggevende.", false, false},
		{"Niveaus", "1 van de 1 gewenste niveaus zijn vertegenwoordigd.", true, false},
		// 2 of 6 have directie (33%); 50% of 6 is 3: one more.
		{"Directie", "2 van de 6 leden (33%) hebben een contactpersoon uit de directie; gewenst is 50%: daarvoor is er nog 1 nodig.", false, false},
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}

	// Two more directie members, an MVO contact from Hengelo in care, and a
	// quiet quarter: what is left.
	f.JoinedThisQuarter = 2
	f.Members = append(f.Members,
		MemberFacts{SectorID: 17, EmployeeCount: ip(40), City: "Hengelo", Functions: []string{"directie", "mvo"}},
		MemberFacts{SectorID: 7, EmployeeCount: ip(5), City: "Almelo", Functions: []string{"directie"}})
	got = Gaps(context.Background(), p, f, n)
	texts := map[string]string{}
	for _, g := range got {
		texts[g.Criterion] = g.Text
	}
	for crit, want := range map[string]string{
		"Omvang":   "Het netwerk heeft 8 leden; het doel is 10: er kunnen er nog 2 bij.",
		"Groei":    "Dit kwartaal kwamen er 2 leden bij; dat past bij het gezonde tempo van hoogstens 2 per kwartaal.",
		"Sectoren": "Uit elke gewenste sector is er een lid.",
		"Plaatsen": "Uit elke gewenste plaats is er een lid.",
		"Functies": "4 van de 5 gewenste functies zijn vertegenwoordigd; er ontbreekt Leidinggevende.",
		// 4 of 8 = 50%: enough.
		"Directie": "4 van de 8 leden (50%) hebben een contactpersoon uit de directie; gewenst is 50%.",
	} {
		if texts[crit] != want {
			t.Errorf("%s after growth:\n got %q\nwant %q", crit, texts[crit], want)
		}
	}
}

func TestEmptyProfileSaysNothing(t *testing.T) {
	_, f, n := handBuilt()
	if got := Gaps(context.Background(), WishProfile{}, f, n); len(got) != 0 {
		t.Errorf("an empty profile gives findings: %+v", got)
	}
}

func TestFitOfAProspect(t *testing.T) {
	p, f, n := handBuilt()
	ctx := context.Background()
	got := strings.Join(Fit(ctx, p, f, n, Prospect{ContactFunction: "mvo"}), " | ")
	if want := "Vult een gat: de gewenste functie MVO ontbreekt nog in het netwerk. | Let op: dit kwartaal kwamen er al 3 leden bij; het gezonde tempo is hoogstens 2 per kwartaal."; got != want {
		t.Errorf("MVO prospect:\n got %q\nwant %q", got, want)
	}
	f.JoinedThisQuarter = 0
	got = strings.Join(Fit(ctx, p, f, n, Prospect{ContactFunction: "directie"}), " | ")
	if want := "Brengt een contactpersoon uit de directie; het netwerk zoekt er nog 1."; got != want {
		t.Errorf("directie prospect:\n got %q\nwant %q", got, want)
	}
	if got := Fit(ctx, p, f, n, Prospect{ContactFunction: "hr"}); len(got) != 0 {
		t.Errorf("an HR prospect fills no gap: %v", got)
	}
}
