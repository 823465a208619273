package intake

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// Records keeps what an intake's answers become outside the profile: the
// quarter's placement report and commitments. The commitments package
// implements it (app wires the two), so neither imports the other. Both
// writes run in the transaction carried by ctx (db.WithTx) and are audited
// there.
type Records interface {
	// ReportPlacements stores the report of a quarter with source
	// "intake": a new report, or a correction of the quarter's report.
	ReportPlacements(ctx context.Context, r Placements) error
	// Placements returns the quarter's report, if any (ok false: none).
	Placements(ctx context.Context, employerID int64, year, quarter int) (p Placements, ok bool, err error)
	// Promise records a commitment "toegezegd" of the kind with code.
	Promise(ctx context.Context, employerID int64, kindCode string, on time.Time, note string) error
	// Promised returns the codes of the kinds the employer has a
	// commitment toegezegd or getekend of.
	Promised(ctx context.Context, employerID int64) ([]string, error)
}

// Placements are the figures of one quarter's placement report.
type Placements struct {
	EmployerID    int64
	Year, Quarter int
	Ambition      *int
	People        int
	HoursTenths   int
}

// Extra is an answer with a home outside the profile's fields, offered on
// the review page: its key is sent with the "overnemen" choices.
type Extra struct {
	Key     string // "plaatsingen", "toezegging_<code>", "thema_<id>"
	Label   string
	Answer  string
	Current string
	Offered bool // false: nothing to take over (shown for information)
}

// Extra keys.
const (
	extraPlacements = "plaatsingen"
	extraPromise    = "toezegging_"
	extraTheme      = "thema_"
)

// quarterOf is the quarter of a moment in Dutch time.
func quarterOf(t time.Time) (int, int) {
	t = t.In(nltime.Amsterdam)
	return t.Year(), (int(t.Month())-1)/3 + 1
}

// placementsOf reads the ambition step as a report; ok is false when the
// employer did not answer it.
func placementsOf(a Answers) (Placements, bool) {
	v := a.Step(StepAmbition)
	people, err := strconv.Atoi(v.Get("mensen_nu"))
	if err != nil {
		return Placements{}, false
	}
	var p Placements
	p.People = people
	if h, err := strconv.ParseFloat(v.Get("uren_nu"), 64); err == nil {
		p.HoursTenths = int(math.Round(h * 10))
	}
	if n, err := strconv.Atoi(v.Get("banen_ambitie")); err == nil {
		p.Ambition = &n
	}
	return p, true
}

func placementsText(ctx context.Context, p Placements) string {
	amb := "–"
	if p.Ambition != nil {
		amb = strconv.Itoa(*p.Ambition)
	}
	hours := decimal(strconv.FormatFloat(float64(p.HoursTenths)/10, 'f', -1, 64))
	if p.People == 1 {
		return i18n.T(ctx, "Ambitie %s banen; nu 1 persoon, %s uur per week", amb, hours)
	}
	return i18n.T(ctx, "Ambitie %s banen; nu %d mensen, %s uur per week", amb, p.People, hours)
}

// extras lists the answers with a home outside the profile's fields.
func (s *Store) extras(ctx context.Context, in Intake, ref Reference) ([]Extra, error) {
	if s.records == nil {
		return nil, nil
	}
	t := func(m string, a ...any) string { return i18n.T(ctx, m, a...) }
	var out []Extra
	year, quarter := quarterOf(s.Clock().Now())
	if p, ok := placementsOf(in.Answers); ok {
		e := Extra{Key: extraPlacements, Label: t("Plaatsingen %d K%d (bron: intake)", year, quarter),
			Answer: placementsText(ctx, p), Current: t("Nog niet gemeld"), Offered: true}
		cur, has, err := s.records.Placements(ctx, in.EmployerID, year, quarter)
		if err != nil {
			return nil, err
		}
		if has {
			e.Current = placementsText(ctx, cur)
			e.Offered = e.Current != e.Answer
		}
		out = append(out, e)
	}
	promised, err := s.records.Promised(ctx, in.EmployerID)
	if err != nil {
		return nil, err
	}
	cond := in.Answers.Step(StepConditions)
	for _, c := range ref.Conditions {
		if cond.Get("bereid_"+c.Value) != "ja" {
			continue
		}
		e := Extra{Key: extraPromise + c.Value, Label: t("Toezegging: %s", c.Label), Answer: t("Bereid te tekenen"),
			Current: t("Geen toezegging"), Offered: true}
		for _, p := range promised {
			if p == c.Value {
				e.Current, e.Offered = t("Al toegezegd of getekend"), false
			}
		}
		out = append(out, e)
	}
	interests, err := s.themeInterests(ctx, s.pool, in.EmployerID)
	if err != nil {
		return nil, err
	}
	for _, id := range cond["themas"] {
		name := label(ref.Themes, id)
		if name == "" {
			continue
		}
		e := Extra{Key: extraTheme + id, Label: t("Interesse in thema: %s", name),
			Answer: t("Subgroepen over dit thema voorstellen op het profiel"), Current: t("Geen"), Offered: true}
		if _, ok := interests[web.ParseID(id)]; ok {
			e.Current, e.Offered = t("Staat al op het profiel"), false
		}
		out = append(out, e)
	}
	return out, nil
}

// takeExtras writes the chosen extras; it returns the labels of what it
// took over and of what was offered but not chosen, for the history.
func (s *Store) takeExtras(ctx context.Context, tx pgx.Tx, in Intake, extras []Extra, chosen []string) (taken, left []string, err error) {
	for _, e := range extras {
		if !e.Offered {
			continue
		}
		if !slices.Contains(chosen, e.Key) {
			left = append(left, e.Label)
			continue
		}
		switch {
		case e.Key == extraPlacements:
			p, _ := placementsOf(in.Answers)
			p.EmployerID = in.EmployerID
			p.Year, p.Quarter = quarterOf(s.Clock().Now())
			err = s.records.ReportPlacements(ctx, p)
		case strings.HasPrefix(e.Key, extraPromise):
			err = s.records.Promise(ctx, in.EmployerID, strings.TrimPrefix(e.Key, extraPromise), s.Clock().Now().In(nltime.Amsterdam),
				"Toegezegd in de intake van "+strconv.Itoa(in.Year))
		case strings.HasPrefix(e.Key, extraTheme):
			_, err = tx.Exec(ctx, `INSERT INTO employer_theme_interests (employer_id, theme_id, intake_id) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, in.EmployerID, web.ParseID(strings.TrimPrefix(e.Key, extraTheme)), in.ID)
		}
		if err != nil {
			return nil, nil, err
		}
		taken = append(taken, e.Label)
	}
	return taken, left, nil
}

// themeInterests returns the employer's themes of interest by id, with
// their names.
func (s *Store) themeInterests(ctx context.Context, q db.Querier, employerID int64) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.name FROM employer_theme_interests i JOIN themes t ON t.id = i.theme_id
		WHERE i.employer_id = $1`, employerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Suggestion is a subgroup on a theme the employer is interested in, that
// none of its contacts is a member of.
type Suggestion struct {
	Theme        string
	SubgroupID   int64 // 0: no subgroup on the theme yet
	SubgroupName string
}

// Suggestions lists the subgroups to suggest to an employer, by theme.
func (s *Store) Suggestions(ctx context.Context, employerID int64) ([]Suggestion, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Suggestion { return s.QueueSuggestions(b, employerID) })
}

// QueueSuggestions is Suggestions as one read of a page's batch.
func (s *Store) QueueSuggestions(b *db.Batch, employerID int64) *[]Suggestion {
	return db.Collect(b, pgx.RowToStructByPos[Suggestion], `SELECT t.name, coalesce(g.id, 0), coalesce(g.name, '')
		FROM employer_theme_interests i JOIN themes t ON t.id = i.theme_id JOIN employers e ON e.id = i.employer_id
		LEFT JOIN subgroups g ON g.theme_id = i.theme_id AND g.network_id = e.network_id AND g.ended_on IS NULL
			AND NOT EXISTS (SELECT 1 FROM subgroup_members m JOIN contacts c ON c.id = m.contact_id
				WHERE m.subgroup_id = g.id AND c.employer_id = e.id AND m.left_on IS NULL)
		WHERE i.employer_id = $1 ORDER BY t.position, t.name, g.name`, employerID)
}
