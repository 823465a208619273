package intake

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// TakeOver is the coordinator's choice on the review page.
type TakeOver struct {
	Fields         []string // keys of takeoverFields
	Colleagues     []int    // rows of the proposed colleagues to add as contacts
	ProfileVersion int
	Version        int // of the intake
}

// takeoverFields are the answers that map onto a profile field, in the
// order of the review page.
var takeoverFields = []string{"naam", "kvk", "sector", "medewerkers", "postcode", "plaats", "regio",
	"uitdagingen", "uitdagingen_toelichting", "aanbod", "aanbod_toelichting", "niveau"}

// takeoverNames are the Dutch names of takeoverFields, as the audit trail
// stores them (the trail is data, read in Dutch).
var takeoverNames = map[string]string{
	"naam": "naam", "kvk": "KvK-nummer", "sector": "sector", "medewerkers": "aantal medewerkers",
	"postcode": "postcode", "plaats": "plaats", "regio": "arbeidsmarktregio", "uitdagingen": "uitdagingen",
	"uitdagingen_toelichting": "toelichting op de uitdagingen", "aanbod": "aanbod",
	"aanbod_toelichting": "toelichting op het aanbod", "niveau": "volwassenheid",
}

// Process takes the chosen answers over into the profile, adds the chosen
// colleagues as contacts and marks the intake processed, all in one
// transaction: a stale profile or intake changes nothing.
func (s *Store) Process(ctx context.Context, scope identity.Scope, id int64, t TakeOver) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		in, err := s.get(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if in.Status != Submitted || in.Version != t.Version {
			return apperr.New(apperr.Conflict, "")
		}
		ctx := audit.WithSource(db.WithTx(ctx, tx), fmt.Sprintf("intake %d", in.Year))
		p, err := s.profiles.Profile(ctx, in.EmployerID)
		if err != nil {
			return err
		}
		if p.Version != t.ProfileVersion {
			return apperr.New(apperr.Conflict, "")
		}
		ref, err := reference(ctx, tx, in.NetworkID)
		if err != nil {
			return err
		}
		// What was offered is read before anything changes: an answer not
		// taken over is in the history too.
		extras, err := s.extras(i18n.WithLang(ctx, i18n.NL), in, ref)
		if err != nil {
			return err
		}
		var left []string
		for _, c := range compare(ctx, in.Answers, p, ref) {
			if c.Differs && !slices.Contains(t.Fields, c.Key) {
				left = append(left, takeoverNames[c.Key])
			}
		}
		if fields := validFields(t.Fields); len(fields) > 0 {
			apply(&p, in.Answers, fields)
			if err := s.profiles.SaveProfile(ctx, p); err != nil {
				return err
			}
		}
		added, err := s.addColleagues(ctx, p, in.Answers, t.Colleagues)
		if err != nil {
			return err
		}
		taken, leftExtras, err := s.takeExtras(ctx, tx, in, extras, t.Fields)
		if err != nil {
			return err
		}
		left = append(left, leftExtras...)
		if _, err := tx.Exec(ctx, `UPDATE intakes SET status = 'verwerkt', processed_at = now(), processed_by = $2,
			version = version + 1 WHERE id = $1`, id, userID(ctx)); err != nil {
			return err
		}
		changes := map[string]audit.Change{}
		if f := validFields(t.Fields); len(f) > 0 {
			var names []string
			for _, k := range f {
				names = append(names, takeoverNames[k])
			}
			changes["overgenomen"] = audit.Change{New: strings.Join(names, ", ")}
		}
		if len(added) > 0 {
			changes["contactpersonen toegevoegd"] = audit.Change{New: strings.Join(added, ", ")}
		}
		if len(taken) > 0 {
			changes["vastgelegd"] = audit.Change{New: strings.Join(taken, "; ")}
		}
		if len(left) > 0 {
			changes["niet overgenomen"] = audit.Change{New: strings.Join(left, "; ")}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "intake", EntityID: id, EmployerID: in.EmployerID,
			Action: "verwerkt", Changes: changes})
	})
}

func validFields(fields []string) []string {
	var out []string
	for _, f := range takeoverFields {
		if slices.Contains(fields, f) {
			out = append(out, f)
		}
	}
	return out
}

// apply copies the chosen answers onto the profile.
func apply(p *Profile, a Answers, fields []string) {
	org, ch, of := a.Step(StepOrganisation), a.Step(StepChallenges), a.Step(StepOffers)
	for _, f := range fields {
		switch f {
		case "naam":
			if v := org.Get("naam"); v != "" {
				p.Name = v
			}
		case "kvk":
			p.KvK = org.Get("kvk")
		case "sector":
			p.SectorID = web.ParseID(org.Get("sector"))
		case "medewerkers":
			if n, err := strconv.Atoi(org.Get("medewerkers")); err == nil {
				p.EmployeeCount = &n
			}
		case "postcode":
			p.Postcode = org.Get("postcode")
		case "plaats":
			p.City = org.Get("plaats")
		case "regio":
			p.RegionID = web.ParseID(org.Get("regio"))
		case "uitdagingen":
			p.ChallengeIDs = parseIDs(ch["uitdagingen"])
		case "uitdagingen_toelichting":
			p.ChallengesNote = ch.Get("uitdagingen_toelichting")
		case "aanbod":
			p.OfferIDs = parseIDs(of["aanbod"])
		case "aanbod_toelichting":
			p.OffersNote = offersNote(a)
		case "niveau":
			if v := a.Step(StepMaturity).Get("niveau"); v != MaturityUnknown {
				p.MaturityID = web.ParseID(v)
			}
		}
	}
}

// offersNote is the profile's offer note made from the answers: the note
// and the knowledge topics, which the profile has no field of their own for.
func offersNote(a Answers) string {
	of := a.Step(StepOffers)
	note, topics := of.Get("aanbod_toelichting"), of.Get("kennis_onderwerpen")
	switch {
	case topics == "":
		return note
	case note == "":
		return "Kennis over: " + topics
	}
	return note + "\n\nKennis over: " + topics
}

// Colleague is a colleague the employer proposed in step 5.
type Colleague struct {
	Name, Email, Function string
	Known                 bool // already an active contact with this e-mail address
}

// Colleagues returns the proposed colleagues, marking those already known.
func Colleagues(a Answers, p Profile) []Colleague {
	v := a.Step(StepPeople)
	var out []Colleague
	for i := range v["collega_naam"] {
		c := Colleague{Name: at(v, "collega_naam", i), Email: at(v, "collega_email", i), Function: at(v, "collega_functie", i)}
		c.Known = slices.ContainsFunc(p.Contacts, func(k Contact) bool {
			return k.Active && strings.EqualFold(k.Email, c.Email)
		})
		out = append(out, c)
	}
	return out
}

// addColleagues adds the chosen colleagues as contacts, skipping those
// already known. The questionnaire does not ask their level; it is guessed
// from the function, for the coordinator to correct.
func (s *Store) addColleagues(ctx context.Context, p Profile, a Answers, rows []int) ([]string, error) {
	all := Colleagues(a, p)
	var added []string
	for _, i := range rows {
		if i < 0 || i >= len(all) || all[i].Known || slices.Contains(added, all[i].Name) {
			continue
		}
		c := all[i]
		if err := s.profiles.AddContact(ctx, p.ID, NewContact{Name: c.Name, Email: c.Email, Function: c.Function,
			Level: levelFor(c.Function)}); err != nil {
			return nil, err
		}
		added = append(added, c.Name)
	}
	return added, nil
}

func levelFor(function string) string {
	switch function {
	case "directie":
		return "strategisch"
	case "anders":
		return "operationeel"
	}
	return "tactisch"
}
