package mailings

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Form is the compose form as typed.
type Form struct {
	NetworkID   int64
	Subject     string
	Body        string
	Status      string
	Subgroup    string
	Function    string
	Level       string
	NotAttended bool
	Employer    url.Values // the employer list's filters, carried as hidden fields
	Version     string
	Errors      web.Errors
}

var fieldOrder = []string{"onderwerp", "tekst", "status", "subgroep", "functie", "niveau"}

// Limits of the stored mailing.
const (
	maxSubject = 200
	maxBody    = 20000
)

func parseForm(v url.Values) Form {
	return Form{
		NetworkID: web.ParseID(v.Get("netwerk")), Subject: v.Get("onderwerp"), Body: v.Get("tekst"),
		Status: v.Get("status"), Subgroup: v.Get("subgroep"), Function: v.Get("functie"), Level: v.Get("niveau"),
		NotAttended: v.Get("niet_aanwezig") != "", Employer: employerValues(v), Version: v.Get("versie"),
		Errors: web.Errors{},
	}
}

// formOf shows a stored mailing in the form.
func formOf(m Mailing) Form {
	f := Form{NetworkID: m.NetworkID, Subject: m.Subject, Body: m.Body, Status: m.Selection.Status,
		Function: m.Selection.Function, Level: m.Selection.Level, NotAttended: m.Selection.NotAttended,
		Employer: employerValues(m.Selection.Employer), Version: strconv.Itoa(m.Version), Errors: web.Errors{}}
	if m.Selection.SubgroupID != 0 {
		f.Subgroup = strconv.FormatInt(m.Selection.SubgroupID, 10)
	}
	return f
}

// Validate checks the form against the network's choices and returns the
// input, or false with a Dutch message at each wrong field.
func (f *Form) Validate(ctx context.Context, c Choices) (Input, bool) {
	in := Input{NetworkID: f.NetworkID}
	subject := strings.TrimSpace(f.Subject)
	switch {
	case f.Errors["onderwerp"] != "":
	case subject == "":
		f.Errors["onderwerp"] = i18n.T(ctx, "Vul een onderwerp in.")
	case utf8.RuneCountInString(subject) > maxSubject:
		f.Errors["onderwerp"] = i18n.T(ctx, "Het onderwerp is te lang: hoogstens %d tekens.", maxSubject)
	default:
		if msg := checkFields(ctx, subject); msg != "" {
			f.Errors["onderwerp"] = msg
		}
	}
	body := strings.TrimRight(strings.ReplaceAll(f.Body, "\r\n", "\n"), " \n")
	switch {
	case f.Errors["tekst"] != "":
	case strings.TrimSpace(body) == "":
		f.Errors["tekst"] = i18n.T(ctx, "Schrijf de tekst van de e-mail.")
	case utf8.RuneCountInString(body) > maxBody:
		f.Errors["tekst"] = i18n.T(ctx, "De tekst is te lang: hoogstens %d tekens.", maxBody)
	default:
		if msg := checkFields(ctx, body); msg != "" {
			f.Errors["tekst"] = msg
		}
	}
	if !validStatus(f.Status) {
		f.Errors["status"] = i18n.T(ctx, "Kies aan welke werkgevers de e-mail gaat.")
	}
	sel := Selection{Status: f.Status, Function: f.Function, Level: f.Level, NotAttended: f.NotAttended, Employer: f.Employer}
	if f.Subgroup != "" {
		if !hasOption(c.Subgroups, f.Subgroup) {
			f.Errors["subgroep"] = i18n.T(ctx, "Kies een subgroep uit de lijst.")
		}
		sel.SubgroupID = web.ParseID(f.Subgroup)
	}
	if f.Function != "" && !hasOption(c.Functions, f.Function) {
		f.Errors["functie"] = i18n.T(ctx, "Kies een functie uit de lijst.")
	}
	if f.Level != "" && !slices.Contains(Levels, f.Level) {
		f.Errors["niveau"] = i18n.T(ctx, "Kies een niveau uit de lijst.")
	}
	if len(sel.Employer) == 0 {
		sel.Employer = nil
	}
	in.Subject, in.Body, in.Selection = subject, body, sel
	return in, len(f.Errors) == 0
}

func hasOption(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}
