package employers

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is the employer list's view model.
type ListPage struct {
	Filter    Filter
	Items     []ListItem
	Ref       Reference
	Networks  []identity.Network
	Pager     web.Pager
	CanCreate bool
}

// ProfilePage is the profile's view model.
type ProfilePage struct {
	Employer     Employer
	Active       []Contact
	Former       []Contact
	HasDirectie  bool
	History      []audit.Entry
	ContactNames map[int64]string
	Histories    audit.Histories // how other packages' entries read
	CanWrite     bool
	Today        time.Time
	Sections     []templ.Component // contributed by other packages
	SectionLinks []web.Fact        // their titles and anchors, for the section navigation
	Facts        []web.Fact        // contributed summary lines (visits, events, conditions)
}

// EmployerFormPage is the new/edit form's view model.
type EmployerFormPage struct {
	Form         EmployerForm
	Ref          Reference
	Networks     []identity.Network
	IsNew        bool
	EmployerID   int64
	EmployerName string
	Conflict     *web.Conflict
	Duplicates   []PossibleDuplicate // "Bestaat deze werkgever al?"
	Held         Held                // what the stored profile holds: still offered
}

// ContactFormPage is the contact form's view model.
type ContactFormPage struct {
	EmployerID   int64
	EmployerName string
	ContactID    int64
	Form         ContactForm
	Ref          Reference
	IsNew        bool
	Conflict     *web.Conflict
	HeldFunction string // the stored contact's function: still offered when retired
}

// EndContactPage asks for the date a contact left.
type EndContactPage struct {
	EmployerID   int64
	EmployerName string
	Contact      Contact
	Form         EndForm
	Conflict     bool
}

// fieldLabels are the Dutch names of the fields of employers and contacts,
// used on forms, conflict views and in the history.
var fieldLabels = map[string]string{
	"netwerk": "Netwerk", "naam": "Naam", "kvk": "KvK-nummer", "sector": "Sector", "medewerkers": "Aantal medewerkers",
	"adres": "Adres", "postcode": "Postcode", "plaats": "Plaats", "website": "Website", "regio": "Arbeidsmarktregio", "status": "Status",
	"status_datum": "Datum statuswijziging", "lid_sinds": "Lid sinds", "volwassenheid": "Volwassenheid inclusief werkgeverschap",
	"tags": "Onderwerpen", "uitdagingen": "Uitdagingen", "aanbod": "Aanbod aan het netwerk",
	"uitdagingen_toelichting": "Toelichting op de uitdagingen", "aanbod_toelichting": "Toelichting op het aanbod",
	"notities": "Notities", "email": "E-mailadres", "telefoon": "Telefoonnummer", "functie": "Functie",
	"functietitel": "Functietitel", "niveau": "Niveau", "primair": "Eerste contactpersoon",
	"actief_vanaf": "Actief vanaf", "actief_tot": "Actief tot",
	"contactpersoon": "Contactpersoon",
}

// historyOrder is the order in which changed fields are listed.
var historyOrder = []string{"naam", "netwerk", "kvk", "sector", "medewerkers", "adres", "postcode", "plaats", "regio",
	"status", "volwassenheid", "uitdagingen", "uitdagingen_toelichting", "aanbod", "aanbod_toelichting", "notities",
	"email", "telefoon", "functie", "functietitel", "niveau", "primair", "actief_vanaf", "actief_tot",
	"toegezegd_op", "getekend_op", "geldig_vanaf", "geldig_tot", "document", "ambitie", "mensen", "uren", "banen",
	"in_dienst", "gedetacheerd", "bron"}

func label(ctx context.Context, field string) string {
	if l, ok := fieldLabels[field]; ok {
		return i18n.T(ctx, l)
	}
	return field
}

// ChangeLine is one changed field of a history entry.
type ChangeLine struct {
	Label, Old, New string
}

// historyLabel names a changed field of an entry: by the entity's
// registered history, else as the employer's fields, else as any
// registered history names it.
func (p ProfilePage) historyLabel(ctx context.Context, entity, field string) string {
	if l, ok := p.Histories[entity].Labels[field]; ok {
		return i18n.T(ctx, l)
	}
	if l, ok := fieldLabels[field]; ok {
		return i18n.T(ctx, l)
	}
	for _, h := range p.Histories {
		if l, ok := h.Labels[field]; ok {
			return i18n.T(ctx, l)
		}
	}
	return field
}

// historyOrderOf is the order of all fields: the employer's first, then
// those of the registered histories.
func (p ProfilePage) historyOrderOf() []string {
	order := slices.Clone(historyOrder)
	for _, entity := range slices.Sorted(maps.Keys(p.Histories)) {
		for _, f := range p.Histories[entity].Order {
			if !slices.Contains(order, f) {
				order = append(order, f)
			}
		}
	}
	return order
}

func (p ProfilePage) changeLines(ctx context.Context, e audit.Entry) []ChangeLine {
	keys := make([]string, 0, len(e.Changes))
	for k := range e.Changes {
		keys = append(keys, k)
	}
	order := p.historyOrderOf()
	index := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(keys, func(i, j int) bool { return index(keys[i]) < index(keys[j]) })
	lines := make([]ChangeLine, 0, len(keys))
	for _, k := range keys {
		c := e.Changes[k]
		if c.Old == c.New {
			continue // context repeated in the entry (whose membership ended), not a change
		}
		lines = append(lines, ChangeLine{Label: p.historyLabel(ctx, e.Entity, k), Old: c.Old, New: c.New})
	}
	return lines
}

// newOnly reports whether an entry lists only new values.
func (p ProfilePage) newOnly(e audit.Entry) bool { return p.Histories[e.Entity].NewOnly }

// historyTitle says in one line what an entry is about: the employer's and
// its contacts' entries here, the others as their package registered.
func (p ProfilePage) historyTitle(ctx context.Context, e audit.Entry) string {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	switch e.Entity {
	case audit.EntityEmployer:
		switch e.Action {
		case audit.Created:
			return t("Werkgever aangemaakt")
		case audit.Erased:
			return t("Werkgever gewist op grond van de bewaartermijn")
		case audit.Merged: // the merged record's name is context
			return t("%s samengevoegd met dit profiel", e.Changes["samengevoegd_naam"].Old)
		default:
			return t("Profiel gewijzigd")
		}
	case audit.EntityContact:
		name := p.ContactNames[e.EntityID]
		switch e.Action {
		case audit.Created:
			return t("Contactpersoon %s toegevoegd", name)
		case audit.Ended:
			return t("Contactpersoon %s beëindigd", name)
		case audit.Erased:
			return t("Persoonsgegevens van een contactpersoon gewist")
		case audit.Merged:
			return t("Contactpersoon %s samengevoegd met %s", e.Changes["samengevoegd_naam"].Old, e.Changes["contactpersoon"].New)
		default:
			return t("Contactpersoon %s gewijzigd", name)
		}
	}
	if h, ok := p.Histories[e.Entity]; ok && h.Title != nil {
		return h.Title(ctx, e)
	}
	return e.Entity + " " + e.Action
}

// conflictRows lists the fields where the saved profile differs from what
// the user typed, with names instead of ids.
func conflictRows(ctx context.Context, ref Reference, yours, saved EmployerForm) []web.DiffRow {
	name := func(opts []Option, v string) string {
		for _, o := range opts {
			if strconv.FormatInt(o.ID, 10) == v {
				return o.Name
			}
		}
		return v
	}
	tags := func(ids []string) string {
		var names []string
		for _, id := range ids {
			names = append(names, name(append(slices.Clone(ref.Challenges), ref.Offers...), id))
		}
		sort.Strings(names)
		return strings.Join(names, ", ")
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"naam", yours.Name, saved.Name}, {"kvk", yours.KvK, saved.KvK},
		{"sector", name(ref.Sectors, yours.SectorID), name(ref.Sectors, saved.SectorID)},
		{"medewerkers", yours.EmployeeCount, saved.EmployeeCount}, {"adres", yours.Address, saved.Address},
		{"postcode", yours.Postcode, saved.Postcode}, {"plaats", yours.City, saved.City},
		{"regio", name(ref.Regions, yours.RegionID), name(ref.Regions, saved.RegionID)},
		{"status", StatusLabels[yours.Status], StatusLabels[saved.Status]},
		{"volwassenheid", name(ref.Maturity, yours.MaturityID), name(ref.Maturity, saved.MaturityID)},
		{"tags", tags(yours.TagIDs), tags(saved.TagIDs)},
		{"uitdagingen_toelichting", yours.ChallengesNote, saved.ChallengesNote},
		{"aanbod_toelichting", yours.OffersNote, saved.OffersNote}, {"notities", yours.Notes, saved.Notes},
	})
}

// Formatting helpers for the views.

func employerURL(id int64, rest string) string { return "/werkgevers/" + web.FormatID(id) + rest }

func countText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func statusOptions(ctx context.Context) []web.Option {
	opts := make([]web.Option, len(Statuses))
	for i, s := range Statuses {
		opts[i] = web.Option{Value: s, Label: i18n.T(ctx, StatusLabels[s])}
	}
	return opts
}

func levelOptions(ctx context.Context) []web.Option {
	opts := make([]web.Option, len(Levels))
	for i, s := range Levels {
		opts[i] = web.Option{Value: s, Label: i18n.T(ctx, LevelLabels[s])}
	}
	return opts
}

// idOptions are reference values as choices by id; their names stay Dutch
// unless the catalogue translates them (web.RefOptions).
func idOptions(ctx context.Context, opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: web.FormatID(o.ID), Label: o.Name}
	}
	return web.RefOptions(ctx, out)
}

func codeOptions(ctx context.Context, opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: o.Code, Label: o.Name}
	}
	return web.RefOptions(ctx, out)
}

var networkOptions = web.NetworkOptions

func tagSelection(ids []string) map[string]bool { return web.Selection(ids) }

func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return web.FormatID(n)
}

// sortLink returns the list URL sorted by key, keeping the filters.
func sortLink(f Filter, key string) string {
	f.Sort = key
	v := f.Values()
	if len(v) == 0 {
		return "/werkgevers"
	}
	return "/werkgevers?" + v.Encode()
}

func sortLabel(ctx context.Context, key string) string {
	switch key {
	case "gewijzigd":
		return i18n.T(ctx, "laatst gewijzigd")
	case "lid_sinds":
		return i18n.T(ctx, "lid sinds")
	}
	return i18n.T(ctx, "naam")
}

// sourceLabel says how a change came in when it was not through a form of
// the portal (the web and the demo data need no mention).
func sourceLabel(ctx context.Context, source string) string {
	switch source {
	case "cli":
		return i18n.T(ctx, "via de opdrachtregel")
	case "import":
		return i18n.T(ctx, "via een import")
	case "intake":
		return i18n.T(ctx, "via de intakelink")
	case "plaatsingslink":
		return i18n.T(ctx, "via de plaatsingslink van de werkgever")
	case "werkgever":
		return i18n.T(ctx, "door de werkgever zelf, via de ledenpagina")
	}
	if year, ok := strings.CutPrefix(source, "intake "); ok {
		return i18n.T(ctx, "uit de intake van %s", year)
	}
	return ""
}

// contactConflictRows lists the contact fields where the saved version
// differs from what the user typed.
func contactConflictRows(ctx context.Context, ref Reference, yours, saved ContactForm) []web.DiffRow {
	function := func(code string) string {
		for _, o := range ref.Functions {
			if o.Code == code {
				return i18n.T(ctx, o.Name)
			}
		}
		return code
	}
	yesNo := func(b bool) string {
		if b {
			return i18n.T(ctx, "ja")
		}
		return i18n.T(ctx, "nee")
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"naam", yours.Name, saved.Name}, {"email", yours.Email, saved.Email}, {"telefoon", yours.Phone, saved.Phone},
		{"functie", function(yours.Function), function(saved.Function)}, {"functietitel", yours.JobTitle, saved.JobTitle},
		{"niveau", i18n.T(ctx, LevelLabels[yours.Level]), i18n.T(ctx, LevelLabels[saved.Level])},
		{"primair", yesNo(yours.Primary), yesNo(saved.Primary)}, {"actief_vanaf", yours.ActiveFrom, saved.ActiveFrom},
	})
}

// summary is the profile "in short": the employer's own facts (status,
// membership, the signals about its contacts) and those other packages add.
func (p ProfilePage) summary(ctx context.Context) []web.Fact {
	e := p.Employer
	facts := []web.Fact{
		{Label: i18n.T(ctx, "Status"), Value: i18n.T(ctx, StatusLabels[e.Status]) + " " + i18n.T(ctx, "sinds %s", nltime.FormatDate(e.StatusChangedOn))},
	}
	// "Lid sinds" says the same as the status line for a member who joined
	// on the day of their status change.
	if e.MemberSince != nil && !(e.Status == "lid" && e.MemberSince.Equal(e.StatusChangedOn)) {
		facts = append(facts, web.Fact{Label: i18n.T(ctx, "Lid sinds"), Value: nltime.FormatDate(*e.MemberSince)})
	}
	contacts := web.Fact{Label: i18n.T(ctx, "Contactpersonen"), Href: "#contactpersonen"}
	switch n := len(p.Active); n {
	case 0:
		contacts.Value, contacts.Tone = i18n.T(ctx, "geen actieve contactpersoon"), web.ToneWarn
	case 1:
		contacts.Value, contacts.Tone = i18n.T(ctx, "kwetsbaar: maar één actieve contactpersoon"), web.ToneWarn
	default:
		contacts.Value, contacts.Tone = i18n.T(ctx, "%d actief", n), web.ToneGood
	}
	facts = append(facts, contacts)
	if len(p.Active) > 0 {
		mandate := web.Fact{Label: i18n.T(ctx, "Mandaat"), Href: "#contactpersonen"}
		if p.HasDirectie {
			mandate.Value, mandate.Tone = i18n.T(ctx, "contact met de directie"), web.ToneGood
		} else {
			mandate.Value, mandate.Tone = i18n.T(ctx, "geen contact met de directie"), web.ToneWarn
		}
		facts = append(facts, mandate)
	}
	return append(facts, p.Facts...)
}

// sectionLinks is the profile's section navigation.
func (p ProfilePage) sectionLinks(ctx context.Context) []web.Fact {
	links := []web.Fact{
		{Label: i18n.T(ctx, "Gegevens"), Href: "#gegevens"},
		{Label: i18n.T(ctx, "Contactpersonen"), Href: "#contactpersonen"},
	}
	links = append(links, p.SectionLinks...)
	return append(links, web.Fact{Label: i18n.T(ctx, "Geschiedenis"), Href: "#geschiedenis"})
}
