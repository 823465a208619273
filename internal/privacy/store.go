package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of privacy requests.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// MaxResults is the most search hits shown.
const MaxResults = 50

// MaxDue is the most rows of each retention list shown at once; after an
// erasure the next ones appear.
const MaxDue = 500

// Cutoff is the first day that is not yet due for a retention of years:
// whoever left before it, left more than years ago.
func (s *Store) Cutoff(years int) time.Time { return s.Clock().Today().AddDate(-years, 0, 0) }

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const personColumns = `c.id, c.name, c.email, e.id, e.name, n.name, c.active_until, c.erased_at`

func scanPerson(r pgx.CollectableRow) (Person, error) {
	var p Person
	err := r.Scan(&p.ID, &p.Name, &p.Email, &p.EmployerID, &p.EmployerName, &p.NetworkName, &p.ActiveUntil, &p.ErasedAt)
	return p, err
}

// Search finds contacts (in every network) by part of their name or
// e-mail address; erased contacts have neither and are never found.
func (s *Store) Search(ctx context.Context, q string) ([]Person, error) {
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+`
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
		WHERE c.erased_at IS NULL AND (c.name ILIKE $1 OR c.email ILIKE $1)
		ORDER BY lower(c.name), c.id LIMIT $2`, "%"+escapeLike(q)+"%", MaxResults)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPerson)
}

// dueContacts is the SQL condition for a contact who left before $1.
const dueContacts = `c.erased_at IS NULL AND c.active_until IS NOT NULL AND c.active_until < $1`

// dueEmployers is the SQL condition for an employer that left before $1.
const dueEmployers = `e.erased_at IS NULL AND e.status = 'uitgeschreven' AND e.status_changed_on < $1`

// Retention lists who is due for erasure with a retention of years.
// Contacts of a due employer are listed with the employer, not apart.
func (s *Store) Retention(ctx context.Context, years int) (Retention, error) {
	r := Retention{Years: years, Cutoff: s.Cutoff(years)}
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+`
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
		WHERE `+dueContacts+` AND NOT (`+dueEmployers+`)
		ORDER BY c.active_until, lower(c.name), c.id LIMIT $2`, r.Cutoff, MaxDue)
	if err != nil {
		return r, err
	}
	if r.Contacts, err = pgx.CollectRows(rows, scanPerson); err != nil {
		return r, err
	}
	rows, err = s.pool.Query(ctx, `SELECT e.id, e.name, n.name, e.status_changed_on,
			(SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.erased_at IS NULL)
		FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE `+dueEmployers+`
		ORDER BY e.status_changed_on, lower(e.name), e.id LIMIT $2`, r.Cutoff, MaxDue)
	if err != nil {
		return r, err
	}
	r.Employers, err = pgx.CollectRows(rows, pgx.RowToStructByPos[DueEmployer])
	return r, err
}

// People returns the contacts with the given ids, for the confirmation of
// a bulk erasure.
func (s *Store) People(ctx context.Context, ids []int64) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+`
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
		WHERE c.id = ANY($1) ORDER BY lower(c.name), c.id`, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPerson)
}

// Employers returns the employers with the given ids, for the confirmation
// of a bulk erasure.
func (s *Store) Employers(ctx context.Context, ids []int64) ([]DueEmployer, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.id, e.name, n.name, e.status_changed_on,
			(SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.erased_at IS NULL)
		FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE e.id = ANY($1) ORDER BY lower(e.name), e.id`, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[DueEmployer])
}

// Person returns one contact.
func (s *Store) Person(ctx context.Context, id int64) (Person, error) {
	ps, err := s.People(ctx, []int64{id})
	if err != nil {
		return Person{}, err
	}
	if len(ps) == 0 {
		return Person{}, apperr.ErrNotFound
	}
	return ps[0], nil
}

// knownValues are a contact's name, e-mail addresses and phone numbers,
// now and in the past (as the audit trail remembers them), and their job
// titles: what erasure replaces and what access looks for.
type knownValues struct {
	Names, Emails, Phones, JobTitles []string
}

func (k *knownValues) add(field, v string) {
	v = strings.TrimSpace(v)
	if v == "" || v == Marker {
		return
	}
	var dst *[]string
	switch field {
	case "naam":
		dst = &k.Names
	case "email":
		dst = &k.Emails
		v = strings.ToLower(v)
	case "telefoon":
		dst = &k.Phones
	case "functietitel":
		dst = &k.JobTitles
	default:
		return
	}
	for _, have := range *dst {
		if sameText(have, v) {
			return
		}
	}
	*dst = append(*dst, v)
}

// searchable are the values looked for in every other record: e-mail
// addresses, names of more than one word and phone numbers. Not the job
// title, which is no more than a word like "directeur", nor a name of one
// word: "Directie" or "Anna" would hit codes and unrelated texts all over
// the database (such a name is still erased where it is the contact's own
// value: the row, its audit entries, intake rows).
func (k knownValues) searchable() []string {
	var out []string
	for _, v := range append(append(append([]string{}, k.Names...), k.Emails...), k.Phones...) {
		if sweepable(v) {
			out = append(out, v)
		}
	}
	return out
}

// all are every known value: what is replaced in the records linked to
// the contact.
func (k knownValues) all() []string {
	return append(append(append(append([]string{}, k.Names...), k.Emails...), k.Phones...), k.JobTitles...)
}

// sweepable reports whether a value is specific enough to be replaced
// wherever it occurs: an e-mail address, a name of several words, or a
// phone number of at least six digits.
func sweepable(v string) bool {
	v = strings.TrimSpace(v)
	digits := 0
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case utf8.RuneCountInString(v) < minValue:
		return false
	case strings.Contains(v, "@"), digits >= 6:
		return true
	case len(strings.Fields(v)) > 1 && utf8.RuneCountInString(v) >= 5 && digits == 0:
		return true
	}
	return false
}

// contactFields are the audit fields of a contact that hold personal values.
var contactFields = []string{"naam", "email", "telefoon", "functietitel"}

// values collects the known values of contacts: the current row and every
// old and new value of their audit entries.
func values(ctx context.Context, q pgx.Tx, ids []int64) (map[int64]*knownValues, error) {
	out := map[int64]*knownValues{}
	rows, err := q.Query(ctx, `SELECT id, name, email, phone, job_title FROM contacts WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, email, phone, title string
		if err := rows.Scan(&id, &name, &email, &phone, &title); err != nil {
			return nil, err
		}
		k := &knownValues{}
		if name != ErasedName {
			k.add("naam", name)
		}
		k.add("email", email)
		k.add("telefoon", phone)
		k.add("functietitel", title)
		out[id] = k
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT entity_id, changes FROM audit_log WHERE entity = 'contact' AND entity_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return nil, err
		}
		var changes map[string]struct{ Old, New any }
		if json.Unmarshal(raw, &changes) != nil || out[id] == nil {
			continue
		}
		for _, f := range contactFields {
			if c, ok := changes[f]; ok {
				if s, ok := c.Old.(string); ok {
					out[id].add(f, s)
				}
				if s, ok := c.New.(string); ok {
					out[id].add(f, s)
				}
			}
		}
	}
	return out, rows.Err()
}

// Subject loads everything the portal holds about contact id.
func (s *Store) Subject(ctx context.Context, id int64) (Subject, error) {
	sub := Subject{GeneratedAt: s.Clock().Now()}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		c := &sub.Contact
		err := tx.QueryRow(ctx, `SELECT c.id, c.name, c.email, c.phone, ft.name, c.job_title, c.level, c.is_primary,
				c.active_from, c.active_until, c.created_at, c.updated_at, c.erased_at,
				e.id, e.name, e.city, n.name, e.status
			FROM contacts c JOIN function_types ft ON ft.code = c.function
			JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
			WHERE c.id = $1`, id).Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Function, &c.JobTitle, &c.Level, &c.Primary,
			&c.ActiveFrom, &c.ActiveUntil, &c.CreatedAt, &c.UpdatedAt, &c.ErasedAt,
			&sub.Employer.ID, &sub.Employer.Name, &sub.Employer.City, &sub.Employer.Network, &sub.Employer.Status)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		known, err := values(ctx, tx, []int64{id})
		if err != nil {
			return err
		}
		k := known[id]
		if sub.Prospects, err = subjectProspects(ctx, tx, *k); err != nil {
			return err
		}
		if err := sub.loadMembers(ctx, tx, id); err != nil {
			return err
		}
		return sub.load(ctx, tx, id, *k)
	})
	return sub, err
}

func (sub *Subject) load(ctx context.Context, tx pgx.Tx, id int64, k knownValues) error {
	if err := sub.loadActivity(ctx, tx, id); err != nil {
		return err
	}
	return sub.loadTraces(ctx, tx, id, k)
}

// rowsOf runs one query of the subject's and reads every row with scan.
func rowsOf[T any](ctx context.Context, tx pgx.Tx, sql string, args []any, scan func(pgx.CollectableRow, *T) error) ([]T, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	// AppendRows onto nil: no rows stays nil, as the export has always had it.
	return pgx.AppendRows([]T(nil), rows, func(r pgx.CollectableRow) (T, error) {
		var d T
		err := scan(r, &d)
		return d, err
	})
}

// loadActivity reads what the contact took part in, by their id.
func (sub *Subject) loadActivity(ctx context.Context, tx pgx.Tx, id int64) error {
	one := []any{id}
	var err error
	if sub.Subgroups, err = rowsOf(ctx, tx, `SELECT g.name, g.kind, 'lid', m.joined_on, m.left_on FROM subgroup_members m JOIN subgroups g ON g.id = m.subgroup_id
		WHERE m.contact_id = $1
		UNION ALL SELECT g.name, g.kind, 'trekker', NULL, NULL FROM subgroups g WHERE g.lead_contact_id = $1
		ORDER BY 1, 4`, one, func(r pgx.CollectableRow, d *SubgroupData) error {
		return r.Scan(&d.Name, &d.Kind, &d.Role, &d.JoinedOn, &d.LeftOn)
	}); err != nil {
		return err
	}
	if sub.Events, err = rowsOf(ctx, tx, `SELECT ev.title, ev.starts_at, i.status, i.invited_at, i.responded_at, i.checked_in_at, i.walk_in
		FROM event_invitations i JOIN events ev ON ev.id = i.event_id WHERE i.contact_id = $1 ORDER BY ev.starts_at DESC`,
		one, func(r pgx.CollectableRow, d *InvitationData) error {
			return r.Scan(&d.Event, &d.StartsAt, &d.Status, &d.InvitedAt, &d.RespondedAt, &d.CheckedInAt, &d.WalkIn)
		}); err != nil {
		return err
	}
	if sub.Visits, err = rowsOf(ctx, tx, `SELECT v.visited_on, v.kind, v.notes, v.agreements FROM visit_contacts vc JOIN visits v ON v.id = vc.visit_id
		WHERE vc.contact_id = $1 ORDER BY v.visited_on DESC`, one, func(r pgx.CollectableRow, d *VisitData) error {
		return r.Scan(&d.VisitedOn, &d.Kind, &d.Notes, &d.Agreements)
	}); err != nil {
		return err
	}
	if sub.Referrals, err = rowsOf(ctx, tx, `SELECT p.name, rf.question, rf.referred_on, rf.status, rf.outcome FROM referrals rf JOIN partners p ON p.id = rf.partner_id
		WHERE rf.contact_id = $1 ORDER BY rf.referred_on DESC`, one, func(r pgx.CollectableRow, d *ReferralData) error {
		return r.Scan(&d.Partner, &d.Question, &d.ReferredOn, &d.Status, &d.Outcome)
	}); err != nil {
		return err
	}
	if sub.Links, err = rowsOf(ctx, tx, `SELECT created_at, expires_at, revoked_at FROM placement_links WHERE contact_id = $1 ORDER BY created_at DESC`,
		one, func(r pgx.CollectableRow, d *LinkData) error {
			return r.Scan(&d.CreatedAt, &d.ExpiresAt, &d.RevokedAt)
		}); err != nil {
		return err
	}
	sub.Mailings, err = rowsOf(ctx, tx, `SELECT m.subject, n.name, r.queued_at, r.skipped FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id
		JOIN networks n ON n.id = m.network_id WHERE r.contact_id = $1 ORDER BY m.sending_at DESC, m.id DESC`,
		one, func(r pgx.CollectableRow, d *MailingData) error {
			return r.Scan(&d.Subject, &d.Network, &d.QueuedAt, &d.Skipped)
		})
	return err
}

// loadTraces reads where the contact is named: intakes, mail and the audit
// log, by id and by the values known of them (name, e-mail addresses).
func (sub *Subject) loadTraces(ctx context.Context, tx pgx.Tx, id int64, k knownValues) error {
	patterns := newScrubber(k.searchable()).likePatterns()
	var err error
	if sub.Intakes, err = rowsOf(ctx, tx, `SELECT year, status, coalesce(contact_id = $1, false), answers::text, drafts::text FROM intakes
		WHERE contact_id = $1 OR answers::text ILIKE ANY($2) OR drafts::text ILIKE ANY($2) ORDER BY year DESC`,
		[]any{id, patterns}, func(r pgx.CollectableRow, d *IntakeData) error {
			var answers, drafts string
			if err := r.Scan(&d.Year, &d.Status, &d.Invited, &answers, &drafts); err != nil {
				return err
			}
			d.Named = namedIn(k, answers, drafts)
			return nil
		}); err != nil {
		return err
	}
	if sub.Mails, err = rowsOf(ctx, tx, `SELECT kind, concat_ws(', ', to_addr, (SELECT string_agg(e->>'Email', ', ') FROM jsonb_array_elements(extra_to) e)),
			cc_addr, subject, body_text, status, created_at, sent_at FROM mail_outbox
		WHERE lower(to_addr) = ANY($1) OR lower(cc_addr) = ANY($1) OR `+mailExtraToMatches+`
		ORDER BY created_at DESC, id DESC`,
		[]any{nonNil(k.Emails)}, func(r pgx.CollectableRow, d *MailData) error {
			return r.Scan(&d.Kind, &d.To, &d.Cc, &d.Subject, &d.Body, &d.Status, &d.CreatedAt, &d.SentAt)
		}); err != nil {
		return err
	}
	sub.Audit, err = rowsOf(ctx, tx, `SELECT at, actor, entity, action, changes FROM audit_log
		WHERE (entity = 'contact' AND entity_id = $1) OR changes::text ILIKE ANY($2) ORDER BY at DESC, id DESC`,
		[]any{id, patterns}, scanAudit)
	return err
}

// scanAudit reads an audit line with its changes as old and new values.
func scanAudit(r pgx.CollectableRow, d *AuditData) error {
	var raw []byte
	if err := r.Scan(&d.At, &d.Actor, &d.Entity, &d.Action, &raw); err != nil {
		return err
	}
	var changes map[string]struct {
		Old string `json:"old"`
		New string `json:"new"`
	}
	_ = json.Unmarshal(raw, &changes) // another shape: shown without its values
	d.Changes = map[string]ChangeVal{}
	for f, c := range changes {
		d.Changes[f] = ChangeVal{Old: c.Old, New: c.New}
	}
	return nil
}

// namedIn says how an intake's answers name the contact: as a participant,
// as a proposed colleague, or elsewhere in the text.
func namedIn(k knownValues, docs ...string) []string {
	var out []string
	add := func(s string) {
		for _, have := range out {
			if have == s {
				return
			}
		}
		out = append(out, s)
	}
	sc := newScrubber(k.searchable())
	for _, raw := range docs {
		var doc map[string]map[string][]string
		if json.Unmarshal([]byte(raw), &doc) == nil {
			step := doc[peopleStep]
			for _, n := range step["deelnemer_naam"] {
				if k.isName(n) {
					add("deelnemer")
				}
			}
			for i, n := range step["collega_naam"] {
				if k.isName(n) || (i < len(step["collega_email"]) && k.isEmail(step["collega_email"][i])) {
					add("collega")
				}
			}
		}
		if !sc.empty() && sc.text(raw) != raw && len(out) == 0 {
			add("elders in de antwoorden")
		}
	}
	return out
}

func (k knownValues) isName(s string) bool {
	for _, n := range k.Names {
		if sameText(n, s) {
			return true
		}
	}
	return false
}

func (k knownValues) isEmail(s string) bool {
	for _, e := range k.Emails {
		if sameText(e, s) {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
