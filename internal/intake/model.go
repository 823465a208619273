// Package intake is the intake questionnaire: a coordinator invites an
// employer's contact, the contact fills the questionnaire in through a
// personal link in as many sittings as they need, and the coordinator takes
// the answers they choose over into the employer's profile.
package intake

import (
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Statuses an intake can have. "verlopen" is not stored: it is an open
// intake whose link has expired.
const (
	Invited   = "uitgenodigd"
	Opened    = "geopend"
	Busy      = "bezig"
	Submitted = "ingediend"
	Processed = "verwerkt"
	Revoked   = "ingetrokken"
	Expired   = "verlopen"
)

// StatusOrder is the order of the statuses in filters.
var StatusOrder = []string{Invited, Opened, Busy, Submitted, Processed, Expired, Revoked}

// open reports whether the employer may still change answers in status s.
func open(s string) bool { return s == Invited || s == Opened || s == Busy }

// Steps of the questionnaire; the last one is the summary.
const (
	StepOrganisation = 1
	StepChallenges   = 2
	StepOffers       = 3
	StepMaturity     = 4
	StepPeople       = 5
	StepAmbition     = 6
	StepConditions   = 7
	StepSummary      = 8
	answerSteps      = 7
)

// DefaultValidity is how long a new link works.
const DefaultValidity = 30 * 24 * time.Hour

// HoursPerJob is the banenafspraak's measure: one job is 25.5 hours a week.
const HoursPerJob = 25.5

// Answers holds one set of form values per step, keyed by the step number.
// Stored answers are validated and normalised; drafts are raw input.
type Answers map[string]url.Values

// Step returns the values of step n (never nil).
func (a Answers) Step(n int) url.Values {
	if v, ok := a[strconv.Itoa(n)]; ok && v != nil {
		return v
	}
	return url.Values{}
}

// Has reports whether step n has values.
func (a Answers) Has(n int) bool {
	_, ok := a[strconv.Itoa(n)]
	return ok
}

// Intake is one employer's questionnaire of one year.
type Intake struct {
	ID             int64
	EmployerID     int64
	EmployerName   string
	NetworkID      int64
	NetworkName    string
	Year           int
	Status         string // as stored
	ContactID      int64
	ContactName    string
	ContactEmail   string
	ExpiresAt      time.Time
	InvitedBy      string
	InvitedAt      time.Time
	OpenedAt       *time.Time
	LastActivityAt time.Time
	SubmittedAt    *time.Time
	ProcessedAt    *time.Time
	ProcessedBy    string
	CurrentStep    int
	Answers        Answers
	Drafts         Answers
	DoneSteps      []int
	Question       string
	QuestionAt     *time.Time
	BasedOnID      int64
	Version        int
}

// Shown is the status as people see it: an open intake whose link expired
// is "verlopen".
func (in Intake) Shown(now time.Time) string { return shown(in.Status, in.ExpiresAt, now) }

func shown(status string, expires, now time.Time) string {
	if open(status) && !now.Before(expires) {
		return Expired
	}
	return status
}

// Done reports whether step n was completed (validated and not changed
// since).
func (in Intake) Done(n int) bool { return slices.Contains(in.DoneSteps, n) }

// Complete reports whether every step was completed, so it can be submitted.
func (in Intake) Complete() bool {
	for n := 1; n <= answerSteps; n++ {
		if !in.Done(n) {
			return false
		}
	}
	return true
}

// Values returns what step n shows: the draft when there is one, else the
// saved answer.
func (in Intake) Values(n int) url.Values {
	if in.Drafts.Has(n) {
		return in.Drafts.Step(n)
	}
	return in.Answers.Step(n)
}

// Listed is a row of the intakes list.
type Listed struct {
	Intake
	DoneCount int
}
