package intake

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// InviteWithMessage opens this year's intake of an employer for one of its
// contacts and queues the invitation with the coordinator's personal
// message above it, in the transaction ctx carries (db.WithTx). The
// recruitment pipeline calls it through app when a prospect reaches
// "intake"; a coordinator's own invitation goes through the invite form.
// A submitted intake of this year is an apperr.Conflict.
func (h *Handler) InviteWithMessage(ctx context.Context, employerID, contactID int64, validity time.Duration, message string) (int64, error) {
	return h.store.Invite(ctx, Invitation{EmployerID: employerID, ContactID: contactID, Validity: validity},
		func(tx pgx.Tx, in Intake, token string) error {
			return h.mailer.invitation(ctx, tx, in, token, message)
		})
}
