package db

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
)

// Finding a PostgreSQL server to use: ServerDSN and AppDSN try, in order,
// the candidate address, an installed Debian cluster, and a project-local
// server (localserver.go).

// Where ServerDSN looks. Package variables so a test can point the first probe
// at a port where nothing listens and exercise the fallbacks.
var (
	candidateHost = "127.0.0.1"
	candidatePort = 5432
	localPort     = 54329 // preferred port of the project-local server
	pgLibDir      = "/usr/lib/postgresql"
	debianConfDir = "/etc/postgresql"
)

const (
	localDataRel = ".data/postgres"
	portFileName = "netwerkportaal.port"
	// A unix socket path may be at most 107 bytes; stay well below it.
	maxSocketPath = 100
)

// ServerDSN returns a connection string for the maintenance database "postgres" on a PostgreSQL server this machine can use,
// bringing up a project-local server when none answers. It writes one line per thing it did to w (in English or Dutch, short).
func ServerDSN(ctx context.Context, w io.Writer) (string, error) {
	if dsn, ok := probeCandidates(ctx); ok {
		return dsn, nil
	}
	if startDebianCluster(ctx, w) {
		if dsn, ok := probeCandidates(ctx); ok {
			return dsn, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("PostgreSQL: %w", err)
	}
	root, err := projectRoot(wd)
	if err != nil {
		return "", err
	}
	return startLocal(ctx, w, root)
}

// AppDSN returns the connection string of the application database:
// $DATABASE_URL when set, else database "netwerkportaal" on ServerDSN's server,
// created when missing.
func AppDSN(ctx context.Context, w io.Writer) (string, error) {
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		return dsn, nil
	}
	server, err := ServerDSN(ctx, w)
	if err != nil {
		return "", err
	}
	dsn, err := withDatabaseName(server, "netwerkportaal")
	if err != nil {
		return "", err
	}
	if err := EnsureDatabase(ctx, dsn); err != nil {
		return "", err
	}
	return dsn, nil
}

// withDatabaseName points a URL-style connection string at another database.
func withDatabaseName(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("PostgreSQL: cannot change the database of %s", Redact(dsn))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// --- (a) a server that already runs --------------------------------------
