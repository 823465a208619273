package members

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// ReviewFields are the profile fields a member may correct, as a network
// marks them "ter controle": a correction of a marked field waits for the
// coordinator; the others apply directly.
var ReviewFields = []string{"naam", "adres", "medewerkers", "website", "uitdagingen", "aanbod"}

// ReviewLabels are the Dutch names (i18n keys) of ReviewFields.
var ReviewLabels = map[string]string{"naam": "Naam", "adres": "Adres", "medewerkers": "Aantal medewerkers",
	"website": "Website", "uitdagingen": "Uitdagingen", "aanbod": "Aanbod"}

// changeOrder and changeLabels show a snapshot's fields (see snapshot).
var changeOrder = []string{"naam", "adres", "postcode", "plaats", "website", "medewerkers", "uitdagingen",
	"uitdagingen_toelichting", "aanbod", "aanbod_toelichting"}

var changeLabels = map[string]string{"naam": "Naam", "adres": "Adres", "postcode": "Postcode", "plaats": "Plaats",
	"website": "Website", "medewerkers": "Aantal medewerkers", "uitdagingen": "Uitdagingen",
	"uitdagingen_toelichting": "Toelichting op de uitdagingen", "aanbod": "Aanbod", "aanbod_toelichting": "Toelichting op het aanbod"}

// Audit entity and actions of a change under review.
const (
	EntityChangeRequest = "profile_change_request"
	Approved            = "goedgekeurd"
)

// tagSet is the intake's tags in their order, by id.
type tagSet struct {
	order []Tag
	kind  map[int64]string
}

func loadTags(ctx context.Context, q db.Querier) (tagSet, error) {
	ts := tagSet{kind: map[int64]string{}}
	rows, err := q.Query(ctx, `SELECT id, name, kind FROM tags ORDER BY position, id`)
	if err != nil {
		return ts, err
	}
	var t Tag
	var kind string
	_, err = pgx.ForEachRow(rows, []any{&t.ID, &t.Name, &kind}, func() error {
		ts.order = append(ts.order, t)
		ts.kind[t.ID] = kind
		return nil
	})
	return ts, err
}

// profile is what in would make of the organisation's profile.
func (ts tagSet) profile(in ProfileInput) Profile {
	p := Profile{Name: in.Name, Address: in.Address, Postcode: in.Postcode, City: in.City, Website: in.Website,
		EmployeeCount: in.EmployeeCount, ChallengesNote: in.ChallengesNote, OffersNote: in.OffersNote, Version: in.Version}
	for _, t := range ts.order {
		if slices.Contains(in.TagIDs, t.ID) {
			if ts.kind[t.ID] == "uitdaging" {
				p.Challenges = append(p.Challenges, t)
			} else {
				p.Offers = append(p.Offers, t)
			}
		}
	}
	return p
}

// inputOf is the profile as a correction that changes nothing.
func inputOf(p Profile) ProfileInput {
	return ProfileInput{Name: p.Name, Address: p.Address, Postcode: p.Postcode, City: p.City, Website: p.Website,
		EmployeeCount: p.EmployeeCount, ChallengesNote: p.ChallengesNote, OffersNote: p.OffersNote,
		TagIDs: tagIDs(p.Challenges, p.Offers), Version: p.Version}
}

// applyGroup copies one review field's values from src into dst.
func (ts tagSet) applyGroup(dst *ProfileInput, src ProfileInput, field string) {
	switch field {
	case "naam":
		dst.Name = src.Name
	case "adres":
		dst.Address, dst.Postcode, dst.City = src.Address, src.Postcode, src.City
	case "medewerkers":
		dst.EmployeeCount = src.EmployeeCount
	case "website":
		dst.Website = src.Website
	case "uitdagingen":
		dst.ChallengesNote = src.ChallengesNote
		dst.TagIDs = ts.replaceKind(dst.TagIDs, src.TagIDs, "uitdaging")
	case "aanbod":
		dst.OffersNote = src.OffersNote
		dst.TagIDs = ts.replaceKind(dst.TagIDs, src.TagIDs, "aanbod")
	}
}

// replaceKind keeps dst's tags of the other kind and takes src's of kind.
func (ts tagSet) replaceKind(dst, src []int64, kind string) []int64 {
	out := []int64{}
	for _, id := range dst {
		if ts.kind[id] != kind {
			out = append(out, id)
		}
	}
	for _, id := range src {
		if ts.kind[id] == kind {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// reviewFieldsOf returns the fields the network marked ter controle.
func reviewFieldsOf(ctx context.Context, q db.Querier, networkID int64) ([]string, error) {
	var fields []string
	err := q.QueryRow(ctx, `SELECT member_review_fields FROM networks WHERE id = $1`, networkID).Scan(&fields)
	return fields, err
}

// writeProfile stores the member-correctable fields of in.
func writeProfile(ctx context.Context, tx pgx.Tx, employerID int64, in ProfileInput) error {
	var postcode *string
	if in.Postcode != "" {
		postcode = &in.Postcode
	}
	_, err := tx.Exec(ctx, `UPDATE employers SET name = $2, address = $3, postcode = $4, city = $5, website = $6,
		employee_count = $7, challenges_note = $8, offers_note = $9, version = version + 1, updated_at = now()
		WHERE id = $1`, employerID, in.Name, in.Address, postcode, in.City, in.Website, in.EmployeeCount,
		in.ChallengesNote, in.OffersNote)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM employer_tags WHERE employer_id = $1 AND NOT (tag_id = ANY($2))`, employerID, in.TagIDs); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO employer_tags (employer_id, tag_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, employerID, in.TagIDs)
	return err
}

// requestChange records (or replaces) the open request for field.
func requestChange(ctx context.Context, tx pgx.Tx, m Member, field string, proposed ProfileInput, changes map[string]audit.Change) error {
	p, err := json.Marshal(proposed)
	if err != nil {
		return err
	}
	c, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO profile_change_requests (employer_id, contact_id, field, proposed, changes) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (employer_id, field) WHERE status = 'wacht'
		DO UPDATE SET contact_id = EXCLUDED.contact_id, proposed = EXCLUDED.proposed, changes = EXCLUDED.changes, created_at = now()
		RETURNING id`, m.EmployerID, m.ContactID, field, p, c).Scan(&id)
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: EntityChangeRequest, EntityID: id,
		EmployerID: m.EmployerID, Action: Proposed, Changes: changes})
}

// Change is a correction waiting for the coordinator.
type Change struct {
	ID           int64
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	Field        string
	Changes      map[string]audit.Change
	RequestedBy  string
	CreatedAt    time.Time
}

// Lines are the changed fields in the form's order, as label, old, new.
func (c Change) Lines() [][3]string {
	var out [][3]string
	for _, k := range changeOrder {
		if ch, ok := c.Changes[k]; ok {
			out = append(out, [3]string{changeLabels[k], ch.Old, ch.New})
		}
	}
	return out
}

const changeColumns = `r.id, r.employer_id, e.name, e.network_id, r.field, r.changes, coalesce(c.name, ''), r.created_at
	FROM profile_change_requests r JOIN employers e ON e.id = r.employer_id LEFT JOIN contacts c ON c.id = r.contact_id`

func scanChange(row pgx.CollectableRow) (Change, error) {
	var c Change
	err := row.Scan(&c.ID, &c.EmployerID, &c.EmployerName, &c.NetworkID, &c.Field, &c.Changes, &c.RequestedBy, &c.CreatedAt)
	return c, err
}

// PendingChanges lists an employer's corrections waiting for approval.
func (s *Store) PendingChanges(ctx context.Context, employerID int64) ([]Change, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+changeColumns+` WHERE r.employer_id = $1 AND r.status = 'wacht' ORDER BY r.id`, employerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanChange)
}

// ChangeList is a window of the corrections waiting in a scope's networks,
// with their number.
type ChangeList struct {
	Changes []Change
	Total   int
}

// openChanges is the SQL condition for the corrections waiting in the
// scope $1 (all networks) or $2 (network ids).
const openChanges = `r.status = 'wacht' AND ($1 OR e.network_id = ANY($2))`

// QueueOpenChanges queues on b the window w of the corrections waiting in
// the scope's networks, oldest first, and their number.
func (s *Store) QueueOpenChanges(b *db.Batch, scope identity.Scope, w web.TaskWindow) *ChangeList {
	out := new(ChangeList)
	b.QueryRow(func(r pgx.Row) error { return r.Scan(&out.Total) }, `SELECT count(*)
		FROM profile_change_requests r JOIN employers e ON e.id = r.employer_id WHERE `+openChanges, scope.All, scope.Networks)
	changes := db.Collect(b, scanChange, `SELECT `+changeColumns+` WHERE `+openChanges+`
		ORDER BY r.created_at, r.id LIMIT $3 OFFSET $4`, scope.All, scope.Networks, w.Limit, w.Offset)
	b.After(func() error {
		out.Changes = *changes
		return nil
	})
	return out
}

// ErrChangeDecided is a decision on a change that was already decided.
var ErrChangeDecided = errors.New("members: change already decided")

// DecideChange approves (the correction applies, with source werkgever and
// the member as its author) or rejects a waiting correction, for a user who
// may change the employer's network; another network's is not found.
func (s *Store) DecideChange(ctx context.Context, u *identity.User, id int64, approve bool) (employerID int64, failed error) {
	defer apperr.Annotate(&failed, "members: decide change %d", id)
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var networkID int64
		var field, status, author string
		var proposed ProfileInput
		var changes map[string]audit.Change
		err := tx.QueryRow(ctx, `SELECT r.employer_id, e.network_id, r.field, r.proposed, r.changes, r.status, coalesce(c.name, '')
			FROM profile_change_requests r JOIN employers e ON e.id = r.employer_id LEFT JOIN contacts c ON c.id = r.contact_id
			WHERE r.id = $1 FOR UPDATE OF r`, id).Scan(&employerID, &networkID, &field, &proposed, &changes, &status, &author)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !u.CanRead(networkID)) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if !u.CanWrite(networkID) {
			return apperr.New(apperr.Forbidden, "")
		}
		if status != "wacht" {
			return ErrChangeDecided
		}
		newStatus, action := "afgewezen", Declined
		if approve {
			if err := s.applyChange(ctx, tx, employerID, field, proposed, author); err != nil {
				return err
			}
			newStatus, action = "goedgekeurd", Approved
		}
		if _, err := tx.Exec(ctx, `UPDATE profile_change_requests SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1`,
			id, newStatus, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityChangeRequest, EntityID: id, EmployerID: employerID,
			Action: action, Changes: changes})
	})
	return employerID, err
}

// applyChange applies an approved correction to the profile as it is now,
// recorded as the member's change (source werkgever).
func (s *Store) applyChange(ctx context.Context, tx pgx.Tx, employerID int64, field string, proposed ProfileInput, author string) error {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM employers WHERE id = $1 FOR UPDATE`, employerID); err != nil {
		return err
	}
	before, err := s.profile(ctx, tx, employerID)
	if err != nil {
		return err
	}
	tags, err := loadTags(ctx, tx)
	if err != nil {
		return err
	}
	in := inputOf(before)
	tags.applyGroup(&in, proposed, field)
	changes := audit.Diff(snapshot(before), snapshot(tags.profile(in)))
	if len(changes) == 0 {
		return nil
	}
	if err := writeProfile(ctx, tx, employerID, in); err != nil {
		return err
	}
	if author == "" {
		author = "Werkgever"
	}
	return audit.Record(ctx, tx, audit.Entry{Actor: author, Source: Source, Entity: audit.EntityEmployer,
		EntityID: employerID, EmployerID: employerID, Action: audit.Updated, Changes: changes})
}

// NetworkReview is a network with the fields it marked ter controle.
type NetworkReview struct {
	NetworkID   int64
	NetworkName string
	Fields      []string
}

// NetworkReviews returns the review fields of the networks.
func (s *Store) NetworkReviews(ctx context.Context, networks []identity.Network) ([]NetworkReview, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, member_review_fields FROM networks WHERE id = ANY($1) ORDER BY name`, identity.IDs(networks))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[NetworkReview])
}

// EntityNetworkReview is the audit entity of a network's review fields.
const EntityNetworkReview = "network_member_review"

// SetReviewFields stores the fields a network marks ter controle, for a
// user who may change the network.
func (s *Store) SetReviewFields(ctx context.Context, u *identity.User, networkID int64, fields []string) (failed error) {
	defer apperr.Annotate(&failed, "members: review fields of network %d", networkID)
	if !u.CanWrite(networkID) {
		return apperr.ErrNotFound
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var before []string
		err := tx.QueryRow(ctx, `SELECT member_review_fields FROM networks WHERE id = $1 FOR UPDATE`, networkID).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE networks SET member_review_fields = $2 WHERE id = $1`, networkID, fields); err != nil {
			return err
		}
		changes := audit.Diff(map[string]string{"ter_controle": fieldNames(before)}, map[string]string{"ter_controle": fieldNames(fields)})
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityNetworkReview, EntityID: networkID, Action: audit.Updated, Changes: changes})
	})
}

func fieldNames(fields []string) string {
	out := ""
	for _, f := range ReviewFields {
		if slices.Contains(fields, f) {
			if out != "" {
				out += ", "
			}
			out += ReviewLabels[f]
		}
	}
	return out
}

// ReviewFields returns the fields the network marked ter controle.
func (s *Store) ReviewFields(ctx context.Context, networkID int64) ([]string, error) {
	return reviewFieldsOf(ctx, s.pool, networkID)
}

// reviewNames lists the fields' Dutch names, translated, in form order.
func reviewNames(ctx context.Context, fields []string) string {
	out := ""
	for _, f := range ReviewFields {
		if slices.Contains(fields, f) {
			if out != "" {
				out += ", "
			}
			out += strings.ToLower(i18n.T(ctx, ReviewLabels[f]))
		}
	}
	return out
}
