package commitments

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// ErrPeriodTaken is a second report for a quarter that has one: the first
// is to be corrected instead.
var ErrPeriodTaken = errors.New("placement report for the quarter exists")

// ReportInput is a validated placement form, typed for the store.
type ReportInput struct {
	EmployerID  int64
	Period      Period
	Ambition    *int
	People      int
	HoursTenths int
	Employed    int
	Seconded    int
	Source      string
	Version     int
}

// Hours are kept in tenths in Go and as numeric(10, 1) in the table.
const reportColumns = `p.id, p.employer_id, e.name, e.network_id, p.year, p.quarter, p.ambition_jobs, p.people,
	(p.weekly_hours * 10)::int, p.people_employed, p.people_seconded, p.source, p.version, p.updated_at
	FROM placement_reports p JOIN employers e ON e.id = p.employer_id`

func scanReport(row pgx.CollectableRow) (Report, error) {
	var r Report
	err := row.Scan(&r.ID, &r.EmployerID, &r.EmployerName, &r.NetworkID, &r.Period.Year, &r.Period.Quarter, &r.Ambition,
		&r.People, &r.HoursTenths, &r.Employed, &r.Seconded, &r.Source, &r.Version, &r.UpdatedAt)
	return r, err
}

func (s *Store) reports(ctx context.Context, q db.Querier, where string, args ...any) ([]Report, error) {
	rows, err := q.Query(ctx, `SELECT `+reportColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanReport)
}

// Report returns a placement report of an employer the scope may read.
func (s *Store) Report(ctx context.Context, scope identity.Scope, id int64) (Report, error) {
	return s.report(ctx, s.pool, scope, id, "")
}

func (s *Store) report(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock string) (Report, error) {
	rs, err := s.reports(ctx, q, `p.id = $1 AND ($2 OR e.network_id = ANY($3))`+lock, id, scope.All, scope.Networks)
	if err != nil {
		return Report{}, err
	}
	if len(rs) == 0 {
		return Report{}, apperr.ErrNotFound
	}
	return rs[0], nil
}

// Reports returns an employer's reports from one quarter to another,
// newest first.
func (s *Store) Reports(ctx context.Context, employerID int64, from, to Period) ([]Report, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Report { return s.QueueReports(b, employerID, from, to) })
}

// QueueReports is Reports as one read of a page's batch.
func (s *Store) QueueReports(b *db.Batch, employerID int64, from, to Period) *[]Report {
	return db.Collect(b, scanReport, `SELECT `+reportColumns+` WHERE p.employer_id = $1 AND p.year * 4 + p.quarter - 1 BETWEEN $2 AND $3
		ORDER BY p.year DESC, p.quarter DESC`, employerID, from.index(), to.index())
}

// CreateReport stores a report for a quarter that has none.
func (s *Store) CreateReport(ctx context.Context, in ReportInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "commitments: create placement report")
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = s.insertReport(ctx, tx, in, "")
		return err
	})
	return id, err
}

// insertReport adds a report; actor names who reported when no user is
// signed in ("" otherwise).
func (s *Store) insertReport(ctx context.Context, tx pgx.Tx, in ReportInput, actor string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO placement_reports (employer_id, year, quarter, ambition_jobs, people, weekly_hours,
		people_employed, people_seconded, source) VALUES ($1, $2, $3, $4, $5, $6::numeric / 10, $7, $8, $9)
		ON CONFLICT (employer_id, year, quarter) DO NOTHING RETURNING id`,
		in.EmployerID, in.Period.Year, in.Period.Quarter, in.Ambition, in.People, in.HoursTenths, in.Employed, in.Seconded,
		in.Source).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrPeriodTaken
	}
	if err != nil {
		return 0, err
	}
	after, err := s.report(ctx, tx, identity.Scope{All: true}, id, "")
	if err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "placement", EntityID: id, EmployerID: in.EmployerID, Actor: actor,
		Action: audit.Created, Changes: audit.Diff(nil, reportSnapshot(after))})
}

// UpdateReport corrects a report if nobody changed it since in.Version
// was read; otherwise it returns a Conflict and changes nothing. The
// audit entry keeps the figures before and after, so every correction
// stays in the history.
func (s *Store) UpdateReport(ctx context.Context, scope identity.Scope, id int64, in ReportInput) (failed error) {
	defer apperr.Annotate(&failed, "commitments: update placement report %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := s.report(ctx, tx, scope, id, ` FOR UPDATE OF p`)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		return s.correct(ctx, tx, before, in, "")
	})
}

func (s *Store) correct(ctx context.Context, tx pgx.Tx, before Report, in ReportInput, actor string) error {
	_, err := tx.Exec(ctx, `UPDATE placement_reports SET ambition_jobs = $2, people = $3, weekly_hours = $4::numeric / 10,
		people_employed = $5, people_seconded = $6, source = $7, version = version + 1, updated_at = now() WHERE id = $1`,
		before.ID, in.Ambition, in.People, in.HoursTenths, in.Employed, in.Seconded, in.Source)
	if err != nil {
		return err
	}
	after, err := s.report(ctx, tx, identity.Scope{All: true}, before.ID, "")
	if err != nil {
		return err
	}
	changes := audit.Diff(reportSnapshot(before), reportSnapshot(after))
	if len(changes) == 0 {
		return nil
	}
	// The quarter names the entry in the history; it never changes.
	changes["periode"] = audit.Change{Old: before.Period.String(), New: before.Period.String()}
	return audit.Record(ctx, tx, audit.Entry{Entity: "placement", EntityID: before.ID, EmployerID: before.EmployerID, Actor: actor,
		Action: audit.Updated, Changes: changes})
}

// SaveFromLink stores what an employer reported through its link: a new
// report, or a correction of the quarter's report (whoever entered it),
// audited like any other.
func (s *Store) SaveFromLink(ctx context.Context, l Link, in ReportInput) error {
	in.EmployerID, in.Source = l.EmployerID, "werkgever"
	actor := l.ContactName
	if actor == "" {
		actor = l.EmployerName
	}
	ctx = audit.WithSource(ctx, "plaatsingslink")
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := linkStillOpen(ctx, tx, l.ID); err != nil {
			return err
		}
		return s.saveEmployerReport(ctx, tx, in, actor)
	})
}

// reportSnapshot renders a report as the readable values the audit trail
// keeps, in Dutch as the rest of the trail.
func reportSnapshot(r Report) map[string]string {
	ambition := ""
	if r.Ambition != nil {
		ambition = strconv.Itoa(*r.Ambition)
	}
	return map[string]string{
		"periode": r.Period.String(), "ambitie": ambition, "mensen": strconv.Itoa(r.People),
		"uren": tenths(r.HoursTenths), "banen": tenths(r.JobsTenths()),
		"in_dienst": strconv.Itoa(r.Employed), "gedetacheerd": strconv.Itoa(r.Seconded),
		"bron": SourceLabels[r.Source],
	}
}
