// Package events is the networks' meetings: events with their invitations,
// registrations, waiting list, reminders, check-in on the day, attendance
// and calendars. Attendance is the first signal of a network's health, so
// every answer is kept.
package events

import (
	"time"
)

// Kinds of event, in the order of the form.
var Kinds = []string{"netwerkbijeenkomst", "masterclass", "kenniskring", "werkbezoek", "webinar"}

// Statuses of an event.
const (
	Planned   = "gepland"
	Cancelled = "geannuleerd"
)

// Statuses of an invitation.
const (
	Invited    = "uitgenodigd"
	Registered = "aangemeld"
	Declined   = "afgemeld"
	Waitlisted = "wachtlijst"
	Present    = "aanwezig"
	Absent     = "afwezig"
)

// InvitationStatuses in the order a list shows them.
var InvitationStatuses = []string{Registered, Waitlisted, Invited, Declined, Present, Absent}

// Event is an event with the names of what it refers to.
type Event struct {
	ID                 int64
	NetworkID          int64
	NetworkName        string
	SubgroupID         int64
	SubgroupName       string
	Kind               string
	Title              string
	Description        string
	StartsAt           time.Time
	EndsAt             time.Time
	Location           string
	OnlineURL          string
	HostEmployerID     int64
	HostEmployerName   string
	AudienceFunctions  []string
	AudienceLevels     []string
	Capacity           *int
	Status             string
	ReminderHours      *int
	ReminderSentAt     *time.Time
	AttendanceClosedAt *time.Time
	AttendanceRate     *float64
	Sequence           int
	UID                string
	Version            int
	UpdatedAt          time.Time
	Counts             Counts
}

// Counts are the invitations of an event by status.
type Counts struct {
	Invited, Registered, Declined, Waitlisted, Present, Absent int
}

// Taken is the number of places in use: registered and present.
func (c Counts) Taken() int { return c.Registered + c.Present }

// Total is the number of invitations (walk-ins included).
func (c Counts) Total() int {
	return c.Invited + c.Registered + c.Declined + c.Waitlisted + c.Present + c.Absent
}

// Full reports whether no place is left.
func (e Event) Full() bool { return e.Capacity != nil && e.Counts.Taken() >= *e.Capacity }

// Past reports whether the event has started by now.
func (e Event) Past(now time.Time) bool { return !now.Before(e.StartsAt) }

// Invitation is one contact's invitation to an event.
type Invitation struct {
	ID           int64
	EventID      int64
	ContactID    int64
	ContactName  string
	ContactEmail string
	Function     string
	FunctionName string
	Level        string
	EmployerID   int64
	EmployerName string
	Status       string
	InvitedAt    time.Time
	RespondedAt  *time.Time
	WaitlistedAt *time.Time
	CheckedInAt  *time.Time
	WalkIn       bool
}
