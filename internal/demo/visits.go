package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoVisitOwners are, by network position, the demo accounts that visit
// the members and own the follow-ups: network 3 has no coordinator of its
// own, so the beheerder stands in.
var demoVisitOwners = []string{"coordinator@example.org", "coordinator2@example.org", "beheer@example.org"}

// demoTalks are the notes and agreements of the demo visits, and what the
// follow-up of each agreement asks.
var demoTalks = []struct{ notes, agreements, followUp string }{
	{"Rondleiding door de productie. De leidinggevende ziet kansen voor een functie in de inpak, maar twijfelt over de begeleiding.",
		"Wij sturen informatie over jobcoaching; de HR-adviseur bekijkt welke taken samen een baan vormen.",
		"Informatie over jobcoaching sturen"},
	{"Gesprek met de directeur over de ambitie voor komend jaar. Twee mensen uit de doelgroep zijn vorig jaar in dienst gekomen.",
		"De directeur komt naar de masterclass; wij koppelen hen aan een lid met ervaring in de zorg.",
		"Koppeling met een ervaren lid regelen"},
	{"De inkoper wil social return in de aanbestedingen opnemen en zoekt voorbeelden.",
		"Wij brengen hen in contact met de themagroep Inclusief inkopen.",
		"Voorstellen aan de themagroep Inclusief inkopen"},
	{"Kennismaking met de nieuwe HR-manager. Zij wil het lidmaatschap breder dragen dan alleen HR.",
		"De HR-manager nodigt een leidinggevende uit voor de volgende bijeenkomst; wij sturen de uitnodiging door.",
		"Uitnodiging bijeenkomst doorsturen aan de leidinggevende"},
	{"Terugblik op de werkervaringsplaats: goed verlopen, de kandidaat krijgt een contract.",
		"Wij vragen of zij hun ervaring willen delen op de kenniskring HR.",
		"Vragen om te spreken op de kenniskring HR"},
	{"Vragen over de loonkostensubsidie en de no-riskpolis.",
		"Wij zoeken uit wie bij het Werkgeversservicepunt hierover het beste kan adviseren.",
		"Contactpersoon Werkgeversservicepunt doorgeven"},
}

// demoVisit is one visit to seed: days ago, kind, and whether its
// agreement gets a follow-up of which state.
type demoVisit struct {
	daysAgo  int
	kind     string
	followUp string // "": none; te_laat, binnenkort, later, afgerond
}

// insertVisits seeds visits for about half of each network's members over
// the last two years: some visited recently, some longer than a year ago
// (one of them called since, which is no visit), the other half never.
// The follow-ups of the agreements are owned by the network's demo owner:
// some overdue, some due soon, some done. Everything follows from the
// order of the members, so the data are the same every time.
func insertVisits(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	for n, net := range networkIDs {
		var owner int64
		email := demoVisitOwners[min(n, len(demoVisitOwners)-1)]
		if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&owner); err != nil {
			return fmt.Errorf("visits: owner %s: %w", email, err)
		}
		// Each member with the days since it came in view: nobody visits
		// an employer before that.
		rows, err := tx.Query(ctx, `SELECT id, $2::date - created_at::date FROM employers
			WHERE network_id = $1 AND status = 'lid' ORDER BY id`, net, today)
		if err != nil {
			return err
		}
		members, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (demoMemberAge, error) {
			var m demoMemberAge
			return m, r.Scan(&m.id, &m.days)
		})
		if err != nil {
			return err
		}
		for j, m := range members {
			if j%2 == 1 {
				continue // never visited
			}
			for _, v := range demoVisitsOf(j/2, m.days) {
				if err := insertVisit(ctx, tx, m.id, owner, v, j/2, today); err != nil {
					return fmt.Errorf("visits: employer %d: %w", m.id, err)
				}
			}
		}
		if err := insertFollowUp(ctx, tx, members[0].id, nil, owner, "Uitnodiging masterclass directie nabellen",
			today.AddDate(0, 0, 5), nil, today.AddDate(0, 0, -2)); err != nil {
			return err
		}
	}
	return nil
}

type demoMemberAge struct {
	id   int64
	days int // since the employer came in view
}

// demoVisitsOf plans the visits of the k-th visited member, oldest first,
// none before the employer came in view (age days ago).
func demoVisitsOf(k, age int) []demoVisit {
	var vs []demoVisit
	if k%3 == 2 { // last visited 13 to 20 months ago
		vs = []demoVisit{{daysAgo: 400 + (23*k)%200, kind: "bezoek", followUp: "afgerond"}}
		if k%2 == 1 {
			vs = append(vs, demoVisit{daysAgo: 60, kind: "telefoon"})
		}
	} else {
		recent := demoVisit{daysAgo: 10 + (37*k)%300, kind: "bezoek", followUp: []string{"te_laat", "binnenkort", "afgerond", "later"}[k%4]}
		vs = []demoVisit{recent}
		if k%2 == 1 {
			vs = []demoVisit{{daysAgo: recent.daysAgo + 150, kind: "online"}, recent}
		}
	}
	var out []demoVisit
	for _, v := range vs {
		if v.daysAgo < age {
			out = append(out, v)
		}
	}
	if len(out) == 0 { // a recent member: its first visit, soon after it came
		v := vs[0]
		v.daysAgo = age * 2 / 3
		out = append(out, v)
	}
	return out
}

func insertVisit(ctx context.Context, tx pgx.Tx, employer, owner int64, v demoVisit, k int, today time.Time) error {
	day := today.AddDate(0, 0, -v.daysAgo)
	talk := demoTalks[k%len(demoTalks)]
	others := ""
	if k%5 == 0 {
		others = "Adviseur Werkgeversservicepunt"
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO visits (employer_id, kind, visited_on, user_ids, others, notes, agreements, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $3::date + interval '16 hours', $3::date + interval '16 hours') RETURNING id`,
		employer, v.kind, day, []int64{owner}, others, talk.notes, talk.agreements, owner).Scan(&id)
	if err != nil {
		return err
	}
	// The contacts who worked there that day, the primary one first.
	_, err = tx.Exec(ctx, `INSERT INTO visit_contacts (visit_id, contact_id)
		SELECT $1, c.id FROM contacts c WHERE c.employer_id = $2 AND c.active_from <= $3 AND (c.active_until IS NULL OR c.active_until > $3)
		ORDER BY c.is_primary DESC, c.id LIMIT $4`, id, employer, day, 1+k%2)
	if err != nil || v.followUp == "" {
		return err
	}
	due, done := followUpDates(v, day, today, k)
	return insertFollowUp(ctx, tx, employer, &id, owner, talk.followUp, due, done, day)
}

// followUpDates returns the due date of a visit's follow-up, never before
// the visit, and when it was done (nil: open).
func followUpDates(v demoVisit, day, today time.Time, k int) (time.Time, *time.Time) {
	switch v.followUp {
	case "te_laat": // a few days late, never due before the visit
		if due := today.AddDate(0, 0, -(2 + k%9)); due.After(day) {
			return due, nil
		}
		return day, nil
	case "binnenkort":
		return today.AddDate(0, 0, 2+k%10), nil
	case "later":
		return today.AddDate(0, 0, 30+k), nil
	}
	done := day.AddDate(0, 0, 9).Add(14 * time.Hour)
	return day.AddDate(0, 0, 21), &done
}

func insertFollowUp(ctx context.Context, tx pgx.Tx, employer int64, visit *int64, owner int64, what string, due time.Time, done *time.Time, created time.Time) error {
	var doneBy *int64
	if done != nil {
		doneBy = &owner
	}
	_, err := tx.Exec(ctx, `INSERT INTO follow_ups (employer_id, visit_id, description, owner_id, due_on, done_at, done_by, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $4, $8::date + interval '17 hours')`,
		employer, visit, what, owner, due, done, doneBy, created)
	return err
}
