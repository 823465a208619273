package audit

import "context"

// Entities: what an entry is about. The stores that record them and the
// histories that show them name them by these constants, never by string.
const (
	EntityEmployer          = "employer"
	EntityContact           = "contact"
	EntityIntake            = "intake"
	EntitySubgroup          = "subgroup"
	EntitySubgroupMember    = "subgroup_member"
	EntityCommitment        = "commitment"
	EntityCommitmentKind    = "commitment_kind"
	EntityPlacement         = "placement"
	EntityPlacementLink     = "placement_link"
	EntityNetworkConditions = "network_conditions"
	EntityEvent             = "event"
	EntityNetworkCalendar   = "network_calendar"
	EntityPartner           = "partner"
	EntityReferral          = "referral"
	EntityVisit             = "visit"
	EntityFollowUp          = "follow_up"
	EntityDashboardShare    = "dashboard_share"
	EntityUser              = "user"
)

// Actions beyond Created, Updated and Ended.
const (
	Erased    = "gewist"       // by privacy: the retention period passed
	Merged    = "samengevoegd" // by duplicates: another record was merged into this one
	Cancelled = "geannuleerd"
	Completed = "afgerond"
	Reopened  = "heropend"
	Invited   = "uitgenodigd"
	Submitted = "ingediend"
	Processed = "verwerkt"
	Returned  = "teruggestuurd"
	Extended  = "verlengd"
	Revoked   = "ingetrokken"
)

// History says how the entries of one entity read on an employer's history.
// Each domain registers its own (in app.New), so the page that lists them
// needs to know nothing of the domain.
type History struct {
	// Title says in one line what an entry is about; texts go through i18n.
	Title func(ctx context.Context, e Entry) string
	// Labels are the Dutch names (i18n keys) of the entry's changed fields.
	Labels map[string]string
	// Order is the order in which the changed fields are listed; others
	// come after.
	Order []string
	// NewOnly lists only the new values: the entries say what was added
	// (an intake taken over), not what changed.
	NewOnly bool
}

// Histories are the registered histories by entity.
type Histories map[string]History
