package intake

import (
	"context"
	"net/url"
	"slices"
	"strconv"
)

// Profile is what the intake reads of an employer's profile, to prefill the
// questionnaire and to compare answers, and writes back when a coordinator
// takes answers over.
type Profile struct {
	ID             int64
	NetworkID      int64
	NetworkName    string
	Version        int
	Name           string
	KvK            string
	SectorID       int64
	EmployeeCount  *int
	Postcode       string
	City           string
	RegionID       int64
	MaturityID     int64
	ChallengeIDs   []int64
	OfferIDs       []int64
	ChallengesNote string
	OffersNote     string
	Contacts       []Contact
}

// Contact is a contact person of the employer.
type Contact struct {
	ID       int64
	Name     string
	Email    string
	Function string
	Level    string
	Active   bool
}

// NewContact is a colleague the coordinator adds as a contact.
type NewContact struct {
	Name, Email, Function, Level string
}

// Profiles is the employer profile as the intake needs it. The employers
// package implements it (app wires the two), so neither imports the other.
// Both writes run in the transaction carried by ctx (db.WithTx).
type Profiles interface {
	Profile(ctx context.Context, employerID int64) (Profile, error)
	// SaveProfile stores p; it fails with an apperr.Conflict when the profile
	// changed since p.Version was read.
	SaveProfile(ctx context.Context, p Profile) error
	AddContact(ctx context.Context, employerID int64, c NewContact) error
}

// prefill turns a profile into first answers, so the employer corrects what
// the network already knows instead of typing it again.
func prefill(p Profile) Answers {
	a := Answers{}
	org := url.Values{}
	set := func(v url.Values, k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(org, "naam", p.Name)
	set(org, "kvk", p.KvK)
	set(org, "sector", idText(p.SectorID))
	if p.EmployeeCount != nil {
		org.Set("medewerkers", strconv.Itoa(*p.EmployeeCount))
	}
	set(org, "postcode", p.Postcode)
	set(org, "plaats", p.City)
	set(org, "regio", idText(p.RegionID))
	a[strconv.Itoa(StepOrganisation)] = org

	ch := url.Values{"uitdagingen": idTexts(p.ChallengeIDs)}
	set(ch, "uitdagingen_toelichting", p.ChallengesNote)
	a[strconv.Itoa(StepChallenges)] = ch
	of := url.Values{"aanbod": idTexts(p.OfferIDs)}
	set(of, "aanbod_toelichting", p.OffersNote)
	a[strconv.Itoa(StepOffers)] = of
	if p.MaturityID != 0 {
		a[strconv.Itoa(StepMaturity)] = url.Values{"niveau": {idText(p.MaturityID)}}
	}
	people := url.Values{}
	for _, c := range p.Contacts {
		if c.Active {
			people.Add("deelnemer_naam", c.Name)
			people.Add("deelnemer_functie", c.Function)
			people.Add("deelnemer_niveau", c.Level)
		}
	}
	a[strconv.Itoa(StepPeople)] = people
	for k, v := range a {
		for f, vals := range v {
			if len(vals) == 0 {
				delete(v, f)
			}
		}
		if len(v) == 0 {
			delete(a, k)
		}
	}
	return a
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func idTexts(ids []int64) []string {
	var out []string
	for _, id := range ids {
		out = append(out, idText(id))
	}
	return out
}

func parseIDs(ss []string) []int64 {
	var out []int64
	for _, s := range ss {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
