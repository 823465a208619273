package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/migrations"
)

// templateLock serialises building templates across test processes (and
// checkouts) on one server.
const templateLock = 727274

// templateComment marks the templates this package made, with the time they
// were made, so stale ones can be told apart from ones in use elsewhere.
const templateComment = "netwerkportaal test template "

// staleAfter is how old a template must be before it is dropped as stale:
// longer than any test run, so a checkout with other migrations (or a seed
// of another hour) does not lose its template halfway through.
const staleAfter = 3 * time.Hour

// ensure makes sure the template for seed (nil: migrations only) exists and
// returns its name. force checks the server again even when this process
// already did.
func ensure(ctx context.Context, seed *Seed, force bool) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	tpl := templateName(seed)
	if ready[tpl] && !force {
		return tpl, nil
	}
	conn, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	// One process builds a template; the others wait on the lock.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", templateLock)
	base := templateName(nil)
	if err := build(ctx, conn, base, "", nil); err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if seed != nil {
		if err := build(ctx, conn, tpl, base, seed.Fill); err != nil {
			return "", fmt.Errorf("seed template %s: %w", seed.Name, err)
		}
	}
	ready[base], ready[tpl] = true, true
	dropStaleTemplates(ctx, conn)
	sweep(ctx, conn)
	return tpl, nil
}

// build creates the template name unless it exists: a copy of from filled
// by fill, or (from empty) a database with every migration applied. It is
// built under another name and renamed, so a half-built template is never
// cloned.
func build(ctx context.Context, conn *pgx.Conn, name, from string, fill func(context.Context, *pgxpool.Pool) error) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname=$1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	building := name + "_build"
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	create := "CREATE DATABASE " + building
	if from != "" {
		create += " TEMPLATE " + from
	}
	if _, err := conn.Exec(ctx, create); err != nil {
		return err
	}
	bdsn, err := withDatabase(serverDSN, building)
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, bdsn)
	if err != nil {
		return err
	}
	fctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if fill == nil {
		err = db.Migrate(fctx, pool)
	} else {
		err = fill(fctx, pool)
	}
	pool.Close()
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
		return err
	}
	// Letters, digits and spaces only: safe to write into the statement.
	comment := templateComment + strconv.FormatInt(time.Now().Unix(), 10)
	_, err = conn.Exec(ctx, "COMMENT ON DATABASE "+name+" IS '"+comment+"'")
	return err
}

// dropStaleTemplates removes templates this package made more than
// staleAfter ago, so they do not pile up on a developer's server. One still
// in use is left alone (DROP DATABASE refuses it).
func dropStaleTemplates(ctx context.Context, conn *pgx.Conn) {
	rows, err := conn.Query(ctx, `SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database
		WHERE datname LIKE 'tpl\_%' AND shobj_description(oid, 'pg_database') LIKE $1 || '%'`, templateComment)
	if err != nil {
		return
	}
	type tpl struct{ name, comment string }
	tpls, _ := pgx.CollectRows(rows, func(r pgx.CollectableRow) (tpl, error) {
		var t tpl
		return t, r.Scan(&t.name, &t.comment)
	})
	for _, t := range tpls {
		made, err := strconv.ParseInt(strings.TrimPrefix(t.comment, templateComment), 10, 64)
		if err != nil || time.Since(time.Unix(made, 0)) < staleAfter {
			continue
		}
		delete(ready, t.name)
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{t.name}.Sanitize())
	}
}

// templateName is named after a hash of the migration files and, for a
// seeded template, the seed's name and version.
func templateName(seed *Seed) string {
	h := sha256.New()
	entries, _ := fs.ReadDir(migrations.FS, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(migrations.FS, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	if seed != nil {
		fmt.Fprintf(h, "\x00seed\x00%s\x00%s", seed.Name, seed.Version)
	}
	return "tpl_" + hex.EncodeToString(h.Sum(nil))[:16]
}
