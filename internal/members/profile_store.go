package members

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// Tag is a challenge or an offer of the intake's list.
type Tag struct {
	ID   int64
	Name string
}

// Profile is the organisation as the network holds it, without what is
// the network's own: no internal notes, visits or status history.
type Profile struct {
	Name, Address, Postcode, City, Website string
	EmployeeCount                          *int
	ChallengesNote, OffersNote             string
	Challenges, Offers                     []Tag
	Version                                int
}

// ProfileInput is a member's correction, checked by parseProfile.
type ProfileInput struct {
	Name, Address, Postcode, City, Website string
	EmployeeCount                          *int
	ChallengesNote, OffersNote             string
	TagIDs                                 []int64
	Version                                int
}

// Profile returns the member's organisation.
func (s *Store) Profile(ctx context.Context, m Member) (Profile, error) {
	return s.profile(ctx, s.pool, m.EmployerID)
}

func (s *Store) profile(ctx context.Context, q db.Querier, employerID int64) (p Profile, err error) {
	err = q.QueryRow(ctx, `SELECT name, address, coalesce(postcode, ''), city, website, employee_count,
		challenges_note, offers_note, version FROM employers WHERE id = $1`, employerID).
		Scan(&p.Name, &p.Address, &p.Postcode, &p.City, &p.Website, &p.EmployeeCount, &p.ChallengesNote, &p.OffersNote, &p.Version)
	if err != nil {
		return p, err
	}
	rows, err := q.Query(ctx, `SELECT t.id, t.name, t.kind FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = $1 ORDER BY t.position`, employerID)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var t Tag
		var kind string
		if err := rows.Scan(&t.ID, &t.Name, &kind); err != nil {
			return p, err
		}
		if kind == "uitdaging" {
			p.Challenges = append(p.Challenges, t)
		} else {
			p.Offers = append(p.Offers, t)
		}
	}
	return p, rows.Err()
}

// Tags returns the intake's challenges and offers, for the form of the
// employer: those in use, and retired ones only where the employer holds
// them (so a member saving unchanged is never refused).
func (s *Store) Tags(ctx context.Context, employerID int64) (challenges, offers []Tag, err error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, kind FROM tags
		WHERE retired_at IS NULL OR id IN (SELECT tag_id FROM employer_tags WHERE employer_id = $1) ORDER BY position, id`, employerID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t Tag
		var kind string
		if err := rows.Scan(&t.ID, &t.Name, &kind); err != nil {
			return nil, nil, err
		}
		if kind == "uitdaging" {
			challenges = append(challenges, t)
		} else {
			offers = append(offers, t)
		}
	}
	return challenges, offers, rows.Err()
}

// UpdateProfile applies a member's correction of their own organisation,
// recorded in the history with source "werkgever". Only the fields a member
// may correct are written; status, notes and the rest stay the network's.
// A changed field the network marked ter controle is not written but waits
// for the coordinator (see DecideChange); pending says how many wait.
func (s *Store) UpdateProfile(ctx context.Context, m Member, in ProfileInput) (pending int, failed error) {
	defer apperr.Annotate(&failed, "members: update profile of %d", m.EmployerID)
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		pending = 0
		if _, err := tx.Exec(ctx, `SELECT 1 FROM employers WHERE id = $1 FOR UPDATE`, m.EmployerID); err != nil {
			return err
		}
		before, err := s.profile(ctx, tx, m.EmployerID)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "Iemand anders heeft het profiel intussen gewijzigd. Bekijk de nieuwe gegevens en probeer het opnieuw.")
		}
		tags, err := loadTags(ctx, tx)
		if err != nil {
			return err
		}
		review, err := reviewFieldsOf(ctx, tx, m.NetworkID)
		if err != nil {
			return err
		}
		current := inputOf(before)
		applied := inputOf(before)
		for _, field := range ReviewFields {
			if !slices.Contains(review, field) {
				tags.applyGroup(&applied, in, field)
				continue
			}
			candidate := inputOf(before)
			tags.applyGroup(&candidate, in, field)
			changes := audit.Diff(snapshot(before), snapshot(tags.profile(candidate)))
			if len(changes) == 0 {
				continue
			}
			proposed := ProfileInput{TagIDs: []int64{}}
			tags.applyGroup(&proposed, in, field)
			if err := requestChange(ctx, tx, m, field, proposed, changes); err != nil {
				return err
			}
			pending++
		}
		changes := audit.Diff(snapshot(tags.profile(current)), snapshot(tags.profile(applied)))
		if len(changes) == 0 {
			return nil
		}
		if err := writeProfile(ctx, tx, m.EmployerID, applied); err != nil {
			return err
		}
		after, err := s.profile(ctx, tx, m.EmployerID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: audit.EntityEmployer,
			EntityID: m.EmployerID, EmployerID: m.EmployerID, Action: audit.Updated, Changes: audit.Diff(snapshot(before), snapshot(after))})
	})
	return pending, err
}

// snapshot names the fields as the employers package's history does, so a
// member's change reads like a coordinator's.
func snapshot(p Profile) map[string]string {
	names := func(ts []Tag) string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Name
		}
		return strings.Join(out, ", ")
	}
	return map[string]string{
		"naam": p.Name, "adres": p.Address, "postcode": p.Postcode, "plaats": p.City, "website": p.Website,
		"medewerkers": itoa(p.EmployeeCount), "uitdagingen": names(p.Challenges), "aanbod": names(p.Offers),
		"uitdagingen_toelichting": p.ChallengesNote, "aanbod_toelichting": p.OffersNote,
	}
}

// tagIDs returns the ids of ts.
func tagIDs(ts ...[]Tag) []int64 {
	var out []int64
	for _, list := range ts {
		for _, t := range list {
			out = append(out, t.ID)
		}
	}
	slices.Sort(out)
	return out
}
