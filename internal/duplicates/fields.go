package duplicates

import (
	"context"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
)

// field is one value of a record that the user chooses when merging.
type field[R any] struct {
	key   string // form name "veld_"+key, and the key in the audit trail
	label string // Dutch
	show  func(ctx context.Context, r R) string
	take  func(dst *R, src R)
	// join puts both values into dst, the survivor's first; nil for a field
	// that holds one value.
	join func(dst *R, src R)
	// blank is a shown value that counts as empty besides "" (the primary
	// flag's "nee"), so a default prefers the other record's real value.
	blank string
	// keepSurvivor: the survivor's value is the default even when it is
	// empty, because empty means something (no end date: still active).
	keepSurvivor bool
}

func (f field[R]) isBlank(ctx context.Context, r R) bool {
	v := f.show(ctx, r)
	return v == "" || (f.blank != "" && v == i18n.T(ctx, f.blank))
}

// The keys are those of the employers package's audit trail, so its
// history shows the changes with its own labels.
var employerFields = []field[EmployerRecord]{
	{key: "netwerk", label: "Netwerk",
		show: func(_ context.Context, e EmployerRecord) string { return e.NetworkName },
		take: func(d *EmployerRecord, s EmployerRecord) { d.NetworkID, d.NetworkName = s.NetworkID, s.NetworkName }},
	{key: "naam", label: "Naam",
		show: func(_ context.Context, e EmployerRecord) string { return e.Name },
		take: func(d *EmployerRecord, s EmployerRecord) { d.Name = s.Name }},
	{key: "kvk", label: "KvK-nummer",
		show: func(_ context.Context, e EmployerRecord) string { return deref(e.KvK) },
		take: func(d *EmployerRecord, s EmployerRecord) { d.KvK = s.KvK }},
	{key: "sector", label: "Sector",
		show: func(_ context.Context, e EmployerRecord) string { return e.SectorName },
		take: func(d *EmployerRecord, s EmployerRecord) { d.SectorID, d.SectorName = s.SectorID, s.SectorName }},
	{key: "medewerkers", label: "Aantal medewerkers",
		show: func(_ context.Context, e EmployerRecord) string { return countText(e.EmployeeCount) },
		take: func(d *EmployerRecord, s EmployerRecord) { d.EmployeeCount = s.EmployeeCount }},
	{key: "adres", label: "Adres",
		show: func(_ context.Context, e EmployerRecord) string { return e.Address },
		take: func(d *EmployerRecord, s EmployerRecord) { d.Address = s.Address }},
	{key: "postcode", label: "Postcode",
		show: func(_ context.Context, e EmployerRecord) string { return deref(e.Postcode) },
		take: func(d *EmployerRecord, s EmployerRecord) { d.Postcode = s.Postcode }},
	{key: "plaats", label: "Plaats",
		show: func(_ context.Context, e EmployerRecord) string { return e.City },
		take: func(d *EmployerRecord, s EmployerRecord) { d.City = s.City }},
	{key: "regio", label: "Arbeidsmarktregio",
		show: func(_ context.Context, e EmployerRecord) string { return e.RegionName },
		take: func(d *EmployerRecord, s EmployerRecord) { d.RegionID, d.RegionName = s.RegionID, s.RegionName }},
	// The status travels with its date and "member since": together they
	// say one thing, and a mix of two records would say something untrue.
	{key: "status", label: "Status",
		show: statusText,
		take: func(d *EmployerRecord, s EmployerRecord) {
			d.Status, d.StatusChangedOn, d.MemberSince = s.Status, s.StatusChangedOn, s.MemberSince
		}},
	{key: "volwassenheid", label: "Volwassenheid inclusief werkgeverschap",
		show: func(_ context.Context, e EmployerRecord) string { return e.MaturityName },
		take: func(d *EmployerRecord, s EmployerRecord) { d.MaturityID, d.MaturityName = s.MaturityID, s.MaturityName }},
	// Free text may be kept from both records: notes written in two places
	// are rarely copies of each other.
	{key: "uitdagingen_toelichting", label: "Toelichting op de uitdagingen",
		show: func(_ context.Context, e EmployerRecord) string { return e.ChallengesNote },
		take: func(d *EmployerRecord, s EmployerRecord) { d.ChallengesNote = s.ChallengesNote },
		join: func(d *EmployerRecord, s EmployerRecord) {
			d.ChallengesNote = joinText(d.ChallengesNote, s.ChallengesNote)
		}},
	{key: "aanbod_toelichting", label: "Toelichting op het aanbod",
		show: func(_ context.Context, e EmployerRecord) string { return e.OffersNote },
		take: func(d *EmployerRecord, s EmployerRecord) { d.OffersNote = s.OffersNote },
		join: func(d *EmployerRecord, s EmployerRecord) { d.OffersNote = joinText(d.OffersNote, s.OffersNote) }},
	{key: "notities", label: "Notities",
		show: func(_ context.Context, e EmployerRecord) string { return e.Notes },
		take: func(d *EmployerRecord, s EmployerRecord) { d.Notes = s.Notes },
		join: func(d *EmployerRecord, s EmployerRecord) { d.Notes = joinText(d.Notes, s.Notes) }},
}

var contactFields = []field[ContactRecord]{
	{key: "naam", label: "Naam",
		show: func(_ context.Context, c ContactRecord) string { return c.Name },
		take: func(d *ContactRecord, s ContactRecord) { d.Name = s.Name }},
	{key: "email", label: "E-mailadres",
		show: func(_ context.Context, c ContactRecord) string { return c.Email },
		take: func(d *ContactRecord, s ContactRecord) { d.Email = s.Email }},
	{key: "telefoon", label: "Telefoonnummer",
		show: func(_ context.Context, c ContactRecord) string { return c.Phone },
		take: func(d *ContactRecord, s ContactRecord) { d.Phone = s.Phone }},
	{key: "functie", label: "Functie",
		show: func(ctx context.Context, c ContactRecord) string { return i18n.T(ctx, c.FunctionName) },
		take: func(d *ContactRecord, s ContactRecord) { d.Function, d.FunctionName = s.Function, s.FunctionName }},
	{key: "functietitel", label: "Functietitel",
		show: func(_ context.Context, c ContactRecord) string { return c.JobTitle },
		take: func(d *ContactRecord, s ContactRecord) { d.JobTitle = s.JobTitle }},
	{key: "niveau", label: "Niveau",
		show: func(ctx context.Context, c ContactRecord) string { return i18n.T(ctx, LevelLabels[c.Level]) },
		take: func(d *ContactRecord, s ContactRecord) { d.Level = s.Level }},
	{key: "primair", label: "Eerste contactpersoon", blank: "nee",
		show: func(ctx context.Context, c ContactRecord) string { return yesNo(ctx, c.Primary) },
		take: func(d *ContactRecord, s ContactRecord) { d.Primary = s.Primary }},
	{key: "actief_vanaf", label: "Actief vanaf",
		show: func(_ context.Context, c ContactRecord) string { return nltime.FormatDate(c.ActiveFrom) },
		take: func(d *ContactRecord, s ContactRecord) { d.ActiveFrom = s.ActiveFrom }},
	{key: "actief_tot", label: "Actief tot", keepSurvivor: true,
		show: func(_ context.Context, c ContactRecord) string { return nltime.FormatDatePtr(c.ActiveUntil) },
		take: func(d *ContactRecord, s ContactRecord) { d.ActiveUntil = s.ActiveUntil }},
}

// merge returns survivor with the values of other that choices ask for,
// and the (Dutch) labels of the fields whose value came from other.
func merge[R any](ctx context.Context, fields []field[R], survivor, other R, choices map[string]Source) (R, []string) {
	out := survivor
	var taken []string
	for _, f := range fields {
		if f.show(ctx, survivor) == f.show(ctx, other) {
			continue
		}
		switch c := choices[f.key]; {
		case c == FromOther:
			f.take(&out, other)
		case c == FromBoth && f.join != nil:
			f.join(&out, other)
		default:
			continue
		}
		taken = append(taken, f.label)
	}
	return out, taken
}

// defaultChoices prefers the survivor's value, and the other's where the
// survivor has none: a merge should not lose what only one record knew.
func defaultChoices[R any](ctx context.Context, fields []field[R], survivor, other R) map[string]Source {
	out := map[string]Source{}
	for _, f := range fields {
		if !f.keepSurvivor && f.isBlank(ctx, survivor) && !f.isBlank(ctx, other) {
			out[f.key] = FromOther
		}
	}
	return out
}

// snapshot renders a record as the audit trail keeps it, in Dutch.
func snapshot[R any](fields []field[R], r R) map[string]string {
	ctx := context.Background()
	m := map[string]string{}
	for _, f := range fields {
		m[f.key] = f.show(ctx, r)
	}
	return m
}

// Limits of the free-text columns (see the employers table).
var noteLimits = map[string]int{"uitdagingen_toelichting": 4000, "aanbod_toelichting": 4000, "notities": 10000}

// validateEmployer checks what a merge can break: joined notes may grow
// past their column's limit. It returns messages by field key.
func validateEmployer(ctx context.Context, e EmployerRecord) map[string]string {
	errs := map[string]string{}
	texts := map[string]string{"uitdagingen_toelichting": e.ChallengesNote, "aanbod_toelichting": e.OffersNote, "notities": e.Notes}
	for key, max := range noteLimits {
		if n := len([]rune(texts[key])); n > max {
			errs[key] = i18n.T(ctx, "Samen zijn beide teksten %d tekens lang; er passen er %d. Kies één van beide teksten en vul de andere daarna zelf aan.", n, max)
		}
	}
	return errs
}

// validateContact checks that the chosen dates still make a period. The
// message goes to the end date, or to the start date when only that one
// could be chosen.
func validateContact(ctx context.Context, c, a, b ContactRecord) map[string]string {
	errs := map[string]string{}
	if c.ActiveUntil != nil && c.ActiveUntil.Before(c.ActiveFrom) {
		key := "actief_tot"
		if nltime.FormatDatePtr(a.ActiveUntil) == nltime.FormatDatePtr(b.ActiveUntil) {
			key = "actief_vanaf"
		}
		errs[key] = i18n.T(ctx, "Met deze keuze ligt Actief tot (%s) vóór Actief vanaf (%s). Kies de datums van hetzelfde profiel.",
			nltime.FormatDate(*c.ActiveUntil), nltime.FormatDate(c.ActiveFrom))
	}
	return errs
}

func joinText(a, b string) string {
	switch {
	case strings.TrimSpace(a) == "":
		return b
	case strings.TrimSpace(b) == "" || a == b:
		return a
	}
	return a + "\n\n" + b
}

func statusText(ctx context.Context, e EmployerRecord) string {
	s := i18n.T(ctx, StatusLabels[e.Status])
	if e.Status == "lid" && e.MemberSince != nil {
		return i18n.T(ctx, "%s sinds %s", s, nltime.FormatDate(*e.MemberSince))
	}
	return i18n.T(ctx, "%s sinds %s", s, nltime.FormatDate(e.StatusChangedOn))
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "ja")
	}
	return i18n.T(ctx, "nee")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func countText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
