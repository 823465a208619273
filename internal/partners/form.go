package partners

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Form is the partner form as typed by the user: every value kept as text
// so it can be shown again exactly, with the errors next to it.
type Form struct {
	Name        string
	RegionID    string
	Kind        string
	ContactName string
	Email       string
	Phone       string
	Website     string
	TagIDs      []string
	Notes       string
	Version     string
	Errors      web.Errors
}

// fieldOrder is the order of the fields on the form, for the error summary.
var fieldOrder = []string{"naam", "regio", "soort", "contactpersoon", "email", "telefoon", "website", "helpt_bij", "notities"}

func parseForm(v url.Values) Form {
	return Form{
		Name: v.Get("naam"), RegionID: v.Get("regio"), Kind: v.Get("soort"), ContactName: v.Get("contactpersoon"),
		Email: v.Get("email"), Phone: v.Get("telefoon"), Website: v.Get("website"), TagIDs: v["helpt_bij"],
		Notes: v.Get("notities"), Version: v.Get("versie"),
	}
}

// formFrom fills the form with a stored partner, for editing.
func formFrom(p Partner) Form {
	tags := make([]string, len(p.TagIDs))
	for i, id := range p.TagIDs {
		tags[i] = web.FormatID(id)
	}
	return Form{
		Name: p.Name, RegionID: web.FormatID(p.RegionID), Kind: p.Kind, ContactName: p.ContactName, Email: p.Email,
		Phone: p.Phone, Website: p.Website, TagIDs: tags, Notes: p.Notes, Version: strconv.Itoa(p.Version),
	}
}

// Validate checks the form against the rules, the reference data and the
// regions the user may edit partners in, fills f.Errors in the language of
// ctx and returns the typed input when there are none.
func (f *Form) Validate(ctx context.Context, ref Reference, writable Regions) (PartnerInput, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := PartnerInput{}
	f.Name = f.Errors.Text("naam", f.Name, 200, t("Vul de naam van de partner in."), t("De naam mag hoogstens 200 tekens hebben."))
	in.Name = f.Name
	if id, ok := web.PickID(f.RegionID, optionIDs(ref.Regions)); ok && writable.Has(id) {
		in.RegionID = id
	} else {
		f.Errors["regio"] = t("Kies de arbeidsmarktregio van deze partner.")
	}
	if !slices.Contains(Kinds, f.Kind) {
		f.Errors["soort"] = t("Kies de soort organisatie.")
	}
	in.Kind = f.Kind
	f.ContactName = f.Errors.Text("contactpersoon", f.ContactName, 120, "", t("De naam van de contactpersoon mag hoogstens 120 tekens hebben."))
	in.ContactName = f.ContactName
	in.Email, in.Phone, in.Website = f.validateReach(ctx)
	in.TagIDs = f.validateTags(ctx, ref)
	f.Notes = f.Errors.Text("notities", f.Notes, 4000, "", t("De notities mogen hoogstens 4000 tekens hebben."))
	in.Notes = f.Notes
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// validateReach checks how the partner is reached: e-mail, phone, website.
func (f *Form) validateReach(ctx context.Context) (email, phone, website string) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Email = strings.TrimSpace(f.Email)
	if f.Email != "" && !validate.Email(f.Email) {
		f.Errors["email"] = t("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	f.Phone = strings.TrimSpace(f.Phone)
	if f.Phone != "" && !validate.Phone(f.Phone) {
		f.Errors["telefoon"] = t("Vul een telefoonnummer in met alleen cijfers, spaties, +, - of haakjes, zoals 06-12345678.")
	}
	f.Website = strings.TrimSpace(f.Website)
	site, ok := cleanWebsite(f.Website)
	switch {
	case !ok:
		f.Errors["website"] = t("Vul een webadres in dat begint met http:// of https://, zoals https://www.organisatie.nl.")
	case utf8.RuneCountInString(site) > 300:
		f.Errors["website"] = t("Het webadres mag hoogstens 300 tekens hebben.")
	default:
		f.Website = site
	}
	return f.Email, f.Phone, f.Website
}

// cleanWebsite accepts an http or https address with a host name; one
// typed without a scheme ("www.wsp.nl") gets https://. Any other scheme,
// javascript: included, is refused, since the address becomes a link.
func cleanWebsite(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || strings.ContainsAny(s, " \t\n\"<>") {
		return s, false
	}
	scheme := strings.ToLower(u.Scheme)
	host := u.Hostname()
	if (scheme != "http" && scheme != "https") || !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return s, false
	}
	return s, true
}

// validateTags keeps the challenges in their reference order.
func (f *Form) validateTags(ctx context.Context, ref Reference) []int64 {
	var ids []int64
	for _, o := range ref.Challenges {
		if slices.Contains(f.TagIDs, web.FormatID(o.ID)) {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) != len(slices.Compact(slices.Sorted(slices.Values(f.TagIDs)))) {
		f.Errors["helpt_bij"] = i18n.T(ctx, "Een van de gekozen uitdagingen bestaat niet (meer).")
	}
	return ids
}

func optionIDs(opts []Option) []int64 { return web.IDs(opts, func(o Option) int64 { return o.ID }) }
