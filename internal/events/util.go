package events

import (
	"context"

	"netwerkportaal/internal/platform/identity"
)

func userID(ctx context.Context) *int64 {
	if u := identity.From(ctx); u != nil {
		return &u.ID
	}
	return nil
}
