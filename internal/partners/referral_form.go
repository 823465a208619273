package partners

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

// ReferralForm is the new-referral form as typed by the user.
type ReferralForm struct {
	PartnerID  string
	Question   string
	ReferredOn string
	Status     string
	FollowUpOn string
	ContactID  string
	Intro      bool
	Errors     web.Errors
}

// referralFieldOrder is the order of the fields on the form, for the error
// summary.
var referralFieldOrder = []string{"partner", "vraag", "datum", "status", "opvolgdatum", "contactpersoon", "introductiemail"}

func parseReferralForm(v url.Values) ReferralForm {
	return ReferralForm{
		PartnerID: v.Get("partner"), Question: v.Get("vraag"), ReferredOn: v.Get("datum"), Status: v.Get("status"),
		FollowUpOn: v.Get("opvolgdatum"), ContactID: v.Get("contactpersoon"), Intro: v.Get("introductiemail") != "",
	}
}

// Validate checks the form against the partners, the employer's active
// contacts and today, fills f.Errors in the language of ctx and returns the
// typed input (without employer and network) when there are none.
func (f *ReferralForm) Validate(ctx context.Context, choices []Choice, contacts []Contact, today time.Time) (ReferralInput, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := ReferralInput{Intro: f.Intro}
	partner, found := findChoice(choices, f.PartnerID)
	if found {
		in.PartnerID = partner.ID
	} else {
		f.Errors["partner"] = t("Kies de partner naar wie u de werkgever doorverwijst.")
	}
	f.Question = f.Errors.Text("vraag", f.Question, 4000, t("Vul de vraag van de werkgever in."), t("De vraag mag hoogstens 4000 tekens hebben."))
	in.Question = f.Question
	in.ReferredOn = f.validateReferredOn(ctx, today)
	if !slices.Contains(Statuses, f.Status) {
		f.Errors["status"] = t("Kies een status.")
	}
	in.Status = f.Status
	var from *time.Time
	if f.Errors["datum"] == "" {
		from = &in.ReferredOn
	}
	in.FollowUpOn = validateFollowUp(ctx, f.FollowUpOn, from, today, f.Errors)
	contact, chosen := f.validateContact(ctx, contacts)
	if chosen {
		in.ContactID = &contact.ID
	}
	if f.Intro {
		f.validateIntro(ctx, partner, found, contact, chosen)
	}
	return in, len(f.Errors) == 0
}

// validateReferredOn checks the required date of the referral: today or
// earlier, as it records what happened.
func (f *ReferralForm) validateReferredOn(ctx context.Context, today time.Time) time.Time {
	t := func(s string) string { return i18n.T(ctx, s) }
	if strings.TrimSpace(f.ReferredOn) == "" {
		f.Errors["datum"] = t("Vul de datum van de doorverwijzing in.")
		return time.Time{}
	}
	d, ok := validate.Date(f.ReferredOn)
	switch {
	case !ok:
		f.Errors["datum"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case d.After(today):
		f.Errors["datum"] = t("De datum van de doorverwijzing kan niet in de toekomst liggen.")
	case d.Year() < 2000:
		f.Errors["datum"] = t("Deze datum ligt te ver terug.")
	}
	return d
}

// validateContact checks the optional contact: an active contact of this
// employer. A contact of another employer gets the same message as an
// unknown one.
func (f *ReferralForm) validateContact(ctx context.Context, contacts []Contact) (Contact, bool) {
	if strings.TrimSpace(f.ContactID) == "" {
		return Contact{}, false
	}
	i := slices.IndexFunc(contacts, func(c Contact) bool { return web.FormatID(c.ID) == strings.TrimSpace(f.ContactID) })
	if i < 0 {
		f.Errors["contactpersoon"] = i18n.T(ctx, "Kies een actieve contactpersoon van deze werkgever.")
		return Contact{}, false
	}
	return contacts[i], true
}

// validateIntro checks what the introduction mail needs: an address for
// the partner (when one is chosen), and a contact with an address to put
// in copy.
func (f *ReferralForm) validateIntro(ctx context.Context, p Choice, found bool, c Contact, chosen bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	if found && p.Email == "" {
		f.Errors["introductiemail"] = t("%s heeft geen e-mailadres. Vul het e-mailadres eerst in bij de partner, of laat de introductiemail weg.", p.Name)
	}
	switch {
	case f.Errors["contactpersoon"] != "":
	case !chosen:
		f.Errors["contactpersoon"] = t("Kies de contactpersoon die de introductiemail in kopie krijgt.")
	case c.Email == "":
		f.Errors["contactpersoon"] = t("%s heeft geen e-mailadres. Kies iemand anders, of vul eerst het e-mailadres in bij de contactpersoon.", c.Name)
	}
}

// StatusForm is the form on a referral's page: how it goes.
type StatusForm struct {
	Status     string
	FollowUpOn string
	Outcome    string
	Version    string
	Errors     web.Errors
}

var statusFieldOrder = []string{"status", "opvolgdatum", "uitkomst"}

func parseStatusForm(v url.Values) StatusForm {
	return StatusForm{Status: v.Get("status"), FollowUpOn: v.Get("opvolgdatum"), Outcome: v.Get("uitkomst"), Version: v.Get("versie")}
}

// statusFormFrom fills the form with a stored referral.
func statusFormFrom(r Referral) StatusForm {
	return StatusForm{Status: r.Status, FollowUpOn: nltime.ISODatePtr(r.FollowUpOn), Outcome: r.Outcome, Version: strconv.Itoa(r.Version)}
}

// Validate checks the form for a referral made on referredOn.
func (f *StatusForm) Validate(ctx context.Context, referredOn, today time.Time) (StatusInput, bool) {
	f.Errors = web.FormErrors(ctx)
	in := StatusInput{Status: f.Status}
	if !slices.Contains(Statuses, f.Status) {
		f.Errors["status"] = i18n.T(ctx, "Kies een status.")
	}
	in.FollowUpOn = validateFollowUp(ctx, f.FollowUpOn, &referredOn, today, f.Errors)
	f.Outcome = f.Errors.Text("uitkomst", f.Outcome, 4000, "", i18n.T(ctx, "De uitkomst mag hoogstens 4000 tekens hebben."))
	in.Outcome = f.Outcome
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// validateFollowUp checks an optional follow-up date: not before the
// referral (from, when known) and not years ahead.
func validateFollowUp(ctx context.Context, s string, from *time.Time, today time.Time, errs web.Errors) *time.Time {
	t := func(s string) string { return i18n.T(ctx, s) }
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d, ok := validate.Date(s)
	switch {
	case !ok:
		errs["opvolgdatum"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case from != nil && d.Before(*from):
		errs["opvolgdatum"] = t("De opvolgdatum kan niet voor de datum van de doorverwijzing liggen.")
	case d.After(today.AddDate(2, 0, 0)):
		errs["opvolgdatum"] = t("Deze datum ligt te ver in de toekomst.")
	default:
		return &d
	}
	return nil
}

// findChoice returns the partner whose id was posted.
func findChoice(choices []Choice, id string) (Choice, bool) {
	i := slices.IndexFunc(choices, func(c Choice) bool { return web.FormatID(c.ID) == strings.TrimSpace(id) })
	if i < 0 {
		return Choice{}, false
	}
	return choices[i], true
}
