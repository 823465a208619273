package duplicates

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// errCrossNetwork refuses a merge of contacts of two networks: they are
// two relations of two networks, even when they are one person.
var errCrossNetwork = apperr.New(apperr.Forbidden,
	"Contactpersonen van werkgevers in verschillende netwerken kunnen niet worden samengevoegd.")

// MergeContacts merges contact in.OtherID into in.SurvivorID in one
// transaction, like MergeEmployers. The survivor stays at its employer;
// the two may work at different employers of one network.
func (s *Store) MergeContacts(ctx context.Context, scope identity.Scope, in MergeInput) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		survivor, other, err := s.lockContacts(ctx, tx, scope, in)
		if err != nil {
			return err
		}
		if survivor.NetworkID != other.NetworkID {
			return errCrossNetwork
		}
		merged, taken := merge(ctx, contactFields, survivor, other, in.Choices)
		if errs := validateContact(ctx, merged, survivor, other); len(errs) > 0 {
			return apperr.New(apperr.Invalid, firstMessage(errs))
		}
		dropped, err := runMoves(ctx, tx, contactMoves, survivor.ID, other.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, other.ID); err != nil {
			return err
		}
		if err := saveContact(ctx, tx, merged, s.Clock().Today()); err != nil {
			return err
		}
		after, err := s.contact(ctx, tx, identity.Scope{All: true}, survivor.ID)
		if err != nil {
			return err
		}
		return recordContactMerge(ctx, tx, survivor, other, after, taken, dropped)
	})
}

// lockContacts locks the employers of both contacts (as every contact
// change does, so no two saves make two primary contacts), then the
// contacts, each in id order, and checks the versions.
func (s *Store) lockContacts(ctx context.Context, tx pgx.Tx, scope identity.Scope, in MergeInput) (survivor, other ContactRecord, err error) {
	_, err = tx.Exec(ctx, `SELECT e.id FROM employers e WHERE e.id IN (SELECT employer_id FROM contacts WHERE id IN ($1, $2))
		ORDER BY e.id FOR UPDATE`, in.SurvivorID, in.OtherID)
	if err != nil {
		return survivor, other, err
	}
	if _, err = tx.Exec(ctx, `SELECT id FROM contacts WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`, in.SurvivorID, in.OtherID); err != nil {
		return survivor, other, err
	}
	if survivor, err = s.contact(ctx, tx, scope, in.SurvivorID); err != nil {
		return survivor, other, err
	}
	if other, err = s.contact(ctx, tx, scope, in.OtherID); err != nil {
		return survivor, other, err
	}
	if survivor.Version != in.Versions[survivor.ID] || other.Version != in.Versions[other.ID] {
		return survivor, other, apperr.New(apperr.Conflict, "")
	}
	return survivor, other, nil
}

// contactMoves name every column that points at a contact (checked
// against the database's foreign keys by a test).
var contactMoves = []move{
	// One invitation per event per contact. When both were invited to the
	// same event, the invitation with the better status stays (aanwezig >
	// aangemeld > wachtlijst > afwezig > afgemeld > uitgenodigd), the
	// survivor's on a tie: what someone did outweighs what was asked of
	// them. The other is deleted, with its personal link, and named in
	// the audit entry.
	{column: "event_invitations.contact_id", audited: true,
		drop: `DELETE FROM event_invitations d USING event_invitations k, events ev
			WHERE d.event_id = k.event_id AND d.id <> k.id AND ev.id = d.event_id
			AND d.contact_id IN ($1, $2) AND k.contact_id IN ($1, $2)
			AND (` + invitationRank("k") + ` > ` + invitationRank("d") + `
				OR (` + invitationRank("k") + ` = ` + invitationRank("d") + ` AND k.contact_id = $1))
			RETURNING 'vervallen uitnodiging ' || ev.title || ' (' || to_char(ev.starts_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY') || ')',
				d.status || ' (' || CASE WHEN d.contact_id = $1 THEN 'deze contactpersoon' ELSE 'de samengevoegde contactpersoon' END || ')'`,
		sql: `UPDATE event_invitations SET contact_id = $1 WHERE contact_id = $2`},
	// One current membership per subgroup per contact
	// (subgroup_members_current_key). When both are current members, the
	// membership that began first stays, the survivor's on a tie: the
	// person has been a member since then. Past memberships all move, as
	// history.
	{column: "subgroup_members.contact_id", audited: true,
		drop: `DELETE FROM subgroup_members d USING subgroup_members k, subgroups g
			WHERE d.subgroup_id = k.subgroup_id AND d.id <> k.id AND g.id = d.subgroup_id
			AND d.left_on IS NULL AND k.left_on IS NULL AND d.contact_id IN ($1, $2) AND k.contact_id IN ($1, $2)
			AND (k.joined_on < d.joined_on OR (k.joined_on = d.joined_on AND k.contact_id = $1))
			RETURNING 'vervallen lidmaatschap ' || g.name, 'lid sinds ' || to_char(d.joined_on, 'DD-MM-YYYY')`,
		sql: `UPDATE subgroup_members SET contact_id = $1 WHERE contact_id = $2`},
	// Who was met during a visit is a set: the survivor gets the union.
	{column: "visit_contacts.contact_id",
		drop: `DELETE FROM visit_contacts d USING visit_contacts k
			WHERE d.contact_id = $2 AND k.contact_id = $1 AND k.visit_id = d.visit_id`,
		sql: `UPDATE visit_contacts SET contact_id = $1 WHERE contact_id = $2`},
	{column: "referrals.contact_id", sql: `UPDATE referrals SET contact_id = $1, version = version + 1 WHERE contact_id = $2`},
	{column: "intakes.contact_id", sql: `UPDATE intakes SET contact_id = $1, version = version + 1 WHERE contact_id = $2`},
	{column: "subgroups.lead_contact_id", sql: `UPDATE subgroups SET lead_contact_id = $1, version = version + 1, updated_at = now()
		WHERE lead_contact_id = $2`},
	{column: "placement_links.contact_id", sql: `UPDATE placement_links SET contact_id = $1 WHERE contact_id = $2`},
	{column: "colleague_proposals.contact_id", sql: `UPDATE colleague_proposals SET contact_id = $1 WHERE contact_id = $2`},
	{column: "colleague_proposals.proposed_by", sql: `UPDATE colleague_proposals SET proposed_by = $1 WHERE proposed_by = $2`},
	// A mailing reaches a person once: when both received it, the
	// survivor's row stays (its unsubscribe link keeps working). An
	// unsubscription of either record is the person's objection, so the
	// survivor keeps the earliest one (the CTE); it is never dropped.
	{column: "mailing_recipients.contact_id",
		drop: `DELETE FROM mailing_recipients d USING mailing_recipients k
			WHERE d.contact_id = $2 AND k.contact_id = $1 AND k.mailing_id = d.mailing_id`,
		sql: `WITH objection AS (
				UPDATE contacts k SET mailings_opted_out_at = d.mailings_opted_out_at
				FROM contacts d WHERE k.id = $1 AND d.id = $2 AND d.mailings_opted_out_at IS NOT NULL
				AND (k.mailings_opted_out_at IS NULL OR k.mailings_opted_out_at > d.mailings_opted_out_at) RETURNING k.id)
			UPDATE mailing_recipients SET contact_id = $1 WHERE contact_id = $2`},
	// A sign-in link that has not been used yet opens the survivor's page.
	{column: "member_links.contact_id", sql: `UPDATE member_links SET contact_id = $1 WHERE contact_id = $2`},
	// Consent to Vraag en aanbod is the person's: its history moves, and of
	// two open consents the survivor's stays open (the other is closed now).
	{column: "member_exchange_consents.contact_id",
		drop: `UPDATE member_exchange_consents d SET revoked_at = now() WHERE d.contact_id = $2 AND d.revoked_at IS NULL
			AND EXISTS (SELECT 1 FROM member_exchange_consents k WHERE k.contact_id = $1 AND k.revoked_at IS NULL)`,
		sql: `UPDATE member_exchange_consents SET contact_id = $1 WHERE contact_id = $2`},
	{column: "member_introductions.requester_contact_id", sql: `UPDATE member_introductions SET requester_contact_id = $1 WHERE requester_contact_id = $2`},
	{column: "member_introductions.target_contact_id", sql: `UPDATE member_introductions SET target_contact_id = $1 WHERE target_contact_id = $2`},
	{column: "profile_change_requests.contact_id", sql: `UPDATE profile_change_requests SET contact_id = $1 WHERE contact_id = $2`},
	// The kept duplicate pairs (contact_pairs.go) are not moved but
	// compared again: both records' pairs go, and the survivor, whose saved
	// fields queue it (trigger contacts_dup_queue), is compared on the next
	// pass.
	{column: "contact_dup_pairs.a_id", sql: `DELETE FROM contact_dup_pairs WHERE a_id IN ($1, $2)`},
	{column: "contact_dup_pairs.b_id", sql: `DELETE FROM contact_dup_pairs WHERE b_id IN ($1, $2)`},
	{column: "contact_dup_queue.contact_id",
		drop: `DELETE FROM contact_dup_queue WHERE contact_id = $2 AND EXISTS (SELECT 1 FROM contact_dup_queue WHERE contact_id = $1)`,
		sql:  `UPDATE contact_dup_queue SET contact_id = $1 WHERE contact_id = $2`},
}

// invitationRank orders invitation statuses from least to most telling.
func invitationRank(alias string) string {
	return `array_position(ARRAY['uitgenodigd','afgemeld','afwezig','wachtlijst','aangemeld','aanwezig'], ` + alias + `.status)`
}

// saveContact stores the merged values. Made primary (and still active),
// the survivor takes over from its employer's primary contact, as on the
// contact form; a contact who has left is never primary
// (contacts_one_primary counts active contacts only).
func saveContact(ctx context.Context, tx pgx.Tx, c ContactRecord, today time.Time) error {
	c.Primary = c.Primary && c.Active(today)
	if c.Primary {
		_, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = false, version = version + 1, updated_at = now()
			WHERE employer_id = $1 AND is_primary AND id <> $2`, c.EmployerID, c.ID)
		if err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `UPDATE contacts SET name=$2, email=$3, phone=$4, function=$5, job_title=$6, level=$7,
		is_primary=$8, active_from=$9, active_until=$10, version = version + 1, updated_at = now() WHERE id = $1`,
		c.ID, c.Name, c.Email, c.Phone, c.Function, c.JobTitle, c.Level, c.Primary, c.ActiveFrom, c.ActiveUntil)
	return err
}

// recordContactMerge writes the merge into the survivor's employer's
// history and, when the merged contact worked elsewhere, into that
// employer's history too, so it says where its contact went. Both
// employers count as changed for the "last changed" order.
func recordContactMerge(ctx context.Context, tx pgx.Tx, before, other, after ContactRecord, taken []string, dropped map[string]string) error {
	if _, err := tx.Exec(ctx, `UPDATE employers SET updated_at = now() WHERE id IN ($1, $2)`, before.EmployerID, other.EmployerID); err != nil {
		return err
	}
	same := func(v string) audit.Change { return audit.Change{Old: v, New: v} }
	otherName := other.Name
	if other.EmployerID != before.EmployerID {
		otherName += " (" + other.EmployerName + ")"
	}
	changes := audit.Diff(snapshot(contactFields, before), snapshot(contactFields, after))
	changes["samengevoegd_naam"] = same(otherName)
	changes["samengevoegd_id"] = same(web.FormatID(other.ID))
	changes["contactpersoon"] = same(after.Name)
	if len(taken) > 0 {
		changes["overgenomen"] = audit.Change{New: strings.Join(taken, ", ")}
	}
	for k, v := range dropped {
		changes[k] = audit.Change{Old: v}
	}
	err := audit.Record(ctx, tx, audit.Entry{Entity: "contact", EntityID: after.ID, EmployerID: after.EmployerID, Action: Merged, Changes: changes})
	if err != nil || other.EmployerID == before.EmployerID {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{Entity: "contact", EntityID: after.ID, EmployerID: other.EmployerID, Action: Merged,
		Changes: map[string]audit.Change{
			"samengevoegd_naam": same(other.Name),
			"samengevoegd_id":   same(web.FormatID(other.ID)),
			"contactpersoon":    {Old: other.Name + " (" + other.EmployerName + ")", New: after.Name + " (" + after.EmployerName + ")"},
		}})
}
