package db

import (
	"github.com/pressly/goose/v3/lock"
)

// mustLocker returns goose's PostgreSQL session advisory lock. Creating it
// only fails on invalid options, which are fixed here.
func mustLocker() lock.SessionLocker {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil {
		panic(err)
	}
	return l
}
