package recruitment

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Form is a prospect form as typed: the add form and the public form.
type Form struct {
	NetworkID                             string
	Name, KvK, Postcode                   string
	ContactName, Function, JobTitle       string
	Email, Phone                          string
	Hopes, Offers                         string
	Source, SourceEmployer, SourceEvent   string
	SourceNote, Owner, NextStep, NextDate string
	Consent                               bool
	Confirmed                             bool   // "toch toevoegen" after the duplicate check
	Version                               string // the edit form's optimistic lock
	Errors                                web.Errors
}

var fieldOrder = []string{"netwerk", "organisatie", "kvk", "postcode", "naam", "functie", "email", "telefoon",
	"hoopt", "biedt", "bron", "via_lid", "via_bijeenkomst", "bron_toelichting", "eigenaar", "volgende_stap",
	"volgende_stap_op", "toestemming"}

func parseForm(v url.Values) Form {
	return Form{
		NetworkID: v.Get("netwerk"), Name: v.Get("organisatie"), KvK: v.Get("kvk"), Postcode: v.Get("postcode"),
		ContactName: v.Get("naam"), Function: v.Get("functie"), JobTitle: v.Get("functietitel"),
		Email: v.Get("email"), Phone: v.Get("telefoon"), Hopes: v.Get("hoopt"), Offers: v.Get("biedt"),
		Source: v.Get("bron"), SourceEmployer: v.Get("via_lid"), SourceEvent: v.Get("via_bijeenkomst"),
		SourceNote: v.Get("bron_toelichting"), Owner: v.Get("eigenaar"), NextStep: v.Get("volgende_stap"),
		NextDate: v.Get("volgende_stap_op"), Consent: v.Get("toestemming") != "", Confirmed: v.Get("bevestigd") == "ja",
		Version: v.Get("versie"), Errors: web.Errors{},
	}
}

// text checks one free-text value: readable UTF-8, no control characters
// (newlines only where multiline), at most max characters. Hostile input is
// refused with a message, never silently changed.
func text(ctx context.Context, errs web.Errors, field, value string, max int, multiline bool) string {
	if !utf8.ValidString(value) {
		errs[field] = i18n.T(ctx, "Dit veld bevat tekens die we niet kunnen lezen. Typ de tekst opnieuw.")
		return ""
	}
	bad := strings.ContainsFunc(value, func(r rune) bool {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			return false
		}
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
	})
	if bad {
		errs[field] = i18n.T(ctx, "Dit veld bevat onzichtbare stuurtekens. Haal ze weg en probeer het opnieuw.")
		return value
	}
	value = validate.CleanText(value)
	if utf8.RuneCountInString(value) > max {
		errs[field] = i18n.T(ctx, "Gebruik hoogstens %d tekens.", max)
	}
	return value
}

// common validates the fields both forms share into in.
func (f *Form) common(ctx context.Context, in *Input, functions []Option, public bool) {
	e := f.Errors
	f.Name = text(ctx, e, "organisatie", f.Name, 200, false)
	if f.Name == "" && e["organisatie"] == "" {
		e["organisatie"] = i18n.T(ctx, "Vul de naam van de organisatie in.")
	}
	in.Name = f.Name
	if kvk := strings.TrimSpace(f.KvK); kvk != "" {
		if n, ok := validate.KvK(kvk); ok {
			f.KvK, in.KvK = n, &n
		} else {
			e["kvk"] = i18n.T(ctx, "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678.")
		}
	}
	if pc := strings.TrimSpace(f.Postcode); pc != "" {
		if n, ok := validate.Postcode(pc); ok {
			f.Postcode, in.Postcode = n, &n
		} else {
			e["postcode"] = i18n.T(ctx, "Vul een postcode in als 1234 AB.")
		}
	} else if public {
		e["postcode"] = i18n.T(ctx, "Vul de postcode van de vestiging in, bijvoorbeeld 7511 AB.")
	}
	in.ContactName = text(ctx, e, "naam", f.ContactName, 120, false)
	f.ContactName = in.ContactName
	if public && in.ContactName == "" && e["naam"] == "" {
		e["naam"] = i18n.T(ctx, "Vul uw naam in.")
	}
	if f.Function != "" {
		if !slices.ContainsFunc(functions, func(o Option) bool { return o.Value == f.Function }) {
			e["functie"] = i18n.T(ctx, "Kies een functie uit de lijst.")
		} else {
			in.ContactFunction = &f.Function
		}
	} else if public {
		e["functie"] = i18n.T(ctx, "Kies uw functie.")
	}
	in.ContactJobTitle = text(ctx, e, "functietitel", f.JobTitle, 120, false)
	f.Email = strings.TrimSpace(f.Email)
	switch {
	case f.Email == "" && public:
		e["email"] = i18n.T(ctx, "Vul uw e-mailadres in, zodat de coördinator u kan bereiken.")
	case f.Email != "" && (!validate.Email(f.Email) || strings.ContainsAny(f.Email, "?")):
		e["email"] = i18n.T(ctx, "Vul een e-mailadres in als naam@voorbeeld.nl.")
	default:
		in.ContactEmail = f.Email
	}
	f.Phone = strings.TrimSpace(f.Phone)
	if f.Phone != "" && !validate.Phone(f.Phone) {
		e["telefoon"] = i18n.T(ctx, "Vul een telefoonnummer in met alleen cijfers, spaties en eventueel een +, bijvoorbeeld 06 12345678.")
	} else {
		in.ContactPhone = f.Phone
	}
	in.Hopes = text(ctx, e, "hoopt", f.Hopes, 2000, true)
	in.Offers = text(ctx, e, "biedt", f.Offers, 2000, true)
	f.Hopes, f.Offers = in.Hopes, in.Offers
}

// Choices are the options the coordinator's add form offers, each list
// for the network chosen.
type Choices struct {
	Networks  []web.Option
	Functions []Option
	Members   []Option
	Events    []Option
	People    []Option
}

func has(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}

// Validate checks the coordinator's add form against the choices.
func (f *Form) Validate(ctx context.Context, c Choices) (Input, bool) {
	var in Input
	e := f.Errors
	if id, err := strconv.ParseInt(f.NetworkID, 10, 64); err == nil &&
		slices.ContainsFunc(c.Networks, func(o web.Option) bool { return o.Value == f.NetworkID }) {
		in.NetworkID = id
	} else {
		e["netwerk"] = i18n.T(ctx, "Kies het netwerk waarvoor u deze werkgever werft.")
	}
	f.common(ctx, &in, c.Functions, false)
	switch {
	case !slices.Contains(Sources, f.Source):
		e["bron"] = i18n.T(ctx, "Kies hoe deze werkgever bij het netwerk in beeld kwam.")
	case f.Source == "lid":
		if !has(c.Members, f.SourceEmployer) {
			e["via_lid"] = i18n.T(ctx, "Kies het lid dat deze werkgever aandroeg.")
		} else {
			in.SourceEmployerID = idPtr(f.SourceEmployer)
		}
	case f.Source == "bijeenkomst":
		if !has(c.Events, f.SourceEvent) {
			e["via_bijeenkomst"] = i18n.T(ctx, "Kies de bijeenkomst waar deze werkgever in beeld kwam.")
		} else {
			in.SourceEventID = idPtr(f.SourceEvent)
		}
	}
	in.Source = f.Source
	in.SourceNote = text(ctx, e, "bron_toelichting", f.SourceNote, 200, false)
	f.SourceNote = in.SourceNote
	in.OwnerID, in.NextStep, in.NextStepOn = f.nextStep(ctx, c.People)
	return in, len(e) == 0
}

// nextStep validates owner, next step and its date.
func (f *Form) nextStep(ctx context.Context, people []Option) (*int64, string, *time.Time) {
	e := f.Errors
	var owner *int64
	if f.Owner != "" {
		if has(people, f.Owner) {
			owner = idPtr(f.Owner)
		} else {
			e["eigenaar"] = i18n.T(ctx, "Kies een coördinator of beheerder van dit netwerk.")
		}
	}
	step := text(ctx, e, "volgende_stap", f.NextStep, 300, false)
	f.NextStep = step
	var on *time.Time
	if strings.TrimSpace(f.NextDate) != "" {
		if d, ok := validate.Date(f.NextDate); ok && d.Year() >= 2000 && d.Year() <= 2100 {
			on = &d
		} else {
			e["volgende_stap_op"] = i18n.T(ctx, "Vul een datum in als 31-12-2026.")
		}
	}
	if on != nil && step == "" && e["volgende_stap"] == "" {
		e["volgende_stap"] = i18n.T(ctx, "Beschrijf de volgende stap bij de datum, bijvoorbeeld: kennismakingsgesprek plannen.")
	}
	return owner, step, on
}

// ValidatePublic checks the public interest form.
func (f *Form) ValidatePublic(ctx context.Context, functions []Option) (Input, bool) {
	var in Input
	f.common(ctx, &in, functions, true)
	if !f.Consent {
		f.Errors["toestemming"] = i18n.T(ctx, "Geef toestemming om contact met u op te nemen; zonder die toestemming kunnen we uw aanmelding niet bewaren.")
	}
	return in, len(f.Errors) == 0
}

// MoveForm is the form that moves a prospect and sets its next step.
type MoveForm struct {
	Version                       string
	Stage, Reason, Note           string
	Owner, NextStep, NextDate, On string
	Message                       string // above the intake invitation
	Errors                        web.Errors
}

func parseMove(v url.Values) MoveForm {
	return MoveForm{Version: v.Get("versie"), Stage: v.Get("fase"), Reason: v.Get("reden"), Note: v.Get("toelichting"),
		Owner: v.Get("eigenaar"), NextStep: v.Get("volgende_stap"), NextDate: v.Get("volgende_stap_op"),
		On: v.Get("datum"), Message: v.Get("bericht"), Errors: web.Errors{}}
}

// moveFormFrom fills the form with the prospect as stored.
func moveFormFrom(p Prospect, today time.Time) MoveForm {
	f := MoveForm{Version: strconv.Itoa(p.Version), Stage: p.Stage, Reason: p.DropReason, Note: p.DropNote,
		NextStep: p.NextStep, On: today.Format("2006-01-02"), Errors: web.Errors{}}
	if p.OwnerID != 0 {
		f.Owner = strconv.FormatInt(p.OwnerID, 10)
	}
	if p.NextStepOn != nil {
		f.NextDate = p.NextStepOn.Format("2006-01-02")
	}
	return f
}

// Validate checks a move. The card on the board posts only the stage and
// the version: owner and next step are then kept as stored.
func (f *MoveForm) Validate(ctx context.Context, p Prospect, people []Option, full bool, today time.Time) (Move, bool) {
	e := f.Errors
	mv := Move{Stage: f.Stage, DropReason: f.Reason, On: today}
	v, err := strconv.Atoi(f.Version)
	if err != nil {
		e["fase"] = i18n.T(ctx, "Het formulier is onvolledig. Open de pagina opnieuw en probeer het nog eens.")
	}
	mv.Version = v
	if !slices.Contains(Stages, f.Stage) {
		e["fase"] = i18n.T(ctx, "Kies een fase.")
	}
	if f.Stage == Dropped && !slices.Contains(DropReasons, f.Reason) {
		e["reden"] = i18n.T(ctx, "Kies waarom deze werkgever afvalt.")
	}
	mv.DropNote = text(ctx, e, "toelichting", f.Note, 500, true)
	if f.Stage == Intake {
		mv.Message = text(ctx, e, "bericht", f.Message, 2000, true)
		f.Message = mv.Message
	}
	if strings.TrimSpace(f.On) != "" {
		if d, ok := validate.Date(f.On); ok && !d.After(today) && d.Year() >= 2000 {
			mv.On = d
		} else {
			e["datum"] = i18n.T(ctx, "Vul een datum in als 31-12-2026, vandaag of eerder.")
		}
	}
	if !full {
		mv.OwnerID, mv.NextStep, mv.NextStepOn = nullID(p.OwnerID), p.NextStep, p.NextStepOn
		return mv, len(e) == 0
	}
	ff := Form{Owner: f.Owner, NextStep: f.NextStep, NextDate: f.NextDate, Errors: e}
	mv.OwnerID, mv.NextStep, mv.NextStepOn = ff.nextStep(ctx, people)
	f.NextStep = ff.NextStep
	return mv, len(e) == 0
}

func idPtr(s string) *int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// formFrom fills the edit form with the prospect as stored.
func formFrom(p Prospect) Form {
	f := Form{NetworkID: idStr(p.NetworkID), Name: p.Name, KvK: p.KvK, Postcode: p.Postcode, ContactName: p.ContactName,
		Function: p.ContactFunction, JobTitle: p.ContactJobTitle, Email: p.ContactEmail, Phone: p.ContactPhone,
		Hopes: p.Hopes, Offers: p.Offers, Source: p.Source, SourceNote: p.SourceNote, NextStep: p.NextStep,
		Version: strconv.Itoa(p.Version), Errors: web.Errors{}}
	if p.SourceEmployerID != 0 {
		f.SourceEmployer = idStr(p.SourceEmployerID)
	}
	if p.SourceEventID != 0 {
		f.SourceEvent = idStr(p.SourceEventID)
	}
	if p.OwnerID != 0 {
		f.Owner = idStr(p.OwnerID)
	}
	if p.NextStepOn != nil {
		f.NextDate = p.NextStepOn.Format("2006-01-02")
	}
	return f
}
