package events

import (
	"context"
	"strconv"

	"netwerkportaal/internal/platform/identity"
)

func itoa(n int) string { return strconv.Itoa(n) }

func userID(ctx context.Context) *int64 {
	if u := identity.From(ctx); u != nil {
		return &u.ID
	}
	return nil
}
