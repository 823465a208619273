package subgroups

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// AddForm adds contacts to a subgroup from a joining date.
type AddForm struct {
	ContactIDs []string
	Joined     string
	Errors     web.Errors
}

// Validate checks that one or more active contacts of the network are
// chosen who are not members yet, and that the joining date is plausible.
func (f *AddForm) Validate(ctx context.Context, active []Candidate, current map[int64]bool, today time.Time) ([]int64, time.Time, bool) {
	f.Errors = web.FormErrors(ctx)
	var ids []int64
	var members []string
	for _, s := range f.ContactIDs {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		i := slices.IndexFunc(active, func(c Candidate) bool { return c.ID == id })
		switch {
		case err != nil || i < 0:
			f.Errors["contactpersonen"] = i18n.T(ctx, "Een van de gekozen contactpersonen is niet (meer) actief bij een werkgever in dit netwerk.")
		case current[id]:
			members = append(members, active[i].Name)
		default:
			ids = append(ids, id)
		}
	}
	switch {
	case len(f.ContactIDs) == 0:
		f.Errors["contactpersonen"] = i18n.T(ctx, "Kies een of meer contactpersonen.")
	case len(members) > 0 && f.Errors["contactpersonen"] == "":
		f.Errors["contactpersonen"] = alreadyMembers(ctx, members)
	}
	joined, ok := today, true
	if strings.TrimSpace(f.Joined) != "" {
		joined, ok = validate.Date(f.Joined)
	}
	switch {
	case !ok:
		f.Errors["lid_vanaf"] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case joined.After(today.AddDate(1, 0, 0)):
		f.Errors["lid_vanaf"] = i18n.T(ctx, "Deze datum ligt te ver in de toekomst.")
	case joined.Year() < 1990:
		f.Errors["lid_vanaf"] = i18n.T(ctx, "Deze datum ligt te ver terug.")
	}
	return ids, joined, len(f.Errors) == 0
}

// alreadyMembers says which chosen contacts are members already.
func alreadyMembers(ctx context.Context, names []string) string {
	if len(names) == 1 {
		return i18n.T(ctx, "%s is al lid van deze subgroep.", names[0])
	}
	if len(names) == 0 {
		return i18n.T(ctx, "Een van de gekozen contactpersonen is al lid van deze subgroep.")
	}
	return i18n.T(ctx, "%s zijn al lid van deze subgroep.", joinNames(names, i18n.T(ctx, "en")))
}

func (f AddForm) chosen() map[string]bool {
	m := map[string]bool{}
	for _, id := range f.ContactIDs {
		m[id] = true
	}
	return m
}

// EndForm ends a membership on a date.
type EndForm struct {
	Left   string
	Errors web.Errors
}

// Validate checks the left date: not before the member joined, and not
// more than a year ahead.
func (f *EndForm) Validate(ctx context.Context, m Member, today time.Time) (time.Time, bool) {
	f.Errors = web.FormErrors(ctx)
	left, ok := today, true
	if strings.TrimSpace(f.Left) != "" {
		left, ok = validate.Date(f.Left)
	}
	switch {
	case !ok:
		f.Errors["lid_tot"] = i18n.T(ctx, "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	case left.Before(m.JoinedOn):
		f.Errors["lid_tot"] = i18n.T(ctx, "De datum van vertrek ligt voor de datum waarop %s lid werd (%s).", m.ContactName, nltime.FormatDate(m.JoinedOn))
	case left.After(today.AddDate(1, 0, 0)):
		f.Errors["lid_tot"] = i18n.T(ctx, "Deze datum ligt te ver in de toekomst.")
	}
	return left, len(f.Errors) == 0
}
