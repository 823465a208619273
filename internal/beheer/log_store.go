package beheer

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
)

// LogFilter narrows the logboek.
type LogFilter struct {
	Kind   string // audit entity, "" for all
	UserID int64  // who made the change, 0 for all
	Page   int
}

// LogEntry is one line of the logboek.
type LogEntry struct {
	At       time.Time
	Actor    string
	Source   string
	Kind     string
	EntityID int64
	Action   string
	Changes  map[string]audit.Change
}

// LogPage is one page of the logboek with the filter's choices.
type LogPage struct {
	Filter  LogFilter
	Entries []LogEntry
	More    bool
	Kinds   []string
	Users   []Option
}

const logPageSize = 100

// Log returns a page of the audit log, newest first.
func (s *Store) Log(ctx context.Context, f LogFilter) (LogPage, error) {
	p := LogPage{Filter: f}
	rows, err := s.pool.Query(ctx, `SELECT at, actor, source, entity, entity_id, action, changes FROM audit_log
		WHERE ($1 = '' OR entity = $1) AND ($2 = 0 OR user_id = $2)
		ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`, f.Kind, f.UserID, logPageSize+1, (f.Page-1)*logPageSize)
	if err != nil {
		return p, err
	}
	p.Entries, err = pgx.CollectRows(rows, pgx.RowToStructByPos[LogEntry])
	if err != nil {
		return p, err
	}
	if len(p.Entries) > logPageSize {
		p.Entries, p.More = p.Entries[:logPageSize], true
	}
	rows, err = s.pool.Query(ctx, `SELECT DISTINCT entity FROM audit_log ORDER BY entity`)
	if err != nil {
		return p, err
	}
	if p.Kinds, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return p, err
	}
	rows, err = s.pool.Query(ctx, `SELECT id, name FROM users ORDER BY lower(name)`)
	if err != nil {
		return p, err
	}
	p.Users, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
	return p, err
}
