package members

import (
	"context"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/nltime"
)

// Colleague is a contact of the member's organisation, or a proposal.
type Colleague struct {
	Name, Function, Level string
	Proposed              bool // waiting for the coordinator
}

// EntityColleagueProposal is the audit entity of a proposed colleague.
const EntityColleagueProposal = "colleague_proposal"

// Proposed is the audit action of a member's proposal.
const Proposed = "voorgesteld"

// ColleagueInput is a proposed colleague, checked by parseColleague.
type ColleagueInput struct {
	Name, Email, Function, Level string
}

// Colleagues lists the organisation's active contacts and its open
// proposals. Addresses are left out: a member sees who, not how to reach.
func (s *Store) Colleagues(ctx context.Context, m Member) ([]Colleague, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.name, f.name, c.level, false FROM contacts c JOIN function_types f ON f.code = c.function
		WHERE c.employer_id = $1 AND c.erased_at IS NULL AND (c.active_until IS NULL OR c.active_until >= $2::date)
		UNION ALL
		SELECT p.name, f.name, p.level, true FROM colleague_proposals p JOIN function_types f ON f.code = p.function
		WHERE p.employer_id = $1 AND p.status = 'voorgesteld'
		ORDER BY 4, 1`, m.EmployerID, nltime.DateOf(s.Clock().Now()))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Colleague])
}

// Functions returns the function types a proposed colleague may have, as
// code and name: those not retired in /beheer.
func (s *Store) Functions(ctx context.Context) ([][2]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name FROM function_types WHERE retired_at IS NULL ORDER BY position`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var f [2]string
		return f, r.Scan(&f[0], &f[1])
	})
}

// ProposeColleague records a colleague for the coordinator to accept.
func (s *Store) ProposeColleague(ctx context.Context, m Member, in ColleagueInput) (failed error) {
	defer apperr.Annotate(&failed, "members: propose colleague for %d", m.EmployerID)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO colleague_proposals (employer_id, proposed_by, name, email, function, level)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, m.EmployerID, m.ContactID, in.Name, in.Email, in.Function, in.Level).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: EntityColleagueProposal,
			EntityID: id, EmployerID: m.EmployerID, Action: Proposed, Changes: map[string]audit.Change{
				"naam": {New: in.Name}, "email": {New: in.Email}, "functie": {New: in.Function}, "niveau": {New: in.Level}}})
	})
}
