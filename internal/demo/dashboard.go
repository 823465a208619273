package demo

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The dashboard's story in the demo data. 99vanGroot-Amsterdam (the second
// network) took in a dozen members in the last year: most came with one or
// two contacts, few with a director, and hardly any of them come to the
// meetings, so its attendance falls quarter by quarter while it grows, the
// chapter's warning. 99vanTwente grows slowly and its attendance holds.
// Everything is fixed data; only the dates move with the day of seeding.

// newcomer is a member of the second network that joined in the last year.
type newcomer struct {
	name, sector string
	employees    int
	city, pc     string
	daysAgo      int // became a member
	contacts     []newcomerContact
	challenges   []string // tag names (uitdaging)
	signed       bool     // signed the network's covenant
}

type newcomerContact struct {
	first, last, function, title, level, phone string
}

var (
	directeur = func(f, l, phone string) newcomerContact {
		return newcomerContact{f, l, "directie", "Directeur", "strategisch", phone}
	}
	hrAdviseur = func(f, l, phone string) newcomerContact {
		return newcomerContact{f, l, "hr", "HR-adviseur", "tactisch", phone}
	}
)

var newcomers = []newcomer{
	{"Hotel Het IJfront", "I", 64, "Amsterdam", "1019 BK", 12,
		[]newcomerContact{directeur("Ruben", "Koster", "020-6240110"), hrAdviseur("Nadia", "Bakker", "06-21450981")},
		[]string{"Kandidaten vinden", "Passend werk maken (jobcarving)"}, false},
	{"Groothandel Amstelfood", "G", 140, "Diemen", "1112 XC", 34,
		[]newcomerContact{{"Joost", "Mulder", "inkoop", "Inkoper", "operationeel", "020-6951234"}},
		[]string{"Inclusief inkopen / social return"}, false},
	{"Webbureau Pixelgracht", "J", 27, "Amsterdam", "1015 DV", 58,
		[]newcomerContact{hrAdviseur("Iris", "Smit", "06-34017722"), {"Daan", "Visser", "leidinggevende", "Teamleider", "operationeel", "020-6230987"}},
		[]string{"Kandidaten vinden", "Begeleiding op de werkvloer"}, false},
	{"Adviesbureau Stadskracht", "M", 41, "Amstelveen", "1183 AT", 81,
		[]newcomerContact{directeur("Mirjam", "de Groot", "020-6431200"), hrAdviseur("Sem", "Jansen", "06-18830456")},
		[]string{"Passend werk maken (jobcarving)"}, true},
	{"Beveiligingsdienst Waakzaam", "N", 210, "Amsterdam", "1043 GN", 103,
		[]newcomerContact{hrAdviseur("Fleur", "Dekker", "020-6112345")},
		[]string{"Kandidaten vinden", "Wet- en regelgeving en subsidies"}, false},
	{"Thuiszorg De Buurtzuster", "Q", 320, "Amsterdam", "1067 HE", 127,
		[]newcomerContact{directeur("Hanneke", "Bos", "020-6173300"), hrAdviseur("Youssef", "Amrani", "06-45129087")},
		[]string{"Begeleiding op de werkvloer", "Draagvlak bij leidinggevenden"}, true},
	{"Chocolaterie Puur Amstel", "C", 18, "Uithoorn", "1422 BL", 151,
		[]newcomerContact{directeur("Eline", "Vos", "0297-523410"), hrAdviseur("Bram", "Peters", "06-29384756")},
		[]string{"Passend werk maken (jobcarving)", "Kandidaten vinden"}, false},
	{"Logistiek Centrum Schiphol-Oost", "H", 460, "Aalsmeer", "1432 HA", 176,
		[]newcomerContact{{"Kevin", "Hendriks", "inkoop", "Inkoper", "tactisch", "0297-381122"}},
		[]string{"Inclusief inkopen / social return", "Behoud en doorgroei"}, false},
	{"Verzekeraar Zekerheid Noord", "K", 95, "Amsterdam", "1082 MS", 202,
		[]newcomerContact{{"Lisa", "van Leeuwen", "recruitment", "Recruiter", "operationeel", "06-51236789"}, {"Thijs", "Willems", "leidinggevende", "Teamleider", "operationeel", "020-6475566"}},
		[]string{"Kandidaten vinden"}, false},
	{"Kapsalon Knipwerk", "S", 7, "Amsterdam", "1053 RT", 229,
		[]newcomerContact{directeur("Samira", "El Idrissi", "06-60123456"), hrAdviseur("Noor", "Kok", "06-70234567")},
		[]string{"Wet- en regelgeving en subsidies"}, true},
	{"Installatietechniek Noordzij", "F", 52, "Amsterdam", "1033 SC", 258,
		[]newcomerContact{{"Wouter", "Meijer", "mvo", "MVO-coordinator", "tactisch", "020-6320011"}},
		[]string{"Passend werk maken (jobcarving)", "Begeleiding op de werkvloer"}, false},
	{"Hogeschool Amstelkennis", "P", 880, "Amsterdam", "1097 DZ", 300,
		[]newcomerContact{directeur("Gerard", "Prins", "020-5950100"), hrAdviseur("Anouk", "de Wit", "020-5950122")},
		[]string{"Draagvlak bij leidinggevenden", "Behoud en doorgroei"}, false},
}

// attendancePlan is, per quarter from four quarters ago to the current
// one, the share of registered people who came, by network position.
var attendancePlan = map[int][]float64{
	0: {0.78, 0.80, 0.80, 0.82, 0.84}, // steady
	1: {0.90, 0.80, 0.62, 0.48, 0.38}, // falling while the network grows
}

var dashboardEventTitles = []struct{ kind, title string }{
	{"netwerkbijeenkomst", "Netwerkbijeenkomst: kandidaten vinden met het Werkgeversservicepunt"},
	{"kenniskring", "Kenniskring: jobcarving in de praktijk"},
	{"werkbezoek", "Werkbezoek: een werkdag bij een lid"},
	{"netwerkbijeenkomst", "Netwerkbijeenkomst: inclusief inkopen"},
	{"masterclass", "Masterclass voor directie: van ambitie naar banen"},
}

// insertDashboardData adds the newcomers (with their intakes, a first visit
// for some and a covenant for a few), events of the last five quarters in
// the first two networks, and offers of help that match the newcomers'
// challenges; sum counts the added employers and contacts.
func insertDashboardData(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time, sum *Summary) error {
	if len(networkIDs) < 2 {
		return nil
	}
	ids, err := insertNewcomers(ctx, tx, networkIDs[1], now, sum)
	if err != nil {
		return fmt.Errorf("newcomers: %w", err)
	}
	if err := newcomerIntakes(ctx, tx, ids, networkIDs[1], now); err != nil {
		return fmt.Errorf("newcomer intakes: %w", err)
	}
	if err := newcomerFollowUp(ctx, tx, ids, networkIDs[1], now); err != nil {
		return fmt.Errorf("newcomer visits: %w", err)
	}
	for n := range attendancePlan {
		if err := insertQuarterEvents(ctx, tx, n, networkIDs[n], now); err != nil {
			return fmt.Errorf("dashboard events: %w", err)
		}
	}
	return insertHelperOffers(ctx, tx, networkIDs[1])
}

func insertNewcomers(ctx context.Context, tx pgx.Tx, network int64, now time.Time, sum *Summary) ([]int64, error) {
	today := dateOf(now.In(amsterdam()))
	ids := make([]int64, len(newcomers))
	for i, nc := range newcomers {
		lid := today.AddDate(0, 0, -nc.daysAgo)
		prospect, applied := lid.AddDate(0, 0, -50), lid.AddDate(0, 0, -21)
		created := prospect.Add(9*time.Hour + time.Duration(i)*7*time.Minute)
		err := tx.QueryRow(ctx, `INSERT INTO employers (network_id, name, kvk_number, sector_id, employee_count, address, postcode, city,
				region_id, status, status_changed_on, member_since, created_at, updated_at)
			SELECT $1, $2, $3, (SELECT id FROM sectors WHERE scheme = 'SBI2008' AND code = $4), $5, $6, $7, $8,
				n.region_id, 'lid', $9, $9, $10, $11
			FROM networks n WHERE n.id = $1 RETURNING id`,
			network, nc.name, fmt.Sprintf("3481%04d", 1013+i*37), nc.sector, nc.employees,
			fmt.Sprintf("%s %d", streets[i%len(streets)], 3+i*11), nc.pc, nc.city, lid, created, lid.Add(11*time.Hour)).Scan(&ids[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", nc.name, err)
		}
		for _, h := range []statusChange{{"prospect", prospect}, {"aangemeld", applied}, {"lid", lid}} {
			if _, err := tx.Exec(ctx, `INSERT INTO employer_status_changes (employer_id, status, changed_on, created_at)
				VALUES ($1, $2, $3, $4)`, ids[i], h.status, h.on, h.on.Add(10*time.Hour)); err != nil {
				return nil, err
			}
		}
		if err := newcomerDetails(ctx, tx, ids[i], nc, prospect, created); err != nil {
			return nil, fmt.Errorf("%s: %w", nc.name, err)
		}
		sum.Employers++
		sum.Contacts += len(nc.contacts)
	}
	return ids, nil
}

// newcomerDetails adds the contacts and challenges of a newcomer, with the
// audit entries every seeded employer and contact has.
func newcomerDetails(ctx context.Context, tx pgx.Tx, id int64, nc newcomer, from, created time.Time) error {
	domain := slug(nc.name) + ".example"
	for j, c := range nc.contacts {
		email := strings.ToLower(asciiFold(c.first)) + "." + strings.ToLower(asciiFold(strings.ReplaceAll(c.last, " ", ""))) + "@" + domain
		if _, err := tx.Exec(ctx, `INSERT INTO contacts (employer_id, name, email, phone, function, job_title, level, is_primary,
				active_from, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			id, c.first+" "+c.last, email, c.phone, c.function, c.title, c.level, j == 0, from,
			created.Add(time.Duration(2+j)*time.Minute)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO employer_tags (employer_id, tag_id)
		SELECT $1, id FROM tags WHERE kind = 'uitdaging' AND name = ANY($2)`, id, nc.challenges); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, source, entity, entity_id, employer_id, action, changes)
		SELECT at, 'Demo-gegevens', 'seed', entity, entity_id, $1, 'aangemaakt', '{}'
		FROM (SELECT created_at AS at, 'employer' AS entity, id AS entity_id FROM employers WHERE id = $1
			UNION ALL SELECT created_at, 'contact', id FROM contacts WHERE employer_id = $1) x
		ORDER BY at, entity DESC, entity_id`, id)
	return err
}

// newcomerIntakes gives every newcomer the processed intake it joined
// with: invited five days after the first contact, submitted within days
// to weeks, processed two days later.
func newcomerIntakes(ctx context.Context, tx pgx.Tx, ids []int64, network int64, now time.Time) error {
	var coordinator int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = 'coordinator2@example.org'`).Scan(&coordinator); err != nil {
		return err
	}
	today := dateOf(now.In(amsterdam()))
	for i, id := range ids {
		p, err := loadProfile(ctx, tx, id)
		if err != nil {
			return err
		}
		a, err := p.answers(ctx, tx, network, 0)
		if err != nil {
			return err
		}
		invited := today.AddDate(0, 0, -newcomers[i].daysAgo-45).Add(9 * time.Hour)
		submitted := invited.AddDate(0, 0, 3+4*(i%4))
		d := demoIntake{employer: id, network: network, year: invited.In(amsterdam()).Year(), status: "verwerkt",
			done: []int{1, 2, 3, 4, 5, 6, 7}, step: 8, answers: a, invited: invited, submitted: submitted,
			processed: submitted.AddDate(0, 0, 2), lastActive: submitted, expires: invited.AddDate(0, 0, 30),
			contact: p.contacts[0].id, processedBy: coordinator}
		if _, err := insertIntake(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// newcomerFollowUp: the coordinator visited some newcomers after they
// joined, so about half the network's members have had a visit, and a
// few signed the covenant; the rest have not yet.
func newcomerFollowUp(ctx context.Context, tx pgx.Tx, ids []int64, network int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	var members, visited int
	err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.employer_id = e.id))
		FROM employers e WHERE e.network_id = $1 AND e.status = 'lid'`, network).Scan(&members, &visited)
	if err != nil {
		return err
	}
	for i := 0; i < len(ids) && visited < members/2; i += 2 {
		on := today.AddDate(0, 0, -newcomers[i].daysAgo+7)
		if on.After(today) {
			on = today
		}
		var visit int64
		err := tx.QueryRow(ctx, `INSERT INTO visits (employer_id, kind, visited_on, user_ids, notes, agreements, created_by, created_at, updated_at)
			SELECT $1, 'bezoek', $2, ARRAY[u.id], $3, $4, u.id, $2::date + interval '15 hours', $2::date + interval '15 hours'
			FROM users u WHERE u.email = 'coordinator2@example.org' RETURNING id`, ids[i], on,
			"Kennismaking na de aanmelding: rondleiding gehad, eerste ideeën over passende functies besproken.",
			"Contactpersoon komt naar de volgende netwerkbijeenkomst; wij sturen de stappen naar het Werkgeversservicepunt.").Scan(&visit)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO visit_contacts (visit_id, contact_id)
			SELECT $1, id FROM contacts WHERE employer_id = $2 ORDER BY id LIMIT 1`, visit, ids[i]); err != nil {
			return err
		}
		visited++
	}
	for i, id := range ids {
		if !newcomers[i].signed {
			continue
		}
		signed := today.AddDate(0, 0, -newcomers[i].daysAgo+10)
		if _, err := tx.Exec(ctx, `INSERT INTO commitments (employer_id, kind_id, status, promised_on, signed_on, valid_from, created_at, updated_at)
			SELECT $1, id, 'getekend', $2::date - 14, $2, $2, $2::date + interval '10 hours', $2::date + interval '10 hours'
			FROM commitment_kinds WHERE code = 'convenant' AND network_id IS NULL`, id, signed); err != nil {
			return err
		}
	}
	return nil
}

// insertQuarterEvents holds one event in each of the last five quarters
// (the current one only when its day has passed), inviting the contacts of
// the members of that day, the longest-standing first. Those who came are
// counted from the front of the list, so newcomers are the ones missing.
func insertQuarterEvents(ctx context.Context, tx pgx.Tx, n int, network int64, now time.Time) error {
	loc := amsterdam()
	local := now.In(loc)
	current := time.Date(local.Year(), (local.Month()-1)/3*3+1, 1, 0, 0, 0, 0, loc)
	var host int64
	if err := tx.QueryRow(ctx, `SELECT id FROM employers WHERE network_id = $1 AND status = 'lid' ORDER BY id LIMIT 1`, network).Scan(&host); err != nil {
		return err
	}
	for k, rate := range attendancePlan[n] {
		q := current.AddDate(0, 3*(k-4), 0)
		day := q.AddDate(0, 0, 24+k)
		start := time.Date(day.Year(), day.Month(), day.Day(), 15, 30, 0, 0, loc)
		if !start.Add(3 * time.Hour).Before(now) {
			continue
		}
		rows, _ := tx.Query(ctx, `SELECT c.id FROM contacts c JOIN employers e ON e.id = c.employer_id
			WHERE e.network_id = $1 AND e.status = 'lid' AND e.member_since <= $2 AND c.email <> '' AND c.active_until IS NULL
			ORDER BY e.member_since, e.id, c.id`, network, start)
		contacts, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		total := len(contacts)
		registered := int(math.Round(0.7 * float64(total)))
		present := int(math.Round(rate * float64(registered)))
		declined := int(math.Round(0.15 * float64(total)))
		t := dashboardEventTitles[k]
		d := demoEvent{kind: t.kind, title: t.title, place: "Gastlocatie bij een lid", present: present, absent: registered - present,
			declined: declined, silent: total - registered - declined}
		if err := insertEvent(ctx, tx, network, host, contacts, d, start, fmt.Sprintf("demo-dash-%d-%d", n, k)); err != nil {
			return err
		}
	}
	return nil
}

// insertHelperOffers makes sure the newcomers' most named challenges have
// someone in the network who offers knowledge on them.
func insertHelperOffers(ctx context.Context, tx pgx.Tx, network int64) error {
	offers := []struct{ employer, challenge string }{
		{"Zorginstelling Het Buitenhof", "Passend werk maken (jobcarving)"},
		{"Schoonmaakbedrijf Helder & Co", "Kandidaten vinden"},
		{"Opleidingscentrum Vakmanschap Amstel", "Begeleiding op de werkvloer"},
	}
	for _, o := range offers {
		_, err := tx.Exec(ctx, `INSERT INTO employer_tags (employer_id, tag_id)
			SELECT e.id, o.id FROM employers e, tags c JOIN tags o ON o.helps_with_tag_id = c.id AND o.kind = 'aanbod'
			WHERE e.network_id = $1 AND e.name = $2 AND c.kind = 'uitdaging' AND c.name = $3
				AND NOT EXISTS (SELECT 1 FROM employer_tags x WHERE x.employer_id = e.id AND x.tag_id = c.id)
			ON CONFLICT DO NOTHING`, network, o.employer, o.challenge)
		if err != nil {
			return err
		}
	}
	return nil
}
