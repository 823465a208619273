package subgroups

import (
	"context"
	"slices"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// ListPage is the subgroup list's view model.
type ListPage struct {
	Filter    Filter
	Items     []ListItem
	Ref       Reference
	Networks  []identity.Network
	Pager     web.Pager
	CanCreate bool
	Today     time.Time
}

// FormPage is the new/edit form's view model.
type FormPage struct {
	Form         Form
	Ref          Reference
	Networks     []identity.Network // where the user may write
	Leads        []Candidate
	SavedLead    Candidate // the stored lead, when editing
	LeadGone     string    // name of the stored lead who is no longer active
	IsNew        bool
	SubgroupID   int64
	SubgroupName string
	Conflict     *web.Conflict
	// The stored subgroup's theme and functions: still offered when retired.
	HeldTheme     int64
	HeldFunctions []string
}

// DetailPage is a subgroup with its members.
type DetailPage struct {
	Subgroup Subgroup
	Current  []Member
	Former   []Member
	Mix      []FunctionCount
	CanWrite bool
	Today    time.Time
}

// FunctionCount is how many current members have a function: whether the
// participants have the mandate the subgroup needs.
type FunctionCount struct {
	Name  string
	Count int
}

// AddPage asks which contacts join, and from when.
type AddPage struct {
	Subgroup Subgroup
	Form     AddForm
	Matching []Candidate // of the functions the subgroup is meant for
	Others   []Candidate
}

// EndPage asks for the date a member left.
type EndPage struct {
	Subgroup Subgroup
	Member   Member
	Form     EndForm
	Conflict bool
}

// functionMix counts the members per function, the most common first.
func functionMix(members []Member) []FunctionCount {
	var mix []FunctionCount
	for _, m := range members {
		i := slices.IndexFunc(mix, func(c FunctionCount) bool { return c.Name == m.FunctionName })
		if i < 0 {
			i = len(mix)
			mix = append(mix, FunctionCount{Name: m.FunctionName})
		}
		mix[i].Count++
	}
	slices.SortStableFunc(mix, func(a, b FunctionCount) int { return b.Count - a.Count })
	return mix
}

// SectionView is the subgroup section of an employer's profile.
type SectionView struct {
	Memberships []Membership
}

// fieldLabels are the Dutch names of the form's fields, for conflicts.
var fieldLabels = map[string]string{
	"netwerk": "Netwerk", "naam": "Naam", "soort": "Soort", "thema": "Thema", "beschrijving": "Beschrijving",
	"functies": "Bedoeld voor", "kartrekker": "Kartrekker", "einddatum": "Einddatum",
}

func label(ctx context.Context, field string) string { return i18n.T(ctx, fieldLabels[field]) }

// conflictRows lists the fields where the saved subgroup differs from what
// the user typed, with names instead of ids.
func conflictRows(ctx context.Context, ref Reference, leads []Candidate, yours, saved Form) []web.DiffRow {
	theme := func(id string) string {
		for _, o := range ref.Themes {
			if web.FormatID(o.ID) == id {
				return o.Name
			}
		}
		return id
	}
	lead := func(id string) string {
		for _, c := range leads {
			if web.FormatID(c.ID) == id {
				return c.Name + " (" + c.EmployerName + ")"
			}
		}
		return id
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"naam", yours.Name, saved.Name}, {"soort", kindLabel(ctx, yours.Kind), kindLabel(ctx, saved.Kind)},
		{"thema", theme(yours.ThemeID), theme(saved.ThemeID)}, {"beschrijving", yours.Description, saved.Description},
		{"functies", functionNames(ctx, ref, yours.Functions), functionNames(ctx, ref, saved.Functions)},
		{"kartrekker", lead(yours.LeadID), lead(saved.LeadID)}, {"einddatum", yours.EndedOn, saved.EndedOn},
	})
}

func functionNames(ctx context.Context, ref Reference, codes []string) string {
	var names []string
	for _, o := range ref.Functions {
		for _, c := range codes {
			if c == o.Code {
				names = append(names, i18n.T(ctx, o.Name))
			}
		}
	}
	return strings.Join(names, ", ")
}

// Formatting helpers for the views.

func subgroupURL(id int64, rest string) string { return "/subgroepen/" + web.FormatID(id) + rest }

func employerURL(id int64) string { return "/werkgevers/" + web.FormatID(id) }

func kindLabel(ctx context.Context, kind string) string {
	if l, ok := KindLabels[kind]; ok {
		return i18n.T(ctx, l)
	}
	return kind
}

func kindOptions(ctx context.Context) []web.Option { return web.CodeOptions(ctx, Kinds, kindLabel) }

func themeOptions(ref Reference) []web.Option {
	out := make([]web.Option, len(ref.Themes))
	for i, o := range ref.Themes {
		out[i] = web.Option{Value: web.FormatID(o.ID), Label: o.Name}
	}
	return out
}

func functionOptions(ctx context.Context, ref Reference) []web.Option {
	out := make([]web.Option, len(ref.Functions))
	for i, o := range ref.Functions {
		out[i] = web.Option{Value: o.Code, Label: o.Name}
	}
	return web.RefOptions(ctx, out)
}

var networkOptions = web.NetworkOptions

// leadOptions label each contact "Naam — Werkgever", with the network when
// the list spans several.
func leadOptions(leads []Candidate) []web.Option {
	several := len(leads) > 0 && leads[0].NetworkID != leads[len(leads)-1].NetworkID
	out := make([]web.Option, len(leads))
	for i, c := range leads {
		l := c.Name + " — " + c.EmployerName
		if several {
			l += " (" + c.NetworkName + ")"
		}
		out[i] = web.Option{Value: web.FormatID(c.ID), Label: l}
	}
	return out
}

// memberOptions label each contact "Naam — Werkgever" with their function
// and level as a hint.
func memberOptions(ctx context.Context, cs []Candidate) []web.Option {
	out := make([]web.Option, len(cs))
	for i, c := range cs {
		out[i] = web.Option{Value: web.FormatID(c.ID), Label: c.Name + " — " + c.EmployerName,
			Hint: i18n.T(ctx, c.FunctionName) + ", " + strings.ToLower(web.LevelLabel(ctx, c.Level))}
	}
	return out
}

func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return web.FormatID(n)
}

func formTitle(ctx context.Context, p FormPage) string {
	if p.IsNew {
		return i18n.T(ctx, "Subgroep toevoegen")
	}
	return i18n.T(ctx, "%s bewerken", p.SubgroupName)
}

func formAction(p FormPage) string {
	if p.IsNew {
		return "/subgroepen/nieuw"
	}
	return subgroupURL(p.SubgroupID, "/bewerken")
}

func selection(values []string) map[string]bool { return web.Selection(values) }

// leadHint explains the choice, and says so when the stored lead has left:
// saving without a new choice then leaves the subgroup without a lead.
func leadHint(ctx context.Context, p FormPage) string {
	if p.LeadGone != "" {
		return i18n.T(ctx, "%s, de kartrekker tot nu toe, is niet meer actief. Kies een nieuwe kartrekker.", p.LeadGone)
	}
	return i18n.T(ctx, "Een actieve contactpersoon van een werkgever in het netwerk, die de groep trekt.")
}
