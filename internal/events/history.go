package events

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// Histories says how this package's entries read on an employer's history
// (the host's).
func Histories() audit.Histories {
	return audit.Histories{audit.EntityEvent: {
		Title: func(ctx context.Context, e audit.Entry) string {
			title := e.Changes["titel"].New
			if title == "" {
				title = e.Changes["titel"].Old
			}
			switch e.Action {
			case audit.Created:
				return i18n.T(ctx, "Gastheer van bijeenkomst %s", title)
			case audit.Cancelled:
				return i18n.T(ctx, "Bijeenkomst geannuleerd")
			}
			return i18n.T(ctx, "Bijeenkomst gewijzigd")
		},
		Labels: map[string]string{"titel": "Titel", "begin": "Begin", "einde": "Einde", "locatie": "Plaats",
			"online_link": "Online link", "gastheer": "Gastheer", "capaciteit": "Aantal plaatsen", "soort": "Soort",
			"status": "Status"},
	}}
}
