package partners

import (
	"context"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is the partner directory's view model.
type ListPage struct {
	Filter     Filter
	Items      []ListItem
	Ref        Reference
	OwnRegions []string // the regions of the user's networks, by name
	Pager      web.Pager
	CanCreate  bool
}

// DetailPage is a partner with the referrals the user's networks made.
type DetailPage struct {
	Partner     Partner
	Referrals   []Referral
	Counts      map[string]int
	CanEdit     bool
	ShowNetwork bool
	User        *identity.User
	Today       time.Time
}

// FormPage is the new/edit partner form's view model.
type FormPage struct {
	Form        Form
	Ref         Reference
	Regions     []Option // where the user may edit partners
	IsNew       bool
	PartnerID   int64
	PartnerName string
	Conflict    *web.Conflict
	HeldTags    []int64 // the stored partner's challenges: still offered when retired
}

// ReferralFormPage is the new-referral form's view model.
type ReferralFormPage struct {
	Employer Employer
	Form     ReferralForm
	Local    []Choice // partners in the employer's region
	Others   []Choice
	Contacts []Contact
}

// Choices are all partners the form offers.
func (p ReferralFormPage) Choices() []Choice {
	return append(append([]Choice{}, p.Local...), p.Others...)
}

// ReferralPage is a referral with the form to record how it goes.
type ReferralPage struct {
	Referral     Referral
	Form         StatusForm
	CanWrite     bool
	EmployerLink bool // the user may open the employer's profile
	Conflict     *web.Conflict
	Today        time.Time
}

// SectionView is the referral section of an employer's profile.
type SectionView struct {
	Employer    Employer
	Referrals   []Referral
	Challenges  []string
	Suggestions []Suggestion
	CanWrite    bool
	Today       time.Time
}

// fieldLabels are the Dutch names of the forms' fields, for conflicts.
var fieldLabels = map[string]string{
	"naam": "Naam", "regio": "Arbeidsmarktregio", "soort": "Soort", "contactpersoon": "Contactpersoon",
	"email": "E-mailadres", "telefoon": "Telefoonnummer", "website": "Website", "helpt_bij": "Helpt bij",
	"notities": "Notities", "status": "Status", "opvolgdatum": "Opvolgdatum", "uitkomst": "Uitkomst",
}

func label(ctx context.Context, field string) string { return i18n.T(ctx, fieldLabels[field]) }

// partnerConflictRows lists the fields where the saved partner differs from
// what the user typed, with names instead of ids.
func partnerConflictRows(ctx context.Context, ref Reference, yours, saved Form) []web.DiffRow {
	tags := func(ids []string) string {
		var names []string
		for _, o := range ref.Challenges {
			for _, id := range ids {
				if web.FormatID(o.ID) == id {
					names = append(names, o.Name)
				}
			}
		}
		return strings.Join(names, ", ")
	}
	return web.DiffRows(ctx, label, []web.Diff{
		{"naam", yours.Name, saved.Name},
		{"regio", optionName(ref.Regions, yours.RegionID), optionName(ref.Regions, saved.RegionID)},
		{"soort", kindLabel(ctx, yours.Kind), kindLabel(ctx, saved.Kind)},
		{"contactpersoon", yours.ContactName, saved.ContactName}, {"email", yours.Email, saved.Email},
		{"telefoon", yours.Phone, saved.Phone}, {"website", yours.Website, saved.Website},
		{"helpt_bij", tags(yours.TagIDs), tags(saved.TagIDs)}, {"notities", yours.Notes, saved.Notes},
	})
}

// statusConflictRows lists the fields where the saved referral differs
// from what the user typed.
func statusConflictRows(ctx context.Context, yours, saved StatusForm) []web.DiffRow {
	return web.DiffRows(ctx, label, []web.Diff{
		{"status", statusLabel(ctx, yours.Status), statusLabel(ctx, saved.Status)},
		{"opvolgdatum", yours.FollowUpOn, saved.FollowUpOn}, {"uitkomst", yours.Outcome, saved.Outcome},
	})
}

// Formatting helpers for the views.

func partnerURL(id int64, rest string) string { return "/partners/" + web.FormatID(id) + rest }

func referralURL(id int64) string { return "/verwijzingen/" + web.FormatID(id) }

func employerURL(id int64) string { return "/werkgevers/" + web.FormatID(id) }

// newReferralURL opens the referral form for an employer, with a partner
// chosen when partner is not 0.
func newReferralURL(employer, partner int64) string {
	u := "/verwijzingen/nieuw?werkgever=" + web.FormatID(employer)
	if partner != 0 {
		u += "&partner=" + web.FormatID(partner)
	}
	return u
}

func kindLabel(ctx context.Context, kind string) string {
	if l, ok := KindLabels[kind]; ok {
		return i18n.T(ctx, l)
	}
	return kind
}

func statusLabel(ctx context.Context, s string) string {
	if l, ok := StatusLabels[s]; ok {
		return i18n.T(ctx, l)
	}
	return s
}

func optionName(opts []Option, id string) string {
	for _, o := range opts {
		if web.FormatID(o.ID) == strings.TrimSpace(id) {
			return o.Name
		}
	}
	return id
}

// regionNames names the regions, in the reference order.
func regionNames(ref Reference, ids []int64) []string {
	var names []string
	for _, o := range ref.Regions {
		for _, id := range ids {
			if o.ID == id {
				names = append(names, o.Name)
			}
		}
	}
	return names
}

func kindOptions(ctx context.Context) []web.Option { return web.CodeOptions(ctx, Kinds, kindLabel) }

func statusOptions(ctx context.Context) []web.Option {
	return web.CodeOptions(ctx, Statuses, statusLabel)
}

// idOptions are reference values (regions, challenges) as choices by id;
// their names stay Dutch unless the catalogue translates them.
func idOptions(ctx context.Context, opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: web.FormatID(o.ID), Label: o.Name}
	}
	return web.RefOptions(ctx, out)
}

// regionFilterOptions offer every region after the choice of all regions;
// the empty choice is the regions of the user's networks.
func regionFilterOptions(ctx context.Context, ref Reference) []web.Option {
	return append([]web.Option{{Value: allRegions, Label: i18n.T(ctx, "Alle regio's")}}, idOptions(ctx, ref.Regions)...)
}

// ownRegionsLabel names the directory's default: the regions of the user's
// networks.
func ownRegionsLabel(ctx context.Context, p ListPage) string {
	if len(p.OwnRegions) == 0 {
		return i18n.T(ctx, "Alle regio's")
	}
	return i18n.T(ctx, "Regio's van mijn netwerken (%s)", strings.Join(p.OwnRegions, ", "))
}

// contactOptions name each contact with their e-mail address, since the
// introduction mail needs one.
func contactOptions(ctx context.Context, cs []Contact) []web.Option {
	out := make([]web.Option, len(cs))
	for i, c := range cs {
		email := c.Email
		if email == "" {
			email = i18n.T(ctx, "geen e-mailadres")
		}
		out[i] = web.Option{Value: web.FormatID(c.ID), Label: c.Name + " (" + email + ")"}
	}
	return out
}

// choiceLabel names a partner in the referral form: its kind, its region
// when that is not the employer's, and a missing e-mail address.
func choiceLabel(ctx context.Context, c Choice, withRegion bool) string {
	l := c.Name + " — " + kindLabel(ctx, c.Kind)
	if withRegion {
		l += ", " + c.RegionName
	}
	if c.Email == "" {
		l += " (" + i18n.T(ctx, "geen e-mailadres") + ")"
	}
	return l
}

// othersLabel is the group label of the partners outside the employer's
// region.
func othersLabel(ctx context.Context, p ReferralFormPage) string {
	if len(p.Local) == 0 {
		return i18n.T(ctx, "Alle partners")
	}
	return i18n.T(ctx, "Partners in andere regio's")
}

func selection(values []string) map[string]bool { return web.Selection(values) }

func formTitle(ctx context.Context, p FormPage) string {
	if p.IsNew {
		return i18n.T(ctx, "Partner toevoegen")
	}
	return i18n.T(ctx, "%s bewerken", p.PartnerName)
}

func formAction(p FormPage) string {
	if p.IsNew {
		return "/partners/nieuw"
	}
	return partnerURL(p.PartnerID, "/bewerken")
}

// selectClass is the class of the partner select, as web.Select gives it.
func selectClass(err string) string {
	if err != "" {
		return "input input-error"
	}
	return "input"
}

// describedBy lists the ids of a field's hint and error.
func describedBy(name string, hint bool, err string) string {
	var ids []string
	if hint {
		ids = append(ids, web.FieldID(name)+"-hint")
	}
	if err != "" {
		ids = append(ids, web.FieldID(name)+"-error")
	}
	return strings.Join(ids, " ")
}

// followUpText is a follow-up date, saying so when it has passed while the
// referral still runs: not by colour alone.
func followUpText(ctx context.Context, r Referral, today time.Time) string {
	if r.FollowUpOn == nil {
		return "–"
	}
	if r.Overdue(today) {
		return i18n.T(ctx, "%s (verlopen)", nltime.FormatDate(*r.FollowUpOn))
	}
	return nltime.FormatDate(*r.FollowUpOn)
}

// countAll is the number of referrals over every status.
func countAll(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// truncate shortens a question for a table cell.
func truncate(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}
