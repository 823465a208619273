package intake

import (
	"context"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
)

// Histories says how this package's entries read on an employer's history.
func Histories() audit.Histories {
	return audit.Histories{audit.EntityIntake: {
		Title:   func(ctx context.Context, e audit.Entry) string { return historyTitle(ctx, e.Action) },
		NewOnly: true,
		Labels: map[string]string{
			"overgenomen": "Overgenomen in het profiel", "contactpersonen toegevoegd": "Toegevoegd als contactpersoon",
			"vastgelegd": "Vastgelegd uit de intake", "niet overgenomen": "Niet overgenomen",
		},
	}}
}

// historyTitle names what happened to an intake.
func historyTitle(ctx context.Context, action string) string {
	switch action {
	case audit.Invited:
		return i18n.T(ctx, "Uitgenodigd voor de intake")
	case audit.Submitted:
		return i18n.T(ctx, "Intake ingediend")
	case audit.Processed:
		return i18n.T(ctx, "Intake verwerkt")
	case audit.Returned:
		return i18n.T(ctx, "Intake teruggestuurd met een vraag")
	case audit.Extended:
		return i18n.T(ctx, "Intakelink verlengd")
	case audit.Revoked:
		return i18n.T(ctx, "Intakelink ingetrokken")
	}
	return i18n.T(ctx, "Intake") + " " + action
}
