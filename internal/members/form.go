package members

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

type signInForm struct {
	Email   string
	General string
	Errors  web.Errors
}

func parseSignIn(r *http.Request) (signInForm, bool) {
	ctx := r.Context()
	r.ParseForm()
	f := signInForm{Email: strings.TrimSpace(r.PostFormValue("email")), Errors: web.FormErrors(ctx)}
	switch {
	case f.Email == "":
		f.Errors["email"] = i18n.T(ctx, "Vul uw e-mailadres in.")
	case len(f.Email) > 254 || !validate.Email(f.Email):
		f.Errors["email"] = i18n.T(ctx, "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	f.Email = strings.ToLower(f.Email)
	return f, len(f.Errors) == 0
}

// profileForm is the profile form as typed.
type profileForm struct {
	Name, Address, Postcode, City, Website, EmployeeCount string
	ChallengesNote, OffersNote, Version                   string
	Tags                                                  map[string]bool
	Errors                                                web.Errors
}

var profileOrder = []string{"naam", "adres", "postcode", "plaats", "website", "medewerkers", "uitdagingen", "uitdagingen_toelichting", "aanbod_toelichting"}

func profileFormOf(p Profile) profileForm {
	f := profileForm{Name: p.Name, Address: p.Address, Postcode: p.Postcode, City: p.City, Website: p.Website,
		EmployeeCount: itoa(p.EmployeeCount), ChallengesNote: p.ChallengesNote, OffersNote: p.OffersNote,
		Version: strconv.Itoa(p.Version), Tags: map[string]bool{}}
	for _, id := range tagIDs(p.Challenges, p.Offers) {
		f.Tags[strconv.FormatInt(id, 10)] = true
	}
	return f
}

// parseProfile checks a correction; allowed are the tag ids the form offered.
func parseProfile(r *http.Request, allowed []int64) (profileForm, ProfileInput, bool) {
	ctx := r.Context()
	r.ParseForm()
	v := r.PostForm
	f := profileForm{Name: clean(v, "naam"), Address: clean(v, "adres"), Postcode: clean(v, "postcode"),
		City: clean(v, "plaats"), Website: clean(v, "website"), EmployeeCount: clean(v, "medewerkers"),
		ChallengesNote: clean(v, "uitdagingen_toelichting"), OffersNote: clean(v, "aanbod_toelichting"),
		Version: v.Get("versie"), Tags: map[string]bool{}, Errors: web.FormErrors(ctx)}
	in := ProfileInput{Name: f.Name, Address: f.Address, City: f.City, Website: f.Website,
		ChallengesNote: f.ChallengesNote, OffersNote: f.OffersNote}
	tooLong := func(field, value string, max int) bool {
		if utf8.RuneCountInString(value) > max {
			f.Errors[field] = i18n.T(ctx, "Maak dit korter: ten hoogste %d tekens.", max)
			return true
		}
		return false
	}
	if f.Name == "" {
		f.Errors["naam"] = i18n.T(ctx, "Vul de naam van de organisatie in.")
	} else {
		tooLong("naam", f.Name, 200)
	}
	tooLong("adres", f.Address, 200)
	tooLong("plaats", f.City, 100)
	if f.Postcode != "" {
		if pc, ok := validate.Postcode(f.Postcode); ok {
			in.Postcode, f.Postcode = pc, pc
		} else {
			f.Errors["postcode"] = i18n.T(ctx, "Vul een Nederlandse postcode in, zoals 1234 AB.")
		}
	}
	if f.Website != "" && !tooLong("website", f.Website, 300) {
		if !validWebsite(f.Website) {
			f.Errors["website"] = i18n.T(ctx, "Vul een webadres in dat begint met https://, zoals https://www.voorbeeld.nl.")
		}
	}
	if f.EmployeeCount != "" {
		if n, ok := validate.Count(f.EmployeeCount, 1000000); ok {
			in.EmployeeCount = &n
		} else {
			f.Errors["medewerkers"] = i18n.T(ctx, "Vul het aantal medewerkers in als heel getal, zoals 120.")
		}
	}
	tooLong("uitdagingen_toelichting", f.ChallengesNote, 4000)
	tooLong("aanbod_toelichting", f.OffersNote, 4000)
	for _, s := range v["tags"] {
		id, ok := web.PickID(s, allowed)
		if !ok {
			f.Errors["uitdagingen"] = i18n.T(ctx, "Kies uitdagingen en aanbod uit de lijst.")
			continue
		}
		f.Tags[s] = true
		in.TagIDs = append(in.TagIDs, id)
	}
	if in.TagIDs == nil {
		in.TagIDs = []int64{}
	}
	var err error
	if in.Version, err = strconv.Atoi(f.Version); err != nil {
		f.Errors["naam"] = i18n.T(ctx, "Het formulier is onvolledig verstuurd. Laad de pagina opnieuw.")
	}
	return f, in, len(f.Errors) == 0
}

// validWebsite accepts an http(s) address with a host and nothing odd.
func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && strings.Contains(u.Host, ".") &&
		u.User == nil && !strings.ContainsAny(s, " <>\"'")
}

// colleagueForm is a proposed colleague as typed.
type colleagueForm struct {
	Name, Email, Function, Level string
	Errors                       web.Errors
}

var colleagueOrder = []string{"naam", "email", "functie", "niveau"}

// Levels are the contact levels of the network, in order.
var Levels = [][2]string{{"strategisch", "Strategisch"}, {"tactisch", "Tactisch"}, {"operationeel", "Operationeel"}}

func parseColleague(r *http.Request, functions [][2]string) (colleagueForm, ColleagueInput, bool) {
	ctx := r.Context()
	r.ParseForm()
	v := r.PostForm
	f := colleagueForm{Name: clean(v, "naam"), Email: strings.ToLower(clean(v, "email")), Function: v.Get("functie"),
		Level: v.Get("niveau"), Errors: web.FormErrors(ctx)}
	f.Name = f.Errors.Text("naam", f.Name, 120, i18n.T(ctx, "Vul de naam van uw collega in."), i18n.T(ctx, "Maak dit korter: ten hoogste %d tekens.", 120))
	switch {
	case f.Email == "":
		f.Errors["email"] = i18n.T(ctx, "Vul het e-mailadres van uw collega in.")
	case len(f.Email) > 254 || !validate.Email(f.Email):
		f.Errors["email"] = i18n.T(ctx, "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	if !slices.ContainsFunc(functions, func(fn [2]string) bool { return fn[0] == f.Function }) {
		f.Errors["functie"] = i18n.T(ctx, "Kies de functie van uw collega.")
	}
	if !slices.ContainsFunc(Levels, func(l [2]string) bool { return l[0] == f.Level }) {
		f.Errors["niveau"] = i18n.T(ctx, "Kies het niveau van uw collega.")
	}
	return f, ColleagueInput{Name: f.Name, Email: f.Email, Function: f.Function, Level: f.Level}, len(f.Errors) == 0
}

func clean(v url.Values, key string) string { return validate.CleanText(v.Get(key)) }
