package subgroups

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Form is the subgroup form as typed by the user: every value kept as text
// so it can be shown again exactly, with the errors next to it.
type Form struct {
	NetworkID   string
	Name        string
	Kind        string
	ThemeID     string
	Description string
	Functions   []string
	LeadID      string
	EndedOn     string
	Version     string
	Errors      web.Errors
}

// fieldOrder is the order of the fields on the form, for the error summary.
var fieldOrder = []string{"netwerk", "naam", "soort", "thema", "beschrijving", "functies", "kartrekker", "einddatum"}

func parseForm(v url.Values) Form {
	return Form{
		NetworkID: v.Get("netwerk"), Name: v.Get("naam"), Kind: v.Get("soort"), ThemeID: v.Get("thema"),
		Description: v.Get("beschrijving"), Functions: v["functies"], LeadID: v.Get("kartrekker"),
		EndedOn: v.Get("einddatum"), Version: v.Get("versie"),
	}
}

// formFrom fills the form with a stored subgroup, for editing.
func formFrom(g Subgroup) Form {
	return Form{
		NetworkID: web.FormatID(g.NetworkID), Name: g.Name, Kind: g.Kind, ThemeID: idOrEmpty(g.ThemeID),
		Description: g.Description, Functions: slices.Clone(g.Functions), LeadID: idOrEmpty(g.LeadID),
		EndedOn: nltime.ISODatePtr(g.EndedOn), Version: strconv.Itoa(g.Version),
	}
}

// Validate checks the form against the rules, the reference data, the
// networks the user may write in and the chosen lead (nil when the posted
// id is not an active contact), fills f.Errors in the language of ctx and
// returns the typed input when there are none.
func (f *Form) Validate(ctx context.Context, ref Reference, networks []int64, lead *Candidate, today time.Time) (Input, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := Input{}
	if network, ok := web.PickID(f.NetworkID, networks); ok {
		in.NetworkID = network
	} else {
		f.Errors["netwerk"] = t("Kies het netwerk van deze subgroep.")
	}
	f.Name = f.Errors.Text("naam", f.Name, 120, t("Vul de naam van de subgroep in."), t("De naam mag hoogstens 120 tekens hebben."))
	in.Name = f.Name
	if !slices.Contains(Kinds, f.Kind) {
		f.Errors["soort"] = t("Kies de soort subgroep.")
	}
	in.Kind = f.Kind
	if strings.TrimSpace(f.ThemeID) != "" {
		if id, valid := web.PickID(f.ThemeID, optionIDs(ref.Themes)); valid {
			in.ThemeID = &id
		} else {
			f.Errors["thema"] = t("Kies een thema uit de lijst.")
		}
	}
	f.Description = f.Errors.Text("beschrijving", f.Description, 4000, "", t("De beschrijving mag hoogstens 4000 tekens hebben."))
	in.Description = f.Description
	for _, o := range ref.Functions { // in the reference order, whatever the post's
		if slices.Contains(f.Functions, o.Code) {
			in.Functions = append(in.Functions, o.Code)
		}
	}
	if len(in.Functions) != len(slices.Compact(slices.Sorted(slices.Values(f.Functions)))) {
		f.Errors["functies"] = t("Een van de gekozen functies bestaat niet (meer).")
	}
	in.LeadID = f.validateLead(ctx, in.NetworkID, networks, lead)
	in.EndedOn = f.validateEnd(ctx, today)
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// validateLead checks that the lead is an active contact of the network.
// A contact of a network the user may not write in gets the same message
// as an unknown one, so the form reveals nothing about other networks.
func (f *Form) validateLead(ctx context.Context, networkID int64, networks []int64, lead *Candidate) *int64 {
	switch {
	case strings.TrimSpace(f.LeadID) == "":
		return nil
	case lead == nil || !slices.Contains(networks, lead.NetworkID):
		f.Errors["kartrekker"] = i18n.T(ctx, "Kies als kartrekker een actieve contactpersoon van een werkgever in dit netwerk.")
		return nil
	case networkID != 0 && lead.NetworkID != networkID:
		f.Errors["kartrekker"] = i18n.T(ctx, "%s werkt bij een werkgever in een ander netwerk. Kies een kartrekker uit het netwerk van de subgroep.", lead.Name)
		return nil
	}
	return &lead.ID
}

// validateEnd checks the optional end date that closes the subgroup.
func (f *Form) validateEnd(ctx context.Context, today time.Time) *time.Time {
	if strings.TrimSpace(f.EndedOn) == "" {
		return nil
	}
	d, ok := validate.Date(f.EndedOn)
	switch {
	case !ok:
		f.Errors["einddatum"] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case d.After(today.AddDate(1, 0, 0)):
		f.Errors["einddatum"] = i18n.T(ctx, "Deze datum ligt te ver in de toekomst.")
	case d.Year() < 1990:
		f.Errors["einddatum"] = i18n.T(ctx, "Deze datum ligt te ver terug.")
	default:
		return &d
	}
	return nil
}

func optionIDs(opts []Option) []int64 { return web.IDs(opts, func(o Option) int64 { return o.ID }) }

func idOrEmpty(v int64) string {
	if v == 0 {
		return ""
	}
	return web.FormatID(v)
}
