package demo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/nltime"
)

// demoConditions are the conditions of membership of the demo networks, by
// network position: 99vanTwente asks a letter of intent, as it does.
var demoConditions = [][]string{
	{"intentieverklaring", "rapportage"},
	{"convenant", "rapportage"},
	{"rapportage"},
}

func insertConditions(ctx context.Context, tx pgx.Tx, networkIDs []int64) error {
	for i, codes := range demoConditions {
		for _, code := range codes {
			if _, err := tx.Exec(ctx, `INSERT INTO network_conditions (network_id, kind_id)
				SELECT $1, id FROM commitment_kinds WHERE code = $2`, networkIDs[i], code); err != nil {
				return err
			}
		}
	}
	return nil
}

// profileRow is what the demo intakes copy from a seeded profile.
type profileRow struct {
	id, sector, region, maturity int64
	name, kvk, postcode, city    string
	employees                    *int
	challenges, offers           []string
	contacts                     []contactRow
	network                      string
}

type contactRow struct {
	id                           int64
	name, email, function, level string
}

func loadProfile(ctx context.Context, tx pgx.Tx, id int64) (profileRow, error) {
	p := profileRow{id: id}
	err := tx.QueryRow(ctx, `SELECT e.name, coalesce(e.kvk_number, ''), coalesce(e.sector_id, 0), e.employee_count,
		coalesce(e.postcode, ''), e.city, coalesce(e.region_id, 0), coalesce(e.maturity_level_id, 0), n.name,
		array(SELECT t.id::text FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE et.employer_id = e.id AND t.kind = 'uitdaging' ORDER BY t.position),
		array(SELECT t.id::text FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE et.employer_id = e.id AND t.kind = 'aanbod' ORDER BY t.position)
		FROM employers e JOIN networks n ON n.id = e.network_id WHERE e.id = $1`, id).
		Scan(&p.name, &p.kvk, &p.sector, &p.employees, &p.postcode, &p.city, &p.region, &p.maturity, &p.network,
			&p.challenges, &p.offers)
	if err != nil {
		return p, err
	}
	rows, _ := tx.Query(ctx, `SELECT id, name, email, function, level FROM contacts
		WHERE employer_id = $1 AND (active_until IS NULL OR active_until > current_date) ORDER BY is_primary DESC, id`, id)
	p.contacts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (contactRow, error) {
		var c contactRow
		return c, r.Scan(&c.id, &c.name, &c.email, &c.function, &c.level)
	})
	return p, err
}

// answers builds validated answers from a profile; variant 1 is this year's
// (with changes the coordinator can take over), 0 last year's.
func (p profileRow) answers(ctx context.Context, tx pgx.Tx, networkID int64, variant int) (map[string]url.Values, error) {
	ids := func(sql string) ([]string, error) {
		var out []string
		err := tx.QueryRow(ctx, `SELECT array(`+sql+`)`).Scan(&out)
		return out, err
	}
	allChallenges, err := ids(`SELECT id::text FROM tags WHERE kind = 'uitdaging' ORDER BY position`)
	if err != nil {
		return nil, err
	}
	offers, err := ids(`SELECT id::text FROM tags WHERE kind = 'aanbod' ORDER BY position LIMIT 3`)
	if err != nil {
		return nil, err
	}
	themes, err := ids(`SELECT id::text FROM themes ORDER BY position LIMIT 2`)
	if err != nil {
		return nil, err
	}
	levels, err := ids(fmt.Sprintf(`SELECT m.id::text FROM maturity_levels m JOIN networks n ON n.maturity_scale = m.scale
		WHERE n.id = %d ORDER BY m.position`, networkID))
	if err != nil {
		return nil, err
	}
	var conditions []string
	if err := tx.QueryRow(ctx, `SELECT array(SELECT k.code FROM network_conditions c JOIN commitment_kinds k ON k.id = c.kind_id
		WHERE c.network_id = $1 ORDER BY k.position)`, networkID).Scan(&conditions); err != nil {
		return nil, err
	}
	employees := 40
	if p.employees != nil {
		employees = *p.employees
	}
	challenges := p.challenges
	if len(challenges) == 0 {
		challenges = allChallenges[:1]
	}
	level := levels[min(1, len(levels)-1)]
	if variant == 1 {
		employees += employees/10 + 5
		challenges = appendNew(challenges, allChallenges[2])
		level = levels[min(2, len(levels)-1)]
	}
	org := url.Values{"naam": {p.name}, "sector": {strconv.FormatInt(p.sector, 10)},
		"medewerkers": {strconv.Itoa(employees)}, "plaats": {p.city}, "regio": {strconv.FormatInt(p.region, 10)}}
	if p.kvk != "" {
		org.Set("kvk", p.kvk)
	}
	if p.postcode != "" {
		org.Set("postcode", p.postcode)
	}
	people := url.Values{}
	for _, c := range p.contacts {
		people.Add("deelnemer_naam", c.name)
		people.Add("deelnemer_functie", c.function)
		people.Add("deelnemer_niveau", c.level)
	}
	if variant == 1 {
		people.Add("collega_naam", "Sanne de Wit")
		people.Add("collega_email", "sanne.dewit@"+p.domainOrExample())
		people.Add("collega_functie", "leidinggevende")
	}
	ambition := url.Values{"banen_ambitie": {"2"}, "mensen_nu": {"3"}, "uren_nu": {"60"}}
	if variant == 1 {
		ambition = url.Values{"banen_ambitie": {"3"}, "mensen_nu": {"4"}, "uren_nu": {"86.5"}}
	}
	cond := url.Values{"themas": themes, "verwachtingen": {"Kennis delen met andere werkgevers in de regio en samen kandidaten vinden."}}
	for _, c := range conditions {
		cond.Set("bereid_"+c, "ja")
	}
	return map[string]url.Values{
		"1": org,
		"2": {"uitdagingen": challenges, "uitdagingen_toelichting": {"Vooral leidinggevenden twijfelen nog of het past in het werkritme."}},
		"3": {"aanbod": offers, "kennis_onderwerpen": {"Werkplekaanpassingen in de productie"}},
		"4": {"niveau": {level}},
		"5": people,
		"6": ambition,
		"7": cond,
	}, nil
}

func (p profileRow) domainOrExample() string {
	for _, c := range p.contacts {
		for i := len(c.email) - 1; i >= 0; i-- {
			if c.email[i] == '@' {
				return c.email[i+1:]
			}
		}
	}
	return "example.org"
}

func appendNew(list []string, v string) []string {
	for _, s := range list {
		if s == v {
			return list
		}
	}
	return append(append([]string{}, list...), v)
}

// demoIntake is one seeded intake.
type demoIntake struct {
	employer    int64
	network     int64
	year        int
	status      string
	done        []int
	answers     map[string]url.Values
	drafts      map[string]url.Values
	step        int
	expires     time.Time
	submitted   time.Time
	processed   time.Time
	invited     time.Time
	basedOn     int64
	contact     int64
	tokenHash   []byte
	lastActive  time.Time
	processedBy int64
}

func newDemoToken() (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	h := sha256.Sum256([]byte(t))
	return t, h[:]
}

func insertIntake(ctx context.Context, tx pgx.Tx, d demoIntake) (int64, error) {
	if d.tokenHash == nil {
		_, d.tokenHash = newDemoToken()
	}
	answers, err := json.Marshal(d.answers)
	if err != nil {
		return 0, err
	}
	if d.drafts == nil {
		d.drafts = map[string]url.Values{}
	}
	if d.done == nil {
		d.done = []int{}
	}
	drafts, err := json.Marshal(d.drafts)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO intakes (employer_id, year, status, contact_id, token_hash, expires_at, invited_by,
		invited_at, opened_at, last_activity_at, submitted_at, processed_at, processed_by, current_step, answers, drafts,
		done_steps, based_on_id)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM users WHERE email = 'coordinator@example.org'), $7,
			CASE WHEN $3 = 'uitgenodigd' THEN NULL ELSE $7::timestamptz + interval '1 day' END, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		RETURNING id`,
		d.employer, d.year, d.status, nullID(d.contact), d.tokenHash, d.expires, d.invited, d.lastActive,
		nullTime(d.submitted), nullTime(d.processed), nullID(d.processedBy), d.step, answers, drafts, d.done, nullID(d.basedOn)).Scan(&id)
	return id, err
}

// insertIntakes seeds intakes in every state a coordinator meets: one
// being filled in (its link is returned, and its invitation can be read
// under "Verzonden e-mail"), one submitted with last year's processed intake
// to compare, one just invited and one expired.
func insertIntakes(ctx context.Context, tx pgx.Tx, plan []employerPlan, ids, networkIDs []int64, now time.Time, baseURL string) (string, error) {
	picks := map[int][]int{} // network -> plan indexes of members with an e-mail contact
	for i, e := range plan {
		if e.history[len(e.history)-1].status == "lid" && len(e.contacts) > 1 && e.contacts[0].email != "" && e.contacts[0].activeUntil.IsZero() {
			picks[e.network] = append(picks[e.network], i)
		}
	}
	if len(picks[0]) < 2 || len(picks[1]) < 2 {
		return "", fmt.Errorf("demo intakes: too few members with contacts")
	}
	s := intakeSeeder{tx: tx, plan: plan, ids: ids, networkIDs: networkIDs, now: now, year: now.In(amsterdam()).Year()}
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = 'coordinator@example.org'`).Scan(&s.coordinator); err != nil {
		return "", err
	}
	link, err := s.beingFilledIn(ctx, picks[0][0], baseURL)
	if err != nil {
		return "", err
	}
	if err := s.submittedAfterLastYear(ctx, picks[0][1]); err != nil {
		return "", err
	}
	// In the second network: one just invited, one whose link expired.
	if err := s.invited(ctx, picks[1][0], false); err != nil {
		return "", err
	}
	return link, s.invited(ctx, picks[1][1], true)
}

// intakeSeeder writes the demo's intakes for members of the plan.
type intakeSeeder struct {
	tx          pgx.Tx
	plan        []employerPlan
	ids         []int64 // employer id per plan index
	networkIDs  []int64
	now         time.Time
	year        int
	coordinator int64
}

// profile reads back the employer of plan index i and names its network.
func (s intakeSeeder) profile(ctx context.Context, i int) (profileRow, int64, error) {
	p, err := loadProfile(ctx, s.tx, s.ids[i])
	return p, s.networkIDs[s.plan[i].network], err
}

// beingFilledIn: organisation and challenges done, offers half-way; its
// personal link is returned and its invitation is in the outbox.
func (s intakeSeeder) beingFilledIn(ctx context.Context, i int, baseURL string) (string, error) {
	p, net, err := s.profile(ctx, i)
	if err != nil {
		return "", err
	}
	a, err := p.answers(ctx, s.tx, net, 1)
	if err != nil {
		return "", err
	}
	token, hash := newDemoToken()
	now := s.now
	open := demoIntake{employer: p.id, network: net, year: s.year, status: "bezig", done: []int{1, 2}, step: 3,
		answers: map[string]url.Values{"1": a["1"], "2": a["2"], "5": a["5"]},
		drafts:  map[string]url.Values{"3": {"aanbod": a["3"]["aanbod"][:1]}},
		invited: now.AddDate(0, 0, -6), lastActive: now.AddDate(0, 0, -2), expires: now.AddDate(0, 0, 24),
		contact: p.contacts[0].id, tokenHash: hash}
	if _, err := insertIntake(ctx, s.tx, open); err != nil {
		return "", err
	}
	link := baseURL + "/intake/" + token
	return link, insertInvitationMail(ctx, s.tx, p, net, link, open.expires)
}

// submittedAfterLastYear: submitted this year, with last year's processed
// intake before it to compare.
func (s intakeSeeder) submittedAfterLastYear(ctx context.Context, i int) error {
	p, net, err := s.profile(ctx, i)
	if err != nil {
		return err
	}
	last, err := p.answers(ctx, s.tx, net, 0)
	if err != nil {
		return err
	}
	now := s.now
	lastID, err := insertIntake(ctx, s.tx, demoIntake{employer: p.id, network: net, year: s.year - 1, status: "verwerkt",
		done: []int{1, 2, 3, 4, 5, 6, 7}, step: 8, answers: last, invited: now.AddDate(-1, 0, -20),
		submitted: now.AddDate(-1, 0, -12), processed: now.AddDate(-1, 0, -10), lastActive: now.AddDate(-1, 0, -12),
		expires: now.AddDate(-1, 0, 10), contact: p.contacts[0].id, processedBy: s.coordinator})
	if err != nil {
		return err
	}
	this, err := p.answers(ctx, s.tx, net, 1)
	if err != nil {
		return err
	}
	_, err = insertIntake(ctx, s.tx, demoIntake{employer: p.id, network: net, year: s.year, status: "ingediend",
		done: []int{1, 2, 3, 4, 5, 6, 7}, step: 8, answers: this, invited: now.AddDate(0, 0, -9),
		submitted: now.AddDate(0, 0, -1), lastActive: now.AddDate(0, 0, -1), expires: now.AddDate(0, 0, 21),
		contact: p.contacts[0].id, basedOn: lastID})
	return err
}

// invited: just invited, or (expired) opened once and its link run out.
func (s intakeSeeder) invited(ctx context.Context, i int, expired bool) error {
	p, net, err := s.profile(ctx, i)
	if err != nil {
		return err
	}
	now := s.now
	d := demoIntake{employer: p.id, network: net, year: s.year, status: "uitgenodigd", step: 1,
		answers: map[string]url.Values{}, invited: now.AddDate(0, 0, -3), lastActive: now.AddDate(0, 0, -3),
		expires: now.AddDate(0, 0, 27), contact: p.contacts[0].id}
	if expired {
		d.status = "geopend"
		d.invited, d.lastActive, d.expires = now.AddDate(0, 0, -40), now.AddDate(0, 0, -38), now.AddDate(0, 0, -10)
	}
	_, err = insertIntake(ctx, s.tx, d)
	return err
}

// insertInvitationMail puts the open intake's invitation in the outbox as
// sent, so in development its link can be read under "Verzonden e-mail".
func insertInvitationMail(ctx context.Context, tx pgx.Tx, p profileRow, networkID int64, link string, expires time.Time) error {
	c := p.contacts[0]
	body := fmt.Sprintf("Beste %s,\n\nGraag nodig ik u uit om de intakevragenlijst van %s in te vullen.\n\nUw persoonlijke link:\n%s\n\nDe link werkt tot en met %s.\n\nMet vriendelijke groet,\n\nCoördinator Twente\n%s\n",
		c.name, p.network, link, expires.In(amsterdam()).Format("02-01-2006"), p.network)
	id := make([]byte, 16)
	rand.Read(id)
	_, err := tx.Exec(ctx, `INSERT INTO mail_outbox (kind, network_id, employer_id, to_addr, to_name, subject, body_text,
		message_id, status, attempts, sent_at, created_at)
		VALUES ('intake_uitnodiging', $1, $2, $3, $4, $5, $6, $7, 'verzonden', 1, now() - interval '6 days', now() - interval '6 days')`,
		networkID, p.id, c.email, c.name, "Uitnodiging: intakevragenlijst "+p.network, body, "<"+hex.EncodeToString(id)+"@demo.netwerkportaal>")
	return err
}

func amsterdam() *time.Location { return nltime.Amsterdam }
