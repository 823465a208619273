package visits

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// VisitPage is the view model of the new and edit forms of a visit.
type VisitPage struct {
	Employer Employer
	Visit    *Visit // nil for a new visit
	Form     VisitForm
	People   []Person // who may have gone
	Owners   []Person // who may own a follow-up
	Contacts []Contact
	Conflict *web.Conflict
}

// FollowUpPage is the view model of the form of a follow-up on its own.
type FollowUpPage struct {
	Employer Employer
	Form     FollowUpForm
	Owners   []Person
}

// TasksPage is the view model of /taken.
type TasksPage struct {
	Tasks       Tasks
	CanWrite    bool // a coordinator or beheerder; the board only reads
	ShowNetwork bool // the user works in more than one network
	Today       time.Time
	Extra       []templ.Component // other packages' task lists (see Handler.AddTaskSection)
	Back        string            // where a follow-up's done button returns to
}

// title is the list's heading, on /taken and on its own page.
func (l TaskList) title(ctx context.Context) string {
	switch l {
	case FollowUpsList:
		return i18n.T(ctx, "Mijn opvolging")
	case ToVisitList:
		return i18n.T(ctx, "Te bezoeken")
	case IntakesList:
		return i18n.T(ctx, "Intake verouderd")
	}
	return i18n.T(ctx, "Verwijzingen om op te volgen")
}

// hint says which rows the list holds, in which order ("" for none).
func (l TaskList) hint(ctx context.Context) string {
	switch l {
	case ToVisitList:
		return i18n.T(ctx, "Leden die in de afgelopen twaalf maanden geen bezoek kregen; wie nooit bezocht is staat bovenaan.")
	case IntakesList:
		return i18n.T(ctx, "Leden van wie de laatste ingediende intake meer dan een jaar oud is, of die nog nooit een intake deden.")
	}
	return ""
}

// empty says that the list is empty.
func (l TaskList) empty(ctx context.Context) string {
	switch l {
	case FollowUpsList:
		return i18n.T(ctx, "U heeft geen openstaande opvolging.")
	case ToVisitList:
		return i18n.T(ctx, "Alle leden zijn het afgelopen jaar bezocht.")
	case IntakesList:
		return i18n.T(ctx, "Van alle leden is er een intake van het afgelopen jaar.")
	}
	return i18n.T(ctx, "Er is geen verwijzing die nu opvolging vraagt.")
}

// anchor is the id of the list's heading on /taken, which links and tests
// use.
func (l TaskList) anchor() string {
	switch l {
	case FollowUpsList:
		return "mijn-opvolging"
	case ReferralsList:
		return "verwijzingen"
	}
	return string(l)
}

// href is the list's own page.
func (l TaskList) href() string { return "/taken/" + string(l) }

// count is how many rows of list l t holds and how many there are.
func (t Tasks) count(l TaskList) (shown, total int) {
	switch l {
	case FollowUpsList:
		return len(t.FollowUps), t.FollowUpsTotal
	case ToVisitList:
		return len(t.ToVisit), t.ToVisitTotal
	case IntakesList:
		return len(t.Intakes), t.IntakesTotal
	}
	return len(t.Referrals), t.ReferralsTotal
}

// SectionView is the visit section of an employer's profile.
type SectionView struct {
	EmployerID int64
	Visits     EmployerVisits
	CanWrite   bool
	Today      time.Time
}

// fieldLabels are the Dutch names of the form's fields, for conflicts.
var fieldLabels = map[string]string{
	"soort": "Soort", "datum": "Datum", "wie": "Namens het netwerk", "anderen": "Anderen",
	"contactpersonen": "Gesproken met", "notities": "Notities", "afspraken": "Afspraken",
}

// conflictRows lists the fields where the saved visit differs from what
// the user typed, with names instead of ids.
func conflictRows(ctx context.Context, people []Person, contacts []Contact, yours, saved VisitForm) []web.DiffRow {
	personNames := func(ids []string) string {
		var names []string
		for _, p := range people {
			if slices.Contains(ids, web.FormatID(p.ID)) {
				names = append(names, p.Name)
			}
		}
		return strings.Join(names, ", ")
	}
	contactNames := func(ids []string) string {
		var names []string
		for _, c := range contacts {
			if slices.Contains(ids, web.FormatID(c.ID)) {
				names = append(names, c.Name)
			}
		}
		return strings.Join(names, ", ")
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"soort", kindLabel(ctx, yours.Kind), kindLabel(ctx, saved.Kind)}, {"datum", yours.VisitedOn, saved.VisitedOn},
		{"wie", personNames(yours.UserIDs), personNames(saved.UserIDs)}, {"anderen", yours.Others, saved.Others},
		{"contactpersonen", contactNames(yours.ContactIDs), contactNames(saved.ContactIDs)},
		{"notities", yours.Notes, saved.Notes}, {"afspraken", yours.Agreements, saved.Agreements},
	})
}

// Formatting helpers for the views.

func employerURL(id int64) string { return "/werkgevers/" + web.FormatID(id) }

// profileURL is the visit section of an employer's profile.
func profileURL(id int64) string { return employerURL(id) + "#bezoeken" }

func visitFormAction(p VisitPage) string {
	if p.Visit == nil {
		return "/bezoeken/nieuw?werkgever=" + web.FormatID(p.Employer.ID)
	}
	return "/bezoeken/" + web.FormatID(p.Visit.ID) + "/bewerken"
}

func visitTitle(ctx context.Context, p VisitPage) string {
	if p.Visit == nil {
		return i18n.T(ctx, "Bezoek of gesprek vastleggen")
	}
	return i18n.T(ctx, "%s op %s bewerken", kindLabel(ctx, p.Visit.Kind), nltime.FormatDate(p.Visit.VisitedOn))
}

func kindLabel(ctx context.Context, kind string) string {
	if l, ok := KindLabels[kind]; ok {
		return i18n.T(ctx, l)
	}
	return kind
}

func kindOptions(ctx context.Context) []web.Option { return web.CodeOptions(ctx, Kinds, kindLabel) }

// personOptions name each person, the beheerders as such.
func personOptions(ctx context.Context, ps []Person) []web.Option {
	out := make([]web.Option, len(ps))
	for i, p := range ps {
		out[i] = web.Option{Value: web.FormatID(p.ID), Label: personLabel(ctx, p)}
	}
	return out
}

func personLabel(ctx context.Context, p Person) string {
	if p.Role == "beheerder" {
		return p.Name + " (" + i18n.T(ctx, "beheerder") + ")"
	}
	return p.Name
}

// contactOptions give each contact's function as a hint, and say so of a
// contact who has left since the visit.
func contactOptions(ctx context.Context, cs []Contact) []web.Option {
	out := make([]web.Option, len(cs))
	for i, c := range cs {
		hint := i18n.T(ctx, c.FunctionName)
		if !c.Active {
			hint += ", " + i18n.T(ctx, "werkt er niet meer")
		}
		out[i] = web.Option{Value: web.FormatID(c.ID), Label: c.Name, Hint: hint}
	}
	return out
}

func selection(values []string) map[string]bool { return web.Selection(values) }

// rowInput is the field of follow-up row i.
func rowInput(f VisitForm, name string, i int, label string) web.Field {
	r := f.Rows[i]
	value := map[string]string{rowDescription: r.Description, rowOwner: r.OwnerID, rowDue: r.DueOn}[name]
	return web.Field{Name: name, ElemID: rowField(name, i), Label: label, Value: value, Error: f.Errors[rowField(name, i)], Plain: true}
}

// whoWent lists the users and others who went, as one line.
// The others (free text, often "name, role") are set apart by a middle dot,
// so "Corien de Vries · Adviseur WSP" does not read as Corien's job.
func whoWent(v Visit) string {
	names := strings.Join(v.UserNames, ", ")
	switch {
	case v.Others == "":
		return names
	case names == "":
		return v.Others
	}
	return names + " · " + v.Others
}

// short cuts a long text for a list, at a word where it can.
func short(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndex(string(r), " "); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

// localDate is the date of a moment in the Netherlands.
func localDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(nltime.Amsterdam).Format("02-01-2006")
}

// overYear reports whether a personal visit on d is more than twelve
// months ago, or there was none.
func overYear(d *time.Time, today time.Time) bool {
	return d == nil || d.Before(today.AddDate(-1, 0, 0))
}

// dateField makes f a date input of the usual width.
func dateField(f web.Field) web.Field {
	f.Type, f.Class = "date", "input-medium"
	return f
}

func label(ctx context.Context, field string) string { return i18n.T(ctx, fieldLabels[field]) }
