// Package demo loads fictitious but realistic demo data: three regional
// networks, four demo accounts (password "demo-wachtwoord") and some 75
// employers with their contacts, status history, tags and audit entries.
// `serve -demo` seeds an empty database with it.
//
// The data is deterministic: a fixed random seed gives the same networks,
// employers and contacts every time; only the dates move along with the day
// of seeding.
package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/password"
)

// Summary counts what Seed inserted.
type Summary struct {
	Networks, Users, Employers, Contacts int
	IntakeLink                           string // personal link of the intake being filled in
}

// Options tune the demo data.
type Options struct {
	// BaseURL is where the portal runs, for the intake link in the demo
	// invitation mail.
	BaseURL string
}

// IsEmpty reports whether the database holds no users and no employers yet
// (then `serve -demo` seeds it).
func IsEmpty(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	var empty bool
	err := pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM employers)`).Scan(&empty)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return empty, nil
}

// Seed loads the demo data in one transaction; it is deterministic (a fixed
// math/rand/v2 seed), so the same data every time. It fails, and changes
// nothing, when the demo accounts or networks already exist.
func Seed(ctx context.Context, pool *pgxpool.Pool) (Summary, error) {
	return SeedWith(ctx, pool, Options{BaseURL: "http://localhost:8080"})
}

// SeedWith is Seed with options.
func SeedWith(ctx context.Context, pool *pgxpool.Pool, opts Options) (Summary, error) {
	// Every account its own hash (its own salt), made before the
	// transaction: hashing is deliberately slow.
	hashes := make([]string, len(userSpecs))
	for i := range userSpecs {
		h, err := password.Hash(context.Background(), demoPassword)
		if err != nil {
			return Summary{}, fmt.Errorf("demo: %w", err)
		}
		hashes[i] = h
	}
	today := time.Now()
	var sum Summary
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		ref, err := loadReference(ctx, tx)
		if err != nil {
			return err
		}
		plan := buildPlan(today, ref)
		networkIDs, err := insertNetworks(ctx, tx, ref, plan)
		if err != nil {
			return err
		}
		if err := insertUsers(ctx, tx, hashes, networkIDs); err != nil {
			return err
		}
		employerIDs, err := insertEmployers(ctx, tx, ref, plan, networkIDs)
		if err != nil {
			return err
		}
		if err := insertDetails(ctx, tx, plan, employerIDs); err != nil {
			return err
		}
		if err := insertConditions(ctx, tx, networkIDs); err != nil {
			return err
		}
		if err := insertSubgroups(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		if err := insertPartners(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		if err := insertVisits(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		if err := insertProspects(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		if err := insertWishProfile(ctx, tx, networkIDs); err != nil {
			return err
		}
		link, err := insertIntakes(ctx, tx, plan, employerIDs, networkIDs, today, opts.BaseURL)
		if err != nil {
			return err
		}
		if err := insertCommitments(ctx, tx, networkIDs, today); err != nil {
			return err
		}
		sum = Summary{Networks: len(networkIDs), Users: len(userSpecs), Employers: len(employerIDs), IntakeLink: link}
		for _, e := range plan {
			sum.Contacts += len(e.contacts)
		}
		if err := insertDashboardData(ctx, tx, networkIDs, today, &sum); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	return sum, nil
}

func loadReference(ctx context.Context, tx pgx.Tx) (reference, error) {
	ref := reference{regions: map[string]int64{}, sectors: map[string]int64{}}
	rows, _ := tx.Query(ctx, `SELECT name, id FROM regions`)
	if err := scanMap(rows, ref.regions); err != nil {
		return ref, fmt.Errorf("regions: %w", err)
	}
	rows, _ = tx.Query(ctx, `SELECT code, id FROM sectors WHERE scheme = 'SBI2008'`)
	if err := scanMap(rows, ref.sectors); err != nil {
		return ref, fmt.Errorf("sectors: %w", err)
	}
	var err error
	rows, _ = tx.Query(ctx, `SELECT id FROM maturity_levels WHERE scale = 'PSO' ORDER BY position, id`)
	if ref.maturity, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return ref, fmt.Errorf("maturity levels: %w", err)
	}
	rows, _ = tx.Query(ctx, `SELECT kind, id, name, coalesce(helps_with_tag_id, 0) FROM tags ORDER BY kind, position, id`)
	var kind string
	var t tagRef
	_, err = pgx.ForEachRow(rows, []any{&kind, &t.id, &t.name, &t.helpsWith}, func() error {
		if kind == "uitdaging" {
			ref.challenge = append(ref.challenge, t)
		} else {
			ref.offer = append(ref.offer, t)
		}
		return nil
	})
	if err != nil {
		return ref, fmt.Errorf("tags: %w", err)
	}

	for _, n := range networkSpecs {
		if ref.regions[n.region] == 0 {
			return ref, fmt.Errorf("arbeidsmarktregio %q ontbreekt in regions", n.region)
		}
		for _, e := range n.employers {
			if ref.sectors[e.sector] == 0 {
				return ref, fmt.Errorf("sector %q (SBI2008) ontbreekt in sectors", e.sector)
			}
		}
	}
	return ref, nil
}

func scanMap(rows pgx.Rows, m map[string]int64) error {
	var k string
	var v int64
	_, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		m[k] = v
		return nil
	})
	return err
}

// insertNetworks inserts the networks in the order of networkSpecs, so the
// first one gets the lowest id. A network starts a month before its first
// employer came in view.
func insertNetworks(ctx context.Context, tx pgx.Tx, ref reference, plan []employerPlan) ([]int64, error) {
	ids := make([]int64, len(networkSpecs))
	for i, n := range networkSpecs {
		var start time.Time
		for _, e := range plan {
			if e.network == i && (start.IsZero() || e.createdAt.Before(start)) {
				start = e.createdAt
			}
		}
		err := tx.QueryRow(ctx,
			`INSERT INTO networks (name, region_id, created_at) VALUES ($1, $2, $3) RETURNING id`,
			n.name, ref.regions[n.region], start.AddDate(0, -1, 0)).Scan(&ids[i])
		if err != nil {
			return nil, fmt.Errorf("network %q: %w", n.name, err)
		}
	}
	return ids, nil
}

func insertUsers(ctx context.Context, tx pgx.Tx, hashes []string, networkIDs []int64) error {
	for i, u := range userSpecs {
		hash := hashes[i]
		var id int64
		err := tx.QueryRow(ctx,
			`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.email, u.name, u.role, hash).Scan(&id)
		if err != nil {
			return fmt.Errorf("user %s: %w", u.email, err)
		}
		for _, ni := range u.networks {
			if _, err := tx.Exec(ctx, `INSERT INTO user_networks (user_id, network_id) VALUES ($1, $2)`, id, networkIDs[ni]); err != nil {
				return fmt.Errorf("user %s: %w", u.email, err)
			}
		}
	}
	return nil
}

// insertEmployers inserts all employers in one round trip and returns their
// ids in plan order.
func insertEmployers(ctx context.Context, tx pgx.Tx, ref reference, plan []employerPlan, networkIDs []int64) ([]int64, error) {
	b := &pgx.Batch{}
	for _, e := range plan {
		b.Queue(`INSERT INTO employers (network_id, name, kvk_number, sector_id, employee_count,
				address, postcode, city, region_id, status, status_changed_on, member_since, maturity_level_id,
				offers_note, challenges_note, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
			RETURNING id`,
			networkIDs[e.network], e.spec.name, nullString(e.kvk), ref.sectors[e.spec.sector], e.spec.employees,
			e.address, e.postcode, e.spec.city, ref.regions[networkSpecs[e.network].region],
			e.spec.status, e.statusChangedOn(), nullTime(e.memberSince), nullID(e.maturity),
			e.offersNote, e.challengesNote, e.notes, e.createdAt, e.updatedAt)
	}
	res := tx.SendBatch(ctx, b)
	ids := make([]int64, len(plan))
	for i, e := range plan {
		if err := res.QueryRow().Scan(&ids[i]); err != nil {
			res.Close()
			return nil, fmt.Errorf("employer %q: %w", e.spec.name, err)
		}
	}
	return ids, res.Close()
}

// insertDetails copies the status history, tags and contacts of the employers
// and writes one audit entry per created employer and contact.
func insertDetails(ctx context.Context, tx pgx.Tx, plan []employerPlan, ids []int64) error {
	var changes, tags, contacts [][]any
	for i, e := range plan {
		for j, h := range e.history {
			recorded := e.createdAt
			if j > 0 {
				recorded = h.on.Add(10 * time.Hour)
			}
			changes = append(changes, []any{ids[i], h.status, h.on, recorded})
		}
		for _, t := range append(slices.Clone(e.challenges), e.offers...) {
			tags = append(tags, []any{ids[i], t.id})
		}
		for _, c := range e.contacts {
			contacts = append(contacts, []any{ids[i], c.name, c.email, c.phone, c.function, c.title, c.level,
				c.primary, c.activeFrom, nullTime(c.activeUntil), c.createdAt, c.updatedAt})
		}
	}
	copies := []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"employer_status_changes", []string{"employer_id", "status", "changed_on", "created_at"}, changes},
		{"employer_tags", []string{"employer_id", "tag_id"}, tags},
		{"contacts", []string{"employer_id", "name", "email", "phone", "function", "job_title", "level",
			"is_primary", "active_from", "active_until", "created_at", "updated_at"}, contacts},
	}
	for _, c := range copies {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("%s: %w", c.table, err)
		}
	}

	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (at, actor, source, entity, entity_id, employer_id, action, changes)
		SELECT at, 'Demo-gegevens', 'seed', entity, entity_id, employer_id, 'aangemaakt', '{}'
		FROM (
			SELECT created_at AS at, 'employer' AS entity, id AS entity_id, id AS employer_id
			FROM employers WHERE id = ANY($1)
			UNION ALL
			SELECT created_at, 'contact', id, employer_id
			FROM contacts WHERE employer_id = ANY($1)
		) created
		ORDER BY at, entity DESC, entity_id`, ids)
	if err != nil {
		return fmt.Errorf("audit_log: %w", err)
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
