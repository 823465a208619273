package employers

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// ContactForm is the contact form as typed by the user.
type ContactForm struct {
	Name       string
	Email      string
	Phone      string
	Function   string
	JobTitle   string
	Level      string
	Primary    bool
	ActiveFrom string
	Version    string
	Errors     web.Errors
}

var contactFieldOrder = []string{"naam", "email", "telefoon", "functie", "functietitel", "niveau", "actief_vanaf"}

// ContactInput is a validated contact form.
type ContactInput struct {
	Name       string
	Email      string
	Phone      string
	Function   string
	JobTitle   string
	Level      string
	Primary    bool
	ActiveFrom time.Time
	Version    int
}

func parseContactForm(v url.Values) ContactForm {
	return ContactForm{
		Name: v.Get("naam"), Email: v.Get("email"), Phone: v.Get("telefoon"), Function: v.Get("functie"),
		JobTitle: v.Get("functietitel"), Level: v.Get("niveau"), Primary: v.Get("primair") == "1",
		ActiveFrom: v.Get("actief_vanaf"), Version: v.Get("versie"),
	}
}

func formFromContact(c Contact) ContactForm {
	return ContactForm{
		Name: c.Name, Email: c.Email, Phone: c.Phone, Function: c.Function, JobTitle: c.JobTitle,
		Level: c.Level, Primary: c.Primary, ActiveFrom: c.ActiveFrom.Format("2006-01-02"),
		Version: strconv.Itoa(c.Version),
	}
}

// Validate checks the contact form and returns the typed input.
func (f *ContactForm) Validate(ctx context.Context, ref Reference, today time.Time) (ContactInput, bool) {
	t := func(s string) string { return i18n.T(ctx, s) }
	f.Errors = web.FormErrors(ctx)
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	f.Phone = strings.TrimSpace(f.Phone)
	f.Name = f.Errors.Text("naam", f.Name, 120, t("Vul de naam van de contactpersoon in."), t("De naam mag hoogstens 120 tekens hebben."))
	if f.Email != "" && !validate.Email(f.Email) {
		f.Errors["email"] = t("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	if f.Phone != "" && !validate.Phone(f.Phone) {
		f.Errors["telefoon"] = t("Vul een telefoonnummer in met alleen cijfers, spaties, +, - of haakjes, zoals 06-12345678.")
	}
	if !slices.ContainsFunc(ref.Functions, func(o Option) bool { return o.Code == f.Function }) {
		f.Errors["functie"] = t("Kies de functie van de contactpersoon.")
	}
	f.JobTitle = f.Errors.Text("functietitel", f.JobTitle, 120, "", t("De functietitel mag hoogstens 120 tekens hebben."))
	if !slices.Contains(Levels, f.Level) {
		f.Errors["niveau"] = t("Kies het niveau: strategisch, tactisch of operationeel.")
	}
	in := ContactInput{Name: f.Name, Email: f.Email, Phone: f.Phone, Function: f.Function, JobTitle: f.JobTitle,
		Level: f.Level, Primary: f.Primary, ActiveFrom: today}
	if strings.TrimSpace(f.ActiveFrom) != "" {
		d, ok := validate.Date(f.ActiveFrom)
		switch {
		case !ok:
			f.Errors["actief_vanaf"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
		case d.After(today.AddDate(1, 0, 0)):
			f.Errors["actief_vanaf"] = t("Deze datum ligt te ver in de toekomst.")
		case d.Year() < 1950:
			f.Errors["actief_vanaf"] = t("Deze datum ligt te ver terug.")
		default:
			in.ActiveFrom = d
		}
	}
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// EndForm ends a contact's involvement on a date.
type EndForm struct {
	Date    string
	Version string
	Errors  web.Errors
}

// Validate checks the end date: not before the contact started.
func (f *EndForm) Validate(ctx context.Context, c Contact, today time.Time) (time.Time, int, bool) {
	f.Errors = web.FormErrors(ctx)
	d := today
	if strings.TrimSpace(f.Date) != "" {
		var ok bool
		if d, ok = validate.Date(f.Date); !ok {
			f.Errors["einddatum"] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
		}
	}
	if len(f.Errors) == 0 && d.Before(c.ActiveFrom) {
		f.Errors["einddatum"] = i18n.T(ctx, "De einddatum ligt voor de datum waarop deze contactpersoon begon (%s).", c.ActiveFrom.Format("02-01-2006"))
	}
	if len(f.Errors) == 0 && d.After(today.AddDate(1, 0, 0)) {
		f.Errors["einddatum"] = i18n.T(ctx, "Deze datum ligt te ver in de toekomst.")
	}
	v, _ := strconv.Atoi(f.Version)
	return d, v, len(f.Errors) == 0
}
