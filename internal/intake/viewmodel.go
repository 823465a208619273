package intake

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/redact"
	"netwerkportaal/web"
)

// ListPage is the view model of /intakes.
type ListPage struct {
	Filter   Filter
	Items    []ListItem
	Networks []identity.Network
	Pager    web.Pager
	Now      time.Time
}

// CompareRow is an answer beside the profile's current value.
type CompareRow struct {
	Key     string
	Label   string
	Answer  string
	Current string
	Differs bool
	Dutch   bool // the values stay Dutch (Row.Dutch)
}

// ReviewPage is the view model of a coordinator's intake page.
type ReviewPage struct {
	Intake           Intake
	Shown            string
	Ref              Reference
	Profile          Profile
	Compare          []CompareRow
	Extras           []Extra // answers with a home outside the profile's fields
	Summary          []StepSummaryView
	Previous         []StepSummaryView // the year before, to compare
	PreviousYear     int
	Colleagues       []Colleague
	CanWrite         bool
	Link             string // shown once after an invitation
	Chosen           []string
	ChosenColleagues []string
	ProcessError     string
	Question         string
	QuestionError    string
}

func (h *Handler) reviewPage(r *http.Request, in Intake) (ReviewPage, error) {
	ctx := r.Context()
	ref, err := h.store.Reference(ctx, in.NetworkID)
	if err != nil {
		return ReviewPage{}, err
	}
	p, err := h.store.profiles.Profile(ctx, in.EmployerID)
	if err != nil {
		return ReviewPage{}, err
	}
	page := ReviewPage{Intake: in, Shown: in.Shown(h.clock.Now()), Ref: ref, Profile: p,
		Summary:  summarise(ctx, in, ref),
		CanWrite: identity.From(ctx).CanWrite(in.NetworkID), Colleagues: Colleagues(in.Answers, p)}
	if in.Status == Submitted {
		page.Compare = compare(ctx, in.Answers, p, ref)
		if page.Extras, err = h.store.extras(ctx, in, ref); err != nil {
			return ReviewPage{}, err
		}
	}
	if in.BasedOnID != 0 {
		prev, err := h.store.Get(ctx, identity.Scope{All: true}, in.BasedOnID)
		if err == nil {
			page.Previous, page.PreviousYear = summarise(ctx, prev, ref), prev.Year
		}
	}
	if !identity.From(ctx).SeesContactDetails() {
		page.hideContactDetails()
	}
	return page, nil
}

// hideContactDetails leaves the e-mail addresses and phone numbers out of
// the page, for a user who may not read contacts' details (the bestuur):
// the contact's address, the proposed colleagues' addresses, and whatever
// looks like one in an answer. The handler decides; the view shows what it
// is given.
func (p *ReviewPage) hideContactDetails() {
	p.Intake.ContactEmail = ""
	p.Intake.Question = redact.ContactDetails(p.Intake.Question)
	p.Intake.Answers, p.Intake.Drafts = nil, nil // the page shows them through the summaries
	for i := range p.Profile.Contacts {
		p.Profile.Contacts[i].Email = ""
	}
	for i := range p.Colleagues {
		p.Colleagues[i].Email = redact.Hidden
	}
	for _, steps := range [][]StepSummaryView{p.Summary, p.Previous} {
		for i := range steps {
			for j := range steps[i].Rows {
				steps[i].Rows[j].Value = redact.ContactDetails(steps[i].Rows[j].Value)
			}
		}
	}
	for i := range p.Compare {
		p.Compare[i].Answer = redact.ContactDetails(p.Compare[i].Answer)
		p.Compare[i].Current = redact.ContactDetails(p.Compare[i].Current)
	}
	for i := range p.Extras {
		p.Extras[i].Answer = redact.ContactDetails(p.Extras[i].Answer)
		p.Extras[i].Current = redact.ContactDetails(p.Extras[i].Current)
	}
}

// compare sets each answer that maps onto the profile beside the profile's
// value.
func compare(ctx context.Context, a Answers, p Profile, ref Reference) []CompareRow {
	current := prefill(p)
	current[strconv.Itoa(StepMaturity)] = current.Step(StepMaturity)
	byKey := func(ans Answers) map[string]Row {
		m := map[string]Row{}
		for n := StepOrganisation; n <= StepMaturity; n++ {
			for _, row := range Rows(ctx, n, ans.Step(n), ref) {
				m[row.Key] = row
			}
		}
		return m
	}
	answers, profile := byKey(a), byKey(current)
	answers["aanbod_toelichting"] = Row{Key: "aanbod_toelichting", Label: answers["aanbod_toelichting"].Label, Value: web.OrDash(offersNote(a)), Dutch: offersNote(a) != ""}
	var out []CompareRow
	for _, key := range takeoverFields {
		ans, cur := answers[key], profile[key]
		if key == "niveau" && a.Step(StepMaturity).Get("niveau") == MaturityUnknown {
			continue // "weet ik niet" is no reason to clear the profile's level
		}
		label := ans.Label
		if key == "uitdagingen_toelichting" || key == "aanbod_toelichting" {
			label = StepTitle(ctx, stepOf(key)) + ": " + label
		}
		out = append(out, CompareRow{Key: key, Label: label, Answer: ans.Value, Current: cur.Value, Differs: ans.Value != cur.Value,
			Dutch: ans.Dutch || cur.Dutch})
	}
	return out
}

func stepOf(key string) int {
	for n, fields := range stepFields {
		if slices.Contains(fields, key) {
			return n
		}
	}
	return 0
}

func (p ReviewPage) chosen(key string) bool { return slices.Contains(p.Chosen, key) }

func (p ReviewPage) chosenColleague(i int) bool {
	return slices.Contains(p.ChosenColleagues, strconv.Itoa(i))
}

// differing counts the answers that differ from the profile, or have a
// home elsewhere that does not hold them yet.
func (p ReviewPage) differing() int {
	n := 0
	for _, e := range p.Extras {
		if e.Offered {
			n++
		}
	}
	for _, c := range p.Compare {
		if c.Differs {
			n++
		}
	}
	return n
}
