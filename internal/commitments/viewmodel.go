package commitments

import (
	"context"
	"strconv"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is the overview's view model.
type ListPage struct {
	Filter      Filter
	Items       []ListItem
	Kinds       []Kind // required in at least one of the user's networks
	Networks    []identity.Network
	Pager       web.Pager
	IsBeheerder bool // sets conditions: the beheerder, and coordinators for their own networks
}

// FormPage is the commitment form's view model.
type FormPage struct {
	Employer   Employer
	Commitment Commitment // the stored one, when editing
	Form       Form
	Kinds      []Kind
	IsNew      bool
	Conflict   *web.Conflict
}

// ConditionsPage is the beheerder's page of conditions per network.
type ConditionsPage struct {
	Networks    []NetworkConditions
	Errors      web.Errors         // keyed by field and network: "naam-3"
	Posted      map[int64][]string // kinds ticked in a refused post, by network
	KindNetwork int64              // the network of a refused new kind
	Kind        KindInput
}

// CommitmentsSection is the commitments part of an employer's profile.
type CommitmentsSection struct {
	EmployerID  int64
	Commitments []Commitment
	Conditions  []Condition
	CanWrite    bool
	Today       time.Time
}

// Missing lists the names of the required kinds the employer lacks.
func (s CommitmentsSection) Missing() []string {
	return ListItem{Conditions: s.Conditions}.Missing()
}

// PlacementsSection is the placements part of an employer's profile.
type PlacementsSection struct {
	EmployerID int64
	Rows       []QuarterRow
	Links      []Link
	NewLink    string // a link just made, shown once
	CanWrite   bool
}

// QuarterRow is one quarter of the profile's placements.
type QuarterRow struct {
	Period Period
	Report *Report // nil: nothing reported
}

// PlacementFormPage is the placement form's view model.
type PlacementFormPage struct {
	Employer Employer
	Report   Report // the stored one, when correcting
	Form     PlacementForm
	IsNew    bool
	Current  Period
	Conflict *web.Conflict
}

// LinkFormPage asks which contact gets the personal link.
type LinkFormPage struct {
	Employer Employer
	Contacts []LinkContact
	Contact  string
	Errors   web.Errors
}

// PublicPage is the employer's page behind its link.
type PublicPage struct {
	Token   string
	Link    Link
	Form    PlacementForm
	Periods []Period // current, previous
	Reports []Report // already reported for those quarters
	Saved   *Period  // just saved
}

// reported returns the report of a quarter, if any.
func (p PublicPage) reported(q Period) *Report {
	for _, r := range p.Reports {
		if r.Period == q {
			return &r
		}
	}
	return nil
}

// fieldLabels are the Dutch names of the fields, for conflicts.
var fieldLabels = map[string]string{
	"soort": "Soort", "status": "Status", "toegezegd_op": "Toegezegd op", "getekend_op": "Getekend op",
	"geldig_vanaf": "Geldig vanaf", "geldig_tot": "Geldig tot", "notities": "Notities",
	"ambitie": "Ambitie (banen)", "mensen": "Aantal mensen", "uren": "Uren per week", "in_dienst": "In dienst",
	"gedetacheerd": "Gedetacheerd",
}

func label(ctx context.Context, field string) string { return i18n.T(ctx, fieldLabels[field]) }

// conflictRows lists the fields where the saved commitment differs from
// what the user typed.
func conflictRows(ctx context.Context, kinds []Kind, yours, saved Form) []web.DiffRow {
	kind := func(id string) string {
		for _, k := range kinds {
			if web.FormatID(k.ID) == id {
				return k.Name
			}
		}
		return id
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"soort", kind(yours.KindID), kind(saved.KindID)}, {"status", statusLabel(ctx, yours.Status), statusLabel(ctx, saved.Status)},
		{"toegezegd_op", yours.PromisedOn, saved.PromisedOn}, {"getekend_op", yours.SignedOn, saved.SignedOn},
		{"geldig_vanaf", yours.ValidFrom, saved.ValidFrom}, {"geldig_tot", yours.ValidUntil, saved.ValidUntil},
		{"notities", yours.Notes, saved.Notes},
	})
}

// placementConflictRows lists the figures where the saved report differs
// from what the user typed.
func placementConflictRows(ctx context.Context, yours, saved PlacementForm) []web.DiffRow {
	return web.DiffRows(ctx, label, []web.Diff{
		{"ambitie", yours.Ambition, saved.Ambition}, {"mensen", yours.People, saved.People}, {"uren", yours.Hours, saved.Hours},
		{"in_dienst", yours.Employed, saved.Employed}, {"gedetacheerd", yours.Seconded, saved.Seconded},
	})
}

// Formatting helpers for the views.

func statusLabel(ctx context.Context, status string) string {
	if l, ok := StatusLabels[status]; ok {
		return i18n.T(ctx, l)
	}
	return status
}

func statusOptions(ctx context.Context) []web.Option {
	hints := map[string]string{
		"toegezegd":   i18n.T(ctx, "De werkgever heeft toegezegd, maar nog niet getekend."),
		"getekend":    i18n.T(ctx, "Getekend; telt voor de voorwaarden zolang hij geldig is."),
		"verlopen":    i18n.T(ctx, "De geldigheid is voorbij."),
		"ingetrokken": i18n.T(ctx, "De werkgever of het netwerk heeft de toezegging ingetrokken."),
	}
	opts := make([]web.Option, len(Statuses))
	for i, s := range Statuses {
		opts[i] = web.Option{Value: s, Label: statusLabel(ctx, s), Hint: hints[s]}
	}
	return opts
}

func kindOptions(kinds []Kind) []web.Option {
	out := make([]web.Option, len(kinds))
	for i, k := range kinds {
		out[i] = web.Option{Value: web.FormatID(k.ID), Label: k.Name, Hint: k.Description}
	}
	return out
}

// filterKindOptions names a network's own kind with its network when the
// user sees several networks.
func filterKindOptions(kinds []Kind, networks []identity.Network) []web.Option {
	out := make([]web.Option, len(kinds))
	for i, k := range kinds {
		l := k.Name
		if k.NetworkID != 0 && len(networks) > 1 {
			for _, n := range networks {
				if n.ID == k.NetworkID {
					l += " (" + n.Name + ")"
				}
			}
		}
		out[i] = web.Option{Value: web.FormatID(k.ID), Label: l}
	}
	return out
}

var networkOptions = web.NetworkOptions

func contactOptions(cs []LinkContact) []web.Option {
	out := make([]web.Option, len(cs))
	for i, c := range cs {
		out[i] = web.Option{Value: web.FormatID(c.ID), Label: c.Name + " (" + c.Email + ")"}
	}
	return out
}

func quarterOptions(ctx context.Context) []web.Option {
	out := make([]web.Option, 4)
	for q := 1; q <= 4; q++ {
		out[q-1] = web.Option{Value: strconv.Itoa(q), Label: i18n.T(ctx, "Kwartaal %d", q)}
	}
	return out
}

// periodOptions offer the employer the current and previous quarter.
func periodOptions(ctx context.Context, periods []Period) []web.Option {
	out := make([]web.Option, len(periods))
	for i, p := range periods {
		l := i18n.T(ctx, "%s (vorig kwartaal)", p)
		if i == 0 {
			l = i18n.T(ctx, "%s (dit kwartaal, tot nu toe)", p)
		}
		out[i] = web.Option{Value: periodValue(p), Label: l}
	}
	return out
}

func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return web.FormatID(n)
}

func selection(values []string) map[string]bool { return web.Selection(values) }

func idSelection(ids []int64) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[web.FormatID(id)] = true
	}
	return m
}

// conditionsSelection is what the checkboxes of a network show: a refused
// post as it was, else the stored conditions.
func (p ConditionsPage) conditionsSelection(n NetworkConditions) map[string]bool {
	if posted, ok := p.Posted[n.NetworkID]; ok {
		return selection(posted)
	}
	return idSelection(n.Required)
}

// kindValue is the refused new kind's input for its own network's form.
func (p ConditionsPage) kindValue(networkID int64) KindInput {
	if p.KindNetwork == networkID {
		return p.Kind
	}
	return KindInput{}
}

func formTitle(ctx context.Context, p FormPage) string {
	if p.IsNew {
		return i18n.T(ctx, "Toezegging toevoegen")
	}
	return i18n.T(ctx, "%s bewerken", p.Commitment.KindName)
}

func formAction(p FormPage) string {
	if p.IsNew {
		return "/toezeggingen/nieuw?werkgever=" + web.FormatID(p.Employer.ID)
	}
	return commitmentURL(p.Commitment.ID, "/bewerken")
}

func placementTitle(ctx context.Context, p PlacementFormPage) string {
	if p.IsNew {
		return i18n.T(ctx, "Plaatsingen vastleggen")
	}
	return i18n.T(ctx, "Plaatsingen over %s corrigeren", p.Report.Period)
}

func placementAction(p PlacementFormPage) string {
	if p.IsNew {
		return "/plaatsingen/nieuw?werkgever=" + web.FormatID(p.Employer.ID)
	}
	return "/plaatsingen/" + web.FormatID(p.Report.ID) + "/bewerken"
}

func newReportURL(employerID int64, p Period) string {
	return "/plaatsingen/nieuw?werkgever=" + web.FormatID(employerID) + "&jaar=" + strconv.Itoa(p.Year) + "&kwartaal=" + strconv.Itoa(p.Quarter)
}

// validity writes a commitment's validity period.
func validity(ctx context.Context, c Commitment) string {
	switch {
	case c.ValidFrom == nil && c.ValidUntil == nil:
		return ""
	case c.ValidUntil == nil:
		return i18n.T(ctx, "vanaf %s", nltime.FormatDatePtr(c.ValidFrom))
	case c.ValidFrom == nil:
		return i18n.T(ctx, "tot en met %s", nltime.FormatDatePtr(c.ValidUntil))
	}
	return nltime.FormatDatePtr(c.ValidFrom) + " – " + nltime.FormatDatePtr(c.ValidUntil)
}

// expiredOn reports whether a signed commitment's validity has passed,
// so the page can say so although its status still says getekend.
func expiredOn(c Commitment, today time.Time) bool {
	return c.Status == "getekend" && c.ValidUntil != nil && c.ValidUntil.Before(today)
}

func conditionText(ctx context.Context, c Condition) string {
	switch {
	case c.Met:
		return i18n.T(ctx, "%s: in orde", c.KindName)
	case c.Promised:
		return i18n.T(ctx, "%s: toegezegd, nog niet getekend", c.KindName)
	}
	return i18n.T(ctx, "%s: ontbreekt", c.KindName)
}

func sourceLabel(ctx context.Context, source string) string {
	if l, ok := SourceLabels[source]; ok {
		return i18n.T(ctx, l)
	}
	return source
}

func ambitionText(r Report) string {
	if r.Ambition == nil {
		return "–"
	}
	return strconv.Itoa(*r.Ambition)
}

// fileLabel names the file field: a first document, or one to replace the
// stored document.
func fileLabel(ctx context.Context, p FormPage) string {
	if !p.IsNew && p.Commitment.HasDocument() {
		return i18n.T(ctx, "Nieuw document (PDF, hoogstens 10 MB)")
	}
	return i18n.T(ctx, "Getekend document (PDF, hoogstens 10 MB)")
}

func errorID(f web.Field) string {
	if f.Error == "" {
		return ""
	}
	return f.ID() + "-error"
}
