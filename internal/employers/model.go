// Package employers is the coordinator's core: employer profiles and their
// contacts. Contacts live here too because a contact has no life outside its
// employer: they are listed, searched, counted and audited with it.
package employers

import (
	"time"
)

// Membership statuses, in the order a member passes them.
var Statuses = []string{"prospect", "aangemeld", "lid", "gepauzeerd", "uitgeschreven"}

// StatusLabels are the Dutch names of the statuses.
var StatusLabels = map[string]string{
	"prospect":      "Prospect",
	"aangemeld":     "Aangemeld",
	"lid":           "Lid",
	"gepauzeerd":    "Gepauzeerd",
	"uitgeschreven": "Uitgeschreven",
}

// Levels of a contact in their organisation.
var Levels = []string{"strategisch", "tactisch", "operationeel"}

// LevelLabels are the Dutch names of the levels.
var LevelLabels = map[string]string{
	"strategisch":  "Strategisch",
	"tactisch":     "Tactisch",
	"operationeel": "Operationeel",
}

// Employer is an employer profile with the names of its reference data.
type Employer struct {
	ID              int64
	NetworkID       int64
	NetworkName     string
	Name            string
	KvK             string
	SectorID        int64
	SectorName      string
	EmployeeCount   *int
	SizeClass       string
	Address         string
	Postcode        string
	City            string
	RegionID        int64
	RegionName      string
	Status          string
	StatusChangedOn time.Time
	MemberSince     *time.Time
	MaturityID      int64
	MaturityName    string
	TagIDs          []int64
	Challenges      []string // names of challenge tags
	Offers          []string // names of offer tags
	ChallengesNote  string
	OffersNote      string
	Notes           string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Contact is a person at an employer.
type Contact struct {
	ID           int64
	EmployerID   int64
	Name         string
	Email        string
	Phone        string
	Function     string
	FunctionName string
	JobTitle     string
	Level        string
	Primary      bool
	ActiveFrom   time.Time
	ActiveUntil  *time.Time
	Version      int
	Erased       bool // erased on a privacy request: never chosen for anything again
	// MailingsOptedOutAt: when the contact unsubscribed from the network's
	// mailings (through the link in a mailing); nil: receives them.
	MailingsOptedOutAt *time.Time
}

// Active reports whether the contact still works at the employer today;
// an erased contact does not (the rule of platform/eligible).
func (c Contact) Active(today time.Time) bool {
	return !c.Erased && (c.ActiveUntil == nil || c.ActiveUntil.After(today))
}

// ListItem is one row of the employer list.
type ListItem struct {
	ID             int64
	Name           string
	City           string
	NetworkName    string
	Status         string
	SectorName     string
	SizeClass      string
	ActiveContacts int
	HasDirectie    bool
	UpdatedAt      time.Time
	MemberSince    *time.Time
}

// Option is a choice of reference data. Code is the code of a function
// and the scale of a maturity level.
type Option struct {
	ID   int64
	Code string
	Name string
	// Retired in /beheer: still shown on records that hold it and offered
	// by the list's filters, no longer offered for a new choice.
	Retired bool
}

// Reference is the reference data the forms and filters offer.
type Reference struct {
	Sectors     []Option
	Regions     []Option
	SizeClasses []Option // Code set, ID zero
	Maturity    []Option
	Functions   []Option // Code set, ID zero
	Challenges  []Option
	Offers      []Option
}
