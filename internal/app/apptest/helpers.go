package apptest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what the query helpers need: an *Env or a *pgxpool.Pool.
type DB interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// QueryRow runs sql on the Env's database.
func (e *Env) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return e.Pool.QueryRow(ctx, sql, args...)
}

// Exec runs sql on the Env's database.
func (e *Env) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return e.Pool.Exec(ctx, sql, args...)
}

// Scalar runs a query that returns one value, failing the test on error.
func Scalar[T any](t testing.TB, db DB, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := db.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// Exec runs a statement, failing the test on error.
func Exec(t testing.TB, db DB, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// WantStatus fails the test unless res has status want, showing the start
// of the body.
func WantStatus(t testing.TB, res *Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%.3000s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, res.Body)
	}
}

// Text is the text of a selection with its white space collapsed.
func Text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// ID is n as it appears in a path.
func ID(n int64) string { return strconv.FormatInt(n, 10) }
