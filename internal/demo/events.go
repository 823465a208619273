package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoEvent is one seeded event: when (days from today), what, and how its
// invitations were answered, in the order of the network's contacts.
type demoEvent struct {
	days             int
	kind, title      string
	place, online    string
	capacity         int // 0: unlimited
	cancelled        bool
	present, absent  int // past events: registered who came and who did not
	registered, wait int // upcoming events
	declined, silent int
}

var demoEvents = []demoEvent{
	{days: -150, kind: "netwerkbijeenkomst", title: "Netwerkbijeenkomst: aan de slag met jobcarving", place: "Gastlocatie bij een lid", present: 9, absent: 2, declined: 2, silent: 3},
	{days: -90, kind: "masterclass", title: "Masterclass voor directie: inclusief werkgeven als strategie", place: "Stadhuis", capacity: 20, present: 6, absent: 3, declined: 1, silent: 4},
	{days: -30, kind: "kenniskring", title: "Kenniskring HR: begeleiding op de werkvloer", place: "Werkgeversservicepunt", present: 5, absent: 4, declined: 2, silent: 2},
	{days: 14, kind: "werkbezoek", title: "Werkbezoek: zo werkt inclusief inkopen in de praktijk", place: "Productiehal van een lid", capacity: 6, registered: 6, wait: 2, declined: 1, silent: 3},
	{days: 40, kind: "webinar", title: "Webinar: de nieuwe regels van de banenafspraak", online: "https://example.org/webinar/banenafspraak", registered: 4, declined: 1, silent: 5},
	{days: 21, kind: "netwerkbijeenkomst", title: "Voorjaarsbijeenkomst", place: "Bibliotheek", cancelled: true, registered: 3, silent: 2},
}

// insertEvents seeds every network with past events (attendance recorded),
// upcoming ones with registrations and a waiting list, and a cancelled one,
// so the event pages and the profiles show real figures.
func insertEvents(ctx context.Context, tx pgx.Tx, networkIDs []int64, today time.Time) error {
	loc := amsterdam()
	for n, net := range networkIDs {
		rows, err := tx.Query(ctx, `SELECT c.id FROM contacts c JOIN employers e ON e.id = c.employer_id
			WHERE e.network_id = $1 AND c.email <> '' AND c.active_until IS NULL AND e.status = 'lid' ORDER BY c.id`, net)
		if err != nil {
			return err
		}
		contacts, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		var host int64
		if err := tx.QueryRow(ctx, `SELECT id FROM employers WHERE network_id = $1 AND status = 'lid' ORDER BY id LIMIT 1`, net).Scan(&host); err != nil {
			return err
		}
		for i, d := range demoEvents {
			day := today.In(loc).AddDate(0, 0, d.days)
			start := time.Date(day.Year(), day.Month(), day.Day(), 15, 30, 0, 0, loc)
			if err := insertEvent(ctx, tx, net, host, contacts, d, start, fmt.Sprintf("demo-%d-%d", n, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertEvent(ctx context.Context, tx pgx.Tx, net, host int64, contacts []int64, d demoEvent, start time.Time, uid string) error {
	var capacity any
	if d.capacity > 0 {
		capacity = d.capacity
	}
	status, sequence := "gepland", 0
	if d.cancelled {
		// Cancelling is a change the invitees' calendars must see: as in
		// the events store, it raised the sequence.
		status, sequence = "geannuleerd", 1
	}
	var hostID any
	if d.place != "" && d.kind != "webinar" {
		hostID = host
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO events (network_id, kind, title, description, starts_at, ends_at, location, online_url,
		host_employer_id, capacity, status, uid, sequence, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11, $12, $13, $5::timestamptz - interval '30 days', $5::timestamptz - interval '30 days') RETURNING id`,
		net, d.kind, d.title, "Met sprekers uit het netwerk en volop tijd om ervaringen te delen.", start, start.Add(2*time.Hour),
		d.place, d.online, hostID, capacity, status, uid+"@demo.netwerkportaal", sequence).Scan(&id)
	if err != nil {
		return err
	}
	plan := []struct {
		status string
		n      int
	}{{"aanwezig", d.present}, {"afwezig", d.absent}, {"aangemeld", d.registered}, {"wachtlijst", d.wait},
		{"afgemeld", d.declined}, {"uitgenodigd", d.silent}}
	k := 0
	for _, p := range plan {
		for j := 0; j < p.n && k < len(contacts); j, k = j+1, k+1 {
			hash := sha256.Sum256([]byte(fmt.Sprintf("%s-%d", uid, contacts[k])))
			invited := start.AddDate(0, 0, -21)
			_, err := tx.Exec(ctx, `INSERT INTO event_invitations (event_id, contact_id, status, token_hash, invited_at,
				responded_at, waitlisted_at, checked_in_at)
				VALUES ($1, $2, $3, $4, $5::timestamptz,
					CASE WHEN $3 <> 'uitgenodigd' THEN $5::timestamptz + interval '2 days' END,
					CASE WHEN $3 = 'wachtlijst' THEN $5::timestamptz + interval '2 days' + $6 * interval '1 minute' END,
					CASE WHEN $3 = 'aanwezig' THEN $7::timestamptz END)`,
				id, contacts[k], p.status, hash[:], invited, j, start)
			if err != nil {
				return fmt.Errorf("demo event %s: %w", hex.EncodeToString(hash[:4]), err)
			}
		}
	}
	if d.present+d.absent > 0 {
		_, err = tx.Exec(ctx, `UPDATE events SET attendance_closed_at = ends_at + interval '1 hour',
			attendance_rate = $2::numeric / $3 WHERE id = $1`, id, d.present, d.present+d.absent)
	}
	return err
}
