package subgroups

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/refcache"
)

// Store is the SQL of subgroups and their members.
type Store struct {
	pool  *pgxpool.Pool
	cache *refcache.Cache // nil: read the reference lists every time
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// UseCache keeps the themes and function types in c, which the reference
// tables' NOTIFY empties in every instance (callers must not change them).
func (s *Store) UseCache(c *refcache.Cache) { s.cache = c }

// Rules only the database can check, inside the saving transaction, so
// two coordinators saving at once cannot both break them.
var (
	ErrNameTaken    = errors.New("subgroup name in use in the network")
	ErrLeadInvalid  = errors.New("lead is not an active contact of the network")
	ErrNetworkFixed = errors.New("subgroup with members cannot change network")
)

// Input is a validated subgroup form, typed for the store.
type Input struct {
	NetworkID   int64
	Name        string
	Kind        string
	ThemeID     *int64
	Description string
	Functions   []string
	LeadID      *int64
	EndedOn     *time.Time
	Version     int
}

// currentMember is the SQL condition for a membership that runs today; an
// ended subgroup (alias s) has no current members.
const currentMember = `(m.left_on IS NULL OR m.left_on > current_date) AND (s.ended_on IS NULL OR s.ended_on > current_date)`

// activeContact is the SQL condition for a contact who still works there.
// An erased contact (privacy request) keeps its row for the counts but is
// never offered again.
const activeContact = eligible.Contact

// Reference returns the themes and function types.
func (s *Store) Reference(ctx context.Context) (Reference, error) {
	return refcache.Get(ctx, s.cache, "subgroups.reference", s.loadReference)
}

func (s *Store) loadReference(ctx context.Context) (Reference, error) {
	var ref Reference
	rows, err := s.pool.Query(ctx, `SELECT id, '', name, retired_at IS NOT NULL FROM themes ORDER BY position, id`)
	if err != nil {
		return ref, err
	}
	if ref.Themes, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option]); err != nil {
		return ref, err
	}
	rows, err = s.pool.Query(ctx, `SELECT 0::bigint, code, name, retired_at IS NOT NULL FROM function_types ORDER BY position`)
	if err != nil {
		return ref, err
	}
	ref.Functions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
	return ref, err
}

const subgroupColumns = `s.id, s.network_id, n.name, s.name, s.kind, coalesce(s.theme_id, 0), coalesce(t.name, ''),
	s.description, s.functions,
	array(SELECT f.name FROM function_types f WHERE f.code = ANY(s.functions) ORDER BY f.position),
	coalesce(s.lead_contact_id, 0), coalesce(c.name, ''), coalesce(c.employer_id, 0), coalesce(e.name, ''),
	s.ended_on, s.version, s.created_at, s.updated_at`

const subgroupJoins = `FROM subgroups s
	JOIN networks n ON n.id = s.network_id
	LEFT JOIN themes t ON t.id = s.theme_id
	LEFT JOIN contacts c ON c.id = s.lead_contact_id
	LEFT JOIN employers e ON e.id = c.employer_id`

func scanSubgroup(row pgx.Row) (Subgroup, error) {
	var g Subgroup
	err := row.Scan(&g.ID, &g.NetworkID, &g.NetworkName, &g.Name, &g.Kind, &g.ThemeID, &g.ThemeName, &g.Description,
		&g.Functions, &g.FunctionNames, &g.LeadID, &g.LeadName, &g.LeadEmployerID, &g.LeadEmployer, &g.EndedOn,
		&g.Version, &g.CreatedAt, &g.UpdatedAt)
	return g, err
}

// Get returns a subgroup the scope may read; others are NotFound, so ids
// of other networks reveal nothing.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (_ Subgroup, failed error) {
	defer apperr.Annotate(&failed, "subgroups: load %d", id)
	return s.get(ctx, s.pool, scope, id, false)
}

func (s *Store) get(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (Subgroup, error) {
	sql := `SELECT ` + subgroupColumns + ` ` + subgroupJoins + ` WHERE s.id = $1 AND ($2 OR s.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF s`
	}
	g, err := scanSubgroup(q.QueryRow(ctx, sql, id, scope.All, scope.Networks))
	if errors.Is(err, pgx.ErrNoRows) {
		return g, apperr.ErrNotFound
	}
	return g, err
}

// Create stores a new subgroup with its audit entry.
func (s *Store) Create(ctx context.Context, in Input) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "subgroups: create %q", in.Name)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkRules(ctx, tx, in, 0); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO subgroups (network_id, name, kind, theme_id, description, functions,
			lead_contact_id, ended_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.NetworkID, in.Name, in.Kind, in.ThemeID, in.Description, nonNil(in.Functions), in.LeadID, in.EndedOn).Scan(&id)
		if err != nil {
			return nameRace(err)
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "subgroup", EntityID: id, Action: audit.Created,
			Changes: audit.Diff(nil, snapshot(after))})
	})
	return id, err
}

// Update saves a subgroup if nobody changed it since in.Version was read;
// otherwise it returns a Conflict and changes nothing.
func (s *Store) Update(ctx context.Context, scope identity.Scope, id int64, in Input) (failed error) {
	defer apperr.Annotate(&failed, "subgroups: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := s.get(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if in.NetworkID != before.NetworkID {
			// Members and lead belong to the network: moving a subgroup that
			// has them would leave them outside it.
			var members bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM subgroup_members WHERE subgroup_id = $1)`, id).Scan(&members); err != nil {
				return err
			}
			if members {
				return ErrNetworkFixed
			}
		}
		if err := checkRules(ctx, tx, in, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE subgroups SET network_id = $2, name = $3, kind = $4, theme_id = $5, description = $6,
			functions = $7, lead_contact_id = $8, ended_on = $9, version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.NetworkID, in.Name, in.Kind, in.ThemeID, in.Description, nonNil(in.Functions), in.LeadID, in.EndedOn)
		if err != nil {
			return nameRace(err)
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "subgroup", EntityID: id, Action: audit.Updated, Changes: changes})
	})
}

// checkRules checks the unique name (without regard to case, which the
// index does not see) and that the lead still works in the network.
func checkRules(ctx context.Context, tx pgx.Tx, in Input, self int64) error {
	var taken bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM subgroups WHERE network_id = $1 AND lower(name) = lower($2) AND id <> $3)`,
		in.NetworkID, in.Name, self).Scan(&taken)
	if err != nil {
		return err
	}
	if taken {
		return ErrNameTaken
	}
	if in.LeadID == nil {
		return nil
	}
	ok, err := activeInNetwork(ctx, tx, *in.LeadID, in.NetworkID)
	if err == nil && !ok {
		err = ErrLeadInvalid
	}
	return err
}

// activeInNetwork reports whether a contact is active at an employer of
// the network; FOR SHARE keeps them so until the transaction ends.
func activeInNetwork(ctx context.Context, q db.Querier, contactID, networkID int64) (bool, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT c.id FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE c.id = $1 AND e.network_id = $2 AND `+activeContact+` FOR SHARE OF c`, contactID, networkID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// nameRace turns the unique index's verdict, when two saves race, into the
// same error the check gives.
func nameRace(err error) error {
	if db.IsUniqueViolation(err, "subgroups_network_id_name_key") {
		return ErrNameTaken
	}
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// snapshot renders a subgroup as the readable values the audit trail
// keeps: names rather than ids, so the history reads well later.
func snapshot(g Subgroup) map[string]string {
	lead := g.LeadName
	if lead != "" {
		lead += " (" + g.LeadEmployer + ")"
	}
	return map[string]string{
		"netwerk": g.NetworkName, "naam": g.Name, "soort": KindLabels[g.Kind], "thema": g.ThemeName,
		"beschrijving": g.Description, "functies": strings.Join(g.FunctionNames, ", "), "kartrekker": lead,
		"einddatum": nltime.FormatDatePtr(g.EndedOn),
	}
}

// LastChange returns who last changed the subgroup and when, for the
// conflict message.
func (s *Store) LastChange(ctx context.Context, id int64) (string, time.Time, error) {
	return audit.LastChange(ctx, s.pool, "subgroup", id)
}

const selectCandidate = `SELECT c.id, e.id, e.name, n.id, n.name, c.name, c.function, f.name, c.level
	FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
	JOIN function_types f ON f.code = c.function
	WHERE ` + activeContact

// Candidates returns the active contacts of the employers in the networks,
// by network, employer and name: who may lead or join.
func (s *Store) Candidates(ctx context.Context, networkIDs []int64) ([]Candidate, error) {
	rows, err := s.pool.Query(ctx, selectCandidate+` AND e.network_id = ANY($1)
		ORDER BY n.name, n.id, lower(e.name), e.id, lower(c.name), c.id`, networkIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Candidate])
}

// Candidate returns an active contact with their employer and network;
// a contact who left, or does not exist, is NotFound.
func (s *Store) Candidate(ctx context.Context, id int64) (Candidate, error) {
	rows, err := s.pool.Query(ctx, selectCandidate+` AND c.id = $1`, id)
	if err != nil {
		return Candidate{}, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Candidate])
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}
