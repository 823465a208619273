// Package duplicates finds employers and contacts that were entered twice
// and merges them. Networks grow from spreadsheets, intakes and imports, so
// "Bakker B.V." and "Bakkerij Bakker" in the same town, or one person under
// two e-mail addresses' worth of records, are bound to appear; a merge keeps
// one record, lets the coordinator choose field by field which values
// survive, and moves everything that pointed at the other record to it, in
// one transaction with one audit entry.
package duplicates

import (
	"time"

	"netwerkportaal/internal/platform/audit"
)

// Merged is the audit action of a merge.
const Merged = audit.Merged

// MaxPairs caps each list of likely duplicates: a longer list is not worked
// through anyway, and the best-scoring pairs come first.
const MaxPairs = 100

// Source says from which record a merged value comes.
type Source int

const (
	FromSurvivor Source = iota
	FromOther
	FromBoth // free text of both records, the survivor's first
)

// EmployerSide is one employer of a likely pair.
type EmployerSide struct {
	ID          int64
	Name        string
	City        string
	Postcode    string
	NetworkName string
}

// EmployerPair is two employers that are probably one, with why.
type EmployerPair struct {
	A, B         EmployerSide // A has the lower id
	Similarity   float64      // pg_trgm similarity of the names, 0..1
	SameNorm     bool         // equal names once B.V., BV and Holding are left out
	SameCity     bool
	SamePostcode bool
	KvKDiffers   bool // both have a KvK number and they differ: likely two legal entities
	CrossNetwork bool
}

// ContactSide is one contact of a likely pair.
type ContactSide struct {
	ID           int64
	Name         string
	Email        string
	EmployerID   int64
	EmployerName string
}

// ContactPair is two contacts that are probably one person, with why.
type ContactPair struct {
	A, B         ContactSide // A has the lower id
	SameEmail    bool
	SameName     bool // same name at the same employer
	SameEmployer bool
	// Folded: alike only once accents are folded and a "?" (a character a
	// code page lost) stands for any character.
	Folded bool
}

// Count is a number of related records, for the comparison page.
type Count struct {
	Label string // Dutch
	N     int
}

// EmployerRecord is an employer as the merge compares it: the stored
// values (ids, NULLs) and the names to show.
type EmployerRecord struct {
	ID              int64
	NetworkID       int64
	NetworkName     string
	Name            string
	KvK             *string
	SectorID        *int64
	SectorName      string
	EmployeeCount   *int
	Address         string
	Postcode        *string
	City            string
	RegionID        *int64
	RegionName      string
	Status          string
	StatusChangedOn time.Time
	MemberSince     *time.Time
	MaturityID      *int64
	MaturityName    string
	ChallengesNote  string
	OffersNote      string
	Notes           string
	Challenges      []string // tag names
	Offers          []string
	Version         int
	CreatedAt       time.Time
	Counts          []Count
}

// ContactRecord is a contact as the merge compares it.
type ContactRecord struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	NetworkName  string
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
	CreatedAt    time.Time
	Counts       []Count
}

// Active reports whether the contact still works at the employer on day.
func (c ContactRecord) Active(day time.Time) bool {
	return c.ActiveUntil == nil || c.ActiveUntil.After(day)
}

// MergeInput is a merge as the user chose it.
type MergeInput struct {
	SurvivorID int64
	OtherID    int64
	// Versions are the versions both records had when the user chose;
	// a record changed since then makes the merge a conflict.
	Versions map[int64]int
	// Choices maps a field key to where its value comes from; a field
	// that is missing keeps the survivor's value.
	Choices map[string]Source
}

// StatusLabels are the Dutch names of the membership statuses.
var StatusLabels = map[string]string{
	"prospect":      "Prospect",
	"aangemeld":     "Aangemeld",
	"lid":           "Lid",
	"gepauzeerd":    "Gepauzeerd",
	"uitgeschreven": "Uitgeschreven",
}

// LevelLabels are the Dutch names of a contact's level.
var LevelLabels = map[string]string{
	"strategisch":  "Strategisch",
	"tactisch":     "Tactisch",
	"operationeel": "Operationeel",
}
