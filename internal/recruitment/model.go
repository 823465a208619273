// Package recruitment is the network's recruitment pipeline: prospects
// (employers the network would like as members) moving from first signal to
// membership, the public interest form through which employers announce
// themselves, and the history of each path in the audit log.
package recruitment

import (
	"context"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/orgname"
)

// Stages of the pipeline, in order; Dropped ends a path anywhere.
const (
	Spotted     = "gesignaleerd"
	Approached  = "benaderd"
	Talking     = "in_gesprek"
	Intake      = "intake"
	Applied     = "aangemeld"
	Member      = "lid"
	Dropped     = "afgevallen"
	SelfApplied = "eigen_aanmelding" // the source of the public form
)

// Stages lists the stages in board order.
var Stages = []string{Spotted, Approached, Talking, Intake, Applied, Member, Dropped}

var stageLabels = map[string]string{
	Spotted: "Gesignaleerd", Approached: "Benaderd", Talking: "In gesprek", Intake: "Intake",
	Applied: "Aangemeld", Member: "Lid", Dropped: "Afgevallen",
}

// StageLabel is the translated name of a stage.
func StageLabel(ctx context.Context, s string) string {
	if l, ok := stageLabels[s]; ok {
		return i18n.T(ctx, l)
	}
	return s
}

// Sources: where a prospect came from.
var Sources = []string{"lid", "wsp_uwv", "gemeente", "branchevereniging", "bijeenkomst", "dnz", SelfApplied, "anders"}

var sourceLabels = map[string]string{
	"lid": "Via een lid", "wsp_uwv": "Via WSP/UWV", "gemeente": "Via gemeente",
	"branchevereniging": "Via branchevereniging", "bijeenkomst": "Via bijeenkomst",
	"dnz": "Via De Normaalste Zaak", SelfApplied: "Eigen aanmelding", "anders": "Anders",
}

// SourceLabel is the translated name of a source.
func SourceLabel(ctx context.Context, s string) string {
	if l, ok := sourceLabels[s]; ok {
		return i18n.T(ctx, l)
	}
	return s
}

// DropReasons are why a prospect did not become a member.
var DropReasons = []string{"geen_match", "geen_tijd", "commercieel", "geen_reactie", "anders"}

var dropLabels = map[string]string{
	"geen_match": "Geen match", "geen_tijd": "Geen tijd", "commercieel": "Commercieel belang",
	"geen_reactie": "Geen reactie", "anders": "Andere reden",
}

// DropLabel is the translated reason.
func DropLabel(ctx context.Context, s string) string {
	if l, ok := dropLabels[s]; ok {
		return i18n.T(ctx, l)
	}
	return s
}

// Prospect is an employer on its way to membership of one network.
type Prospect struct {
	ID, NetworkID             int64
	NetworkName               string
	Name                      string
	KvK, Postcode             string
	ContactName               string
	ContactFunction           string // function_types code, "" when unknown
	ContactJobTitle           string
	ContactEmail              string
	ContactPhone              string
	Hopes, Offers             string
	Stage                     string
	DropReason, DropNote      string
	Source                    string
	SourceEmployerID          int64
	SourceEmployerName        string
	SourceEventID             int64
	SourceEventTitle          string
	SourceNote                string
	OwnerID                   int64
	OwnerName                 string
	NextStep                  string
	NextStepOn                *time.Time
	EmployerID                int64
	EmployerName              string
	ConsentText               string
	ConsentAt                 *time.Time
	StageChangedAt, CreatedAt time.Time
	Version                   int
}

// Input is what a coordinator enters for a prospect.
type Input struct {
	NetworkID        int64
	Name             string
	KvK, Postcode    *string
	ContactName      string
	ContactFunction  *string
	ContactJobTitle  string
	ContactEmail     string
	ContactPhone     string
	Hopes, Offers    string
	Source           string
	SourceEmployerID *int64
	SourceEventID    *int64
	SourceNote       string
	OwnerID          *int64
	NextStep         string
	NextStepOn       *time.Time
	ConsentText      *string // the public form's consent, nil otherwise
}

// Move is a step of a prospect to another stage.
type Move struct {
	Version    int
	Stage      string
	DropReason string
	DropNote   string
	NextStep   string
	NextStepOn *time.Time
	OwnerID    *int64
	On         time.Time // the date of the step ("member since" for lid)
	Message    string    // the coordinator's personal message above the intake invitation
}

// NameKey normalises an organisation name for the duplicate check (see
// orgname.Key).
func NameKey(name string) string { return orgname.Key(name) }
