package importer

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Choices are what the coordinator decides on the preview where the file
// says nothing, instead of the portal assuming it: the status and "lid
// sinds" of new employers, and the level of new contacts (guessed from
// their job title, changeable per title).
type Choices struct {
	Status          string // status of a new employer without one
	MemberSince     string // MemberSince* below
	MemberSinceDate string // ISO date, with MemberSinceDate
	Levels          map[string]string
}

// How "lid sinds" is filled for an employer that becomes lid without it.
const (
	MemberSinceEmpty = "leeg"
	MemberSinceToday = "vandaag"
	MemberSinceDate  = "datum"
)

// Needs are the questions a plan asks.
type Needs struct {
	Status      bool         // a new employer has no status
	MemberSince bool         // an employer may become lid without a "lid sinds"
	Titles      []TitleLevel // job titles of new contacts without a level
	TitlesMore  int          // titles not shown (they keep their guess)
}

// TitleLevel is a job title of new contacts and the level it suggests.
type TitleLevel struct {
	Key      string // titleKey
	Title    string // as the file writes it first
	Guess    string
	Contacts int
}

// maxShownTitles bounds the level questions of one preview.
const maxShownTitles = 200

// titleKey groups contacts whose level is decided together: the job title
// as normalize leaves it, else the function.
func titleKey(v ContactValues) string {
	if k := normalize(v.JobTitle); k != "" {
		return k
	}
	return "functie " + v.Function
}

// NeedsOf lists the questions of plan p.
func NeedsOf(p *Plan) Needs {
	var n Needs
	byKey := map[string]*TitleLevel{}
	for _, a := range p.Actions {
		v := a.Record.Values
		if a.Existing == nil {
			n.Status = n.Status || v.Status == ""
			n.MemberSince = n.MemberSince || (v.MemberSince == "" && (v.Status == "" || v.Status == "lid"))
		} else if v.Status == "lid" && a.Existing.Values.Status != "lid" && a.Existing.Values.MemberSince == "" && v.MemberSince == "" {
			n.MemberSince = true
		}
		for _, c := range a.Contacts {
			if c.Existing != nil || c.Record.Values.Level != "" {
				continue
			}
			k := titleKey(c.Record.Values)
			if t := byKey[k]; t != nil {
				t.Contacts++
				continue
			}
			title := c.Record.Values.JobTitle
			if title == "" {
				title = c.Record.Values.Function
			}
			byKey[k] = &TitleLevel{Key: k, Title: title, Guess: levelGuess(c.Record.Values), Contacts: 1}
		}
	}
	for _, t := range byKey {
		n.Titles = append(n.Titles, *t)
	}
	slices.SortFunc(n.Titles, func(a, b TitleLevel) int {
		if a.Contacts != b.Contacts {
			return b.Contacts - a.Contacts
		}
		return strings.Compare(a.Key, b.Key)
	})
	if len(n.Titles) > maxShownTitles {
		n.TitlesMore = len(n.Titles) - maxShownTitles
		n.Titles = n.Titles[:maxShownTitles]
	}
	return n
}

// Form field names of the choices.
const (
	fieldStatus    = "standaard-status"
	fieldSince     = "lid-sinds"
	fieldSinceDate = "lid-sinds-datum"
	fieldTitlePref = "titel-"
	fieldLevelPref = "niveau-"
)

// ParseChoices reads the choices of the preview's form; errs says what is
// missing or wrong, keyed by field name. today bounds the "lid sinds" date.
func ParseChoices(ctx context.Context, form url.Values, n Needs, today time.Time) (Choices, web.Errors) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	ch := Choices{Levels: map[string]string{}}
	errs := web.Errors{}
	if n.Status {
		ch.Status = form.Get(fieldStatus)
		if !slices.Contains(Statuses, ch.Status) {
			errs[fieldStatus] = t("Kies welke status nieuwe werkgevers zonder status krijgen.")
		}
	}
	if n.MemberSince {
		ch.MemberSince = form.Get(fieldSince)
		switch ch.MemberSince {
		case MemberSinceEmpty, MemberSinceToday:
		case MemberSinceDate:
			d, ok := memberSinceDate(form.Get(fieldSinceDate), today)
			if !ok {
				errs[fieldSinceDate] = t("Vul een datum in, zoals 01-01-2020.")
			}
			ch.MemberSinceDate = d
		default:
			errs[fieldSince] = t("Kies wat er bij lid sinds komt voor leden zonder die datum.")
		}
	}
	for i := 0; ; i++ {
		key, ok := form[fieldTitlePref+strconv.Itoa(i)]
		if !ok || i >= maxShownTitles {
			break
		}
		l := form.Get(fieldLevelPref + strconv.Itoa(i))
		if !slices.Contains(Levels, l) {
			errs[fieldLevelPref+strconv.Itoa(i)] = t("Kies strategisch, tactisch of operationeel.")
			continue
		}
		ch.Levels[key[0]] = l
	}
	if len(errs) == 0 {
		errs = nil
	}
	return ch, errs
}

// memberSince is the "lid sinds" of an employer that becomes lid without
// one in the file: nil when the coordinator chose to leave it empty.
func (ch Choices) memberSince(today time.Time) *time.Time {
	switch ch.MemberSince {
	case MemberSinceToday:
		return &today
	case MemberSinceDate:
		if d, err := time.Parse("2006-01-02", ch.MemberSinceDate); err == nil {
			return &d
		}
	}
	return nil
}

// level is the level of a new contact without one in the file: the
// coordinator's choice for its title, else the guess.
func (ch Choices) level(v ContactValues) string {
	if l, ok := ch.Levels[titleKey(v)]; ok {
		return l
	}
	return levelGuess(v)
}

// status is the status of a new employer without one in the file.
func (ch Choices) status() string {
	if ch.Status != "" {
		return ch.Status
	}
	return DefaultStatus
}
