// Package subgroups keeps the smaller circles inside a network: deelnetwerken,
// kenniskringen, themagroepen and werkgroepen such as "Inclusief inkopen" or a
// masterclass for directors. Mixed networks grow fast but share fewer needs;
// subgroups let contacts with the same function or question meet, so the
// package records who takes part, since when, and who leads.
package subgroups

import (
	"slices"
	"time"
)

// Kinds of subgroups, in the order the form offers them.
var Kinds = []string{"deelnetwerk", "kenniskring", "themagroep", "werkgroep"}

// KindLabels are the Dutch names of the kinds.
var KindLabels = map[string]string{
	"deelnetwerk": "Deelnetwerk",
	"kenniskring": "Kenniskring",
	"themagroep":  "Themagroep",
	"werkgroep":   "Werkgroep",
}

// Subgroup is a subgroup with the names of what it refers to.
type Subgroup struct {
	ID             int64
	NetworkID      int64
	NetworkName    string
	Name           string
	Kind           string
	ThemeID        int64
	ThemeName      string
	Description    string
	Functions      []string // function_types codes; empty: everyone
	FunctionNames  []string
	LeadID         int64
	LeadName       string
	LeadEmployerID int64
	LeadEmployer   string
	EndedOn        *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Ended reports whether the subgroup has closed by today: it then has no
// current members and takes no new ones.
func (s Subgroup) Ended(today time.Time) bool {
	return s.EndedOn != nil && !s.EndedOn.After(today)
}

// MeantFor reports whether a contact of function fits the subgroup.
func (s Subgroup) MeantFor(function string) bool {
	return len(s.Functions) == 0 || slices.Contains(s.Functions, function)
}

// Member is one membership of a contact: a contact who left and joined
// again has two.
type Member struct {
	ID           int64
	SubgroupID   int64
	ContactID    int64
	ContactName  string
	EmployerID   int64
	EmployerName string
	Function     string
	FunctionName string
	Level        string
	JoinedOn     time.Time
	LeftOn       *time.Time
}

// Current reports whether the membership runs today in a subgroup that
// has not ended.
func (m Member) Current(s Subgroup, today time.Time) bool {
	return !s.Ended(today) && (m.LeftOn == nil || m.LeftOn.After(today))
}

// Until is the date the membership ended or ends: the left date, or the
// subgroup's end when that came first.
func (m Member) Until(s Subgroup) *time.Time {
	if s.EndedOn != nil && (m.LeftOn == nil || s.EndedOn.Before(*m.LeftOn)) {
		return s.EndedOn
	}
	return m.LeftOn
}

// ListItem is one row of the subgroup list.
type ListItem struct {
	ID           int64
	Name         string
	Kind         string
	ThemeName    string
	NetworkName  string
	Members      int // current members
	LeadName     string
	LeadEmployer string
	EndedOn      *time.Time
}

// Candidate is an active contact of an employer in a network: who may be
// chosen as a member or as the lead.
type Candidate struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	NetworkName  string
	Name         string
	Function     string
	FunctionName string
	Level        string
}

// Membership is a membership seen from an employer's profile.
type Membership struct {
	SubgroupID   int64
	SubgroupName string
	Kind         string
	ContactName  string
	FunctionName string
	IsLead       bool
	JoinedOn     time.Time
	Until        *time.Time // left, or the subgroup ended
	Current      bool
}

// Option is a choice of reference data.
type Option struct {
	ID      int64
	Code    string
	Name    string
	Retired bool // retired in /beheer: shown where held, not offered anew
}

// Reference is the reference data the form and the filters offer.
type Reference struct {
	Themes    []Option // ID set
	Functions []Option // Code set
}

// offered is ref as the subgroup form offers it: without retired themes and
// functions, except those the stored subgroup holds (so saving it
// unchanged is never refused).
func (ref Reference) offered(themeID int64, functions []string) Reference {
	var out Reference
	for _, o := range ref.Themes {
		if !o.Retired || o.ID == themeID {
			out.Themes = append(out.Themes, o)
		}
	}
	for _, o := range ref.Functions {
		if !o.Retired || slices.Contains(functions, o.Code) {
			out.Functions = append(out.Functions, o)
		}
	}
	return out
}
