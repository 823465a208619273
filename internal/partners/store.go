package partners

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of partners and referrals. It reads employers,
// contacts, networks and tags directly, and writes only its own tables.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Regions is a set of labour-market regions: where a user may edit
// partners, or which regions the directory shows.
type Regions struct {
	All bool
	IDs []int64
}

// Has reports whether region id is in the set.
func (r Regions) Has(id int64) bool { return r.All || slices.Contains(r.IDs, id) }

// Any reports whether the set holds a region at all.
func (r Regions) Any() bool { return r.All || len(r.IDs) > 0 }

// ErrNameTaken is a partner name that the region has already, whatever its
// case; checked in the saving transaction so two saves cannot both pass.
var ErrNameTaken = errors.New("partner name in use in the region")

// PartnerInput is a validated partner form, typed for the store.
type PartnerInput struct {
	RegionID    int64
	Kind        string
	Name        string
	ContactName string
	Email       string
	Phone       string
	Website     string
	TagIDs      []int64
	Notes       string
	Version     int
}

// Reference loads the regions and the challenges a partner can help with.
func (s *Store) Reference(ctx context.Context) (Reference, error) {
	var ref Reference
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM regions ORDER BY name`)
	if err != nil {
		return ref, err
	}
	if ref.Regions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT id, name FROM tags WHERE kind = 'uitdaging' ORDER BY position, id`)
	if err != nil {
		return ref, err
	}
	if ref.Challenges, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT id FROM tags WHERE kind = 'uitdaging' AND retired_at IS NOT NULL`)
	if err != nil {
		return ref, err
	}
	retired, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	ref.retired = map[int64]bool{}
	for _, id := range retired {
		ref.retired[id] = true
	}
	return ref, err
}

// NetworkRegions returns the regions of the networks, without duplicates:
// where their employers are, and so where their partners are.
func (s *Store) NetworkRegions(ctx context.Context, networkIDs []int64) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT region_id FROM networks
		WHERE id = ANY($1) AND region_id IS NOT NULL ORDER BY region_id`, networkIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

const partnerColumns = `p.id, p.region_id, r.name, p.kind, p.name, p.contact_name, p.email, p.phone, p.website, p.notes,
	array(SELECT t.id FROM partner_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.partner_id = p.id ORDER BY t.position, t.id),
	array(SELECT t.name FROM partner_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.partner_id = p.id ORDER BY t.position, t.id),
	p.version, p.created_at, p.updated_at`

// Get returns a partner. Every signed-in user may read every partner:
// partners are not members of a network.
func (s *Store) Get(ctx context.Context, id int64) (_ Partner, failed error) {
	defer apperr.Annotate(&failed, "partners: load %d", id)
	return getPartner(ctx, s.pool, id, false)
}

func getPartner(ctx context.Context, q db.Querier, id int64, lock bool) (Partner, error) {
	sql := `SELECT ` + partnerColumns + ` FROM partners p JOIN regions r ON r.id = p.region_id WHERE p.id = $1`
	if lock {
		sql += ` FOR UPDATE OF p`
	}
	var p Partner
	err := q.QueryRow(ctx, sql, id).Scan(&p.ID, &p.RegionID, &p.RegionName, &p.Kind, &p.Name, &p.ContactName, &p.Email,
		&p.Phone, &p.Website, &p.Notes, &p.TagIDs, &p.TagNames, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, apperr.ErrNotFound
	}
	return p, err
}

// Create stores a new partner with its audit entry.
func (s *Store) Create(ctx context.Context, in PartnerInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "partners: create %q", in.Name)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkName(ctx, tx, in, 0); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO partners (region_id, kind, name, contact_name, email, phone, website, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.RegionID, in.Kind, in.Name, in.ContactName, in.Email, in.Phone, in.Website, in.Notes).Scan(&id)
		if err != nil {
			return nameRace(err)
		}
		if err := setTags(ctx, tx, id, in.TagIDs); err != nil {
			return err
		}
		after, err := getPartner(ctx, tx, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "partner", EntityID: id, Action: audit.Created,
			Changes: audit.Diff(nil, snapshot(after))})
	})
	return id, err
}

// Update saves a partner if nobody changed it since in.Version was read;
// otherwise it returns a Conflict and changes nothing.
func (s *Store) Update(ctx context.Context, id int64, in PartnerInput) (failed error) {
	defer apperr.Annotate(&failed, "partners: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := getPartner(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if err := checkName(ctx, tx, in, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE partners SET region_id = $2, kind = $3, name = $4, contact_name = $5, email = $6,
			phone = $7, website = $8, notes = $9, version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.RegionID, in.Kind, in.Name, in.ContactName, in.Email, in.Phone, in.Website, in.Notes)
		if err != nil {
			return nameRace(err)
		}
		if err := setTags(ctx, tx, id, in.TagIDs); err != nil {
			return err
		}
		after, err := getPartner(ctx, tx, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "partner", EntityID: id, Action: audit.Updated, Changes: changes})
	})
}

// checkName refuses a name the region has already; the unique index does
// not see case.
func checkName(ctx context.Context, tx pgx.Tx, in PartnerInput, self int64) error {
	var taken bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM partners WHERE region_id = $1 AND lower(name) = lower($2) AND id <> $3)`,
		in.RegionID, in.Name, self).Scan(&taken)
	if err == nil && taken {
		err = ErrNameTaken
	}
	return err
}

// nameRace turns the unique index's verdict, when two saves race, into the
// same error the check gives.
func nameRace(err error) error {
	if db.IsUniqueViolation(err, "partners_region_id_name_key") {
		return ErrNameTaken
	}
	return err
}

func setTags(ctx context.Context, tx pgx.Tx, id int64, tags []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM partner_tags WHERE partner_id = $1`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO partner_tags (partner_id, tag_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
		id, nonNil(tags))
	return err
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// snapshot renders a partner as the readable values the audit trail keeps.
func snapshot(p Partner) map[string]string {
	return map[string]string{
		"naam": p.Name, "regio": p.RegionName, "soort": KindLabels[p.Kind], "contactpersoon": p.ContactName,
		"email": p.Email, "telefoon": p.Phone, "website": p.Website, "helpt_bij": strings.Join(p.TagNames, ", "),
		"notities": p.Notes,
	}
}

// LastChange returns who last changed an entity and when, for the
// conflict message.
func (s *Store) LastChange(ctx context.Context, entity string, id int64) (string, time.Time, error) {
	return audit.LastChange(ctx, s.pool, entity, id)
}
