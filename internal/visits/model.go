// Package visits keeps the coordinator's working day: the visits and calls
// with each employer (who went, whom they met, what was agreed) and the
// follow-ups that come out of them, each with an owner and a due date. The
// chapter asks a coordinator to visit every employer personally, so the
// package also says who has not been visited for a year and whose intake has
// grown old, on the coordinator's own task list (/taken).
package visits

import "time"

// Kinds of contact, in the order the form offers them.
var Kinds = []string{"bezoek", "telefoon", "online"}

// KindLabels are the Dutch names of the kinds.
var KindLabels = map[string]string{
	"bezoek":   "Bezoek",
	"telefoon": "Telefoongesprek",
	"online":   "Online gesprek",
}

// VisitKinds are the kinds that count as a personal visit for "laatste
// bezoek" and the list of employers to visit: the chapter asks coordinators
// to go and see every employer, which a call does not replace.
var VisitKinds = []string{"bezoek"}

// MaxFollowUps is how many follow-ups the visit form creates at once.
const MaxFollowUps = 3

// ListCap is how many visits an employer's profile shows; the rest is
// counted.
const ListCap = 50

// TaskList names one list of /taken; it is also the path of the list's
// own page under /taken/.
type TaskList string

// The lists of /taken in the order of the page.
const (
	FollowUpsList TaskList = "opvolging"
	ToVisitList   TaskList = "te-bezoeken"
	IntakesList   TaskList = "intake-verouderd"
	ReferralsList TaskList = "verwijzingen"
)

// TaskLists are the lists this package puts on /taken.
var TaskLists = []TaskList{FollowUpsList, ToVisitList, IntakesList, ReferralsList}

// Employer is what this package reads of an employer.
type Employer struct {
	ID          int64
	NetworkID   int64
	NetworkName string
	Name        string
}

// Visit is a visit or call with the names of whom it refers to.
type Visit struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	Kind         string
	VisitedOn    time.Time
	UserIDs      []int64
	UserNames    []string // in the order of name
	Others       string
	ContactIDs   []int64
	ContactNames []string // in the order of name
	Notes        string
	Agreements   string
	Version      int
}

// FollowUp is an agreement someone has to act on, with its employer.
type FollowUp struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	VisitID      int64 // 0: not from a visit
	Description  string
	OwnerID      int64
	OwnerName    string
	DueOn        time.Time
	DoneAt       *time.Time
	DoneBy       string
	Version      int
}

// Done reports whether the follow-up has been marked done.
func (f FollowUp) Done() bool { return f.DoneAt != nil }

// Overdue reports whether the follow-up is open after its due date.
func (f FollowUp) Overdue(today time.Time) bool { return !f.Done() && f.DueOn.Before(today) }

// Person is a user who can go on a visit or own a follow-up: a coordinator
// of the network or a beheerder.
type Person struct {
	ID   int64
	Name string
	Role string
}

// Contact is a contact of the employer who can be met.
type Contact struct {
	ID           int64
	Name         string
	FunctionName string
	Active       bool
}

// EmployerVisits is the visit section of an employer's profile.
type EmployerVisits struct {
	Visits      []Visit
	TotalVisits int
	LastVisit   *time.Time // of a kind in VisitKinds
	Open        []FollowUp
	Done        []FollowUp
}

// ToVisit is a member employer without a personal visit for a year.
type ToVisit struct {
	EmployerID   int64
	EmployerName string
	NetworkName  string
	LastVisit    *time.Time
}

// StaleIntake is a member whose last answered intake is more than a year
// old, or who never answered one.
type StaleIntake struct {
	EmployerID   int64
	EmployerName string
	NetworkName  string
	LastIntake   *time.Time
	Invited      bool // an intake link is out now
}

// Referral is a referral to a partner whose follow-up date has come.
type Referral struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	PartnerName  string
	Question     string
	FollowUpOn   time.Time
}

// Tasks are the four lists of /taken, each cut to a window (the first
// web.TaskRows on /taken, a page on the list's own page) with its total.
type Tasks struct {
	FollowUps      []FollowUp
	FollowUpsTotal int
	ToVisit        []ToVisit
	ToVisitTotal   int
	Intakes        []StaleIntake
	IntakesTotal   int
	Referrals      []Referral
	ReferralsTotal int
}
