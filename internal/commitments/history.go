package commitments

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// historyLabels are the Dutch names of the fields of commitments,
// placements and placement links in an employer's history.
var historyLabels = map[string]string{
	"soort": "Soort", "contactpersoon": "Contactpersoon",
	"toegezegd_op": "Toegezegd op", "getekend_op": "Getekend op", "geldig_vanaf": "Geldig vanaf", "geldig_tot": "Geldig tot",
	"document": "Document", "periode": "Kwartaal", "ambitie": "Ambitie (banen)", "mensen": "Aantal mensen",
	"uren": "Uren per week", "banen": "Banen", "in_dienst": "In dienst", "gedetacheerd": "Gedetacheerd", "bron": "Bron",
}

// historyOrder is the order in which their changed fields are listed.
var historyOrder = []string{"toegezegd_op", "getekend_op", "geldig_vanaf", "geldig_tot", "document", "ambitie",
	"mensen", "uren", "banen", "in_dienst", "gedetacheerd", "bron"}

// Histories says how this package's entries read on an employer's history.
func Histories() audit.Histories {
	entry := func(title func(ctx context.Context, e audit.Entry) string) audit.History {
		return audit.History{Title: title, Labels: historyLabels, Order: historyOrder}
	}
	return audit.Histories{
		audit.EntityCommitment: entry(func(ctx context.Context, e audit.Entry) string {
			if e.Action == audit.Created {
				return i18n.T(ctx, "Toezegging vastgelegd: %s", e.Changes["soort"].New)
			}
			return i18n.T(ctx, "Toezegging gewijzigd: %s", e.Changes["soort"].New)
		}),
		audit.EntityPlacement: entry(func(ctx context.Context, e audit.Entry) string {
			if e.Action == audit.Created {
				return i18n.T(ctx, "Plaatsingen over %s vastgelegd", e.Changes["periode"].New)
			}
			return i18n.T(ctx, "Plaatsingen over %s gecorrigeerd", e.Changes["periode"].New)
		}),
		audit.EntityPlacementLink: entry(func(ctx context.Context, e audit.Entry) string {
			if e.Action == audit.Created {
				return i18n.T(ctx, "Link voor plaatsingen gestuurd aan %s", e.Changes["contactpersoon"].New)
			}
			return i18n.T(ctx, "Link voor plaatsingen ingetrokken")
		}),
	}
}
