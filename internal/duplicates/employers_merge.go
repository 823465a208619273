package duplicates

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// MergeEmployers merges employer in.OtherID into in.SurvivorID in one
// transaction: the survivor takes the chosen values, everything that
// pointed at the other employer points at the survivor, the other is
// deleted, and the survivor's history gets one entry. When either employer
// changed since the user chose (its version), nothing happens: Conflict.
func (s *Store) MergeEmployers(ctx context.Context, scope identity.Scope, in MergeInput) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		survivor, other, err := s.lockEmployers(ctx, tx, scope, in)
		if err != nil {
			return err
		}
		merged, taken := merge(ctx, employerFields, survivor, other, in.Choices)
		if errs := validateEmployer(ctx, merged); len(errs) > 0 {
			return apperr.New(apperr.Invalid, firstMessage(errs))
		}
		dropped, err := moveEmployerRelations(ctx, tx, survivor.ID, other.ID)
		if err != nil {
			return err
		}
		// Deleted before the survivor is saved, so the survivor may take
		// over the other's KvK number (employers_kvk_key is unique).
		if _, err := tx.Exec(ctx, `DELETE FROM employers WHERE id = $1`, other.ID); err != nil {
			return err
		}
		if err := saveEmployer(ctx, tx, merged); err != nil {
			return err
		}
		after, err := s.employer(ctx, tx, identity.Scope{All: true}, survivor.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "employer", EntityID: survivor.ID, EmployerID: survivor.ID,
			Action: Merged, Changes: employerChanges(survivor, other, after, taken, dropped)})
	})
}

// lockEmployers locks both employers, in id order so two merges of
// overlapping pairs cannot deadlock, and checks their versions.
func (s *Store) lockEmployers(ctx context.Context, tx pgx.Tx, scope identity.Scope, in MergeInput) (survivor, other EmployerRecord, err error) {
	rows, err := tx.Query(ctx, `SELECT id FROM employers WHERE id IN ($1, $2) AND erased_at IS NULL
		AND ($3 OR network_id = ANY($4)) ORDER BY id FOR UPDATE`, in.SurvivorID, in.OtherID, scope.All, scope.Networks)
	if err != nil {
		return survivor, other, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return survivor, other, err
	}
	if len(ids) != 2 {
		return survivor, other, apperr.ErrNotFound
	}
	if survivor, err = s.employer(ctx, tx, scope, in.SurvivorID); err != nil {
		return survivor, other, err
	}
	if other, err = s.employer(ctx, tx, scope, in.OtherID); err != nil {
		return survivor, other, err
	}
	if survivor.Version != in.Versions[survivor.ID] || other.Version != in.Versions[other.ID] {
		return survivor, other, apperr.New(apperr.Conflict, "")
	}
	return survivor, other, nil
}

func saveEmployer(ctx context.Context, tx pgx.Tx, e EmployerRecord) error {
	_, err := tx.Exec(ctx, `UPDATE employers SET network_id=$2, name=$3, kvk_number=$4, sector_id=$5,
		employee_count=$6, address=$7, postcode=$8, city=$9, region_id=$10, status=$11, status_changed_on=$12,
		member_since=$13, maturity_level_id=$14, challenges_note=$15, offers_note=$16, notes=$17,
		version = version + 1, updated_at = now() WHERE id = $1`,
		e.ID, e.NetworkID, e.Name, e.KvK, e.SectorID, e.EmployeeCount, e.Address, e.Postcode, e.City,
		e.RegionID, e.Status, e.StatusChangedOn, e.MemberSince, e.MaturityID, e.ChallengesNote, e.OffersNote, e.Notes)
	return err
}

// move is the SQL that moves one kind of record from the merged employer
// or contact ($2) to the survivor ($1). When rows clash with the
// survivor's on a unique constraint, drop deletes the losers first and
// returns for each a key and a description for the audit entry.
type move struct {
	column string // table.column that points at the record
	drop   string // optional DELETE of the losers of a clash
	// audited: drop ends in RETURNING key, description, for the audit entry
	audited bool
	sql     string // the UPDATE that moves the rest
}

// employerMoves name every column that points at an employer; a test
// checks the list against the foreign keys in the database, so a new
// table cannot be forgotten.
var employerMoves = []move{
	// Contacts all move. contacts_one_primary allows one active primary
	// contact per employer: the survivor's stays primary, and a moved
	// primary contact keeps its flag only when the survivor had none.
	{column: "contacts.employer_id", sql: `UPDATE contacts c SET employer_id = $1, version = version + 1, updated_at = now(),
		is_primary = c.is_primary AND NOT EXISTS (SELECT 1 FROM contacts p
			WHERE p.employer_id = $1 AND p.is_primary AND p.active_until IS NULL)
		WHERE c.employer_id = $2`},
	// Tags are a set: the survivor gets the union; the other's copies of
	// tags the survivor already has are deleted.
	{column: "employer_tags.employer_id",
		drop: `DELETE FROM employer_tags d USING employer_tags k
			WHERE d.employer_id = $2 AND k.employer_id = $1 AND k.tag_id = d.tag_id`,
		sql: `UPDATE employer_tags SET employer_id = $1 WHERE employer_id = $2`},
	// Theme interests (from intakes) are a set like the tags.
	{column: "employer_theme_interests.employer_id",
		drop: `DELETE FROM employer_theme_interests d USING employer_theme_interests k
			WHERE d.employer_id = $2 AND k.employer_id = $1 AND k.theme_id = d.theme_id`,
		sql: `UPDATE employer_theme_interests SET employer_id = $1 WHERE employer_id = $2`},
	// Both status histories are kept, so joins and leaves of either record
	// still count in the quarter they happened.
	{column: "employer_status_changes.employer_id", sql: `UPDATE employer_status_changes SET employer_id = $1 WHERE employer_id = $2`},
	// One intake per employer per year (intakes_employer_id_year_key). When
	// both have one for the same year, the one furthest along is kept
	// (verwerkt > ingediend > bezig > geopend > uitgenodigd > ingetrokken),
	// the survivor's on a tie; the other is deleted with its link and
	// answers, and named in the audit entry. Keeping the furthest loses the
	// least work: a processed intake's answers are already in the profile.
	{column: "intakes.employer_id", audited: true,
		drop: `DELETE FROM intakes d USING intakes k
			WHERE d.year = k.year AND d.id <> k.id AND d.employer_id IN ($1, $2) AND k.employer_id IN ($1, $2)
			AND (` + intakeRank("k") + ` > ` + intakeRank("d") + ` OR (` + intakeRank("k") + ` = ` + intakeRank("d") + ` AND k.employer_id = $1))
			RETURNING 'vervallen intake ' || d.year, d.status || ' (intake ' || d.id || ', van ' ||
				CASE WHEN d.employer_id = $1 THEN 'dit profiel' ELSE 'het samengevoegde profiel' END || ')'`,
		sql: `UPDATE intakes SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	{column: "events.host_employer_id", sql: `UPDATE events SET host_employer_id = $1, version = version + 1, updated_at = now()
		WHERE host_employer_id = $2`},
	{column: "visits.employer_id", sql: `UPDATE visits SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	{column: "follow_ups.employer_id", sql: `UPDATE follow_ups SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	// A referral keeps its network_id: it belongs to the network that made it.
	{column: "referrals.employer_id", sql: `UPDATE referrals SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	// Commitments are documents with their own dates: all are kept, even
	// two of the same kind.
	{column: "commitments.employer_id", sql: `UPDATE commitments SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	// One report per employer per quarter: on a clash the survivor's report
	// stands (it is the record the user keeps) and the other's counts are
	// written into the audit entry, so a correction can be made by hand.
	{column: "placement_reports.employer_id", audited: true,
		drop: `DELETE FROM placement_reports d USING placement_reports k
			WHERE d.employer_id = $2 AND k.employer_id = $1 AND d.year = k.year AND d.quarter = k.quarter
			RETURNING 'vervallen plaatsingen ' || d.year || ' K' || d.quarter,
				d.people || ' personen, ' || d.weekly_hours || ' uur per week, ' || d.people_employed || ' in dienst, ' ||
				d.people_seconded || ' gedetacheerd' || coalesce(', ambitie ' || d.ambition_jobs || ' banen', '') ||
				' (bron: ' || d.source || ')'`,
		sql: `UPDATE placement_reports SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	{column: "placement_links.employer_id", sql: `UPDATE placement_links SET employer_id = $1 WHERE employer_id = $2`},
	// Mail and the audit trail have no foreign key (mail would lose its
	// employer, the trail must outlive it), but both belong with the profile.
	{column: "mail_outbox.employer_id", sql: `UPDATE mail_outbox SET employer_id = $1 WHERE employer_id = $2`},
	{column: "audit_log.employer_id", sql: `UPDATE audit_log SET employer_id = $1 WHERE employer_id = $2`},
	// A prospect that became this member, or that this member brought in.
	{column: "prospects.employer_id", sql: `UPDATE prospects SET employer_id = $1, version = version + 1 WHERE employer_id = $2`},
	{column: "prospects.source_employer_id", sql: `UPDATE prospects SET source_employer_id = $1, version = version + 1
		WHERE source_employer_id = $2`},
	{column: "colleague_proposals.employer_id", sql: `UPDATE colleague_proposals SET employer_id = $1 WHERE employer_id = $2`},
	{column: "member_introductions.requester_employer_id", sql: `UPDATE member_introductions SET requester_employer_id = $1
		WHERE requester_employer_id = $2`},
	{column: "member_introductions.target_employer_id", sql: `UPDATE member_introductions SET target_employer_id = $1
		WHERE target_employer_id = $2`},
	// One open correction per field: of two, the survivor's waits and the
	// other's is closed as rejected (it corrected a record that is gone).
	{column: "profile_change_requests.employer_id",
		drop: `UPDATE profile_change_requests d SET status = 'afgewezen', decided_at = now()
			WHERE d.employer_id = $2 AND d.status = 'wacht' AND EXISTS (SELECT 1 FROM profile_change_requests k
				WHERE k.employer_id = $1 AND k.status = 'wacht' AND k.field = d.field)`,
		sql: `UPDATE profile_change_requests SET employer_id = $1 WHERE employer_id = $2`},
	// The kept duplicate pairs (pairs.go) are not moved but compared again:
	// both records' pairs go, and the survivor, whose saved fields queue it
	// (trigger employers_dup_queue), is compared on the next pass.
	{column: "employer_dup_pairs.a_id", sql: `DELETE FROM employer_dup_pairs WHERE a_id IN ($1, $2)`},
	{column: "employer_dup_pairs.b_id", sql: `DELETE FROM employer_dup_pairs WHERE b_id IN ($1, $2)`},
	{column: "employer_dup_queue.employer_id",
		drop: `DELETE FROM employer_dup_queue WHERE employer_id = $2 AND EXISTS (SELECT 1 FROM employer_dup_queue WHERE employer_id = $1)`,
		sql:  `UPDATE employer_dup_queue SET employer_id = $1 WHERE employer_id = $2`},
}

// intakeRank orders intake statuses by how far along they are.
func intakeRank(alias string) string {
	return `array_position(ARRAY['ingetrokken','uitgenodigd','geopend','bezig','ingediend','verwerkt'], ` + alias + `.status)`
}

func moveEmployerRelations(ctx context.Context, tx pgx.Tx, survivor, other int64) (map[string]string, error) {
	return runMoves(ctx, tx, employerMoves, survivor, other)
}

// runMoves runs each move: one or two statements per table, whatever
// the number of rows.
func runMoves(ctx context.Context, tx pgx.Tx, moves []move, survivor, other int64) (map[string]string, error) {
	dropped := map[string]string{}
	for _, m := range moves {
		if err := m.run(ctx, tx, survivor, other, dropped); err != nil {
			return nil, fmt.Errorf("%s: %w", m.column, err)
		}
	}
	return dropped, nil
}

func (m move) run(ctx context.Context, tx pgx.Tx, survivor, other int64, dropped map[string]string) error {
	switch {
	case m.audited:
		rows, _ := tx.Query(ctx, m.drop, survivor, other)
		var key, desc string
		_, err := pgx.ForEachRow(rows, []any{&key, &desc}, func() error {
			dropped[key] = desc
			return nil
		})
		if err != nil {
			return err
		}
	case m.drop != "":
		if _, err := tx.Exec(ctx, m.drop, survivor, other); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, m.sql, survivor, other)
	return err
}

// employerChanges is the audit entry of a merge: the merged employer's
// name and id (old = new, so the history lists them as context, not as a
// change), the fields that came from it, how the survivor changed, and
// what was dropped on a clash.
func employerChanges(before, other, after EmployerRecord, taken []string, dropped map[string]string) map[string]audit.Change {
	changes := audit.Diff(employerSnapshot(before), employerSnapshot(after))
	same := func(v string) audit.Change { return audit.Change{Old: v, New: v} }
	changes["samengevoegd_naam"] = same(other.Name)
	changes["samengevoegd_id"] = same(web.FormatID(other.ID))
	if len(taken) > 0 {
		changes["overgenomen"] = audit.Change{New: strings.Join(taken, ", ")}
	}
	for k, v := range dropped {
		changes[k] = audit.Change{Old: v}
	}
	return changes
}

// employerSnapshot adds the tags to the fields, as the employers package
// records them.
func employerSnapshot(e EmployerRecord) map[string]string {
	m := snapshot(employerFields, e)
	m["uitdagingen"] = strings.Join(e.Challenges, ", ")
	m["aanbod"] = strings.Join(e.Offers, ", ")
	return m
}

// firstMessage picks one message of a validation, for an error that has
// room for one.
func firstMessage(errs map[string]string) string {
	for _, m := range errs {
		return m
	}
	return ""
}
