package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoPartner is a partner of the second ring that every demo region has.
// {regio}, {stad} and {slug} in its texts are filled in per region. The
// public bodies (UWV, a municipality) and Onbeperkt aan de Slag exist; the
// people, phone numbers and addresses do not.
type demoPartner struct {
	kind, name, email, phone, website, notes string
	helpsWith                                []string // challenge tag names
}

var demoPartners = []demoPartner{
	{"wsp", "Werkgeversservicepunt {regio}", "werkgevers@wsp-{slug}.example.nl", "088-1234500", "https://wsp-{slug}.example.nl",
		"Eén loket voor werkgevers in de regio: vacatures, kandidaten uit de doelgroep en de regelingen van gemeenten en UWV.",
		[]string{"Kandidaten vinden", "Wet- en regelgeving en subsidies", "Passend werk maken (jobcarving)"}},
	{"uwv", "UWV Werkgeversdienstverlening {regio}", "werkgevers.{slug}@uwv.example.nl", "088-8980900", "https://uwv.example.nl",
		"Voor de no-riskpolis, loondispensatie en kandidaten uit het doelgroepregister.",
		[]string{"Wet- en regelgeving en subsidies", "Kandidaten vinden", "Begeleiding op de werkvloer"}},
	{"gemeente", "Gemeente {stad}, team Werk en Inkomen", "werk@gemeente-{stad-slug}.example.nl", "0{netnummer}-4810000", "https://gemeente-{stad-slug}.example.nl",
		"Loonkostensubsidie, jobcoaching vanuit de Participatiewet en social return in de eigen aanbestedingen.",
		[]string{"Wet- en regelgeving en subsidies", "Inclusief inkopen / social return", "Kandidaten vinden"}},
	{"reintegratiebureau", "Re-integratiebureau Stap Verder {regio}", "{slug}@stapverder.example.org", "085-3031220", "https://stapverder.example.org",
		"Jobcoaching op de werkvloer en trajecten om mensen aan het werk te houden.",
		[]string{"Begeleiding op de werkvloer", "Behoud en doorgroei"}},
	{"commercieel", "Adviesbureau Inclusief Ondernemen {regio}", "", "06-41234567", "",
		"Commerciële aanbieder: workshops voor leidinggevenden en advies over jobcarving. Geen e-mailadres bekend; bellen.",
		[]string{"Draagvlak bij leidinggevenden", "Passend werk maken (jobcarving)", "Begeleiding op de werkvloer"}},
	{"matchingsplatform", "Onbeperkt aan de Slag", "regio-{slug}@onbeperktaandeslag.example.org", "", "https://onbeperktaandeslag.example.org",
		"Matchingsplatform: vacatures van werkgevers voor mensen met een arbeidsbeperking, met hulp bij het opstellen van de vacature.",
		[]string{"Kandidaten vinden"}},
	{"onderwijs", "Praktijkschool {stad}", "stage@praktijkschool-{stad-slug}.example.nl", "085-7654320", "https://praktijkschool-{stad-slug}.example.nl",
		"Stages en leerwerkplekken voor leerlingen van de praktijkschool, met begeleiding vanuit school.",
		[]string{"Kandidaten vinden", "Behoud en doorgroei"}},
}

// demoRegion is what the partners of a demo region are named after, and
// the contact persons of its partners in demoPartners order.
type demoRegion struct {
	slug, city, areaCode string
	contacts             []string
}

var demoRegions = map[string]demoRegion{
	"Twente": {"twente", "Enschede", "53", []string{"Annelies Oude Groothuis", "Marco Nijhuis", "Sanne Kuipers",
		"Erik Lansink", "Ilse ter Braak", "Yara de Boer", "Herman Wessels"}},
	"Groot Amsterdam": {"groot-amsterdam", "Amsterdam", "20", []string{"Fatima El Idrissi", "Joost van Leeuwen", "Mirjam Koster",
		"Dennis Verhoeven", "Lotte Smit", "Rachid Ouali", "Ingrid Postma"}},
	"Zuid-Kennemerland en IJmond": {"kennemerland-ijmond", "Haarlem", "23", []string{"Petra Zwart", "Kees Dekker",
		"Naomi Brouwer", "Willem Schouten", "Anouk Vos", "Tim Hendriks", "Esther Mulder"}},
}

// fill puts the region's names into a text of demoPartners.
func (r demoRegion) fill(region, s string) string {
	return strings.NewReplacer("{regio}", region, "{slug}", r.slug, "{stad}", r.city, "{stad-slug}", slug(r.city),
		"{netnummer}", r.areaCode).Replace(s)
}

// demoReferrers are, by network position, the demo accounts that made the
// referrals; network 3 has no coordinator of its own.
var demoReferrers = []string{"coordinator@example.org", "coordinator2@example.org", "beheer@example.org"}

// demoReferral is one referral every network makes, of its members in
// order: every status, some follow-ups overdue, some introduced by mail.
type demoReferral struct {
	status          string
	daysAgo         int
	followUp        *int // days from today; nil: none
	mailed          bool
	outcome         string
	partnerFallback string // kind to use when no partner helps with the employer's challenges
}

func days(n int) *int { return &n }

var demoReferrals = []demoReferral{
	{"doorverwezen", 12, days(9), true, "", "wsp"},
	{"opgepakt", 48, days(-6), true, "De partner heeft een eerste gesprek gehad; een voorstel volgt.", "uwv"},
	{"afgerond", 130, nil, true, "Er is een kandidaat geplaatst op een werkervaringsplaats, met jobcoaching vanuit de partner.", "reintegratiebureau"},
	{"niet_gelukt", 95, nil, false, "De partner had geen passend aanbod voor deze kleine werkgever; verder gezocht via het netwerk.", "commercieel"},
	{"open", 3, days(4), false, "", "gemeente"},
	{"doorverwezen", 35, days(-3), false, "", "matchingsplatform"},
	{"afgerond", 200, nil, false, "Advies over loonkostensubsidie gekregen en toegepast.", "uwv"},
}

// demoQuestions are the questions of the referrals, by the first challenge
// the chosen partner helps the employer with.
var demoQuestions = map[string]string{
	"Kandidaten vinden":                 "Wij zoeken twee mensen voor de logistiek en weten niet waar we kandidaten uit de doelgroep vinden.",
	"Passend werk maken (jobcarving)":   "Welke taken kunnen we samenvoegen tot een passende functie in de productie?",
	"Begeleiding op de werkvloer":       "Onze nieuwe medewerker heeft een jobcoach nodig; wie regelt en betaalt die?",
	"Wet- en regelgeving en subsidies":  "Hoe werken loonkostensubsidie en de no-riskpolis, en waar vragen we die aan?",
	"Draagvlak bij leidinggevenden":     "Onze teamleiders twijfelen; wie kan een workshop over inclusief leidinggeven geven?",
	"Inclusief inkopen / social return": "Hoe nemen we social return op in onze inkoop, en welke leveranciers passen daarbij?",
	"Behoud en doorgroei":               "Hoe houden we een medewerker met een arbeidsbeperking vast die wil doorgroeien?",
	"":                                  "Wij willen graag meer mensen met een arbeidsbeperking in dienst nemen. Waar beginnen we?",
}

// insertPartners seeds the partners of every demo network's region and the
// referrals each network made to them.
func insertPartners(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	seen := map[string]bool{}
	for _, n := range networkSpecs[:min(len(networkSpecs), len(networkIDs))] {
		if seen[n.region] {
			continue // partners are shared by the networks of a region
		}
		seen[n.region] = true
		if err := insertRegionPartners(ctx, tx, n.region, today); err != nil {
			return fmt.Errorf("partners %s: %w", n.region, err)
		}
	}
	for i, net := range networkIDs {
		if err := insertReferrals(ctx, tx, net, demoReferrers[min(i, len(demoReferrers)-1)], today); err != nil {
			return fmt.Errorf("referrals: %w", err)
		}
	}
	return nil
}

func insertRegionPartners(ctx context.Context, tx pgx.Tx, region string, today time.Time) error {
	r, ok := demoRegions[region]
	if !ok {
		return nil
	}
	for i, p := range demoPartners {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO partners (region_id, kind, name, contact_name, email, phone, website, notes, created_at, updated_at)
			VALUES ((SELECT id FROM regions WHERE name = $1), $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			region, p.kind, r.fill(region, p.name), r.contacts[i], r.fill(region, p.email), r.fill(region, p.phone),
			r.fill(region, p.website), p.notes, today.AddDate(0, 0, -400)).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO partner_tags (partner_id, tag_id)
			SELECT $1, id FROM tags WHERE kind = 'uitdaging' AND name = ANY($2)`, id, p.helpsWith); err != nil {
			return err
		}
	}
	return nil
}

// referralTarget is a member employer with its primary contact and the
// partner that fits its challenges best.
type referralTarget struct {
	employer, contact int64
	contactEmail      string
	partner           int64
	partnerName       string
	partnerEmail      string
	challenge         string
	since             time.Time // the employer's first day in the portal
}

// insertReferrals lets a network refer its members, in order, each to the
// partner of its region that helps most with its challenges, or else to the
// partner of the referral's fallback kind.
func insertReferrals(ctx context.Context, tx pgx.Tx, network int64, referrer string, today time.Time) error {
	var by int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, referrer).Scan(&by); err != nil {
		return fmt.Errorf("referrer %s: %w", referrer, err)
	}
	rows, err := tx.Query(ctx, `SELECT e.id, e.created_at FROM employers e WHERE e.network_id = $1 AND e.status = 'lid'
		AND e.region_id IS NOT NULL ORDER BY e.id LIMIT $2`, network, len(demoReferrals))
	if err != nil {
		return err
	}
	type member struct {
		ID      int64
		Created time.Time
	}
	members, err := pgx.CollectRows(rows, pgx.RowToStructByPos[member])
	if err != nil {
		return err
	}
	for i, m := range members {
		d := demoReferrals[i]
		t, err := referralTargetOf(ctx, tx, m.ID, d.partnerFallback)
		if err != nil {
			return err
		}
		// No referral before the employer came in view.
		t.since = dateOf(m.Created.In(amsterdam()))
		if err := insertReferral(ctx, tx, network, by, t, d, today); err != nil {
			return err
		}
	}
	return nil
}

func referralTargetOf(ctx context.Context, tx pgx.Tx, employer int64, fallback string) (referralTarget, error) {
	t := referralTarget{employer: employer}
	err := tx.QueryRow(ctx, `SELECT c.id, c.email FROM contacts c WHERE c.employer_id = $1 AND c.is_primary AND c.active_until IS NULL`,
		employer).Scan(&t.contact, &t.contactEmail)
	if err != nil {
		return t, fmt.Errorf("primary contact of %d: %w", employer, err)
	}
	err = tx.QueryRow(ctx, `SELECT p.id, p.name, p.email, coalesce((SELECT t.name FROM partner_tags pt
				JOIN employer_tags et ON et.tag_id = pt.tag_id AND et.employer_id = e.id
				JOIN tags t ON t.id = pt.tag_id AND t.kind = 'uitdaging'
				WHERE pt.partner_id = p.id ORDER BY t.position LIMIT 1), '')
		FROM employers e JOIN partners p ON p.region_id = e.region_id
		WHERE e.id = $1
		ORDER BY (SELECT count(*) FROM partner_tags pt JOIN employer_tags et ON et.tag_id = pt.tag_id AND et.employer_id = e.id
			WHERE pt.partner_id = p.id) DESC, p.kind = $2 DESC, p.id
		LIMIT 1`, employer, fallback).Scan(&t.partner, &t.partnerName, &t.partnerEmail, &t.challenge)
	if err != nil {
		return t, fmt.Errorf("partner for %d: %w", employer, err)
	}
	return t, nil
}

func insertReferral(ctx context.Context, tx pgx.Tx, network, by int64, t referralTarget, d demoReferral, today time.Time) error {
	on := today.AddDate(0, 0, -d.daysAgo)
	if on.Before(t.since) {
		on = t.since
	}
	var followUp, mailed any
	if d.followUp != nil {
		f := today.AddDate(0, 0, *d.followUp)
		if f.Before(on) {
			f = on
		}
		followUp = f
	}
	if d.mailed && t.partnerEmail != "" && t.contactEmail != "" {
		mailed = on.Add(10 * time.Hour)
	}
	created := on.Add(10 * time.Hour)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO referrals (employer_id, network_id, partner_id, contact_id, question, referred_on,
			referred_by, status, follow_up_on, outcome, mailed_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		t.employer, network, t.partner, t.contact, demoQuestions[t.challenge], on, by, d.status, followUp, d.outcome,
		mailed, created).Scan(&id)
	if err != nil {
		return err
	}
	changes, err := json.Marshal(map[string]map[string]string{"partner": {"old": "", "new": t.partnerName}})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor, source, entity, entity_id, employer_id, action, changes)
		VALUES ($1, 'Demo-gegevens', 'seed', 'referral', $2, $3, 'aangemaakt', $4)`, created, id, t.employer, changes)
	return err
}
