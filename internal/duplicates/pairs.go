package duplicates

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// The likely duplicate employers are kept in employer_dup_pairs (migration
// 00066): comparing every name with every other grows with the square of
// the employers and took minutes at national scale. A full comparison
// runs once; after that only the employers a trigger queued because their
// name, place, postcode, KvK number, network or erasure changed are compared again, with every
// other employer of the same place, the same postcode or the same
// normalised name, each with its scores and sort key; EmployerPairs reads
// the first ones from the index in list order.
//
// The pairs are the same as the one-statement search they replace: the
// same normalised name (not empty), or names more alike than
// similarityMin in the same place or with the same postcode.

// comparePairsSQL inserts the pairs of the employers x that cond selects
// (with $1) with every other employer b that other selects, with the
// scores of the old one-statement search; $2 is similarityMin.
func comparePairsSQL(cond, other string) string {
	pair := `SELECT least(x.id, b.id) AS a, greatest(x.id, b.id) AS b FROM employers x JOIN employers b ON `
	live := ` AND x.erased_at IS NULL AND b.erased_at IS NULL AND ` + cond
	return `INSERT INTO employer_dup_pairs (a_id, b_id, a_network, b_network, sim, same_norm, same_city, same_postcode,
			kvk_differs, score, a_name_key)
		SELECT a_id, b_id, a_network, b_network, sim, same_norm, same_city, same_postcode, kvk_differs,
			same_norm::int + sim + (same_city OR same_postcode)::int * 0.5, lower(a_name)
		FROM (SELECT a.id AS a_id, b.id AS b_id, a.network_id AS a_network, b.network_id AS b_network, a.name AS a_name,
				similarity(a.name, b.name) AS sim,
				a.dup_name = b.dup_name AS same_norm,
				btrim(a.city) <> '' AND lower(btrim(a.city)) = lower(btrim(b.city)) AS same_city,
				coalesce(a.postcode = b.postcode, false) AS same_postcode,
				coalesce(a.kvk_number <> b.kvk_number, false) AS kvk_differs
			FROM (` +
		pair + `lower(btrim(b.city)) = lower(btrim(x.city)) AND ` + other + `
			WHERE btrim(x.city) <> '' AND similarity(x.name, b.name) > $2` + live + `
			UNION ` +
		pair + `b.postcode = x.postcode AND ` + other + `
			WHERE similarity(x.name, b.name) > $2` + live + `
			UNION ` +
		pair + `b.dup_name = x.dup_name AND ` + other + `
			WHERE x.dup_name <> ''` + live + `
			) c JOIN employers a ON a.id = c.a JOIN employers b ON b.id = c.b) s
		ON CONFLICT DO NOTHING`
}

var (
	// Every pair once: b after x.
	fullPairsSQL = comparePairsSQL(`$1::bigint[] IS NULL`, `b.id > x.id`)
	// The queued employers against every other.
	queuedPairsSQL = comparePairsSQL(`x.id = ANY($1)`, `b.id <> x.id`)
)

// kept is a list of pairs kept up to date by a full comparison and then a
// queue of changed records: the employers (employer_dup_*, 00066) and the
// contacts (contact_dup_*, 00082).
type kept struct {
	what                   string // for the log
	state, queue, queueCol string // tables of the state row and the queue, and the queue's column
	pairs                  string // the pairs' table
	records                string // the table compared, counted before an inline full comparison
	// fullSQL compares everything, queuedSQL the records of $1 with every
	// other; both insert into pairs and take args after $1.
	fullSQL, queuedSQL string
	args               []any
	// Limits of what a page view compares itself before it reads the
	// pairs, so a change shows at once; anything bigger is left to the
	// background (RunPairs), and the page says how old its pairs are.
	inlineFullMax  int // records for a full comparison
	inlineQueueMax int // queued records
	queueBatch     int // queued records per background pass
}

var employerPairs = kept{what: "employers", state: "employer_dup_state", queue: "employer_dup_queue",
	queueCol: "employer_id", pairs: "employer_dup_pairs", records: "employers",
	fullSQL: fullPairsSQL, queuedSQL: queuedPairsSQL, args: []any{similarityMin},
	inlineFullMax: 2000, inlineQueueMax: 50, queueBatch: 2000}

// PairsState is how up to date the kept pairs are.
type PairsState struct {
	Compared *time.Time // the last pass that left nothing queued; nil: no full comparison yet
	Pending  int        // records changed since, still to compare
}

// RefreshPairs compares what is due, for the employer pairs and then the
// contact pairs: the full comparison when it has not run, else the queued
// records. inline (a page view) does only small amounts. It does nothing
// while another transaction (another instance) compares. more says a
// further pass has work.
func (s *Store) RefreshPairs(ctx context.Context, inline bool) (more bool, err error) {
	for _, k := range []kept{employerPairs, contactPairs} {
		m, err := s.refresh(ctx, k, inline)
		if err != nil {
			return false, err
		}
		more = more || m
	}
	return more, nil
}

func (s *Store) refresh(ctx context.Context, k kept, inline bool) (more bool, err error) {
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var full *time.Time
		err := tx.QueryRow(ctx, `SELECT full_at FROM `+k.state+` FOR UPDATE SKIP LOCKED`).Scan(&full)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // another instance is comparing
		}
		if err != nil {
			return err
		}
		if full == nil {
			return s.fullPass(ctx, tx, k, inline)
		}
		more, err = s.queuePass(ctx, tx, k, inline)
		return err
	})
	return more, err
}

// fullPass compares every record with every other. The queue is emptied
// first: the comparison's later snapshot sees every change queued so far.
func (s *Store) fullPass(ctx context.Context, tx pgx.Tx, k kept, inline bool) error {
	if inline {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+k.records).Scan(&n); err != nil || n > k.inlineFullMax {
			return err
		}
	}
	start := time.Now()
	for _, q := range []string{`DELETE FROM ` + k.queue, `DELETE FROM ` + k.pairs} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, k.fullSQL, append([]any{nil}, k.args...)...); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE `+k.state+` SET full_at = now(), checked_at = now()`)
	if !inline {
		slog.Info("duplicate "+k.what+" compared", "took", time.Since(start).Round(time.Millisecond))
	}
	return err
}

// queuePass compares a batch of queued records again.
func (s *Store) queuePass(ctx context.Context, tx pgx.Tx, k kept, inline bool) (more bool, err error) {
	limit := k.queueBatch
	if inline {
		var n int
		err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+k.queue+` LIMIT $1) q`, k.inlineQueueMax+1).Scan(&n)
		if err != nil || n == 0 || n > k.inlineQueueMax {
			return false, err
		}
		limit = k.inlineQueueMax
	}
	rows, err := tx.Query(ctx, `DELETE FROM `+k.queue+` WHERE `+k.queueCol+` IN (
		SELECT `+k.queueCol+` FROM `+k.queue+` ORDER BY `+k.queueCol+` LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING `+k.queueCol, limit)
	if err != nil {
		return false, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return false, err
	}
	for _, q := range []string{`DELETE FROM ` + k.pairs + ` WHERE a_id = ANY($1)`, `DELETE FROM ` + k.pairs + ` WHERE b_id = ANY($1)`} {
		if _, err := tx.Exec(ctx, q, ids); err != nil {
			return false, err
		}
	}
	if _, err := tx.Exec(ctx, k.queuedSQL, append([]any{ids}, k.args...)...); err != nil {
		return false, err
	}
	// Compared up to now only when this pass left nothing queued.
	_, err = tx.Exec(ctx, `UPDATE `+k.state+` SET checked_at = now() WHERE NOT EXISTS (SELECT 1 FROM `+k.queue+`)`)
	return len(ids) == limit, err
}

// PairsState says how up to date the kept employer pairs are.
func (s *Store) PairsState(ctx context.Context) (PairsState, error) {
	return s.pairsState(ctx, employerPairs)
}

// ContactPairsState says how up to date the kept contact pairs are.
func (s *Store) ContactPairsState(ctx context.Context) (PairsState, error) {
	return s.pairsState(ctx, contactPairs)
}

func (s *Store) pairsState(ctx context.Context, k kept) (PairsState, error) {
	var st PairsState
	var full *time.Time
	err := s.pool.QueryRow(ctx, `SELECT full_at, checked_at, (SELECT count(*) FROM `+k.queue+`) FROM `+k.state).
		Scan(&full, &st.Compared, &st.Pending)
	if full == nil {
		st.Compared = nil
	}
	return st, err
}

// PairsEvery is how often RunPairs looks for changed records.
const PairsEvery = 15 * time.Second

// RunPairs keeps the employer and contact pairs up to date until ctx ends:
// the full comparisons at the start when they have not run, then the
// queued records, each kind in its own loop, so a long comparison of the
// employers does not hold up the contacts. Every instance runs it; the
// state rows' locks let one compare each kind at a time.
func (s *Store) RunPairs(ctx context.Context) {
	var wg sync.WaitGroup
	for _, k := range []kept{employerPairs, contactPairs} {
		wg.Go(func() { s.keep(ctx, k) })
	}
	wg.Wait()
}

func (s *Store) keep(ctx context.Context, k kept) {
	t := time.NewTicker(PairsEvery)
	defer t.Stop()
	for {
		for {
			more, err := s.refresh(ctx, k, false)
			if err != nil && ctx.Err() == nil {
				slog.Warn("duplicate "+k.what, "error", err)
			}
			if !more || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
