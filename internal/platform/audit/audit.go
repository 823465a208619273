// Package audit keeps the trail of who changed what, when. Every store writes
// its entry in the same transaction as the change itself, so the trail can
// never miss a change or record one that was rolled back.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// Change is the old and new value of one field.
type Change struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Entry is one line of the trail.
type Entry struct {
	ID         int64
	At         time.Time
	Actor      string
	Source     string
	Entity     string // "employer", "contact", ...
	EntityID   int64
	EmployerID int64 // groups a contact's history under its employer
	Action     string
	Changes    map[string]Change
}

// Actions.
const (
	Created = "aangemaakt"
	Updated = "gewijzigd"
	Ended   = "beëindigd"
	// A reference value taken out of the forms, and back (issue 11).
	Retired  = "buiten gebruik gesteld"
	Restored = "weer in gebruik genomen"
)

// Diff returns the fields whose value differs between before and after.
func Diff(before, after map[string]string) map[string]Change {
	out := map[string]Change{}
	for k, a := range after {
		if b := before[k]; a != b {
			out[k] = Change{Old: b, New: a}
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok && b != "" {
			out[k] = Change{Old: b}
		}
	}
	return out
}

type sourceKey struct{}

// WithSource returns ctx whose audit entries name source (for example
// "intake 2026") as where the change came from, unless an entry names its own.
func WithSource(ctx context.Context, source string) context.Context {
	return context.WithValue(ctx, sourceKey{}, source)
}

// Record writes e, taking the actor from the signed-in user in ctx.
func Record(ctx context.Context, q db.Querier, e Entry) error {
	row, err := Values(ctx, e)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO audit_log (user_id, actor, source, entity, entity_id, employer_id, action, changes)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, row...)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Columns are the columns of audit_log that Values fills, in its order:
// a bulk writer (the importer's COPY) writes the same rows as Record.
var Columns = []string{"user_id", "actor", "source", "entity", "entity_id", "employer_id", "action", "changes"}

// Values is the row Record writes for e: the actor from the signed-in
// user in ctx, the source from ctx unless e names its own.
func Values(ctx context.Context, e Entry) ([]any, error) {
	var userID *int64
	actor, source := "Systeem", e.Source
	if u := identity.From(ctx); u != nil {
		userID, actor = &u.ID, u.Name
	}
	if e.Actor != "" {
		actor = e.Actor
	}
	if source == "" {
		source, _ = ctx.Value(sourceKey{}).(string)
	}
	if source == "" {
		source = "web"
	}
	if e.Changes == nil {
		e.Changes = map[string]Change{}
	}
	changes, err := json.Marshal(e.Changes)
	if err != nil {
		return nil, err
	}
	var employerID *int64
	if e.EmployerID != 0 {
		employerID = &e.EmployerID
	}
	return []any{userID, actor, source, e.Entity, e.EntityID, employerID, e.Action, changes}, nil
}

// LastChange names who last changed the record and when, for the message
// that someone else saved it meanwhile; a record without history has
// neither.
func LastChange(ctx context.Context, q db.Querier, entity string, id int64) (who string, at time.Time, err error) {
	err = q.QueryRow(ctx, `SELECT actor, at FROM audit_log WHERE entity = $1 AND entity_id = $2
		ORDER BY at DESC, id DESC LIMIT 1`, entity, id).Scan(&who, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, nil
	}
	return who, at, err
}

// ForEmployer returns the newest entries about an employer and its contacts.
func ForEmployer(ctx context.Context, q db.Querier, employerID int64, limit int) ([]Entry, error) {
	rows, err := q.Query(ctx, forEmployerSQL, employerID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanEntry)
}

// QueueForEmployer is ForEmployer as one read of a page's batch: the
// entries are in the result once b was sent.
func QueueForEmployer(b *db.Batch, employerID int64, limit int) *[]Entry {
	return db.Collect(b, scanEntry, forEmployerSQL, employerID, limit)
}

const forEmployerSQL = `SELECT id, at, actor, source, entity, entity_id, coalesce(employer_id, 0), action, changes
		FROM audit_log WHERE employer_id = $1 ORDER BY at DESC, id DESC LIMIT $2`

func scanEntry(row pgx.CollectableRow) (Entry, error) {
	var e Entry
	var raw []byte
	err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Source, &e.Entity, &e.EntityID, &e.EmployerID, &e.Action, &raw)
	if err == nil {
		err = json.Unmarshal(raw, &e.Changes)
	}
	return e, err
}
