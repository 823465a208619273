// Package mailings is mail to members (issue 15, /mailings): a coordinator
// writes one mail, with merge fields, to a selection of the contacts of a
// network's employers; sending freezes the recipients and a worker queues
// one mail each into the outbox, safe with several instances. Every mail
// carries a personal unsubscribe link and the List-Unsubscribe headers
// (RFC 8058); an unsubscribed contact gets no further mailings, while
// service mail (invitations, intake links) still reaches them.
package mailings

import (
	"net/url"
	"slices"
	"time"

	"netwerkportaal/internal/platform/identity"
)

// Statuses of a mailing, as stored.
const (
	Draft   = "concept"
	Sending = "verzenden"
	Sent    = "verzonden"
)

// StatusLabels are the Dutch names of the statuses (translated in views).
var StatusLabels = map[string]string{Draft: "Concept", Sending: "Wordt verstuurd", Sent: "Verstuurd"}

// Mailing is one mail to a selection.
type Mailing struct {
	ID             int64
	NetworkID      int64
	NetworkName    string
	Subject        string
	Body           string
	BodyRemoved    bool // the retention of sent mail has passed
	Selection      Selection
	Status         string
	RecipientCount int
	SentCount      int
	FailedCount    int
	CreatedBy      string
	CreatedAt      time.Time
	SendingAt      *time.Time
	FinishedAt     *time.Time
	Version        int
}

// Progress is how far sending is, from the recipients and their mails.
type Progress struct {
	Total   int // frozen recipients
	Sent    int // mail delivered to the mail server
	Failed  int // given up, or skipped (left, erased or unsubscribed meanwhile)
	Waiting int // not yet queued, or queued and not yet sent
}

// Failure is a recipient whose mail did not go out, and why.
type Failure struct {
	ContactName, Organisation string
	EmployerID                int64
	Reason                    string
}

// Selection says who a mailing goes to: contacts of the network's employers
// with the given status, narrowed by the employer list's own filters
// (Employer, parsed and turned into SQL by the employers package), and by
// subgroup, function, level and recent attendance.
type Selection struct {
	Status      string     `json:"status"`
	SubgroupID  int64      `json:"subgroep,omitempty"`
	Function    string     `json:"functie,omitempty"`
	Level       string     `json:"niveau,omitempty"`
	NotAttended bool       `json:"niet_aanwezig,omitempty"` // not present at an event in the last 6 months
	Employer    url.Values `json:"werkgeverslijst,omitempty"`
}

// EmployerStatuses are the employer statuses a mailing can go to: members,
// those who applied, and paused members. Prospects and those who left are
// not the network's members (and have not asked for its mail).
var EmployerStatuses = []string{"lid", "aangemeld", "gepauzeerd"}

// Levels of a contact.
var Levels = []string{"strategisch", "tactisch", "operationeel"}

// employerKeys are the employer list's filter parameters a selection
// carries over (from "Mail aan deze selectie" on the list); the network
// and the status are the mailing's own.
var employerKeys = []string{"q", "sector", "grootte", "regio", "volwassenheid", "directie", "een_contact"}

// employerValues keeps the employer list's filter values of v.
func employerValues(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range employerKeys {
		if s := v.Get(k); s != "" {
			out.Set(k, s)
		}
	}
	return out
}

// EmployerFilter turns the employer list's filter values into that list's
// SQL condition on employers (alias e) of one network, with arguments
// numbered from $1. The employers package owns it; internal/app wires it.
type EmployerFilter func(v url.Values, scope identity.Scope) (cond string, args []any)

// NotAttendedMonths is the window of "niet aanwezig geweest".
const NotAttendedMonths = 6

func validStatus(s string) bool { return slices.Contains(EmployerStatuses, s) }
