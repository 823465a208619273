package db

import (
	"context"
	"net"
	"net/url"
	"os"
	"os/user"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Probing the candidate address with the users likely to be let in.

func candidateUsers() []string {
	var users []string
	if u := os.Getenv("PGUSER"); u != "" {
		users = append(users, u)
	}
	if cur, err := user.Current(); err == nil && cur.Username != "" {
		users = append(users, cur.Username)
	} else if u := os.Getenv("USER"); u != "" {
		users = append(users, u)
	}
	users = append(users, "postgres")
	seen := map[string]bool{}
	out := users[:0]
	for _, u := range users {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

func tcpDSN(userName, host string, port int) string {
	u := url.URL{Scheme: "postgres", User: url.User(userName), Host: net.JoinHostPort(host, strconv.Itoa(port)),
		Path: "/postgres", RawQuery: "sslmode=disable"}
	return u.String()
}

// probeCandidates returns the first DSN on the candidate address that lets us in.
func probeCandidates(ctx context.Context) (string, bool) {
	for _, u := range candidateUsers() {
		dsn := tcpDSN(u, candidateHost, candidatePort)
		if canConnect(ctx, dsn) == nil {
			return dsn, true
		}
	}
	return "", false
}

func canConnect(ctx context.Context, dsn string) error {
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, dsn)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// --- (b) Debian's own cluster, stopped ------------------------------------
