// Package beheer is the beheerder's administration of the portal itself
// (/beheer): networks, and the audit log of every change (the logboek).
// Accounts are managed by package auth, which owns everything about users.
package beheer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of /beheer.
type Store struct {
	nltime.Clocked
	pool *pgxpool.Pool
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Network is a network as the beheerder manages it.
type Network struct {
	ID         int64
	Name       string
	RegionID   int64
	Region     string
	Scale      string
	ArchivedAt *time.Time
	Employers  int
	Users      int
	CreatedAt  time.Time
	Accent     string
	SenderName string
	HasLogo    bool
}

// Networks lists every network, archived ones last.
func (s *Store) Networks(ctx context.Context) ([]Network, error) {
	rows, err := s.pool.Query(ctx, `SELECT n.id, n.name, coalesce(n.region_id, 0), coalesce(r.name, ''), n.maturity_scale, n.archived_at,
			(SELECT count(*)::int FROM employers e WHERE e.network_id = n.id),
			(SELECT count(*)::int FROM user_networks un JOIN users u ON u.id = un.user_id WHERE un.network_id = n.id AND u.active),
			n.created_at, coalesce(n.accent_color, ''), coalesce(n.mail_sender_name, ''), n.logo_png IS NOT NULL
		FROM networks n LEFT JOIN regions r ON r.id = n.region_id
		ORDER BY n.archived_at IS NOT NULL, lower(n.name)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Network])
}

// Network returns one network.
func (s *Store) Network(ctx context.Context, id int64) (Network, error) {
	ns, err := s.Networks(ctx)
	if err != nil {
		return Network{}, err
	}
	for _, n := range ns {
		if n.ID == id {
			return n, nil
		}
	}
	return Network{}, apperr.ErrNotFound
}

// Option is a value to choose from.
type Option struct {
	ID   int64
	Name string
}

// Regions lists the regions.
func (s *Store) Regions(ctx context.Context) ([]Option, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM regions ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}

// Scales lists the maturity scales that have levels.
func (s *Store) Scales(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT scale FROM maturity_levels ORDER BY scale`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// RegionID finds a region by name (case-insensitive), for the CLI.
func (s *Store) RegionID(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM regions WHERE lower(name) = lower($1)`, strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, apperr.New(apperr.Invalid, fmt.Sprintf("regio %q bestaat niet", name))
	}
	return id, err
}

// NetworkInput is what the network form sets.
type NetworkInput struct {
	Name       string
	RegionID   int64
	Scale      string
	Accent     string // "#rrggbb" or ""
	SenderName string
}

// errDuplicateName: another network has this name.
var errDuplicateName = apperr.New(apperr.Conflict, "Er is al een netwerk met deze naam.")

// CreateNetwork adds a network.
func (s *Store) CreateNetwork(ctx context.Context, in NetworkInput) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO networks (name, region_id, maturity_scale, accent_color, mail_sender_name)
			VALUES ($1, nullif($2, 0), $3, nullif($4, ''), nullif($5, '')) RETURNING id`,
			in.Name, in.RegionID, in.Scale, in.Accent, in.SenderName).Scan(&id)
		if db.IsUniqueViolation(err, "") {
			return errDuplicateName
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network", EntityID: id, Action: audit.Created,
			Changes: map[string]audit.Change{"naam": {New: in.Name}, "regio": {New: regionName(ctx, tx, in.RegionID)}, "volwassenheidsschaal": {New: in.Scale}}})
	})
	return id, err
}

// UpdateNetwork changes name, region and scale.
func (s *Store) UpdateNetwork(ctx context.Context, id int64, in NetworkInput) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old NetworkInput
		err := tx.QueryRow(ctx, `SELECT name, coalesce(region_id, 0), maturity_scale, coalesce(accent_color, ''), coalesce(mail_sender_name, '')
			FROM networks WHERE id = $1 FOR UPDATE`, id).
			Scan(&old.Name, &old.RegionID, &old.Scale, &old.Accent, &old.SenderName)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE networks SET name = $2, region_id = nullif($3, 0), maturity_scale = $4,
			accent_color = nullif($5, ''), mail_sender_name = nullif($6, ''), logo_updated_at = CASE WHEN $5 <> coalesce(accent_color, '') THEN now() ELSE logo_updated_at END
			WHERE id = $1`, id, in.Name, in.RegionID, in.Scale, in.Accent, in.SenderName)
		if db.IsUniqueViolation(err, "") {
			return errDuplicateName
		}
		if err != nil {
			return err
		}
		changes := audit.Diff(
			map[string]string{"naam": old.Name, "regio": regionName(ctx, tx, old.RegionID), "volwassenheidsschaal": old.Scale,
				"accentkleur": old.Accent, "afzendernaam": old.SenderName},
			map[string]string{"naam": in.Name, "regio": regionName(ctx, tx, in.RegionID), "volwassenheidsschaal": in.Scale,
				"accentkleur": in.Accent, "afzendernaam": in.SenderName})
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network", EntityID: id, Action: audit.Updated, Changes: changes})
	})
}

// SetArchived archives or restores a network.
func (s *Store) SetArchived(ctx context.Context, id int64, archived bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE networks SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END WHERE id = $1`, id, archived)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.ErrNotFound
		}
		action := "gearchiveerd"
		if !archived {
			action = "heropend"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network", EntityID: id, Action: action})
	})
}

func regionName(ctx context.Context, tx pgx.Tx, id int64) string {
	var name string
	if id != 0 {
		tx.QueryRow(ctx, `SELECT name FROM regions WHERE id = $1`, id).Scan(&name)
	}
	return name
}

// SetLogo stores a checked PNG as the network's logo, or removes it (nil).
func (s *Store) SetLogo(ctx context.Context, id int64, png []byte) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE networks SET logo_png = $2, logo_updated_at = now() WHERE id = $1`, id, png)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.ErrNotFound
		}
		action := "logo gewijzigd"
		if png == nil {
			action = "logo verwijderd"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network", EntityID: id, Action: action})
	})
}
