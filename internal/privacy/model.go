// Package privacy answers the privacy requests of the AVG for the contacts
// of employers: search a person across every network, give them everything
// the portal holds about them (a readable page and JSON), and erase them.
// An erased contact keeps its row, function, level and dates, so counts of
// attendance, subgroups and visits stay right; their name, e-mail address,
// phone number and job title are replaced everywhere they occur, the audit
// trail included, and the erasure itself is logged without any of them.
//
// The retention rule lists contacts who left their employer, and employers
// who left the network, more than RETENTION_YEARS ago, for erasure in bulk.
//
// Only the beheerder may use any of it. The package reads and writes the
// other packages' tables with SQL of its own, as erasure must reach every
// table at once and in one transaction.
package privacy

import (
	"time"
)

// Person is a contact as the search and the retention list show it.
type Person struct {
	ID           int64      `json:"id"`
	Name         string     `json:"naam"`
	Email        string     `json:"email"`
	EmployerID   int64      `json:"werkgever_id"`
	EmployerName string     `json:"werkgever"`
	NetworkName  string     `json:"netwerk"`
	ActiveUntil  *time.Time `json:"actief_tot"`
	ErasedAt     *time.Time `json:"gewist_op"`
}

// DueEmployer is an employer that left the network longer ago than the
// retention period.
type DueEmployer struct {
	ID          int64
	Name        string
	NetworkName string
	LeftOn      time.Time
	Contacts    int // contacts not yet erased, erased with it
}

// Retention is the retention list for a period of Years.
type Retention struct {
	Years     int
	Cutoff    time.Time // left before this date: due
	Contacts  []Person
	Employers []DueEmployer
}

// Subject is everything the portal holds about one contact: the answer to
// a request for access (inzageverzoek), as a page and as JSON.
type Subject struct {
	Contact     ContactData      `json:"contactpersoon"`
	Employer    EmployerData     `json:"werkgever"`
	Subgroups   []SubgroupData   `json:"subgroepen"`
	Events      []InvitationData `json:"bijeenkomsten"`
	Visits      []VisitData      `json:"bezoeken"`
	Referrals   []ReferralData   `json:"doorverwijzingen"`
	Intakes     []IntakeData     `json:"intakes"`
	Links       []LinkData       `json:"rapportagelinks"`
	Mails       []MailData       `json:"e_mails"`
	Mailings    []MailingData    `json:"mailings"`
	Prospects   []ProspectRow    `json:"werving"`
	Audit       []AuditData      `json:"wijzigingen"`
	Members     MemberData       `json:"ledenpagina"`
	GeneratedAt time.Time        `json:"opgesteld_op"`
	// RetentionYears is how long after leaving the contact is kept.
	RetentionYears int `json:"bewaartermijn_jaren"`
}

// ContactData is the contact's own row.
type ContactData struct {
	ID          int64      `json:"id"`
	Name        string     `json:"naam"`
	Email       string     `json:"email"`
	Phone       string     `json:"telefoon"`
	Function    string     `json:"functie"`
	JobTitle    string     `json:"functietitel"`
	Level       string     `json:"niveau"`
	Primary     bool       `json:"eerste_contactpersoon"`
	ActiveFrom  time.Time  `json:"actief_vanaf"`
	ActiveUntil *time.Time `json:"actief_tot"`
	CreatedAt   time.Time  `json:"aangemaakt_op"`
	UpdatedAt   time.Time  `json:"gewijzigd_op"`
	ErasedAt    *time.Time `json:"gewist_op"`
}

// MailingData is a mailing the contact was a recipient of (the mail
// itself, while kept, is among the e-mails).
type MailingData struct {
	Subject  string     `json:"onderwerp"`
	Network  string     `json:"netwerk"`
	QueuedAt *time.Time `json:"verstuurd_op"`
	Skipped  bool       `json:"niet_verstuurd"`
}

// EmployerData is the employer the contact works or worked for.
type EmployerData struct {
	ID      int64  `json:"id"`
	Name    string `json:"naam"`
	City    string `json:"plaats"`
	Network string `json:"netwerk"`
	Status  string `json:"status"`
}

// SubgroupData is a membership of a subgroup, or the lead of one.
type SubgroupData struct {
	Name     string     `json:"naam"`
	Kind     string     `json:"soort"`
	Role     string     `json:"rol"` // "lid" or "trekker"
	JoinedOn *time.Time `json:"lid_vanaf"`
	LeftOn   *time.Time `json:"lid_tot"`
}

// InvitationData is an invitation to an event.
type InvitationData struct {
	Event       string     `json:"bijeenkomst"`
	StartsAt    time.Time  `json:"begin"`
	Status      string     `json:"status"`
	InvitedAt   time.Time  `json:"uitgenodigd_op"`
	RespondedAt *time.Time `json:"gereageerd_op"`
	CheckedInAt *time.Time `json:"ingecheckt_op"`
	WalkIn      bool       `json:"binnenloper"`
}

// VisitData is a visit or call in which the contact took part.
type VisitData struct {
	VisitedOn  time.Time `json:"datum"`
	Kind       string    `json:"soort"`
	Notes      string    `json:"notities"`
	Agreements string    `json:"afspraken"`
}

// ReferralData is a question referred to a partner for the contact.
type ReferralData struct {
	Partner    string    `json:"partner"`
	Question   string    `json:"vraag"`
	ReferredOn time.Time `json:"datum"`
	Status     string    `json:"status"`
	Outcome    string    `json:"uitkomst"`
}

// IntakeData is an intake that names the contact.
type IntakeData struct {
	Year    int      `json:"jaar"`
	Status  string   `json:"status"`
	Invited bool     `json:"uitgenodigd"` // the intake's link was sent to them
	Named   []string `json:"genoemd_als"` // "deelnemer", "collega", "elders in de antwoorden"
}

// LinkData is a personal link to report placements sent to the contact.
type LinkData struct {
	CreatedAt time.Time  `json:"aangemaakt_op"`
	ExpiresAt time.Time  `json:"verloopt_op"`
	RevokedAt *time.Time `json:"ingetrokken_op"`
}

// MailData is a mail the portal sent (or queued) to or cc the contact.
type MailData struct {
	Kind      string     `json:"soort"`
	To        string     `json:"aan"`
	Cc        string     `json:"cc"`
	Subject   string     `json:"onderwerp"`
	Body      string     `json:"tekst"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"aangemaakt_op"`
	SentAt    *time.Time `json:"verzonden_op"`
}

// AuditData is an entry of the audit trail about the contact, or one that
// holds one of their values.
type AuditData struct {
	At      time.Time            `json:"tijdstip"`
	Actor   string               `json:"door"`
	Entity  string               `json:"onderwerp"`
	Action  string               `json:"handeling"`
	Changes map[string]ChangeVal `json:"wijzigingen"`
}

// ChangeVal is the old and new value of a field.
type ChangeVal struct {
	Old string `json:"oud"`
	New string `json:"nieuw"`
}
