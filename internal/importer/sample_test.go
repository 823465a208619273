package importer

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata")

const samplePath = "testdata/voorbeeld-200-werkgevers.csv"

// TestSampleFileIsCurrent keeps testdata/voorbeeld-200-werkgevers.csv equal
// to what sampleCSV generates (go test -run TestSampleFileIsCurrent
// -update rewrites it), and checks that it reads cleanly: 200 employers,
// no refused row.
func TestSampleFileIsCurrent(t *testing.T) {
	want := sampleCSV()
	if *update {
		if err := os.WriteFile(samplePath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the generator: run go test -run TestSampleFileIsCurrent -update ./internal/importer", samplePath)
	}
	table, err := Parse(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	m := Guess(table.Header)
	if p := m.Check(len(table.Header)); len(p) > 0 {
		t.Fatalf("guessed mapping %v: %v", m, p)
	}
	for i, h := range table.Header {
		if m[i] == "" {
			t.Errorf("column %q not guessed", h)
		}
	}
	res := Map(table, m, testRef())
	if len(res.Employers) != 200 || len(res.Refused) != 0 {
		t.Errorf("%d employers, refused %v", len(res.Employers), res.Refused)
	}
	contacts := 0
	for _, e := range res.Employers {
		if n := len(e.Contacts); n < 1 || n > 3 {
			t.Errorf("%s: %d contacts", e.Values.Name, n)
		}
		contacts += len(e.Contacts)
	}
	if contacts != len(table.Rows) {
		t.Errorf("%d contacts in %d rows", contacts, len(table.Rows))
	}
	for _, n := range res.Notes {
		t.Errorf("note on row %d: %s", n.Row, fmt.Sprintf(n.Msg, n.Args...))
	}
}

// sampleCSV generates 200 invented employers of Twente with one to three
// contacts each, one row per contact, as a coordinator's spreadsheet saved
// by Excel as CSV: UTF-8 with BOM, separated by semicolons, CRLF. KvK
// numbers start at 93000000 (the demo's are drawn at random; the import
// test into the demo proves they do not collide).
func sampleCSV() []byte {
	rng := rand.New(rand.NewPCG(200, 2026))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	type city struct {
		name   string
		lo, hi int
		area   string
	}
	cities := []city{
		{"Enschede", 7511, 7548, "053"}, {"Hengelo", 7550, 7559, "074"}, {"Almelo", 7600, 7609, "0546"},
		{"Oldenzaal", 7570, 7577, "0541"}, {"Borne", 7620, 7624, "074"}, {"Haaksbergen", 7480, 7483, "053"},
		{"Losser", 7580, 7582, "053"}, {"Rijssen", 7460, 7463, "0548"}, {"Goor", 7470, 7472, "0547"},
		{"Tubbergen", 7650, 7651, "0546"}, {"Denekamp", 7590, 7591, "0541"}, {"Vriezenveen", 7670, 7672, "0546"},
		{"Delden", 7490, 7491, "074"}, {"Nijverdal", 7440, 7443, "0548"}, {"Wierden", 7640, 7642, "0546"},
	}
	kinds := []struct{ kind, sector string }{
		{"Bakkerij", "C"}, {"Installatiebedrijf", "F Bouwnijverheid"}, {"Metaalbewerking", "Industrie"},
		{"Transportbedrijf", "H"}, {"Zorggroep", "Q"}, {"Hoveniersbedrijf", "N"}, {"Drukkerij", "C"},
		{"Accountantskantoor", "M"}, {"Schildersbedrijf", "F"}, {"Autobedrijf", "G"}, {"Timmerfabriek", "C"},
		{"Kinderopvang", "Gezondheids- en welzijnszorg"}, {"Hotel", "I"}, {"Restaurant", "Horeca"},
		{"Adviesbureau", "M"}, {"Softwarebedrijf", "J"}, {"Schoonmaakbedrijf", "N"}, {"Woonstichting", "L"},
		{"Aannemersbedrijf", "F"}, {"Loonbedrijf", "A"}, {"Groothandel", "G Handel"}, {"Supermarkt", "G"},
		{"Fysiotherapie", "Q"}, {"Kwekerij", "A"}, {"Recyclingbedrijf", "E"}, {"Opleidingscentrum", "P"},
		{"Sportschool", "R"}, {"Uitzendbureau", "N"}, {"Energiecoöperatie", "D"}, {"Verhuisbedrijf", "H"},
	}
	names := []string{"Ter Horst", "Nijhuis", "Oude Luttikhuis", "Kamphuis", "Wolters", "Morsink", "Bosch",
		"Lansink", "Veldhuis", "Haverkate", "Reinders", "Huttenhuis", "Leferink", "Schuttenbeld", "Olthof",
		"Brinkman", "Gerritsen", "Pots", "Ten Dam", "Stegeman", "Wessels", "Kuipers", "Smit", "Meijer", "Hofman",
		"Dijkhuis", "Lohuis", "Hulshof", "Assink", "Eshuis", "Het Wooldrik", "De Twentse Ros", "Dinkelland",
		"Regge & Dinkel", "De Lutte", "Tubantia", "Het Lonneker", "De Esch", "Noordik", "Bruggink"}
	firsts := []string{"Anouk", "Bram", "Daan", "Esther", "Fleur", "Gerrit", "Hanneke", "Ingrid", "Jeroen",
		"Karin", "Lotte", "Maarten", "Niels", "Petra", "Ruben", "Sanne", "Tim", "Wendy", "Yvonne", "Zeynep",
		"Mohamed", "Fatima", "Sven", "Iris", "Joost", "Marloes", "Henk", "Ellen", "Bas", "Mirjam", "Renée", "Noël"}
	lasts := []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
		"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
		"de Graaf", "van der Meer", "Kok", "Jacobs", "Haan", "Yilmaz", "El Amrani", "ter Braak", "Kaya", "Nguyen",
		"Oude Groote Beverborg"}
	functions := []struct{ title, level string }{
		{"Directeur", "strategisch"}, {"DGA", "strategisch"}, {"Eigenaar", "strategisch"},
		{"Algemeen directeur", "strategisch"}, {"HR-manager", "tactisch"}, {"HR-adviseur", "tactisch"},
		{"P&O-adviseur", "tactisch"}, {"Recruiter", "operationeel"}, {"Inkoper", "operationeel"},
		{"Hoofd inkoop", "tactisch"}, {"MVO-coördinator", "tactisch"}, {"Teamleider", "operationeel"},
		{"Bedrijfsleider", "tactisch"}, {"Leidinggevende productie", "operationeel"},
	}
	statuses := []string{"lid", "lid", "lid", "lid", "lid", "aangemeld", "prospect"}
	slug := func(s string) string {
		s = strings.ToLower(strings.NewReplacer("ö", "o", "é", "e", "&", "en", "'", "").Replace(s))
		return strings.Join(strings.Fields(s), "")
	}

	var b strings.Builder
	b.WriteString("\uFEFF")
	line := func(cells ...string) { b.WriteString(strings.Join(cells, ";") + "\r\n") }
	line("Bedrijfsnaam", "KvK-nummer", "Sector", "Aantal medewerkers", "Adres", "Postcode", "Plaats",
		"Arbeidsmarktregio", "Status", "Naam contactpersoon", "E-mail", "Telefoon", "Functie", "Niveau")
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		var kind struct{ kind, sector string }
		var name string
		for {
			kind = kinds[rng.IntN(len(kinds))]
			name = kind.kind + " " + pick(names)
			if !seen[name] {
				seen[name] = true
				break
			}
		}
		c := cities[rng.IntN(len(cities))]
		kvk := ""
		if i%10 != 7 { // one in ten without KvK number: matched by name and postcode
			kvk = fmt.Sprintf("%08d", 93_000_000+i*379+rng.IntN(300))
		}
		employees := 2 + rng.IntN(60)
		if rng.IntN(5) == 0 {
			employees = 60 + rng.IntN(1500)
		}
		count := fmt.Sprint(employees)
		if employees >= 1000 {
			count = fmt.Sprintf("%d.%03d", employees/1000, employees%1000)
		}
		const letters = "ABCDEGHJKLMNPRTVWXZ"
		postcode := fmt.Sprintf("%d %c%c", c.lo+rng.IntN(c.hi-c.lo+1), letters[rng.IntN(len(letters))], letters[rng.IntN(len(letters))])
		address := fmt.Sprintf("%s %d", pick([]string{"Hengelosestraat", "Oldenzaalsestraat", "Industrieweg",
			"Haaksbergerstraat", "Molenstraat", "Kerkstraat", "Twekkelerweg", "Bedrijvenpark 't Zand",
			"Europalaan", "Marktplein"}), 1+rng.IntN(220))
		status := pick(statuses)
		domain := slug(name) + ".example"
		n := 1 + rng.IntN(3)
		used := map[string]bool{}
		for k := 0; k < n; k++ {
			first, last := pick(firsts), pick(lasts)
			for used[first] {
				first = pick(firsts)
			}
			used[first] = true
			f := functions[rng.IntN(len(functions))]
			if k == 0 {
				f = functions[rng.IntN(4)] // the first contact is from the directie
			}
			email := slug(strings.NewReplacer("é", "e", "ë", "e").Replace(first)) + "." + slug(last) + "@" + domain
			phone := fmt.Sprintf("%s-%d", c.area, 1_000_000+rng.IntN(8_999_999))[:min(11, len(c.area)+8)]
			if rng.IntN(3) == 0 {
				phone = fmt.Sprintf("06-%08d", rng.IntN(100_000_000))
			}
			line(name, kvk, kind.sector, count, address, postcode, c.name, "Twente", status, first+" "+last, email,
				phone, f.title, f.level)
		}
	}
	return []byte(b.String())
}
