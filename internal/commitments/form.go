package commitments

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Form is the commitment form as typed by the user: every value kept as
// text so it can be shown again exactly, with the errors next to it. A
// chosen file cannot be shown again: the form says so.
type Form struct {
	KindID         string
	Status         string
	PromisedOn     string
	SignedOn       string
	ValidFrom      string
	ValidUntil     string
	Notes          string
	RemoveDocument bool
	Version        string
	Errors         web.Errors

	upload    *Upload
	chosen    bool   // a file was chosen
	uploadErr string // what was wrong with it
}

// fieldOrder is the order of the fields on the form, for the error summary.
var fieldOrder = []string{"soort", "status", "toegezegd_op", "getekend_op", "geldig_vanaf", "geldig_tot", "notities", "document"}

func parseForm(p posted) Form {
	v := p.values
	return Form{
		KindID: v.Get("soort"), Status: v.Get("status"), PromisedOn: v.Get("toegezegd_op"), SignedOn: v.Get("getekend_op"),
		ValidFrom: v.Get("geldig_vanaf"), ValidUntil: v.Get("geldig_tot"), Notes: v.Get("notities"),
		RemoveDocument: v.Get("document_verwijderen") == "1", Version: v.Get("versie"),
		upload: p.upload, chosen: p.chosen, uploadErr: p.uploadErr,
	}
}

// formFrom fills the form with a stored commitment, for editing.
func formFrom(c Commitment) Form {
	return Form{
		KindID: web.FormatID(c.KindID), Status: c.Status, PromisedOn: nltime.ISODatePtr(c.PromisedOn), SignedOn: nltime.ISODatePtr(c.SignedOn),
		ValidFrom: nltime.ISODatePtr(c.ValidFrom), ValidUntil: nltime.ISODatePtr(c.ValidUntil), Notes: c.Notes, Version: strconv.Itoa(c.Version),
	}
}

// Validate checks the form against the rules and the kinds the employer's
// network may use, fills f.Errors in the language of ctx and returns the
// typed input when there are none.
func (f *Form) Validate(ctx context.Context, kinds []Kind, today time.Time) (Input, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := Input{}
	if id, err := strconv.ParseInt(strings.TrimSpace(f.KindID), 10, 64); err == nil &&
		slices.ContainsFunc(kinds, func(k Kind) bool { return k.ID == id }) {
		in.KindID = id
	} else {
		f.Errors["soort"] = t("Kies de soort toezegging.")
	}
	if slices.Contains(Statuses, f.Status) {
		in.Status = f.Status
	} else {
		f.Errors["status"] = t("Kies de status van de toezegging.")
	}
	in.PromisedOn = f.date(ctx, "toegezegd_op", f.PromisedOn, today, false)
	in.SignedOn = f.date(ctx, "getekend_op", f.SignedOn, today, false)
	in.ValidFrom = f.date(ctx, "geldig_vanaf", f.ValidFrom, today, true)
	in.ValidUntil = f.date(ctx, "geldig_tot", f.ValidUntil, today, true)
	f.checkDates(ctx, in)
	f.Notes = f.Errors.Text("notities", f.Notes, 4000, "", t("De notities mogen hoogstens 4000 tekens hebben."))
	in.Notes = f.Notes
	f.checkUpload(ctx)
	in.Document, in.RemoveDocument = f.upload, f.RemoveDocument && f.upload == nil
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// date reads an optional date field. Promises and signatures lie in the
// past; a validity period may reach into the future.
func (f *Form) date(ctx context.Context, field, s string, today time.Time, future bool) *time.Time {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d, ok := validate.Date(s)
	switch {
	case !ok:
		f.Errors[field] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case d.Year() < 2000:
		f.Errors[field] = i18n.T(ctx, "Deze datum ligt te ver terug.")
	case !future && d.After(today):
		f.Errors[field] = i18n.T(ctx, "Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde.")
	case d.After(today.AddDate(25, 0, 0)):
		f.Errors[field] = i18n.T(ctx, "Deze datum ligt te ver in de toekomst.")
	default:
		return &d
	}
	return nil
}

// checkDates checks the dates against the status and each other.
func (f *Form) checkDates(ctx context.Context, in Input) {
	t := func(s string) string { return i18n.T(ctx, s) }
	set := func(field, msg string) {
		if f.Errors[field] == "" {
			f.Errors[field] = msg
		}
	}
	switch {
	case in.Status == "getekend" && in.SignedOn == nil && strings.TrimSpace(f.SignedOn) == "":
		set("getekend_op", t("Vul de datum van ondertekening in."))
	case in.Status == "toegezegd" && in.SignedOn != nil:
		set("getekend_op", t("Een toezegging met een datum van ondertekening is getekend. Kies de status Getekend, of maak de datum leeg."))
	}
	if in.PromisedOn != nil && in.SignedOn != nil && in.SignedOn.Before(*in.PromisedOn) {
		set("getekend_op", t("De datum van ondertekening ligt voor de datum van de toezegging."))
	}
	if in.ValidFrom != nil && in.ValidUntil != nil && in.ValidUntil.Before(*in.ValidFrom) {
		set("geldig_tot", t("‘Geldig tot’ ligt voor ‘geldig vanaf’."))
	}
}

// checkUpload turns what was wrong with the chosen file into a message.
func (f *Form) checkUpload(ctx context.Context) {
	switch f.uploadErr {
	case uploadTooLarge:
		f.Errors["document"] = i18n.T(ctx, "Het document is groter dan 10 MB. Kies een kleiner bestand, bijvoorbeeld een scan met een lagere resolutie.")
	case uploadEmpty:
		f.Errors["document"] = i18n.T(ctx, "Het gekozen bestand is leeg. Kies het PDF-bestand opnieuw.")
	case uploadNotPDF:
		f.Errors["document"] = i18n.T(ctx, "Dit bestand is geen PDF. Kies het PDF-bestand van de getekende toezegging.")
	}
}

// documentHint explains the file field, and says so when a chosen file
// did not come back with the form: a browser does not keep it.
func (f Form) documentHint(ctx context.Context) string {
	if f.chosen && f.uploadErr == "" {
		return i18n.T(ctx, "U had een bestand gekozen. Kies het opnieuw: een browser bewaart een gekozen bestand niet als het formulier terugkomt.")
	}
	return i18n.T(ctx, "Een PDF van hoogstens 10 MB, bijvoorbeeld de scan van de getekende verklaring.")
}
