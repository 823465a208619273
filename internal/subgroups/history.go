package subgroups

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// Histories says how this package's entries read on an employer's history.
func Histories() audit.Histories {
	return audit.Histories{audit.EntitySubgroupMember: {
		Title: func(ctx context.Context, e audit.Entry) string {
			who, group := e.Changes["contactpersoon"].New, e.Changes["subgroep"].New
			if e.Action == audit.Created {
				return i18n.T(ctx, "%s is lid geworden van subgroep %s", who, group)
			}
			return i18n.T(ctx, "%s is uit subgroep %s gegaan", who, group)
		},
		Labels: map[string]string{"contactpersoon": "Contactpersoon", "subgroep": "Subgroep", "lid_vanaf": "Lid vanaf", "lid_tot": "Lid tot"},
	}}
}
