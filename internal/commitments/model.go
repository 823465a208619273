// Package commitments tracks what a network asks of its members and what
// they do: commitments (a letter of intent, a covenant, reporting ambition
// and realisation, and kinds a network adds) with their dates and signed
// document, the conditions of membership per network, and placements as
// counts per employer per quarter. Placements are numbers only: the package
// never asks or stores anything about an individual employee.
//
// Whether an employer meets a condition is decided in one SQL view,
// employer_condition_status (migrations/00009), which the dashboard reads too.
package commitments

import (
	"fmt"
	"time"
)

// Statuses of a commitment, in the order a commitment passes them.
var Statuses = []string{"toegezegd", "getekend", "verlopen", "ingetrokken"}

// StatusLabels are the Dutch names of the statuses.
var StatusLabels = map[string]string{
	"toegezegd":   "Toegezegd",
	"getekend":    "Getekend",
	"verlopen":    "Verlopen",
	"ingetrokken": "Ingetrokken",
}

// ReportingCode is the global kind that reporting placements also meets.
const ReportingCode = "rapportage"

// Kind is a kind of commitment; NetworkID 0 is a kind every network knows.
type Kind struct {
	ID          int64
	Code        string
	Name        string
	Description string
	NetworkID   int64
}

// Commitment is an employer's commitment, without its document's bytes.
type Commitment struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	KindID       int64
	KindName     string
	Status       string
	PromisedOn   *time.Time
	SignedOn     *time.Time
	ValidFrom    *time.Time
	ValidUntil   *time.Time
	Notes        string
	DocumentName string // "" when there is no document
	DocumentSize int
	Version      int
	UpdatedAt    time.Time
}

// HasDocument reports whether a signed document is stored.
func (c Commitment) HasDocument() bool { return c.DocumentName != "" }

// Employer is what the pages need to know of an employer.
type Employer struct {
	ID          int64
	Name        string
	NetworkID   int64
	NetworkName string
}

// Condition is one required kind of an employer's network, and whether
// the employer meets it (see employer_condition_status).
type Condition struct {
	KindID   int64
	KindName string
	Met      bool
	Promised bool // not met, but a commitment of the kind is toegezegd
}

// HoursPerJob is the banenafspraak's measure: one job is 25.5 hours a week.
const HoursPerJob = 25.5

// MaxHoursPerPerson is the most hours a week one person can work on
// average by law; more is a typing error.
const MaxHoursPerPerson = 48

// Period is a quarter of a year.
type Period struct {
	Year, Quarter int
}

// PeriodOf returns the quarter a date falls in.
func PeriodOf(t time.Time) Period { return Period{t.Year(), (int(t.Month())-1)/3 + 1} }

// index counts quarters, so periods compare and subtract as numbers.
func (p Period) index() int { return p.Year*4 + p.Quarter - 1 }

func periodAt(i int) Period { return Period{i / 4, i%4 + 1} }

// Prev returns the quarter before p.
func (p Period) Prev() Period { return periodAt(p.index() - 1) }

// After reports whether p comes later than q.
func (p Period) After(q Period) bool { return p.index() > q.index() }

// String is the period as the pages write it: "2026 K1".
func (p Period) String() string { return fmt.Sprintf("%d K%d", p.Year, p.Quarter) }

// Report is an employer's placements in one quarter: counts only. Hours
// are kept in tenths, the precision of the column, so jobs are computed
// without rounding errors.
type Report struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	Period       Period
	Ambition     *int // jobs the employer wants to create; nil: not given
	People       int
	HoursTenths  int
	Employed     int
	Seconded     int
	Source       string // coordinator, werkgever, import or intake
	Version      int
	UpdatedAt    time.Time
}

// JobsTenths returns the report's jobs (hours / 25.5) in tenths, rounded
// half up: 51 hours are 20 tenths, 2,0 jobs.
func (r Report) JobsTenths() int { return JobsTenths(r.HoursTenths) }

// JobsTenths converts weekly hours in tenths into jobs in tenths.
func JobsTenths(hoursTenths int) int {
	// jobs×10 = hours×10 / 25.5 = hoursTenths / 25.5 = hoursTenths×2 / 51;
	// adding half the divisor rounds half up in integers.
	return (hoursTenths*2*2 + 51) / (2 * 51)
}

// SourceLabels are the Dutch names of where a report came from.
var SourceLabels = map[string]string{
	"coordinator": "Coördinator",
	"werkgever":   "Werkgever (via link)",
	"import":      "Import",
	"intake":      "Intake",
}

// Link is an employer's personal link to report placements; the token
// itself is never stored, only its hash.
type Link struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	NetworkName  string
	ContactID    int64
	ContactName  string
	ContactEmail string
	ExpiresAt    time.Time
	RevokedAt    *time.Time
	CreatedAt    time.Time
}

// Open reports whether the link still works at now.
func (l Link) Open(now time.Time) bool { return l.RevokedAt == nil && now.Before(l.ExpiresAt) }

// LinkValidity is how long a link works.
const LinkValidity = 30 * 24 * time.Hour
