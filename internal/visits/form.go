package visits

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

// earliest is the first date a visit may have: older ones are typing
// errors, not history anyone records now.
var earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// maxAheadYears is how far ahead a follow-up may be due.
const maxAheadYears = 3

// VisitForm is the visit form as typed by the user: every value kept as
// text so it can be shown again exactly, with the errors next to it.
type VisitForm struct {
	Kind       string
	VisitedOn  string
	UserIDs    []string
	Others     string
	ContactIDs []string
	Notes      string
	Agreements string
	Rows       []FollowUpRow // new visits only
	Version    string
	Errors     web.Errors
}

// FollowUpRow is one follow-up row of the visit form.
type FollowUpRow struct {
	Description, OwnerID, DueOn string
}

func (r FollowUpRow) empty() bool {
	return strings.TrimSpace(r.Description) == "" && strings.TrimSpace(r.DueOn) == ""
}

// Row field names: parallel lists, one value per row.
const (
	rowDescription = "opvolging_omschrijving"
	rowOwner       = "opvolging_eigenaar"
	rowDue         = "opvolging_datum"
)

// rowField is the key of row i's errors and the element id of its control.
func rowField(name string, i int) string { return name + "-" + strconv.Itoa(i) }

// fieldOrder is the order of the fields on the form, for the error summary.
func fieldOrder() []string {
	order := []string{"soort", "datum", "wie", "anderen", "contactpersonen", "notities", "afspraken", "opvolgingen"}
	for i := range MaxFollowUps {
		order = append(order, rowField(rowDescription, i), rowField(rowOwner, i), rowField(rowDue, i))
	}
	return order
}

func parseVisitForm(v url.Values, withRows bool) VisitForm {
	f := VisitForm{
		Kind: v.Get("soort"), VisitedOn: v.Get("datum"), UserIDs: v["wie"], Others: v.Get("anderen"),
		ContactIDs: v["contactpersonen"], Notes: v.Get("notities"), Agreements: v.Get("afspraken"), Version: v.Get("versie"),
	}
	if !withRows {
		return f
	}
	n := max(len(v[rowDescription]), len(v[rowOwner]), len(v[rowDue]))
	for i := range n {
		f.Rows = append(f.Rows, FollowUpRow{Description: at(v, rowDescription, i), OwnerID: at(v, rowOwner, i), DueOn: at(v, rowDue, i)})
	}
	return f
}

func at(v url.Values, name string, i int) string {
	if i < len(v[name]) {
		return v[name][i]
	}
	return ""
}

// visitFormFrom fills the form with a stored visit, for editing.
func visitFormFrom(v Visit) VisitForm {
	return VisitForm{
		Kind: v.Kind, VisitedOn: nltime.ISODate(v.VisitedOn), UserIDs: idStrings(v.UserIDs), Others: v.Others,
		ContactIDs: idStrings(v.ContactIDs), Notes: v.Notes, Agreements: v.Agreements, Version: strconv.Itoa(v.Version),
	}
}

// Validate checks the form against the rules, the people who may go (and
// own follow-ups) and the contacts who may have been met, fills f.Errors
// in the language of ctx and returns the typed input when there are none.
// owners are the people of the network without those a stored visit keeps.
func (f *VisitForm) Validate(ctx context.Context, people, owners []Person, contacts []Contact, today time.Time) (VisitInput, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := VisitInput{Kind: f.Kind}
	if !slices.Contains(Kinds, f.Kind) {
		f.Errors["soort"] = t("Kies of het een bezoek, een telefoongesprek of een online gesprek was.")
	}
	visited, dateOK := f.validateDate(ctx, today)
	in.VisitedOn = visited
	f.Others = f.Errors.Text("anderen", f.Others, 300, "", t("Vul bij Anderen hoogstens 300 tekens in."))
	in.Others = f.Others
	var ok bool
	if in.UserIDs, ok = pickIDs(f.UserIDs, personIDs(people)); !ok {
		f.Errors["wie"] = t("Een van de gekozen collega's werkt niet (meer) in dit netwerk.")
	} else if len(in.UserIDs) == 0 && f.Others == "" {
		f.Errors["wie"] = t("Kies wie er namens het netwerk bij was, of vul een naam in bij Anderen.")
	}
	if in.ContactIDs, ok = pickIDs(f.ContactIDs, contactIDs(contacts)); !ok {
		f.Errors["contactpersonen"] = t("Een van de gekozen contactpersonen werkt niet (meer) bij deze werkgever.")
	}
	f.Notes = f.Errors.Text("notities", f.Notes, 10000, "", t("De notities mogen hoogstens 10000 tekens hebben."))
	in.Notes = f.Notes
	f.Agreements = f.Errors.Text("afspraken", f.Agreements, 4000, "", t("De afspraken mogen hoogstens 4000 tekens hebben."))
	in.Agreements = f.Agreements
	var after *time.Time
	if dateOK {
		after = &visited
	}
	in.FollowUps = f.validateRows(ctx, owners, after, today)
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// validateDate checks the date of the visit: it has taken place, and not
// before 2000.
func (f *VisitForm) validateDate(ctx context.Context, today time.Time) (time.Time, bool) {
	if strings.TrimSpace(f.VisitedOn) == "" {
		f.Errors["datum"] = i18n.T(ctx, "Vul de datum van het bezoek of gesprek in.")
		return time.Time{}, false
	}
	d, ok := validate.Date(f.VisitedOn)
	switch {
	case !ok:
		f.Errors["datum"] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case d.After(today):
		f.Errors["datum"] = i18n.T(ctx, "Deze datum ligt in de toekomst. Leg een bezoek of gesprek vast als het heeft plaatsgevonden.")
	case d.Before(earliest):
		f.Errors["datum"] = i18n.T(ctx, "Deze datum ligt te ver terug.")
	default:
		return d, true
	}
	return d, false
}

// validateRows checks the follow-up rows that are filled in; a row without
// a description and a date is left out, whatever owner it shows.
func (f *VisitForm) validateRows(ctx context.Context, owners []Person, notBefore *time.Time, today time.Time) []FollowUpInput {
	var out []FollowUpInput
	filled := 0
	for i, r := range f.Rows {
		if r.empty() {
			continue
		}
		if filled++; filled > MaxFollowUps {
			f.Errors["opvolgingen"] = i18n.T(ctx, "U kunt hoogstens %d opvolgingen tegelijk toevoegen.", MaxFollowUps)
			break
		}
		in, errs := validateFollowUp(ctx, &f.Rows[i], owners, notBefore, today, false)
		for field, msg := range errs {
			f.Errors[rowField(field, i)] = msg
		}
		in.Row = i
		out = append(out, in)
	}
	return out
}

// validateFollowUp checks one follow-up; its errors are keyed by the row
// field names. The due date is not before notBefore (the visit), and, for
// a follow-up on its own (standalone), not before today.
func validateFollowUp(ctx context.Context, r *FollowUpRow, owners []Person, notBefore *time.Time, today time.Time,
	standalone bool) (FollowUpInput, map[string]string) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	errs := web.Errors{}
	r.Description = errs.Text(rowDescription, r.Description, 1000, t("Vul in wat er moet gebeuren."), t("De omschrijving mag hoogstens 1000 tekens hebben."))
	in := FollowUpInput{Description: r.Description}
	if id, ok := web.PickID(r.OwnerID, personIDs(owners)); ok {
		in.OwnerID = id
	} else {
		errs[rowOwner] = t("Kies wie dit oppakt: een coördinator of beheerder van dit netwerk.")
	}
	due, ok := validate.Date(r.DueOn)
	in.DueOn = due
	switch {
	case strings.TrimSpace(r.DueOn) == "":
		errs[rowDue] = t("Vul in wanneer dit klaar moet zijn.")
	case !ok:
		errs[rowDue] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case notBefore != nil && due.Before(*notBefore):
		errs[rowDue] = t("Deze datum ligt voor de datum van het bezoek (%s).", nltime.FormatDate(*notBefore))
	case standalone && due.Before(today):
		errs[rowDue] = t("Deze datum ligt in het verleden. Kies vandaag of later.")
	case due.After(today.AddDate(maxAheadYears, 0, 0)):
		errs[rowDue] = t("Deze datum ligt te ver in de toekomst.")
	}
	return in, errs
}

// FollowUpForm is the form of a follow-up on its own.
type FollowUpForm struct {
	Row    FollowUpRow
	Errors web.Errors
}

// Validate checks the follow-up; its errors use the form's field names.
func (f *FollowUpForm) Validate(ctx context.Context, owners []Person, today time.Time) (FollowUpInput, bool) {
	in, errs := validateFollowUp(ctx, &f.Row, owners, nil, today, true)
	f.Errors = web.FormErrors(ctx)
	for field, msg := range errs {
		f.Errors[standaloneNames[field]] = msg
	}
	return in, len(f.Errors) == 0
}

// standaloneNames are the names of the follow-up form's fields.
var standaloneNames = map[string]string{rowDescription: "omschrijving", rowOwner: "eigenaar", rowDue: "datum"}

// pickIDs reads ids that must all be in allowed; duplicates are dropped.
func pickIDs(raw []string, allowed []int64) ([]int64, bool) {
	var out []int64
	for _, s := range raw {
		id, ok := web.PickID(s, allowed)
		if !ok {
			return nil, false
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, true
}

func personIDs(ps []Person) []int64 { return web.IDs(ps, func(p Person) int64 { return p.ID }) }

func contactIDs(cs []Contact) []int64 { return web.IDs(cs, func(c Contact) int64 { return c.ID }) }

func idStrings(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = web.FormatID(id)
	}
	return out
}
