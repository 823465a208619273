package privacy

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// What the members' page (issue 19) holds about a contact: their consent
// to Vraag en aanbod, the introductions they asked for or received, and
// the corrections of their organisation's profile they proposed.

// ConsentData is a period of consent to Vraag en aanbod.
type ConsentData struct {
	GivenAt   time.Time  `json:"gegeven_op"`
	RevokedAt *time.Time `json:"ingetrokken_op"`
}

// IntroductionData is an introduction the contact asked for or received.
type IntroductionData struct {
	At      time.Time `json:"datum"`
	Role    string    `json:"rol"` // "aangevraagd" or "ontvangen"
	Other   string    `json:"andere_organisatie"`
	Topic   string    `json:"onderwerp"`
	Message string    `json:"bericht"`
}

// ChangeRequestData is a correction of the profile the contact proposed.
type ChangeRequestData struct {
	At     time.Time `json:"datum"`
	Field  string    `json:"veld"`
	Status string    `json:"status"`
}

// MemberData is the members' page's part of a Subject.
type MemberData struct {
	Consents       []ConsentData       `json:"vraag_en_aanbod_toestemmingen"`
	Introductions  []IntroductionData  `json:"kennismakingen"`
	ChangeRequests []ChangeRequestData `json:"voorgestelde_wijzigingen"`
	// MailingsOptedOutAt: when the contact unsubscribed from mailings.
	MailingsOptedOutAt *time.Time `json:"geen_mailings_sinds"`
}

// loadMembers fills sub.Members for contact id.
func (sub *Subject) loadMembers(ctx context.Context, tx pgx.Tx, id int64) error {
	d := &sub.Members
	if err := tx.QueryRow(ctx, `SELECT mailings_opted_out_at FROM contacts WHERE id = $1`, id).Scan(&d.MailingsOptedOutAt); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT given_at, revoked_at FROM member_exchange_consents WHERE contact_id = $1 ORDER BY given_at`, id)
	if err != nil {
		return err
	}
	if d.Consents, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ConsentData]); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `SELECT i.created_at, CASE WHEN i.requester_contact_id = $1 THEN 'aangevraagd' ELSE 'ontvangen' END,
			e.name, coalesce(t.name, ''), i.message
		FROM member_introductions i
		JOIN employers e ON e.id = CASE WHEN i.requester_contact_id = $1 THEN i.target_employer_id ELSE i.requester_employer_id END
		LEFT JOIN tags t ON t.id = i.tag_id
		WHERE i.requester_contact_id = $1 OR i.target_contact_id = $1 ORDER BY i.created_at DESC, i.id DESC`, id)
	if err != nil {
		return err
	}
	if d.Introductions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[IntroductionData]); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `SELECT created_at, field, status FROM profile_change_requests WHERE contact_id = $1 ORDER BY created_at DESC, id DESC`, id)
	if err != nil {
		return err
	}
	d.ChangeRequests, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ChangeRequestData])
	return err
}

// eraseMembers removes what the members' page holds of erased contacts
// beyond their row: the messages of their introductions (asked or
// received) and their open consent. The consents' times stay, without a
// person behind them, as the record that consent was asked for.
func eraseMembers(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if _, err := tx.Exec(ctx, `UPDATE member_introductions SET message = ''
		WHERE requester_contact_id = ANY($1) OR target_contact_id = ANY($1)`, ids); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE member_exchange_consents SET revoked_at = now() WHERE contact_id = ANY($1) AND revoked_at IS NULL`, ids)
	return err
}
