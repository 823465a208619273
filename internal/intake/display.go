package intake

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// StepTitle returns the title of step n in the language of ctx.
func StepTitle(ctx context.Context, n int) string {
	switch n {
	case StepOrganisation:
		return i18n.T(ctx, "Organisatie")
	case StepChallenges:
		return i18n.T(ctx, "Uitdagingen")
	case StepOffers:
		return i18n.T(ctx, "Wat u kunt bieden")
	case StepMaturity:
		return i18n.T(ctx, "Volwassenheid")
	case StepPeople:
		return i18n.T(ctx, "Mensen")
	case StepAmbition:
		return i18n.T(ctx, "Ambitie en huidige situatie")
	case StepConditions:
		return i18n.T(ctx, "Voorwaarden en interesses")
	}
	return i18n.T(ctx, "Overzicht en indienen")
}

// Row is one answer as people read it.
type Row struct {
	Key   string // the answer's field, for take-over
	Label string
	Value string
	Dutch bool // the value stays Dutch: a reference value or what the employer typed
}

// Rows returns the answers of step n as label and value, in form order.
func Rows(ctx context.Context, n int, v url.Values, ref Reference) []Row {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	row := func(key, lbl, val string) Row { return Row{Key: key, Label: lbl, Value: web.OrDash(val)} }
	nl := func(key, lbl, val string) Row { r := row(key, lbl, val); r.Dutch = val != ""; return r }
	switch n {
	case StepOrganisation:
		return []Row{
			row("naam", t("Naam"), v.Get("naam")),
			row("kvk", t("KvK-nummer"), v.Get("kvk")),
			nl("sector", t("Sector"), label(ref.Sectors, v.Get("sector"))),
			row("medewerkers", t("Aantal medewerkers"), v.Get("medewerkers")),
			row("postcode", t("Postcode"), v.Get("postcode")),
			row("plaats", t("Plaats"), v.Get("plaats")),
			nl("regio", t("Arbeidsmarktregio"), label(ref.Regions, v.Get("regio"))),
		}
	case StepChallenges:
		return []Row{
			nl("uitdagingen", t("Uitdagingen"), labels(ref.Challenges, v["uitdagingen"])),
			nl("uitdagingen_toelichting", t("Toelichting"), v.Get("uitdagingen_toelichting")),
		}
	case StepOffers:
		return []Row{
			nl("aanbod", t("Aanbod"), labels(ref.Offers, v["aanbod"])),
			nl("kennis_onderwerpen", t("Kennis over"), v.Get("kennis_onderwerpen")),
			nl("aanbod_toelichting", t("Toelichting"), v.Get("aanbod_toelichting")),
		}
	case StepMaturity:
		lvl := nl("niveau", t("Niveau"), label(ref.Maturity, v.Get("niveau")))
		if v.Get("niveau") == MaturityUnknown {
			lvl = row("niveau", t("Niveau"), t("Weet ik niet"))
		}
		return []Row{lvl}
	case StepPeople:
		return peopleRows(ctx, v, ref)
	case StepAmbition:
		return ambitionRows(ctx, v)
	case StepConditions:
		var rows []Row
		for _, c := range ref.Conditions {
			rows = append(rows, row("bereid_"+c.Value, c.Label, WillingLabel(ctx, v.Get("bereid_"+c.Value))))
		}
		return append(rows,
			nl("themas", t("Interesse in thema's"), labels(ref.Themes, v["themas"])),
			nl("verwachtingen", t("Verwachtingen van het netwerk"), v.Get("verwachtingen")))
	}
	return nil
}

func peopleRows(ctx context.Context, v url.Values, ref Reference) []Row {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	var people, colleagues []string
	for i := range v["deelnemer_naam"] {
		people = append(people, at(v, "deelnemer_naam", i)+" ("+label(ref.Functions, at(v, "deelnemer_functie", i))+
			", "+strings.ToLower(levelLabel(at(v, "deelnemer_niveau", i)))+")")
	}
	for i := range v["collega_naam"] {
		colleagues = append(colleagues, at(v, "collega_naam", i)+" <"+at(v, "collega_email", i)+"> ("+
			label(ref.Functions, at(v, "collega_functie", i))+")")
	}
	return []Row{
		{Key: "deelnemers", Label: t("Neemt deel"), Value: web.OrDash(strings.Join(people, "\n")), Dutch: len(people) > 0},
		{Key: "collegas", Label: t("Collega's die ook kunnen aansluiten"), Value: web.OrDash(strings.Join(colleagues, "\n")), Dutch: len(colleagues) > 0},
	}
}

func ambitionRows(ctx context.Context, v url.Values) []Row {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	rows := []Row{
		{Key: "banen_ambitie", Label: t("Banen die u wilt creëren (12 maanden)"), Value: web.OrDash(v.Get("banen_ambitie"))},
		{Key: "mensen_nu", Label: t("Mensen uit de doelgroep nu in dienst"), Value: web.OrDash(v.Get("mensen_nu"))},
		{Key: "uren_nu", Label: t("Hun uren per week samen"), Value: web.OrDash(decimal(v.Get("uren_nu")))},
	}
	if h, err := strconv.ParseFloat(v.Get("uren_nu"), 64); err == nil {
		rows = append(rows, Row{Key: "banen_nu", Label: t("Banen (25,5 uur per week)"), Value: decimal(strconv.FormatFloat(Jobs(h), 'f', 1, 64))})
	}
	return rows
}

// WillingLabel is the answer to a condition of membership as text.
func WillingLabel(ctx context.Context, s string) string {
	switch s {
	case "ja":
		return i18n.T(ctx, "Ja")
	case "nee":
		return i18n.T(ctx, "Nee")
	case "overleg":
		return i18n.T(ctx, "Daarover wil ik eerst overleggen")
	}
	return ""
}

// decimal writes a stored number (with a point) the Dutch way.
func decimal(s string) string { return strings.ReplaceAll(s, ".", ",") }

func labels(opts []web.Option, values []string) string {
	var out []string
	for _, v := range values {
		if l := label(opts, v); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
