// Package dashboard is the read model for directors, coordinators and the
// beheerder: per network or for all of a user's networks together, over a
// chosen number of quarters, it shows the figures that make the chapter's
// warnings visible (growth against engagement, single-contact members,
// mandate, mix, commitments, intake, needs and offers). It writes its own
// read-only SQL over the other domains' tables and never changes them; the
// only thing it stores is the board's share links.
package dashboard

import "time"

// GrowthRow is one quarter of section 1: members at the end of the quarter
// (today for the running quarter), the joins and leaves within it, and how
// many of the members were active: someone present at an event in the six
// months before the quarter's end.
type GrowthRow struct {
	Quarter                        time.Time
	Members, Joins, Leaves, Active int
}

// AttendanceRow is one quarter of the events whose attendance was recorded.
type AttendanceRow struct {
	Quarter                              time.Time
	Events, Invited, Registered, Present int
}

// Summary holds the current counts of members and their contacts.
type Summary struct {
	Members    int // status lid now
	OneContact int // members with exactly one active contact
	Directie   int // members with an active directie contact
}

// FragileMember is a member whose membership rests on one person.
type FragileMember struct {
	EmployerID  int64
	Name        string
	Network     string
	Function    string // name of the function of the one contact
	Level       string
	MemberSince *time.Time
}

// MixCell counts the active contacts of members with one function and level.
type MixCell struct {
	Function, FunctionName, Level string
	Contacts                      int
}

// FunctionAttendance counts the invitations of contacts with one function
// to the events of the period.
type FunctionAttendance struct {
	Function, FunctionName       string
	Invited, Registered, Present int
}

// CompositionRow counts members by one value of a dimension.
type CompositionRow struct {
	Dimension string // sector, grootte, regio
	Label     string // "" when unknown
	Members   int
}

// Composition is the members by sector, size class and region, with the
// number of sectors in the classification for the mix indicator.
type Composition struct {
	Sectors, Sizes, Regions []CompositionRow
	SectorScale             int
}

// ConditionRow is one condition of membership: of the members of networks
// that ask it, how many meet it.
type ConditionRow struct {
	KindID       int64
	Name         string
	Members, Met int
}

// PlacementRow is one quarter of placement reports.
type PlacementRow struct {
	Quarter      time.Time
	Reports      int
	WithAmbition int
	Ambition     int
	People       int
	WeeklyHours  float64
}

// EmployerPlacement is one employer's latest report within the period.
type EmployerPlacement struct {
	EmployerID  int64
	Name        string
	Network     string
	Quarter     time.Time
	Ambition    *int
	People      int
	WeeklyHours float64
}

// IntakeFunnel counts the intakes sent within the period by how far they got.
type IntakeFunnel struct {
	Invited, Opened, Submitted, Processed int
	MedianDays                            *float64 // invitation to submission; nil when none was submitted
}

// Need is a challenge members name, with who names it and who offers
// knowledge or help on it.
type Need struct {
	TagID          int64
	Name           string
	Members        int // members naming it
	Named, Helpers []string
	HelperCount    int
}

// JobHours is the number of paid hours a week that make one job
// (banenafspraak).
const JobHours = 25.5

// Jobs converts weekly hours into jobs.
func Jobs(weeklyHours float64) float64 { return weeklyHours / JobHours }
