package partners

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// Histories says how this package's entries read on an employer's history.
func Histories() audit.Histories {
	return audit.Histories{audit.EntityReferral: {
		Title: func(ctx context.Context, e audit.Entry) string {
			if e.Action == audit.Created {
				return i18n.T(ctx, "Doorverwezen naar %s", e.Changes["partner"].New)
			}
			return i18n.T(ctx, "Doorverwijzing naar %s bijgewerkt", e.Changes["partner"].New)
		},
		Labels: map[string]string{"partner": "Partner", "opvolgdatum": "Opvolgdatum", "uitkomst": "Uitkomst",
			"contactpersoon": "Contactpersoon", "status": "Status", "datum": "Datum", "omschrijving": "Omschrijving"},
	}}
}
