package intake

import (
	"context"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// MaxRows is how many participants or colleagues one step takes.
const MaxRows = 10

// Row fields of step 5, sent as parallel lists (one entry per row).
var (
	participantFields = []string{"deelnemer_naam", "deelnemer_functie", "deelnemer_niveau"}
	colleagueFields   = []string{"collega_naam", "collega_email", "collega_functie"}
)

// stepFields lists the form fields of each step in screen order, so stored
// values hold nothing else and the error summary follows the form.
var stepFields = map[int][]string{
	StepOrganisation: {"naam", "kvk", "sector", "medewerkers", "postcode", "plaats", "regio"},
	StepChallenges:   {"uitdagingen", "uitdagingen_toelichting"},
	StepOffers:       {"aanbod", "kennis_onderwerpen", "aanbod_toelichting"},
	StepMaturity:     {"niveau"},
	StepPeople:       append(slices.Clone(participantFields), colleagueFields...),
	StepAmbition:     {"banen_ambitie", "mensen_nu", "uren_nu"},
	StepConditions:   {"voorwaarden", "themas", "verwachtingen"},
}

// MaturityUnknown is the answer of someone who does not know their level.
const MaturityUnknown = "onbekend"

// Willingness answers to a condition of membership.
var willingness = []string{"ja", "nee", "overleg"}

// keep returns only the fields of step n from v (the condition answers of
// step 7 are named per condition), with surrounding space trimmed, so a draft
// or answer never stores anything the form did not ask for.
func keep(n int, v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		if !slices.Contains(stepFields[n], k) && !(n == StepConditions && strings.HasPrefix(k, "bereid_")) {
			continue
		}
		if len(vals) > 50 {
			vals = vals[:50]
		}
		for _, s := range vals {
			out.Add(k, strings.TrimSpace(s))
		}
	}
	return out
}

// checker collects the Dutch messages of one step.
type checker struct {
	ctx  context.Context
	errs web.Errors
	out  url.Values
}

func (c *checker) t(s string, a ...any) string { return i18n.T(c.ctx, s, a...) }

func (c *checker) fail(field, msg string) {
	if _, ok := c.errs[field]; !ok {
		c.errs[field] = msg
	}
}

// text checks a free-text field of at most max characters.
func (c *checker) text(v url.Values, field string, max int, required string) string {
	s := validate.CleanText(v.Get(field))
	switch {
	case s == "" && required != "":
		c.fail(field, required)
	case utf8.RuneCountInString(s) > max:
		c.fail(field, c.t("Dit antwoord mag hoogstens %d tekens hebben.", max))
	}
	if s != "" {
		c.out.Set(field, s)
	}
	return s
}

// choice checks a single choice among opts.
func (c *checker) choice(v url.Values, field string, opts []web.Option, required string) string {
	s := v.Get(field)
	switch {
	case s == "" && required != "":
		c.fail(field, required)
	case s != "" && label(opts, s) == "":
		c.fail(field, c.t("Kies een van de mogelijkheden uit de lijst."))
	case s != "":
		c.out.Set(field, s)
	}
	return s
}

// choices checks a checkbox group.
func (c *checker) choices(v url.Values, field string, opts []web.Option) []string {
	var picked []string
	for _, s := range v[field] {
		if label(opts, s) == "" {
			c.fail(field, c.t("Een van de gekozen mogelijkheden bestaat niet (meer)."))
			continue
		}
		if !slices.Contains(picked, s) {
			picked = append(picked, s)
		}
	}
	c.out[field] = picked
	if len(picked) == 0 {
		delete(c.out, field)
	}
	return picked
}

// count checks a whole number of at most max.
func (c *checker) count(v url.Values, field string, max int, required string) (int, bool) {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		if required != "" {
			c.fail(field, required)
		}
		return 0, false
	}
	n, ok := validate.Count(s, max)
	if !ok || !wholeRe.MatchString(s) {
		c.fail(field, c.t("Vul een heel getal in van 0 tot en met %s.", thousands(c.ctx, max)))
		return 0, false
	}
	c.out.Set(field, strconv.Itoa(n))
	return n, true
}

// check validates the raw input of step n. It returns the normalised values
// to store and the Dutch messages per field.
func check(ctx context.Context, n int, raw url.Values, ref Reference) (url.Values, web.Errors) {
	c := &checker{ctx: ctx, errs: web.FormErrors(ctx), out: url.Values{}}
	v := keep(n, raw)
	switch n {
	case StepOrganisation:
		c.checkOrganisation(v, ref)
	case StepChallenges:
		picked := c.choices(v, "uitdagingen", ref.Challenges)
		note := c.text(v, "uitdagingen_toelichting", 4000, "")
		if len(picked) == 0 && note == "" {
			c.fail("uitdagingen", c.t("Kies ten minste één uitdaging, of beschrijf uw uitdaging in de toelichting."))
		}
	case StepOffers:
		c.choices(v, "aanbod", ref.Offers)
		c.text(v, "kennis_onderwerpen", 1000, "")
		c.text(v, "aanbod_toelichting", 4000, "")
	case StepMaturity:
		opts := append(slices.Clone(ref.Maturity), web.Option{Value: MaturityUnknown, Label: "Weet ik niet"})
		c.choice(v, "niveau", opts, c.t("Kies het niveau dat het best bij uw organisatie past, of ‘Weet ik niet’."))
	case StepPeople:
		c.checkPeople(v, ref)
	case StepAmbition:
		c.checkAmbition(v)
	case StepConditions:
		for _, cond := range ref.Conditions {
			c.choice(v, "bereid_"+cond.Value, options3(), c.t("Geef aan of u aan deze voorwaarde wilt voldoen."))
		}
		c.choices(v, "themas", ref.Themes)
		c.text(v, "verwachtingen", 4000, "")
	}
	return c.out, c.errs
}

func options3() []web.Option {
	var o []web.Option
	for _, w := range willingness {
		o = append(o, web.Option{Value: w, Label: w})
	}
	return o
}

func (c *checker) checkOrganisation(v url.Values, ref Reference) {
	c.text(v, "naam", 200, c.t("Vul de naam van uw organisatie in."))
	if s := v.Get("kvk"); s != "" {
		if kvk, ok := validate.KvK(s); ok {
			c.out.Set("kvk", kvk)
		} else {
			c.fail("kvk", c.t("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567."))
		}
	}
	c.choice(v, "sector", ref.Sectors, c.t("Kies de sector waarin uw organisatie vooral werkt."))
	c.count(v, "medewerkers", 10_000_000, c.t("Vul het aantal medewerkers in, ongeveer is goed."))
	if s := v.Get("postcode"); s != "" {
		if pc, ok := validate.Postcode(s); ok {
			c.out.Set("postcode", pc)
		} else {
			c.fail("postcode", c.t("Vul een postcode in als 1234 AB: vier cijfers (niet beginnend met 0) en twee letters."))
		}
	}
	c.text(v, "plaats", 100, c.t("Vul de plaats van uw vestiging in."))
	c.choice(v, "regio", ref.Regions, c.t("Kies de arbeidsmarktregio van uw vestiging."))
}

// checkPeople checks the rows of participants and colleagues. Empty rows are
// dropped; a row filled in half gets a message next to the missing part.
func (c *checker) checkPeople(v url.Values, ref Reference) {
	participants := 0
	for i := range rowCount(v, participantFields) {
		name, fn, lvl := at(v, "deelnemer_naam", i), at(v, "deelnemer_functie", i), at(v, "deelnemer_niveau", i)
		if name == "" && fn == "" && lvl == "" {
			continue
		}
		name = validate.CleanText(name)
		switch {
		case name == "":
			c.fail(rowField("deelnemer_naam", i), c.t("Vul de naam in."))
		case utf8.RuneCountInString(name) > 120:
			c.fail(rowField("deelnemer_naam", i), c.t("Dit antwoord mag hoogstens %d tekens hebben.", 120))
		}
		if label(ref.Functions, fn) == "" {
			c.fail(rowField("deelnemer_functie", i), c.t("Kies de functie."))
		}
		if !slices.Contains(levelCodes, lvl) {
			c.fail(rowField("deelnemer_niveau", i), c.t("Kies het niveau."))
		}
		c.out.Add("deelnemer_naam", name)
		c.out.Add("deelnemer_functie", fn)
		c.out.Add("deelnemer_niveau", lvl)
		participants++
	}
	if participants == 0 {
		c.fail(rowField("deelnemer_naam", 0), c.t("Noem ten minste één persoon die namens uw organisatie deelneemt."))
	}
	colleagues := 0
	for i := range rowCount(v, colleagueFields) {
		name, email, fn := at(v, "collega_naam", i), strings.ToLower(at(v, "collega_email", i)), at(v, "collega_functie", i)
		if name == "" && email == "" && fn == "" {
			continue
		}
		name = validate.CleanText(name)
		switch {
		case name == "":
			c.fail(rowField("collega_naam", i), c.t("Vul de naam in."))
		case utf8.RuneCountInString(name) > 120:
			c.fail(rowField("collega_naam", i), c.t("Dit antwoord mag hoogstens %d tekens hebben.", 120))
		}
		if !validate.Email(email) {
			c.fail(rowField("collega_email", i), c.t("Vul een e-mailadres in als naam@voorbeeld.nl."))
		}
		if label(ref.Functions, fn) == "" {
			c.fail(rowField("collega_functie", i), c.t("Kies de functie."))
		}
		c.out.Add("collega_naam", name)
		c.out.Add("collega_email", email)
		c.out.Add("collega_functie", fn)
		colleagues++
	}
	if participants > MaxRows {
		c.fail(rowField("deelnemer_naam", 0), c.t("Noem hoogstens %d mensen per lijst.", MaxRows))
	}
	if colleagues > MaxRows {
		c.fail(rowField("collega_naam", 0), c.t("Noem hoogstens %d mensen per lijst.", MaxRows))
	}
}

// rowCount is the number of rows sent: the longest of the row lists.
func rowCount(v url.Values, fields []string) int {
	n := 0
	for _, f := range fields {
		n = max(n, len(v[f]))
	}
	return min(n, 50)
}

func at(v url.Values, field string, i int) string {
	if i < len(v[field]) {
		return strings.TrimSpace(v[field][i])
	}
	return ""
}

// rowField is the name errors of row i (as sent, empty rows included) are
// kept under, and the id of its control.
func rowField(field string, i int) string { return field + "-" + strconv.Itoa(i) }

// checkAmbition checks the counts. Hours are a decimal number (comma or
// point) and cannot exceed 48 a week per person, the legal average maximum.
func (c *checker) checkAmbition(v url.Values) {
	c.count(v, "banen_ambitie", 100_000, c.t("Vul in hoeveel banen u wilt creëren; 0 is ook een antwoord."))
	people, okPeople := c.count(v, "mensen_nu", 1_000_000, c.t("Vul in hoeveel mensen uit de doelgroep nu bij u werken; 0 is ook een antwoord."))
	s := strings.ReplaceAll(strings.TrimSpace(v.Get("uren_nu")), ",", ".")
	if s == "" {
		if okPeople && people > 0 {
			c.fail("uren_nu", c.t("Vul in hoeveel uur zij samen per week werken."))
		}
		if okPeople && people == 0 {
			c.out.Set("uren_nu", "0")
		}
		return
	}
	h, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || !hoursRe.MatchString(s) || math.IsInf(h, 0):
		c.fail("uren_nu", c.t("Vul het aantal uren in als een getal, bijvoorbeeld 52,5."))
	case okPeople && people == 0 && h > 0:
		c.fail("uren_nu", c.t("U vulde in dat er nu niemand uit de doelgroep bij u werkt. Laat de uren dan leeg of vul 0 in."))
	case okPeople && h > float64(people)*48:
		c.fail("uren_nu", c.t("Dat is meer dan 48 uur per week per persoon. Vul het totaal aantal uren per week van alle %d personen samen in.", people))
	default:
		c.out.Set("uren_nu", strconv.FormatFloat(math.Abs(math.Round(h*10)/10), 'f', -1, 64))
	}
}

// Jobs converts weekly hours into jobs of 25.5 hours, to one decimal.
func Jobs(hours float64) float64 { return math.Round(hours/HoursPerJob*10) / 10 }

// Whole numbers may use a point between thousands (1.250), nothing else;
// hours are digits with at most one decimal comma or point.
var (
	wholeRe = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$|^[0-9]+$`)
	hoursRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
)

// thousands writes n with thousands separators: 100.000 in Dutch,
// 100,000 in English.
func thousands(ctx context.Context, n int) string {
	sep := "."
	if i18n.LangOf(ctx) == i18n.EN {
		sep = ","
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
