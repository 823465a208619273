// Package partners keeps the second ring: organisations per labour-market
// region that a network refers employers to (the Werkgeversservicepunt, UWV,
// municipalities, re-integration agencies, matching platforms), instead of
// letting them into the network. Partners are shared by every network of a
// region and never get an account; a referral belongs to the network that
// made it, so a coordinator only ever sees the referrals of their own
// networks.
package partners

import (
	"slices"
	"time"
)

// Kinds of partner organisations, in the order the form offers them.
var Kinds = []string{"wsp", "uwv", "gemeente", "reintegratiebureau", "commercieel", "matchingsplatform", "onderwijs", "anders"}

// KindLabels are the Dutch names of the kinds.
var KindLabels = map[string]string{
	"wsp":                "Werkgeversservicepunt (WSP)",
	"uwv":                "UWV",
	"gemeente":           "Gemeente",
	"reintegratiebureau": "Re-integratiebureau",
	"commercieel":        "Commerciële aanbieder",
	"matchingsplatform":  "Matchingsplatform",
	"onderwijs":          "Onderwijs",
	"anders":             "Anders",
}

// Referral statuses, in the order a referral usually goes through them.
const (
	Open     = "open"
	Referred = "doorverwezen"
	TakenUp  = "opgepakt"
	Done     = "afgerond"
	Failed   = "niet_gelukt"
)

// Statuses lists the referral statuses in order.
var Statuses = []string{Open, Referred, TakenUp, Done, Failed}

// StatusLabels are the Dutch names of the statuses.
var StatusLabels = map[string]string{
	Open:     "Open",
	Referred: "Doorverwezen",
	TakenUp:  "Opgepakt",
	Done:     "Afgerond",
	Failed:   "Niet gelukt",
}

// Closed reports whether a referral with status s needs no follow-up.
func Closed(s string) bool { return s == Done || s == Failed }

// Partner is a partner organisation with the names of what it refers to.
type Partner struct {
	ID          int64
	RegionID    int64
	RegionName  string
	Kind        string
	Name        string
	ContactName string
	Email       string
	Phone       string
	Website     string
	Notes       string
	TagIDs      []int64 // challenges it helps with
	TagNames    []string
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ListItem is one row of the partner directory.
type ListItem struct {
	ID         int64
	Name       string
	Kind       string
	RegionName string
	TagNames   []string
	Referrals  int // from the user's networks
}

// Referral is a question of an employer referred to a partner.
type Referral struct {
	ID                int64
	EmployerID        int64
	EmployerName      string
	EmployerNetworkID int64 // where the employer is now; may differ from NetworkID
	NetworkID         int64 // the network that made the referral
	NetworkName       string
	PartnerID         int64
	PartnerName       string
	PartnerKind       string
	PartnerEmail      string
	ContactID         int64
	ContactName       string
	Question          string
	ReferredOn        time.Time
	ReferredBy        string
	Status            string
	FollowUpOn        *time.Time
	Outcome           string
	MailedAt          *time.Time
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Overdue reports whether the follow-up date has passed while the referral
// is still running.
func (r Referral) Overdue(today time.Time) bool {
	return r.FollowUpOn != nil && r.FollowUpOn.Before(today) && !Closed(r.Status)
}

// Employer is what a referral needs to know of an employer.
type Employer struct {
	ID          int64
	Name        string
	NetworkID   int64
	NetworkName string
	RegionID    int64 // 0: unknown
	RegionName  string
}

// Contact is an active contact of an employer, who may be named in a
// referral and get the introduction mail in copy.
type Contact struct {
	ID       int64
	Name     string
	Email    string
	Phone    string
	JobTitle string
}

// Choice is a partner as the referral form offers it.
type Choice struct {
	ID         int64
	Name       string
	Kind       string
	RegionID   int64
	RegionName string
	Email      string
}

// Suggestion is a partner in the employer's region that helps with some of
// the challenges the employer named.
type Suggestion struct {
	PartnerID int64
	Name      string
	Kind      string
	Matched   []string // the challenges it helps with, by position
}

// Option is a choice of reference data.
type Option struct {
	ID   int64
	Name string
}

// Reference is the reference data the forms and filters offer.
type Reference struct {
	Regions    []Option
	Challenges []Option
	retired    map[int64]bool // challenges retired in /beheer
}

// offered is ref as the partner form offers it: without retired challenges,
// except those the stored partner holds (so saving it unchanged is never
// refused).
func (ref Reference) offered(held []int64) Reference {
	var keep []Option
	for _, o := range ref.Challenges {
		if !ref.retired[o.ID] || slices.Contains(held, o.ID) {
			keep = append(keep, o)
		}
	}
	ref.Challenges = keep
	return ref
}
