package intake

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/web"
)

// stepsRef is a small reference by hand, so the validation is tested
// without a database.
func stepsRef() Reference {
	ref := Reference{
		Sectors:    []web.Option{{Value: "1", Label: "A Landbouw"}, {Value: "2", Label: "C Industrie"}},
		Regions:    []web.Option{{Value: "10", Label: "Twente"}, {Value: "11", Label: "Achterhoek"}},
		Maturity:   []web.Option{{Value: "21", Label: "Starter", Hint: "Net begonnen"}, {Value: "22", Label: "Gevorderd"}},
		Challenges: []web.Option{{Value: "31", Label: "Werving"}, {Value: "32", Label: "Begeleiding"}},
		Offers:     []web.Option{{Value: "41", Label: "Werkplekken"}, {Value: "42", Label: "Kennis delen"}},
		Functions: []web.Option{{Value: "directie", Label: "Directie / DGA"}, {Value: "hr", Label: "HR"},
			{Value: "leidinggevende", Label: "Leidinggevende"}, {Value: "anders", Label: "Anders"}},
		Themes: []web.Option{{Value: "51", Label: "Jongeren"}, {Value: "52", Label: "Statushouders"}},
		Conditions: []web.Option{{Value: "intentieverklaring", Label: "Intentieverklaring"},
			{Value: "rapportage", Label: "Jaarlijkse rapportage"}},
	}
	for _, l := range levelCodes {
		ref.Levels = append(ref.Levels, web.Option{Value: l, Label: levelLabel(l)})
	}
	return ref
}

// form builds url.Values from key, value pairs; a key may repeat.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func errKeys(e web.Errors) []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validStep returns a complete valid input of step n.
func validStep(n int) url.Values {
	switch n {
	case StepOrganisation:
		return form("naam", "Bakkerij De Vries", "sector", "2", "medewerkers", "40", "plaats", "Enschede", "regio", "10")
	case StepChallenges:
		return form("uitdagingen", "31")
	case StepOffers:
		return url.Values{}
	case StepMaturity:
		return form("niveau", "21")
	case StepPeople:
		return form("deelnemer_naam", "Anna Jansen", "deelnemer_functie", "directie", "deelnemer_niveau", "strategisch")
	case StepAmbition:
		return form("banen_ambitie", "2", "mensen_nu", "3", "uren_nu", "51")
	case StepConditions:
		return form("bereid_intentieverklaring", "ja", "bereid_rapportage", "nee")
	}
	return nil
}

// with returns a copy of v with the given fields replaced (an empty value
// list removes the field).
func with(v url.Values, fields url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = slices.Clone(vals)
	}
	for k, vals := range fields {
		if len(vals) == 0 || (len(vals) == 1 && vals[0] == "") {
			delete(out, k)
			continue
		}
		out[k] = vals
	}
	return out
}

func TestCheckValidInputIsNormalised(t *testing.T) {
	ref := stepsRef()
	cases := []struct {
		name string
		step int
		in   url.Values
		want url.Values
	}{
		{"organisation, everything given", StepOrganisation,
			form("naam", "  Bakkerij De Vries\x00 ", "kvk", "0123 4567", "sector", "2", "medewerkers", "1.250",
				"postcode", "1234ab", "plaats", " Enschede ", "regio", "10"),
			form("naam", "Bakkerij De Vries", "kvk", "01234567", "sector", "2", "medewerkers", "1250",
				"postcode", "1234 AB", "plaats", "Enschede", "regio", "10")},
		{"organisation, KvK with dots and no postcode", StepOrganisation,
			with(validStep(StepOrganisation), form("kvk", "12.34.56.78", "postcode", "")),
			form("naam", "Bakkerij De Vries", "kvk", "12345678", "sector", "2", "medewerkers", "40", "plaats", "Enschede", "regio", "10")},
		{"organisation, name of 200 characters of two bytes each", StepOrganisation,
			with(validStep(StepOrganisation), form("naam", strings.Repeat("é", 200))),
			with(validStep(StepOrganisation), form("naam", strings.Repeat("é", 200)))},
		{"organisation, 0 employees", StepOrganisation,
			with(validStep(StepOrganisation), form("medewerkers", "0")),
			with(validStep(StepOrganisation), form("medewerkers", "0"))},
		{"challenges, doubles dropped", StepChallenges,
			form("uitdagingen", "32", "uitdagingen", "31", "uitdagingen", "32", "uitdagingen_toelichting", "Werving lukt niet.\r\nBegeleiding ook niet."),
			form("uitdagingen", "32", "uitdagingen", "31", "uitdagingen_toelichting", "Werving lukt niet.\nBegeleiding ook niet.")},
		{"challenges, only a note", StepChallenges,
			form("uitdagingen_toelichting", "Iets anders"),
			form("uitdagingen_toelichting", "Iets anders")},
		{"offers, nothing at all", StepOffers, url.Values{}, url.Values{}},
		{"offers, everything", StepOffers,
			form("aanbod", "41", "aanbod", "42", "kennis_onderwerpen", "Jobcarving", "aanbod_toelichting", "Graag"),
			form("aanbod", "41", "aanbod", "42", "kennis_onderwerpen", "Jobcarving", "aanbod_toelichting", "Graag")},
		{"offers, 1000 characters of topics", StepOffers,
			form("kennis_onderwerpen", strings.Repeat("x", 1000)), form("kennis_onderwerpen", strings.Repeat("x", 1000))},
		{"maturity, a level", StepMaturity, form("niveau", "22"), form("niveau", "22")},
		{"maturity, onbekend", StepMaturity, form("niveau", "onbekend"), form("niveau", "onbekend")},
		{"people, empty rows dropped and e-mail lowercased", StepPeople,
			form("deelnemer_naam", "Anna Jansen", "deelnemer_functie", "directie", "deelnemer_niveau", "strategisch",
				"deelnemer_naam", "", "deelnemer_functie", "", "deelnemer_niveau", "",
				"deelnemer_naam", " Piet  Bos ", "deelnemer_functie", "hr", "deelnemer_niveau", "tactisch",
				"collega_naam", "", "collega_email", "  ", "collega_functie", "",
				"collega_naam", "Sanne de Wit", "collega_email", "Sanne.DeWit@Example.NL", "collega_functie", "leidinggevende"),
			form("deelnemer_naam", "Anna Jansen", "deelnemer_functie", "directie", "deelnemer_niveau", "strategisch",
				"deelnemer_naam", "Piet  Bos", "deelnemer_functie", "hr", "deelnemer_niveau", "tactisch",
				"collega_naam", "Sanne de Wit", "collega_email", "sanne.dewit@example.nl", "collega_functie", "leidinggevende")},
		{"people, 10 participants and 10 colleagues", StepPeople, rows(10, 10), rows(10, 10)},
		{"ambition, hours with a comma", StepAmbition,
			form("banen_ambitie", "2", "mensen_nu", "3", "uren_nu", "52,5"),
			form("banen_ambitie", "2", "mensen_nu", "3", "uren_nu", "52.5")},
		{"ambition, hours rounded to one decimal", StepAmbition,
			form("banen_ambitie", "0", "mensen_nu", "2", "uren_nu", "40,04"),
			form("banen_ambitie", "0", "mensen_nu", "2", "uren_nu", "40")},
		{"ambition, exactly 48 hours a person", StepAmbition,
			form("banen_ambitie", "1", "mensen_nu", "2", "uren_nu", "96"),
			form("banen_ambitie", "1", "mensen_nu", "2", "uren_nu", "96")},
		{"ambition, nobody yet and no hours", StepAmbition,
			form("banen_ambitie", "1", "mensen_nu", "0"),
			form("banen_ambitie", "1", "mensen_nu", "0", "uren_nu", "0")},
		{"ambition, nobody yet and 0 hours", StepAmbition,
			form("banen_ambitie", "1", "mensen_nu", "0", "uren_nu", "0,0"),
			form("banen_ambitie", "1", "mensen_nu", "0", "uren_nu", "0")},
		{"conditions, everything", StepConditions,
			form("bereid_intentieverklaring", "ja", "bereid_rapportage", "overleg", "themas", "52", "themas", "51",
				"verwachtingen", "Kennis delen"),
			form("bereid_intentieverklaring", "ja", "bereid_rapportage", "overleg", "themas", "52", "themas", "51",
				"verwachtingen", "Kennis delen")},
		{"conditions, answer to a condition the network does not have is dropped", StepConditions,
			with(validStep(StepConditions), form("bereid_convenant", "ja")),
			validStep(StepConditions)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs := check(context.Background(), c.step, c.in, ref)
			if len(errs) > 0 {
				t.Fatalf("errors %v", errs)
			}
			if !reflect.DeepEqual(out, c.want) {
				t.Errorf("out\n%v\nwant\n%v", out, c.want)
			}
		})
	}
}

// rows returns step 5 input with p participants and c colleagues.
func rows(p, c int) url.Values {
	v := url.Values{}
	for i := range p {
		v.Add("deelnemer_naam", "Deelnemer "+strconv.Itoa(i))
		v.Add("deelnemer_functie", "hr")
		v.Add("deelnemer_niveau", "tactisch")
	}
	for i := range c {
		v.Add("collega_naam", "Collega "+strconv.Itoa(i))
		v.Add("collega_email", "collega"+strconv.Itoa(i)+"@example.org")
		v.Add("collega_functie", "anders")
	}
	return v
}

func TestCheckValidStepsGiveNoErrors(t *testing.T) {
	for n := StepOrganisation; n <= StepConditions; n++ {
		if _, errs := check(context.Background(), n, validStep(n), stepsRef()); len(errs) > 0 {
			t.Errorf("step %d: %v", n, errs)
		}
	}
}

func TestCheckRefusesInvalidInput(t *testing.T) {
	ref := stepsRef()
	org, people, amb, cond := validStep(StepOrganisation), validStep(StepPeople), validStep(StepAmbition), validStep(StepConditions)
	cases := []struct {
		name string
		step int
		in   url.Values
		keys []string // exactly the fields with a message
	}{
		{"organisation, nothing", StepOrganisation, url.Values{}, []string{"medewerkers", "naam", "plaats", "regio", "sector"}},
		{"organisation, unknown sector", StepOrganisation, with(org, form("sector", "99")), []string{"sector"}},
		{"organisation, sector by name", StepOrganisation, with(org, form("sector", "C Industrie")), []string{"sector"}},
		{"organisation, unknown region", StepOrganisation, with(org, form("regio", "12")), []string{"regio"}},
		{"organisation, missing name", StepOrganisation, with(org, form("naam", "")), []string{"naam"}},
		{"organisation, name of spaces", StepOrganisation, with(org, form("naam", " \t ")), []string{"naam"}},
		{"organisation, name of control characters", StepOrganisation, with(org, form("naam", "\x00\x07")), []string{"naam"}},
		{"organisation, name too long", StepOrganisation, with(org, form("naam", strings.Repeat("é", 201))), []string{"naam"}},
		{"organisation, town too long", StepOrganisation, with(org, form("plaats", strings.Repeat("a", 101))), []string{"plaats"}},
		{"organisation, 9-digit KvK", StepOrganisation, with(org, form("kvk", "123456789")), []string{"kvk"}},
		{"organisation, 7-digit KvK", StepOrganisation, with(org, form("kvk", "1234567")), []string{"kvk"}},
		{"organisation, KvK with a letter", StepOrganisation, with(org, form("kvk", "1234567a")), []string{"kvk"}},
		{"organisation, postcode starting with 0", StepOrganisation, with(org, form("postcode", "0123 AB")), []string{"postcode"}},
		{"organisation, postcode SS", StepOrganisation, with(org, form("postcode", "1234 SS")), []string{"postcode"}},
		{"organisation, employees not a number", StepOrganisation, with(org, form("medewerkers", "veel")), []string{"medewerkers"}},
		{"organisation, negative employees", StepOrganisation, with(org, form("medewerkers", "-5")), []string{"medewerkers"}},
		{"organisation, employees with a decimal comma", StepOrganisation, with(org, form("medewerkers", "1,5")), []string{"medewerkers"}},
		{"organisation, too many employees", StepOrganisation, with(org, form("medewerkers", "10000001")), []string{"medewerkers"}},

		{"challenges, nothing", StepChallenges, url.Values{}, []string{"uitdagingen"}},
		{"challenges, unknown id", StepChallenges, form("uitdagingen", "31", "uitdagingen", "99"), []string{"uitdagingen"}},
		{"challenges, an offer's id", StepChallenges, form("uitdagingen", "41"), []string{"uitdagingen"}},
		{"challenges, note too long", StepChallenges,
			form("uitdagingen", "31", "uitdagingen_toelichting", strings.Repeat("a", 4001)), []string{"uitdagingen_toelichting"}},

		{"offers, unknown id", StepOffers, form("aanbod", "31"), []string{"aanbod"}},
		{"offers, topics too long", StepOffers, form("kennis_onderwerpen", strings.Repeat("a", 1001)), []string{"kennis_onderwerpen"}},
		{"offers, note too long", StepOffers, form("aanbod_toelichting", strings.Repeat("a", 4001)), []string{"aanbod_toelichting"}},

		{"maturity, nothing", StepMaturity, url.Values{}, []string{"niveau"}},
		{"maturity, unknown level", StepMaturity, form("niveau", "99"), []string{"niveau"}},
		{"maturity, label instead of id", StepMaturity, form("niveau", "Weet ik niet"), []string{"niveau"}},

		{"people, nobody", StepPeople, url.Values{}, []string{"deelnemer_naam-0"}},
		{"people, only empty rows", StepPeople,
			form("deelnemer_naam", " ", "deelnemer_functie", "", "deelnemer_niveau", ""), []string{"deelnemer_naam-0"}},
		{"people, only a colleague", StepPeople,
			form("collega_naam", "Sanne", "collega_email", "sanne@example.org", "collega_functie", "hr"), []string{"deelnemer_naam-0"}},
		{"people, second row half filled", StepPeople,
			form("deelnemer_naam", "", "deelnemer_functie", "", "deelnemer_niveau", "",
				"deelnemer_naam", "Jan", "deelnemer_functie", "", "deelnemer_niveau", ""),
			[]string{"deelnemer_functie-1", "deelnemer_niveau-1"}},
		{"people, row without a name", StepPeople,
			with(people, form("deelnemer_naam", "")), []string{"deelnemer_naam-0"}},
		{"people, unknown function", StepPeople,
			with(people, form("deelnemer_functie", "ceo")), []string{"deelnemer_functie-0"}},
		{"people, unknown level", StepPeople,
			with(people, form("deelnemer_niveau", "Strategisch")), []string{"deelnemer_niveau-0"}},
		{"people, name too long", StepPeople,
			with(people, form("deelnemer_naam", strings.Repeat("a", 121))), []string{"deelnemer_naam-0"}},
		{"people, colleague with a bad e-mail", StepPeople,
			with(people, form("collega_naam", "Sanne", "collega_email", "sanne@example", "collega_functie", "hr")),
			[]string{"collega_email-0"}},
		{"people, colleague with an e-mail only", StepPeople,
			with(people, form("collega_email", "sanne@example.org")), []string{"collega_functie-0", "collega_naam-0"}},
		{"people, second colleague without e-mail", StepPeople,
			with(people, url.Values{"collega_naam": {"Sanne", "Bas"}, "collega_email": {"sanne@example.org"},
				"collega_functie": {"hr", "hr"}}), []string{"collega_email-1"}},
		{"people, colleague name too long", StepPeople,
			with(people, form("collega_naam", strings.Repeat("a", 121), "collega_email", "a@example.org", "collega_functie", "hr")),
			[]string{"collega_naam-0"}},
		{"people, 11 participants", StepPeople, rows(11, 0), []string{"deelnemer_naam-0"}},
		{"people, 11 colleagues", StepPeople, rows(1, 11), []string{"collega_naam-0"}},

		{"ambition, nothing", StepAmbition, url.Values{}, []string{"banen_ambitie", "mensen_nu"}},
		{"ambition, jobs not a number", StepAmbition, with(amb, form("banen_ambitie", "twee")), []string{"banen_ambitie"}},
		{"ambition, too many jobs", StepAmbition, with(amb, form("banen_ambitie", "100001")), []string{"banen_ambitie"}},
		{"ambition, people negative", StepAmbition, with(amb, form("mensen_nu", "-1")), []string{"mensen_nu"}},
		{"ambition, hours above 48 a person", StepAmbition, with(amb, form("mensen_nu", "1", "uren_nu", "48,1")), []string{"uren_nu"}},
		{"ambition, hours with 0 people", StepAmbition, with(amb, form("mensen_nu", "0", "uren_nu", "8")), []string{"uren_nu"}},
		{"ambition, people but no hours", StepAmbition, with(amb, form("uren_nu", "")), []string{"uren_nu"}},
		{"ambition, jobs with a decimal point", StepAmbition, with(amb, form("banen_ambitie", "2.5")), []string{"banen_ambitie"}},
		{"ambition, hours in exponent notation", StepAmbition, with(amb, form("uren_nu", "1e2")), []string{"uren_nu"}},
		{"ambition, hours in hexadecimal", StepAmbition, with(amb, form("uren_nu", "0x1p4")), []string{"uren_nu"}},
		{"ambition, negative zero hours", StepAmbition, with(amb, form("uren_nu", "-0")), []string{"uren_nu"}},
		{"ambition, hours not a number", StepAmbition, with(amb, form("uren_nu", "veel")), []string{"uren_nu"}},
		{"ambition, negative hours", StepAmbition, with(amb, form("uren_nu", "-1")), []string{"uren_nu"}},
		{"ambition, NaN hours", StepAmbition, with(amb, form("uren_nu", "NaN")), []string{"uren_nu"}},
		{"ambition, infinite hours", StepAmbition, with(amb, form("uren_nu", "Inf")), []string{"uren_nu"}},

		{"conditions, nothing", StepConditions, url.Values{}, []string{"bereid_intentieverklaring", "bereid_rapportage"}},
		{"conditions, one answer missing", StepConditions, with(cond, form("bereid_rapportage", "")), []string{"bereid_rapportage"}},
		{"conditions, unknown answer", StepConditions, with(cond, form("bereid_intentieverklaring", "misschien")), []string{"bereid_intentieverklaring"}},
		{"conditions, unknown theme", StepConditions, with(cond, form("themas", "51", "themas", "31")), []string{"themas"}},
		{"conditions, expectations too long", StepConditions, with(cond, form("verwachtingen", strings.Repeat("a", 4001))), []string{"verwachtingen"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := check(context.Background(), c.step, c.in, ref)
			if got := errKeys(errs); !slices.Equal(got, c.keys) {
				t.Errorf("errors on %v, want on %v: %v", got, c.keys, errs)
			}
			for k, m := range errs {
				if strings.TrimSpace(m) == "" {
					t.Errorf("%s: empty message", k)
				}
			}
		})
	}
}

// TestCheckMessages checks a few Dutch texts exactly.
func TestCheckMessages(t *testing.T) {
	ref := stepsRef()
	cases := []struct {
		step       int
		in         url.Values
		field, msg string
	}{
		{StepOrganisation, with(validStep(StepOrganisation), form("sector", "99")), "sector", "Kies een van de mogelijkheden uit de lijst."},
		{StepOrganisation, with(validStep(StepOrganisation), form("kvk", "123456789")), "kvk",
			"Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567."},
		{StepOrganisation, with(validStep(StepOrganisation), form("naam", strings.Repeat("a", 201))), "naam",
			"Dit antwoord mag hoogstens 200 tekens hebben."},
		{StepMaturity, url.Values{}, "niveau", "Kies het niveau dat het best bij uw organisatie past, of ‘Weet ik niet’."},
		{StepPeople, url.Values{}, "deelnemer_naam-0", "Noem ten minste één persoon die namens uw organisatie deelneemt."},
		{StepPeople, form("deelnemer_naam", "", "deelnemer_naam", "Jan"), "deelnemer_functie-1", "Kies de functie."},
		{StepPeople, with(validStep(StepPeople), form("collega_naam", "Sanne", "collega_email", "sanne", "collega_functie", "hr")),
			"collega_email-0", "Vul een e-mailadres in als naam@voorbeeld.nl."},
		{StepPeople, rows(11, 0), "deelnemer_naam-0", "Noem hoogstens 10 mensen per lijst."},
		{StepAmbition, with(validStep(StepAmbition), form("mensen_nu", "2", "uren_nu", "100")), "uren_nu",
			"Dat is meer dan 48 uur per week per persoon. Vul het totaal aantal uren per week van alle 2 personen samen in."},
		{StepConditions, form("bereid_intentieverklaring", "ja"), "bereid_rapportage", "Geef aan of u aan deze voorwaarde wilt voldoen."},
		{StepConditions, with(validStep(StepConditions), form("themas", "99")), "themas", "Een van de gekozen mogelijkheden bestaat niet (meer)."},
	}
	for _, c := range cases {
		_, errs := check(context.Background(), c.step, c.in, ref)
		if errs[c.field] != c.msg {
			t.Errorf("step %d %s: %q, want %q", c.step, c.field, errs[c.field], c.msg)
		}
	}
}

// TestCheckStoresOnlyItsOwnFields posts fields a hostile client might add:
// none of them may reach the stored answer.
func TestCheckStoresOnlyItsOwnFields(t *testing.T) {
	hostile := form("status", "verwerkt", "answers", `{"1":{}}`, "done_steps", "1", "version", "99",
		"employer_id", "1", "actie", "volgende", "csrf", "x")
	for n := StepOrganisation; n <= StepConditions; n++ {
		in := with(validStep(n), hostile)
		// A field of another step does not belong either.
		other := StepOrganisation
		if n == StepOrganisation {
			other = StepAmbition
		}
		for _, f := range stepFields[other] {
			in.Set(f, "1")
		}
		if n != StepConditions {
			in.Set("bereid_intentieverklaring", "ja")
		}
		out, errs := check(context.Background(), n, in, stepsRef())
		if len(errs) > 0 {
			t.Errorf("step %d: %v", n, errs)
		}
		want, _ := check(context.Background(), n, validStep(n), stepsRef())
		if !reflect.DeepEqual(out, want) {
			t.Errorf("step %d stores %v, want %v", n, out, want)
		}
		for k := range out {
			if !slices.Contains(stepFields[n], k) && !(n == StepConditions && strings.HasPrefix(k, "bereid_")) {
				t.Errorf("step %d stores %q", n, k)
			}
		}
	}
}

func TestKeep(t *testing.T) {
	in := form("naam", "  Bakkerij  ", "status", "verwerkt", "answers", "{}", "bereid_rapportage", "ja", "uitdagingen", "31")
	got := keep(StepOrganisation, in)
	if want := form("naam", "Bakkerij"); !reflect.DeepEqual(got, want) {
		t.Errorf("keep(1) = %v, want %v", got, want)
	}
	got = keep(StepConditions, in)
	if want := form("bereid_rapportage", "ja"); !reflect.DeepEqual(got, want) {
		t.Errorf("keep(7) = %v, want %v", got, want)
	}
	many := url.Values{"uitdagingen": make([]string, 80)}
	if n := len(keep(StepChallenges, many)["uitdagingen"]); n != 50 {
		t.Errorf("keep passes %d values of one field, want 50", n)
	}
	if got := keep(StepSummary, in); len(got) != 0 {
		t.Errorf("keep(8) = %v, want nothing", got)
	}
	for n := StepOrganisation; n <= StepConditions; n++ {
		all := url.Values{}
		for _, f := range stepFields[n] {
			all.Set(f, "x")
		}
		if got := keep(n, all); !reflect.DeepEqual(got, all) {
			t.Errorf("keep(%d) drops its own fields: %v", n, got)
		}
	}
}

func TestJobs(t *testing.T) {
	cases := []struct{ hours, jobs float64 }{
		{0, 0}, {25.5, 1}, {51, 2.0}, {86.5, 3.4}, {60, 2.4}, {52.5, 2.1},
	}
	for _, c := range cases {
		if got := Jobs(c.hours); got != c.jobs {
			t.Errorf("Jobs(%v) = %v, want %v", c.hours, got, c.jobs)
		}
	}
}

func TestPrefill(t *testing.T) {
	employees := 120
	p := Profile{
		Name: "Bakkerij De Vries", KvK: "01234567", SectorID: 2, EmployeeCount: &employees, Postcode: "7511 AB",
		City: "Enschede", RegionID: 10, MaturityID: 21, ChallengeIDs: []int64{31, 32}, ChallengesNote: "Werving",
		Contacts: []Contact{
			{ID: 1, Name: "Anna Jansen", Email: "anna@example.org", Function: "directie", Level: "strategisch", Active: true},
			{ID: 2, Name: "Oud Contact", Email: "oud@example.org", Function: "hr", Level: "tactisch", Active: false},
			{ID: 3, Name: "Piet Bos", Function: "leidinggevende", Level: "operationeel", Active: true},
		},
	}
	want := Answers{
		"1": form("naam", "Bakkerij De Vries", "kvk", "01234567", "sector", "2", "medewerkers", "120",
			"postcode", "7511 AB", "plaats", "Enschede", "regio", "10"),
		"2": form("uitdagingen", "31", "uitdagingen", "32", "uitdagingen_toelichting", "Werving"),
		"4": form("niveau", "21"),
		"5": form("deelnemer_naam", "Anna Jansen", "deelnemer_functie", "directie", "deelnemer_niveau", "strategisch",
			"deelnemer_naam", "Piet Bos", "deelnemer_functie", "leidinggevende", "deelnemer_niveau", "operationeel"),
	}
	got := prefill(p)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("prefill\n%v\nwant\n%v", got, want)
	}
	// What a valid profile prefills passes the form unchanged.
	for _, n := range []int{StepOrganisation, StepChallenges, StepMaturity, StepPeople} {
		out, errs := check(context.Background(), n, got.Step(n), stepsRef())
		if len(errs) > 0 || !reflect.DeepEqual(out, got.Step(n)) {
			t.Errorf("prefilled step %d: %v, %v", n, out, errs)
		}
	}

	// An empty profile prefills nothing, not even empty steps.
	if got := prefill(Profile{Contacts: []Contact{{Name: "Weg", Active: false}}}); len(got) != 0 {
		t.Errorf("prefill of an empty profile = %v, want nothing", got)
	}
}

func TestApplyChosenFieldsOnly(t *testing.T) {
	employees := 40
	before := Profile{
		ID: 7, Version: 3, Name: "Oude Naam", KvK: "11111111", SectorID: 1, EmployeeCount: &employees, Postcode: "7511 AB",
		City: "Hengelo", RegionID: 11, MaturityID: 21, ChallengeIDs: []int64{31}, OfferIDs: []int64{41},
		ChallengesNote: "oud", OffersNote: "oud aanbod",
	}
	a := Answers{
		"1": form("naam", "Nieuwe Naam", "kvk", "01234567", "sector", "2", "medewerkers", "55",
			"postcode", "1234 AB", "plaats", "Enschede", "regio", "10"),
		"2": form("uitdagingen", "32", "uitdagingen", "31", "uitdagingen_toelichting", "nieuw"),
		"3": form("aanbod", "42", "kennis_onderwerpen", "Jobcarving", "aanbod_toelichting", "Stageplekken"),
		"4": form("niveau", "22"),
	}

	p := before
	apply(&p, a, []string{"naam", "postcode", "uitdagingen", "aanbod_toelichting"})
	want := before
	want.Name, want.Postcode, want.ChallengeIDs = "Nieuwe Naam", "1234 AB", []int64{32, 31}
	want.OffersNote = "Stageplekken\n\nKennis over: Jobcarving"
	if !reflect.DeepEqual(p, want) {
		t.Errorf("apply\n%+v\nwant\n%+v", p, want)
	}

	p = before
	apply(&p, a, takeoverFields)
	n := 55
	want = Profile{ID: 7, Version: 3, Name: "Nieuwe Naam", KvK: "01234567", SectorID: 2, EmployeeCount: &n,
		Postcode: "1234 AB", City: "Enschede", RegionID: 10, MaturityID: 22, ChallengeIDs: []int64{32, 31},
		OfferIDs: []int64{42}, ChallengesNote: "nieuw", OffersNote: "Stageplekken\n\nKennis over: Jobcarving"}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("apply all\n%+v\nwant\n%+v", p, want)
	}
	if *before.EmployeeCount != 40 {
		t.Error("apply changed the count the old profile points to")
	}

	// An empty name is never taken over; "onbekend" keeps the level.
	p = before
	apply(&p, Answers{"1": form("kvk", ""), "4": form("niveau", MaturityUnknown)}, []string{"naam", "kvk", "niveau"})
	if p.Name != "Oude Naam" || p.KvK != "" || p.MaturityID != 21 {
		t.Errorf("apply of empty answers: name %q, KvK %q, level %d", p.Name, p.KvK, p.MaturityID)
	}

	// No fields, no change.
	p = before
	apply(&p, a, nil)
	if !reflect.DeepEqual(p, before) {
		t.Errorf("apply without fields changed %+v", p)
	}
}

func TestValidFields(t *testing.T) {
	got := validFields([]string{"niveau", "status", "naam", "answers", "naam"})
	if want := []string{"naam", "niveau"}; !slices.Equal(got, want) {
		t.Errorf("validFields = %v, want %v", got, want)
	}
}

func TestOffersNote(t *testing.T) {
	cases := []struct {
		step url.Values
		want string
	}{
		{url.Values{}, ""},
		{form("aanbod_toelichting", "Stageplekken"), "Stageplekken"},
		{form("kennis_onderwerpen", "Jobcarving"), "Kennis over: Jobcarving"},
		{form("aanbod_toelichting", "Stageplekken", "kennis_onderwerpen", "Jobcarving"), "Stageplekken\n\nKennis over: Jobcarving"},
	}
	for _, c := range cases {
		if got := offersNote(Answers{"3": c.step}); got != c.want {
			t.Errorf("offersNote(%v) = %q, want %q", c.step, got, c.want)
		}
	}
}

func TestColleagues(t *testing.T) {
	a := Answers{"5": form(
		"collega_naam", "Sanne de Wit", "collega_email", "sanne@example.org", "collega_functie", "leidinggevende",
		"collega_naam", "Bas Smit", "collega_email", "bas@example.org", "collega_functie", "directie",
		"collega_naam", "Oud Contact", "collega_email", "oud@example.org", "collega_functie", "hr")}
	p := Profile{Contacts: []Contact{
		{Name: "Bas", Email: "Bas@Example.org", Active: true},
		{Name: "Oud", Email: "oud@example.org", Active: false},
	}}
	want := []Colleague{
		{Name: "Sanne de Wit", Email: "sanne@example.org", Function: "leidinggevende"},
		{Name: "Bas Smit", Email: "bas@example.org", Function: "directie", Known: true},
		{Name: "Oud Contact", Email: "oud@example.org", Function: "hr"},
	}
	if got := Colleagues(a, p); !reflect.DeepEqual(got, want) {
		t.Errorf("Colleagues\n%+v\nwant\n%+v", got, want)
	}
	if got := Colleagues(Answers{}, p); len(got) != 0 {
		t.Errorf("Colleagues without step 5 = %v", got)
	}
}

func TestLevelFor(t *testing.T) {
	cases := map[string]string{
		"directie": "strategisch", "anders": "operationeel", "hr": "tactisch", "leidinggevende": "tactisch", "": "tactisch",
	}
	for fn, want := range cases {
		if got := levelFor(fn); got != want {
			t.Errorf("levelFor(%q) = %q, want %q", fn, got, want)
		}
		if !slices.Contains(levelCodes, levelFor(fn)) {
			t.Errorf("levelFor(%q) is not a level", fn)
		}
	}
}
