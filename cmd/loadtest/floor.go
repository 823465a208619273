package main

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The floor: what the stack alone costs for a signed-in page. chi, an scs
// session loaded from PostgreSQL through pgxstore, one indexed query for 25
// employers and an html/template table. Nothing the portal does beyond that
// is free; the benchmark reports every page as a ratio to this.
var floorPage = template.Must(template.New("floor").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Werkgevers</title></head>
<body><main><h1>Werkgevers</h1>
<table><thead><tr><th>Naam</th><th>Plaats</th><th>Status</th><th>Gewijzigd</th></tr></thead><tbody>
{{range .}}<tr><td><a href="/werkgevers/{{.ID}}">{{.Name}}</a></td><td>{{.City}}</td><td>{{.Status}}</td><td>{{.Updated.Format "02-01-2006"}}</td></tr>
{{end}}</tbody></table></main></body></html>`))

type floorRow struct {
	ID                 int64
	Name, City, Status string
	Updated            time.Time
}

func floorHandler(pool *pgxpool.Pool) http.Handler {
	sm := scs.New()
	sm.Store = pgxstore.NewWithCleanupInterval(pool, 0)
	r := chi.NewRouter()
	r.Use(sm.LoadAndSave)
	// Signing in stores the network in the session, once.
	r.Post("/inloggen", func(w http.ResponseWriter, r *http.Request) {
		network, err := strconv.ParseInt(r.FormValue("netwerk"), 10, 64)
		if err != nil {
			http.Error(w, "netwerk", http.StatusBadRequest)
			return
		}
		if err := sm.RenewToken(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		sm.Put(r.Context(), "network", network)
		http.Redirect(w, r, "/werkgevers", http.StatusSeeOther)
	})
	r.Get("/werkgevers", func(w http.ResponseWriter, r *http.Request) {
		network := sm.GetInt64(r.Context(), "network")
		if network == 0 {
			http.Error(w, "niet ingelogd", http.StatusUnauthorized)
			return
		}
		rows, err := pool.Query(r.Context(), `SELECT id, name, city, status, updated_at FROM employers
			WHERE network_id = $1 ORDER BY lower(name), id LIMIT 25`, network)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		var list []floorRow
		for rows.Next() {
			var f floorRow
			if err := rows.Scan(&f.ID, &f.Name, &f.City, &f.Status, &f.Updated); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			list = append(list, f)
		}
		if rows.Err() != nil {
			http.Error(w, rows.Err().Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		floorPage.Execute(w, list)
	})
	return r
}

// serveFloor runs the floor server until ctx ends (the `floor` subcommand,
// so its memory and CPU are its own process's, like the portal's).
func serveFloor(ctx context.Context, dsn, addr string) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	srv := &http.Server{Addr: addr, Handler: floorHandler(pool), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}
