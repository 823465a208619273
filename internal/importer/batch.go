package importer

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// batcher queues an import's statements and sends them to the database
// together (issue 12): a 20,000-row file is some 80,000 inserts, and one
// statement (and round trip) each took most of the 20–47 s the import used
// to take. At a flush, the queued single-row INSERTs with the same SQL
// become multi-row INSERTs, new employers first (the contacts and status
// changes point at them), the rest in the order their SQL first appeared,
// and all go in one round trip. Nothing waits for an answer in between: the ids of
// new employers and contacts are drawn beforehand (reserveIDs). It all
// runs in the import's one transaction, so it stays all or nothing, and
// the context still cancels it.
type batcher struct {
	tx      pgx.Tx
	pending []statement
}

type statement struct {
	sql    string
	args   []any
	mapErr func(error) error // how to report its error (nil: as it is)
}

// flushAt is how many statements are queued before they are sent.
const flushAt = 20000

// maxParams is PostgreSQL's limit of parameters in one statement.
const maxParams = 65535

func newBatcher(tx pgx.Tx) *batcher { return &batcher{tx: tx} }

// queue adds a statement; mapErr (may be nil) turns its error into the
// import's own.
func (q *batcher) queue(ctx context.Context, mapErr func(error) error, sql string, args ...any) error {
	q.pending = append(q.pending, statement{sql: sql, args: args, mapErr: mapErr})
	if len(q.pending) >= flushAt {
		return q.flush(ctx)
	}
	return nil
}

// Exec queues sql, so audit.Record and the like can write through the
// batcher; the error of the statement comes with the next flush.
func (q *batcher) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, q.queue(ctx, nil, sql, args...)
}

// Query and QueryRow need an answer now: what is queued goes first.
func (q *batcher) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := q.flush(ctx); err != nil {
		return nil, err
	}
	return q.tx.Query(ctx, sql, args...)
}

func (q *batcher) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := q.flush(ctx); err != nil {
		return errRow{err}
	}
	return q.tx.QueryRow(ctx, sql, args...)
}

// flush sends what is queued and returns the first failing statement's
// error.
func (q *batcher) flush(ctx context.Context) error {
	if len(q.pending) == 0 {
		return nil
	}
	stmts := combine(q.pending)
	q.pending = nil
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(s.sql, s.args...)
	}
	br := q.tx.SendBatch(ctx, b)
	for _, s := range stmts {
		if _, err := br.Exec(); err != nil {
			br.Close()
			if s.mapErr != nil {
				return s.mapErr(err)
			}
			return err
		}
	}
	return br.Close()
}

// combine turns the single-row INSERTs of one SQL into multi-row ones,
// grouped in the order their SQL first appeared; other statements keep
// their place in that order.
func combine(pending []statement) []statement {
	var order []string
	groups := map[string][]statement{}
	for i, s := range pending {
		key := s.sql
		if _, ok := valuesTuple(s.sql); !ok {
			key = "\x00" + strconv.Itoa(i) // on its own
		}
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], s)
	}
	// New employers first: the contacts and status changes of this flush
	// point at them.
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Compare(rank(a), rank(b))
	})
	var out []statement
	for _, key := range order {
		g := groups[key]
		if len(g) == 1 {
			out = append(out, g[0])
			continue
		}
		per := max(1, maxParams/max(1, len(g[0].args)))
		for len(g) > 0 {
			n := min(len(g), per)
			out = append(out, multiRow(g[:n]))
			g = g[n:]
		}
	}
	return out
}

func rank(sql string) int {
	if strings.HasPrefix(strings.TrimSpace(sql), "INSERT INTO employers ") {
		return 0
	}
	return 1
}

// placeholder is a parameter in SQL.
var placeholder = regexp.MustCompile(`\$(\d+)`)

// valuesTuple returns the "(…)" after VALUES of a single-row INSERT (and
// false for any other statement).
func valuesTuple(sql string) (string, bool) {
	i := strings.LastIndex(sql, "VALUES (")
	if !strings.HasPrefix(strings.TrimSpace(sql), "INSERT INTO") || i < 0 || !strings.HasSuffix(strings.TrimSpace(sql), ")") {
		return "", false
	}
	tuple := strings.TrimSpace(sql[i+len("VALUES "):])
	if strings.Count(tuple, "(") != 1 || strings.Count(tuple, ")") != 1 {
		return "", false // RETURNING, ON CONFLICT, function calls: not combined
	}
	return tuple, true
}

// multiRow is one INSERT of the rows of g, which share their SQL.
func multiRow(g []statement) statement {
	tuple, _ := valuesTuple(g[0].sql)
	head := g[0].sql[:strings.LastIndex(g[0].sql, "VALUES (")+len("VALUES ")]
	n := len(g[0].args)
	var sb strings.Builder
	sb.WriteString(head)
	args := make([]any, 0, n*len(g))
	for r, s := range g {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(placeholder.ReplaceAllStringFunc(tuple, func(p string) string {
			k, _ := strconv.Atoi(p[1:])
			return "$" + strconv.Itoa(r*n+k)
		}))
		args = append(args, s.args...)
	}
	return statement{sql: sb.String(), args: args, mapErr: g[0].mapErr}
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// reserveIDs draws n ids of table's identity column, for rows the import
// inserts with OVERRIDING SYSTEM VALUE without waiting for RETURNING.
func reserveIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
