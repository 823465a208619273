package importer

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
)

// The reads and writes of an import's steps before and after the write
// itself: reference data, uploads and their mapping, runs.

// Reference loads sectors, regions and function types.
func (s *Store) Reference(ctx context.Context) (Reference, error) {
	ref := Reference{Clock: s.Clock()}
	rows, err := s.pool.Query(ctx, `SELECT id, code, name FROM sectors ORDER BY scheme, code`)
	if err != nil {
		return ref, err
	}
	if ref.Sectors, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Sector]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT id, name FROM regions ORDER BY name`)
	if err != nil {
		return ref, err
	}
	if ref.Regions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Region]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT code, name FROM function_types WHERE retired_at IS NULL ORDER BY position`)
	if err != nil {
		return ref, err
	}
	if ref.Functions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Function]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT code, name FROM function_types WHERE retired_at IS NOT NULL ORDER BY position`)
	if err != nil {
		return ref, err
	}
	if ref.RetiredFunctions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Function]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT pc_from, pc_to, place, region_id FROM postcode_regions ORDER BY pc_from`)
	if err != nil {
		return ref, err
	}
	ref.Postcodes, err = pgx.CollectRows(rows, pgx.RowToStructByPos[PostcodeRange])
	return ref, err
}

// CreateUpload keeps a file for its user, with a first mapping. It deletes
// uploads older than UploadTTL, and the user's own beyond their latest
// maxUploadsPerUser, so nobody can fill the database with files.
func (s *Store) CreateUpload(ctx context.Context, userID, networkID int64, filename string, data []byte, m Mapping) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM import_uploads WHERE created_at < now() - $1::interval`,
			fmt.Sprintf("%d seconds", int(UploadTTL.Seconds()))); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM import_uploads WHERE user_id = $1 AND id NOT IN
			(SELECT id FROM import_uploads WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
			userID, maxUploadsPerUser-1); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO import_uploads (user_id, network_id, filename, data, mapping)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, userID, networkID, filename, data, []string(m)).Scan(&id)
	})
	return id, err
}

// Upload returns an upload of the user; anybody else's is NotFound.
func (s *Store) Upload(ctx context.Context, id, userID int64) (Upload, error) {
	var u Upload
	var mapping []string
	var run *int64
	err := s.pool.QueryRow(ctx, `SELECT u.id, u.user_id, u.network_id, n.name, u.filename, u.data, u.mapping, u.run_id,
		u.created_at FROM import_uploads u JOIN networks n ON n.id = u.network_id WHERE u.id = $1 AND u.user_id = $2`,
		id, userID).Scan(&u.ID, &u.UserID, &u.NetworkID, &u.NetworkName, &u.Filename, &u.Data, &mapping, &run, &u.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, apperr.ErrNotFound
	}
	if run != nil {
		u.RunID = *run
	}
	if mapping != nil {
		u.Mapping = Mapping(mapping)
	}
	return u, err
}

// SaveMapping stores the coordinator's mapping of an upload.
func (s *Store) SaveMapping(ctx context.Context, id, userID int64, m Mapping) error {
	tag, err := s.pool.Exec(ctx, `UPDATE import_uploads SET mapping = $3 WHERE id = $1 AND user_id = $2 AND run_id IS NULL`,
		id, userID, []string(m))
	if err == nil && tag.RowsAffected() == 0 {
		return ErrImported
	}
	return err
}

// Run returns the run of an upload of the user.
func (s *Store) Run(ctx context.Context, uploadID, userID int64) (Run, error) {
	runs, err := s.runs(ctx, `WHERE r.id = (SELECT run_id FROM import_uploads WHERE id = $1 AND user_id = $2)`, uploadID, userID)
	if err != nil {
		return Run{}, err
	}
	if len(runs) == 0 {
		return Run{}, apperr.ErrNotFound
	}
	return runs[0], nil
}

// RecentRuns returns the latest imports into the networks.
func (s *Store) RecentRuns(ctx context.Context, networks []int64, limit int) ([]Run, error) {
	return s.runs(ctx, `WHERE r.network_id = ANY($1) ORDER BY r.created_at DESC, r.id DESC LIMIT $2`, networks, limit)
}

func (s *Store) runs(ctx context.Context, where string, args ...any) ([]Run, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.id, r.network_id, n.name, coalesce(u.name, ''), r.filename, r.rows_total,
		r.rows_refused, r.employers_created, r.employers_updated, r.contacts_created, r.contacts_updated, r.created_at
		FROM import_runs r JOIN networks n ON n.id = r.network_id LEFT JOIN users u ON u.id = r.user_id `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Run, error) {
		var r Run
		err := row.Scan(&r.ID, &r.NetworkID, &r.NetworkName, &r.Actor, &r.Filename, &r.RowsTotal, &r.RowsRefused,
			&r.Counts.EmployersNew, &r.Counts.EmployersChanged, &r.Counts.ContactsNew, &r.Counts.ContactsChanged, &r.CreatedAt)
		return r, err
	})
}
