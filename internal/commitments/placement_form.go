package commitments

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// PlacementForm is the placement form as typed: counts only, never people.
// The coordinator's form has a year and a quarter; the employer's link
// offers the current and the previous quarter as one choice (Period).
type PlacementForm struct {
	Year     string
	Quarter  string
	Period   string // "2026-1", on the employer's page
	Ambition string
	People   string
	Hours    string
	Employed string
	Seconded string
	Version  string
	Errors   web.Errors
}

// placementOrder is the order of the fields, for the error summary.
var placementOrder = []string{"periode", "jaar", "kwartaal", "ambitie", "mensen", "uren", "in_dienst", "gedetacheerd"}

func parsePlacementForm(v url.Values) PlacementForm {
	return PlacementForm{Year: v.Get("jaar"), Quarter: v.Get("kwartaal"), Period: v.Get("periode"), Ambition: v.Get("ambitie"),
		People: v.Get("mensen"), Hours: v.Get("uren"), Employed: v.Get("in_dienst"), Seconded: v.Get("gedetacheerd"),
		Version: v.Get("versie")}
}

// placementFormFrom fills the form with a stored report, for a correction.
func placementFormFrom(r Report) PlacementForm {
	f := PlacementForm{Year: strconv.Itoa(r.Period.Year), Quarter: strconv.Itoa(r.Period.Quarter), People: strconv.Itoa(r.People),
		Hours: tenths(r.HoursTenths), Employed: strconv.Itoa(r.Employed), Seconded: strconv.Itoa(r.Seconded), Version: strconv.Itoa(r.Version)}
	if r.Ambition != nil {
		f.Ambition = strconv.Itoa(*r.Ambition)
	}
	return f
}

// Whole numbers may use a point between thousands (1.250), nothing else.
// Hours have at most two decimals after a comma or point (rounded to one);
// "1.250" is refused rather than guessed.
var (
	wholeRe = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$|^[0-9]{1,9}$`)
	hoursRe = regexp.MustCompile(`^([0-9]{1,9})(?:[.,]([0-9]{1,2}))?$`)
)

// whole reads a whole number of at most max.
func whole(s string, max int) (int, bool) {
	s = strings.TrimSpace(s)
	if !wholeRe.MatchString(s) {
		return 0, false
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	return n, err == nil && n <= max
}

// parseTenths reads hours with a decimal comma or point, in tenths,
// rounded half up: "52,25" is 523.
func parseTenths(s string) (int, bool) {
	m := hoursRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, false
	}
	frac, _ := strconv.Atoi((m[2] + "00")[:2])
	return n*10 + (frac+5)/10, true
}

// validatePeriod checks the coordinator's year and quarter: from 2013,
// the start of the banenafspraak, up to the current quarter.
func (f *PlacementForm) validatePeriod(ctx context.Context, current Period) Period {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	year, okYear := whole(f.Year, 9999)
	switch {
	case !okYear || strings.Contains(f.Year, "."):
		f.Errors["jaar"] = t("Vul een jaartal in, bijvoorbeeld %d.", current.Year)
		okYear = false
	case year < 2013:
		f.Errors["jaar"] = t("Plaatsingen tellen vanaf 2013, het begin van de banenafspraak.")
		okYear = false
	}
	quarter, err := strconv.Atoi(strings.TrimSpace(f.Quarter))
	okQuarter := err == nil && quarter >= 1 && quarter <= 4
	if !okQuarter {
		f.Errors["kwartaal"] = t("Kies het kwartaal.")
	}
	p := Period{year, quarter}
	if okYear && okQuarter && p.After(current) {
		f.Errors["kwartaal"] = t("%s is nog niet begonnen. Vul cijfers in over dit kwartaal (%s) of een eerder kwartaal.", p, current)
	}
	return p
}

// linkPeriods are the quarters an employer may report through its link:
// the current one and the one before.
func linkPeriods(current Period) []Period { return []Period{current, current.Prev()} }

func periodValue(p Period) string { return strconv.Itoa(p.Year) + "-" + strconv.Itoa(p.Quarter) }

// validateLinkPeriod checks the employer's choice of quarter.
func (f *PlacementForm) validateLinkPeriod(ctx context.Context, current Period) Period {
	for _, p := range linkPeriods(current) {
		if f.Period == periodValue(p) {
			return p
		}
	}
	f.Errors["periode"] = i18n.T(ctx, "Kies over welk kwartaal u cijfers doorgeeft.")
	return Period{}
}

// validateCounts checks the figures. Hours cannot exceed 48 a week per
// person, the legal average maximum; nobody means no hours.
func (f *PlacementForm) validateCounts(ctx context.Context, in *ReportInput) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	if strings.TrimSpace(f.Ambition) != "" {
		if n, ok := whole(f.Ambition, 100_000); ok {
			in.Ambition = &n
		} else {
			f.Errors["ambitie"] = t("Vul de ambitie in als een heel aantal banen, bijvoorbeeld 3, of laat het veld leeg.")
		}
	}
	people, okPeople := whole(f.People, 1_000_000)
	switch {
	case strings.TrimSpace(f.People) == "":
		f.Errors["mensen"] = t("Vul in hoeveel mensen uit de doelgroep er werken; 0 is ook een antwoord.")
	case !okPeople:
		f.Errors["mensen"] = t("Vul het aantal mensen in als een heel getal, bijvoorbeeld 4.")
	}
	in.People = people
	f.validateHours(ctx, in, people, okPeople)
	in.Employed = f.optionalCount(ctx, "in_dienst", f.Employed)
	in.Seconded = f.optionalCount(ctx, "gedetacheerd", f.Seconded)
	if okPeople && f.Errors["in_dienst"] == "" && f.Errors["gedetacheerd"] == "" && in.Employed+in.Seconded > people {
		f.Errors["gedetacheerd"] = t("In dienst en gedetacheerd samen (%d) is meer dan het aantal mensen (%d).", in.Employed+in.Seconded, people)
	}
}

func (f *PlacementForm) validateHours(ctx context.Context, in *ReportInput, people int, okPeople bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	if strings.TrimSpace(f.Hours) == "" {
		if okPeople && people > 0 {
			f.Errors["uren"] = t("Vul in hoeveel uur zij samen per week werken.")
		}
		return // nobody: no hours
	}
	h, ok := parseTenths(f.Hours)
	switch {
	case !ok:
		f.Errors["uren"] = t("Vul het aantal uren in als een getal, bijvoorbeeld 52,5.")
	case okPeople && people == 0 && h > 0:
		f.Errors["uren"] = t("Er werkt niemand uit de doelgroep. Laat de uren dan leeg of vul 0 in.")
	case okPeople && people == 1 && h > MaxHoursPerPerson*10:
		f.Errors["uren"] = t("Dat is meer dan 48 uur per week. Vul in hoeveel uur deze persoon per week werkt.")
	case okPeople && h > people*MaxHoursPerPerson*10:
		f.Errors["uren"] = t("Dat is meer dan 48 uur per week per persoon. Vul het totaal aantal uren per week van alle %d mensen samen in.", people)
	default:
		in.HoursTenths = h
	}
}

// optionalCount reads a count that may stay empty (then 0).
func (f *PlacementForm) optionalCount(ctx context.Context, field, s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, ok := whole(s, 1_000_000)
	if !ok {
		f.Errors[field] = i18n.T(ctx, "Vul een heel getal in, of laat het veld leeg.")
	}
	return n
}

// Validate checks the coordinator's form.
func (f *PlacementForm) Validate(ctx context.Context, current Period) (ReportInput, bool) {
	f.Errors = web.FormErrors(ctx)
	in := ReportInput{Source: "coordinator"}
	in.Period = f.validatePeriod(ctx, current)
	f.validateCounts(ctx, &in)
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// ValidateCorrection checks a correction: the quarter stays as it is.
func (f *PlacementForm) ValidateCorrection(ctx context.Context, r Report) (ReportInput, bool) {
	f.Errors = web.FormErrors(ctx)
	f.Year, f.Quarter = strconv.Itoa(r.Period.Year), strconv.Itoa(r.Period.Quarter)
	in := ReportInput{Source: "coordinator", Period: r.Period}
	f.validateCounts(ctx, &in)
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// ValidateLink checks the employer's form.
func (f *PlacementForm) ValidateLink(ctx context.Context, current Period) (ReportInput, bool) {
	f.Errors = web.FormErrors(ctx)
	in := ReportInput{Source: "werkgever"}
	in.Period = f.validateLinkPeriod(ctx, current)
	f.validateCounts(ctx, &in)
	return in, len(f.Errors) == 0
}

// jobs is what the typed hours come to in jobs, when they can be read.
func (f PlacementForm) jobs(ctx context.Context) (string, bool) {
	h, ok := parseTenths(f.Hours)
	if !ok || strings.TrimSpace(f.Hours) == "" {
		return "", false
	}
	return tenthsIn(ctx, JobsTenths(h)), true
}
