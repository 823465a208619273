package employers

import (
	"github.com/a-h/templ"

	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
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
	Conflict     *Conflict
}

// Conflict tells a user whose save lost the race what was saved meanwhile.
type Conflict struct {
	Title string
	By    string
	At    time.Time
	Rows  []DiffRow
}

// DiffRow is a field whose saved value differs from the user's input.
type DiffRow struct {
	Label, Saved, Yours string
}

// ContactFormPage is the contact form's view model.
type ContactFormPage struct {
	EmployerID   int64
	EmployerName string
	ContactID    int64
	Form         ContactForm
	Ref          Reference
	IsNew        bool
	Conflict     *Conflict
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
	"adres": "Adres", "postcode": "Postcode", "plaats": "Plaats", "regio": "Arbeidsmarktregio", "status": "Status",
	"status_datum": "Datum statuswijziging", "volwassenheid": "Volwassenheid inclusief werkgeverschap",
	"tags": "Onderwerpen", "uitdagingen": "Uitdagingen", "aanbod": "Aanbod aan het netwerk",
	"uitdagingen_toelichting": "Toelichting op de uitdagingen", "aanbod_toelichting": "Toelichting op het aanbod",
	"notities": "Notities", "email": "E-mailadres", "telefoon": "Telefoonnummer", "functie": "Functie",
	"functietitel": "Functietitel", "niveau": "Niveau", "primair": "Eerste contactpersoon",
	"actief_vanaf": "Actief vanaf", "actief_tot": "Actief tot",
	"contactpersoon": "Contactpersoon", "overgenomen": "Overgenomen in het profiel",
	"contactpersonen toegevoegd": "Toegevoegd als contactpersoon",
	"subgroep":                   "Subgroep", "lid_vanaf": "Lid vanaf", "lid_tot": "Lid tot",
	"titel": "Titel", "begin": "Begin", "einde": "Einde", "locatie": "Plaats", "online_link": "Online link",
	"gastheer": "Gastheer", "capaciteit": "Aantal plaatsen", "soort": "Soort",
	"toegezegd_op": "Toegezegd op", "getekend_op": "Getekend op", "geldig_vanaf": "Geldig vanaf", "geldig_tot": "Geldig tot",
	"document": "Document", "periode": "Kwartaal", "ambitie": "Ambitie (banen)", "mensen": "Aantal mensen",
	"uren": "Uren per week", "banen": "Banen", "in_dienst": "In dienst", "gedetacheerd": "Gedetacheerd", "bron": "Bron",
	"datum": "Datum", "namens_netwerk": "Namens het netwerk", "anderen": "Anderen", "gesproken_met": "Gesproken met",
	"afspraken": "Afspraken", "omschrijving": "Omschrijving", "eigenaar": "Eigenaar", "klaar_op": "Klaar op",
	"afgerond": "Afgerond",
	"partner":  "Partner", "opvolgdatum": "Opvolgdatum", "uitkomst": "Uitkomst",
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

func changeLines(ctx context.Context, e audit.Entry) []ChangeLine {
	keys := make([]string, 0, len(e.Changes))
	for k := range e.Changes {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		return orderIndex(keys[i]) < orderIndex(keys[j])
	})
	lines := make([]ChangeLine, 0, len(keys))
	for _, k := range keys {
		c := e.Changes[k]
		if c.Old == c.New {
			continue // context repeated in the entry (whose membership ended), not a change
		}
		lines = append(lines, ChangeLine{Label: label(ctx, k), Old: c.Old, New: c.New})
	}
	return lines
}

func orderIndex(k string) int {
	if i := slices.Index(historyOrder, k); i >= 0 {
		return i
	}
	return len(historyOrder)
}

// historyTitle says in one line what an entry is about.
func historyTitle(ctx context.Context, e audit.Entry, names map[int64]string) string {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	switch e.Entity {
	case "employer":
		switch e.Action {
		case audit.Created:
			return t("Werkgever aangemaakt")
		case "gewist":
			return t("Werkgever gewist op grond van de bewaartermijn")
		case "samengevoegd": // by the duplicates package; the merged record's name is context
			return t("%s samengevoegd met dit profiel", e.Changes["samengevoegd_naam"].Old)
		default:
			return t("Profiel gewijzigd")
		}
	case "contact":
		name := names[e.EntityID]
		switch e.Action {
		case audit.Created:
			return t("Contactpersoon %s toegevoegd", name)
		case audit.Ended:
			return t("Contactpersoon %s beëindigd", name)
		case "gewist":
			return t("Persoonsgegevens van een contactpersoon gewist")
		case "samengevoegd":
			return t("Contactpersoon %s samengevoegd met %s", e.Changes["samengevoegd_naam"].Old, e.Changes["contactpersoon"].New)
		default:
			return t("Contactpersoon %s gewijzigd", name)
		}
	case "intake":
		return intakeTitle(ctx, e.Action)
	case "subgroup_member":
		who, group := e.Changes["contactpersoon"].New, e.Changes["subgroep"].New
		if e.Action == audit.Created {
			return t("%s is lid geworden van subgroep %s", who, group)
		}
		return t("%s is uit subgroep %s gegaan", who, group)
	case "commitment":
		if e.Action == audit.Created {
			return t("Toezegging vastgelegd: %s", e.Changes["soort"].New)
		}
		return t("Toezegging gewijzigd: %s", e.Changes["soort"].New)
	case "placement":
		if e.Action == audit.Created {
			return t("Plaatsingen over %s vastgelegd", e.Changes["periode"].New)
		}
		return t("Plaatsingen over %s gecorrigeerd", e.Changes["periode"].New)
	case "placement_link":
		if e.Action == audit.Created {
			return t("Link voor plaatsingen gestuurd aan %s", e.Changes["contactpersoon"].New)
		}
		return t("Link voor plaatsingen ingetrokken")
	case "event":
		title := e.Changes["titel"].New
		if title == "" {
			title = e.Changes["titel"].Old
		}
		switch e.Action {
		case audit.Created:
			return t("Gastheer van bijeenkomst %s", title)
		case "geannuleerd":
			return t("Bijeenkomst geannuleerd")
		}
		return t("Bijeenkomst gewijzigd")
	case "referral":
		if e.Action == audit.Created {
			return t("Doorverwezen naar %s", e.Changes["partner"].New)
		}
		return t("Doorverwijzing naar %s bijgewerkt", e.Changes["partner"].New)
	case "visit":
		if kind := e.Changes["soort"].New; e.Action == audit.Created && kind != "" {
			return t("%s op %s vastgelegd", t(kind), e.Changes["datum"].New)
		}
		return t("Bezoek of gesprek gewijzigd")
	case "follow_up":
		what := e.Changes["omschrijving"].New
		switch e.Action {
		case "afgerond":
			return t("Opvolging afgerond: %s", what)
		case "heropend":
			return t("Opvolging heropend: %s", what)
		}
		return t("Opvolging toegevoegd: %s", what)
	}
	return e.Entity + " " + e.Action
}

// intakeTitle names what happened to an intake; the intake package records
// these actions on the employer's trail.
func intakeTitle(ctx context.Context, action string) string {
	switch action {
	case "uitgenodigd":
		return i18n.T(ctx, "Uitgenodigd voor de intake")
	case "ingediend":
		return i18n.T(ctx, "Intake ingediend")
	case "verwerkt":
		return i18n.T(ctx, "Intake verwerkt")
	case "teruggestuurd":
		return i18n.T(ctx, "Intake teruggestuurd met een vraag")
	case "verlengd":
		return i18n.T(ctx, "Intakelink verlengd")
	case "ingetrokken":
		return i18n.T(ctx, "Intakelink ingetrokken")
	}
	return i18n.T(ctx, "Intake") + " " + action
}

// conflictRows lists the fields where the saved profile differs from what
// the user typed, with names instead of ids.
func conflictRows(ctx context.Context, ref Reference, yours, saved EmployerForm) []DiffRow {
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
	pairs := []struct{ field, a, b string }{
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
	}
	var rows []DiffRow
	for _, p := range pairs {
		if strings.TrimSpace(p.a) != strings.TrimSpace(p.b) {
			rows = append(rows, DiffRow{Label: label(ctx, p.field), Yours: p.a, Saved: p.b})
		}
	}
	return rows
}

// Formatting helpers for the views.

func date(t time.Time) string { return t.Format("02-01-2006") }

func dateTime(t time.Time) string { return t.In(amsterdam).Format("02-01-2006 15:04") }

func datePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return date(*t)
}

func itoa(n int) string { return strconv.Itoa(n) }

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

func employerURL(id int64, rest string) string { return "/werkgevers/" + idStr(id) + rest }

var orDash = web.OrDash

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

func idOptions(opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: idStr(o.ID), Label: o.Name}
	}
	return out
}

func codeOptions(ctx context.Context, opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: o.Code, Label: i18n.T(ctx, o.Name)}
	}
	return out
}

var networkOptions = web.NetworkOptions

func tagSelection(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return idStr(n)
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
	}
	if year, ok := strings.CutPrefix(source, "intake "); ok {
		return i18n.T(ctx, "uit de intake van %s", year)
	}
	return ""
}

// contactConflictRows lists the contact fields where the saved version
// differs from what the user typed.
func contactConflictRows(ctx context.Context, ref Reference, yours, saved ContactForm) []DiffRow {
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
	pairs := []struct{ field, a, b string }{
		{"naam", yours.Name, saved.Name}, {"email", yours.Email, saved.Email}, {"telefoon", yours.Phone, saved.Phone},
		{"functie", function(yours.Function), function(saved.Function)}, {"functietitel", yours.JobTitle, saved.JobTitle},
		{"niveau", i18n.T(ctx, LevelLabels[yours.Level]), i18n.T(ctx, LevelLabels[saved.Level])},
		{"primair", yesNo(yours.Primary), yesNo(saved.Primary)}, {"actief_vanaf", yours.ActiveFrom, saved.ActiveFrom},
	}
	var rows []DiffRow
	for _, p := range pairs {
		if strings.TrimSpace(p.a) != strings.TrimSpace(p.b) {
			rows = append(rows, DiffRow{Label: label(ctx, p.field), Yours: p.a, Saved: p.b})
		}
	}
	return rows
}

// summary is the profile "in short": the employer's own facts (status,
// membership, the signals about its contacts) and those other packages add.
func (p ProfilePage) summary(ctx context.Context) []web.Fact {
	e := p.Employer
	facts := []web.Fact{
		{Label: i18n.T(ctx, "Status"), Value: i18n.T(ctx, StatusLabels[e.Status]) + " " + i18n.T(ctx, "sinds %s", date(e.StatusChangedOn))},
	}
	// "Lid sinds" says the same as the status line for a member who joined
	// on the day of their status change.
	if e.MemberSince != nil && !(e.Status == "lid" && e.MemberSince.Equal(e.StatusChangedOn)) {
		facts = append(facts, web.Fact{Label: i18n.T(ctx, "Lid sinds"), Value: date(*e.MemberSince)})
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
