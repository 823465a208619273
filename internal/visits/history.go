package visits

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// historyLabels are the Dutch names of the fields of visits and follow-ups
// in an employer's history.
var historyLabels = map[string]string{
	"soort": "Soort", "datum": "Datum", "namens_netwerk": "Namens het netwerk", "anderen": "Anderen",
	"gesproken_met": "Gesproken met", "afspraken": "Afspraken", "omschrijving": "Omschrijving", "eigenaar": "Eigenaar",
	"klaar_op": "Klaar op", "afgerond": "Afgerond", "notities": "Notities",
}

// Histories says how this package's entries read on an employer's history.
func Histories() audit.Histories {
	return audit.Histories{
		audit.EntityVisit: {
			Title: func(ctx context.Context, e audit.Entry) string {
				if kind := e.Changes["soort"].New; e.Action == audit.Created && kind != "" {
					return i18n.T(ctx, "%s op %s vastgelegd", i18n.T(ctx, kind), e.Changes["datum"].New)
				}
				return i18n.T(ctx, "Bezoek of gesprek gewijzigd")
			},
			Labels: historyLabels,
		},
		audit.EntityFollowUp: {
			Title: func(ctx context.Context, e audit.Entry) string {
				what := e.Changes["omschrijving"].New
				switch e.Action {
				case audit.Completed:
					return i18n.T(ctx, "Opvolging afgerond: %s", what)
				case audit.Reopened:
					return i18n.T(ctx, "Opvolging heropend: %s", what)
				}
				return i18n.T(ctx, "Opvolging toegevoegd: %s", what)
			},
			Labels: historyLabels,
		},
	}
}
