package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/orgname"
)

// demoProspect is one employer in a demo network's recruitment pipeline.
// Those in intake and aangemeld are demo employers of that status (the
// pipeline made them employer records); the one that became a member is
// one of the network's members, brought in by another.
type demoProspect struct {
	name, stage, furthest, source string
	dropReason, dropNote          string
	contact, function, email      string
	hopes, offers                 string
	daysAgo                       int // last change
	nextStep                      string
	nextIn                        int  // days from today; with nextStep
	consent                       bool // came in through the public form
	employerStatus                string
}

// demoPipeline is each network's pipeline: every stage and most sources,
// with next steps for its coordinator (one overdue in the second network,
// so its coordinator's Taken shows one).
var demoPipeline = [][]demoProspect{
	{
		{name: "Installatietechniek Van Dijk", stage: "gesignaleerd", furthest: "gesignaleerd", source: "eigen_aanmelding",
			contact: "Ruud van Dijk", function: "directie", email: "ruud@vandijk-installatie.example",
			hopes: "Leren hoe andere werkgevers begeleiding op de werkvloer regelen.", offers: "Een leerwerkplek in de werkplaats.",
			daysAgo: 2, consent: true},
		{name: "Zorggroep De Linde", stage: "benaderd", furthest: "benaderd", source: "lid",
			contact: "Marloes Kamphuis", function: "hr", email: "m.kamphuis@zorggroepdelinde.example",
			daysAgo: 6, nextStep: "Kennismakingsgesprek plannen", nextIn: 2},
		{name: "Transportbedrijf Hoekstra", stage: "in_gesprek", furthest: "in_gesprek", source: "gemeente",
			contact: "Erik Hoekstra", function: "directie", email: "erik@hoekstra-transport.example",
			daysAgo: 12, nextStep: "Tweede gesprek, met de planner erbij", nextIn: 9},
		{stage: "intake", furthest: "intake", source: "bijeenkomst", employerStatus: "prospect", daysAgo: 15,
			nextStep: "Nabellen over de intake", nextIn: 5},
		{stage: "aangemeld", furthest: "aangemeld", source: "wsp_uwv", employerStatus: "aangemeld", daysAgo: 20},
		{stage: "lid", furthest: "lid", source: "lid", employerStatus: "lid", daysAgo: 60},
		{name: "Bouwbedrijf Kuipers", stage: "afgevallen", furthest: "in_gesprek", source: "branchevereniging",
			dropReason: "geen_tijd", dropNote: "Wil volgend jaar opnieuw kijken.", contact: "Henk Kuipers", function: "directie",
			email: "h.kuipers@kuipersbouw.example", daysAgo: 40},
	},
	{
		{name: "Kinderopvang Het Speelhuis", stage: "gesignaleerd", furthest: "gesignaleerd", source: "dnz",
			contact: "Sanne Verhoef", function: "hr", email: "sanne@hetspeelhuis.example", daysAgo: 4,
			nextStep: "Mailen met informatie over het netwerk", nextIn: -3},
		{name: "Drukkerij Peters", stage: "benaderd", furthest: "benaderd", source: "lid",
			contact: "Jan Peters", function: "directie", email: "jan@drukkerijpeters.example", daysAgo: 9,
			nextStep: "Bellen voor een afspraak", nextIn: 4},
		{stage: "intake", furthest: "intake", source: "gemeente", employerStatus: "prospect", daysAgo: 11},
		{name: "Uitzendbureau Flex Direct", stage: "afgevallen", furthest: "benaderd", source: "anders",
			dropReason: "commercieel", dropNote: "Wil vooral eigen diensten verkopen.", contact: "Tom Bakker", function: "recruitment",
			email: "tom@flexdirect.example", daysAgo: 30},
	},
	{
		{name: "Bakkerij Het Korenaar", stage: "gesignaleerd", furthest: "gesignaleerd", source: "eigen_aanmelding",
			contact: "Ilse Mulder", function: "directie", email: "ilse@hetkorenaar.example",
			hopes: "Ervaringen van andere bakkerijen.", daysAgo: 1, consent: true},
		{name: "Tuincentrum De Groene Hof", stage: "in_gesprek", furthest: "in_gesprek", source: "wsp_uwv",
			contact: "Peter de Groot", function: "leidinggevende", email: "peter@degroenehof.example", daysAgo: 8,
			nextStep: "Rondleiding bij een lid regelen", nextIn: 6},
		{stage: "aangemeld", furthest: "aangemeld", source: "bijeenkomst", employerStatus: "aangemeld", daysAgo: 25},
		// Dropped out longer than a year ago: on the privacy page's retention list.
		{name: "Garagebedrijf Smit", stage: "afgevallen", furthest: "gesignaleerd", source: "lid",
			dropReason: "geen_reactie", contact: "Karel Smit", function: "directie", email: "karel@garagesmit.example", daysAgo: 420},
	},
}

// insertProspects seeds each network's pipeline. Owners are the network's
// demo owners (as for visits); "via een lid" names the network's first
// member, "via bijeenkomst" its latest past event.
func insertProspects(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	for n, net := range networkIDs {
		if n >= len(demoPipeline) {
			break
		}
		var owner int64
		email := demoVisitOwners[min(n, len(demoVisitOwners)-1)]
		if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&owner); err != nil {
			return fmt.Errorf("prospects: owner %s: %w", email, err)
		}
		used := []int64{}
		for _, p := range demoPipeline[n] {
			if err := insertProspect(ctx, tx, net, owner, p, today, &used); err != nil {
				return fmt.Errorf("prospect %q: %w", p.name, err)
			}
		}
	}
	return nil
}

func insertProspect(ctx context.Context, tx pgx.Tx, net, owner int64, p demoProspect, today time.Time, used *[]int64) error {
	var employer *int64
	if p.employerStatus != "" {
		// A demo employer of that status, not linked yet: the most recent
		// one, so the pipeline's dates fit its history.
		var id int64
		err := tx.QueryRow(ctx, `SELECT id, name, coalesce(kvk_number, ''), coalesce(postcode, '') FROM employers
			WHERE network_id = $1 AND status = $2 AND id <> ALL($3) ORDER BY status_changed_on DESC, id LIMIT 1`,
			net, p.employerStatus, *used).Scan(&id, &p.name, new(string), new(string))
		if err == pgx.ErrNoRows {
			return nil // the network has none of that status
		}
		if err != nil {
			return err
		}
		*used = append(*used, id)
		employer = &id
		if err := tx.QueryRow(ctx, `SELECT c.name, c.function, c.email FROM contacts c WHERE c.employer_id = $1
			ORDER BY c.is_primary DESC, c.id LIMIT 1`, id).Scan(&p.contact, &p.function, &p.email); err != nil && err != pgx.ErrNoRows {
			return err
		}
	}
	changed := time.Date(today.Year(), today.Month(), today.Day(), 10, 30, 0, 0, amsterdam()).AddDate(0, 0, -p.daysAgo)
	created := changed.AddDate(0, 0, -14)
	var reason, function, consentText, consentAt, next any
	if p.dropReason != "" {
		reason = p.dropReason
	}
	if p.function != "" {
		function = p.function
	}
	if p.consent {
		consentText, consentAt = "Ik geef het netwerk toestemming om contact met mij op te nemen over deelname aan het netwerk. Mijn gegevens worden alleen daarvoor gebruikt.", created
	}
	if p.nextStep != "" {
		next = today.AddDate(0, 0, p.nextIn)
	}
	_, err := tx.Exec(ctx, `INSERT INTO prospects (network_id, name, name_key, contact_name, contact_function, contact_email,
			hopes, offers, stage, furthest_stage, drop_reason, drop_note, source, source_employer_id, source_event_id,
			owner_id, next_step, next_step_on, employer_id, consent_text, consent_at, stage_changed_at, created_at, updated_at)
		VALUES ($1, $2, $21, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			CASE WHEN $12 = 'lid' THEN (SELECT id FROM employers WHERE network_id = $1 AND status = 'lid'
				AND id IS DISTINCT FROM $16::bigint ORDER BY member_since, id LIMIT 1) END,
			CASE WHEN $12 = 'bijeenkomst' THEN (SELECT id FROM events WHERE network_id = $1 AND starts_at < $19
				ORDER BY starts_at DESC LIMIT 1) END,
			$13, $14, $15, $16, $17, $18, $19, $20, $19)`,
		net, p.name, p.contact, function, p.email, p.hopes, p.offers, p.stage, p.furthest, reason, p.dropNote, p.source,
		owner, p.nextStep, next, employer, consentText, consentAt, changed, created, orgname.Key(p.name))
	return err
}

// insertWishProfile states a wish profile for the second network (the
// fast-growing one), so the dashboard's "Wensprofiel en werkelijkheid"
// has something to say: its two most common member cities and one more,
// four functions, half the members with a directie contact, and at most
// two new members a quarter.
func insertWishProfile(ctx context.Context, tx pgx.Tx, networkIDs []int64) error {
	if len(networkIDs) < 2 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO wish_profiles (network_id, target_size, max_growth_per_quarter, composition,
			municipalities, functions, levels, directie_share)
		VALUES ($1, 30, 2, 'gemengd',
			array_append(ARRAY(SELECT city FROM employers WHERE network_id = $1 AND status = 'lid' AND city <> ''
				GROUP BY city ORDER BY count(*) DESC, city LIMIT 2), 'Oldenzaal'),
			'{directie,hr,inkoop,leidinggevende}', '{strategisch,tactisch}', 50)`, networkIDs[1])
	return err
}
