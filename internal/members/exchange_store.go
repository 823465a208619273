package members

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/nltime"
)

// Audit entities and actions of Vraag en aanbod.
const (
	EntityIntroduction = "member_introduction"
	EntityConsent      = "member_exchange_consent"
	Requested          = "aangevraagd"
	ConsentGiven       = "toestemming gegeven"
	ConsentRevoked     = "toestemming ingetrokken"
)

// Limits on introductions, against spam: a member asks at most
// introductionsPerDay introductions in 24 hours, receives at most
// receivedPerDay, and the same two people are introduced at most once in
// samePairWindow.
const (
	introductionsPerDay = 3
	receivedPerDay      = 5
	samePairWindow      = 30 * 24 * time.Hour
	maxPeers            = 200
)

// Errors of an introduction the member can do something about.
var (
	ErrNoConsent       = apperr.New(apperr.Forbidden, "Doe eerst zelf mee aan Vraag en aanbod.")
	ErrTooManyIntros   = errors.New("members: too many introductions today")
	ErrAlreadyIntroduc = errors.New("members: these two were introduced recently")
	ErrPeerBusy        = errors.New("members: the other member had many requests today")
)

// Peer is another member who opted in to Vraag en aanbod: who, for which
// organisation, and what it struggles with and offers.
type Peer struct {
	ContactID          int64
	Name, Function     string
	EmployerID         int64
	EmployerName, City string
	Challenges, Offers []Tag
	// Helps: the organisation offers help with the filtered challenge;
	// otherwise it struggles with it too.
	Helps bool
}

// Consent returns when the member's open consent was given, or nil.
func (s *Store) Consent(ctx context.Context, contactID int64) (*time.Time, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT max(given_at) FROM member_exchange_consents WHERE contact_id = $1 AND revoked_at IS NULL`,
		contactID).Scan(&at)
	return at, err
}

// SetConsent gives (on) or withdraws the member's consent to be shown to
// the network's other members; a repeat changes nothing. Each change is
// kept with its time and audit-logged.
func (s *Store) SetConsent(ctx context.Context, m Member, on bool) (failed error) {
	defer apperr.Annotate(&failed, "members: consent of %d", m.ContactID)
	now := s.Clock().Now()
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var n int64
		var err error
		action := ConsentGiven
		if on {
			n, err = execCount(ctx, tx, `INSERT INTO member_exchange_consents (contact_id, given_at) VALUES ($1, $2)
				ON CONFLICT (contact_id) WHERE revoked_at IS NULL DO NOTHING`, m.ContactID, now)
		} else {
			action = ConsentRevoked
			n, err = execCount(ctx, tx, `UPDATE member_exchange_consents SET revoked_at = $2
				WHERE contact_id = $1 AND revoked_at IS NULL`, m.ContactID, now)
		}
		if err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: EntityConsent, EntityID: m.ContactID,
			EmployerID: m.EmployerID, Action: action, Changes: map[string]audit.Change{
				"vraag_en_aanbod": {Old: yesNo(!on), New: yesNo(on)}}})
	})
}

func execCount(ctx context.Context, tx pgx.Tx, sql string, args ...any) (int64, error) {
	tag, err := tx.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

// peerCondition selects the contacts another member may see: opted in, able
// to sign in themselves (not erased or ended, of a member employer), in the
// member's network and of another organisation. $1 network, $2 today, $3
// the member's own employer.
const peerCondition = `EXISTS (SELECT 1 FROM member_exchange_consents x WHERE x.contact_id = c.id AND x.revoked_at IS NULL)
	AND e.network_id = $1 AND e.id <> $3 AND ` + eligible

// Peers lists the members of m's network who opted in, filtered on a
// challenge when challengeID is not 0: who struggles with it, or offers
// help with it. Only a member who opted in sees others.
func (s *Store) Peers(ctx context.Context, m Member, challengeID int64) ([]Peer, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.name, f.name, e.id, e.name, e.city,
			EXISTS (SELECT 1 FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE et.employer_id = e.id AND t.helps_with_tag_id = $4)
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN function_types f ON f.code = c.function
		WHERE `+peerCondition+` AND ($4 = 0 OR EXISTS (SELECT 1 FROM employer_tags et JOIN tags t ON t.id = et.tag_id
			WHERE et.employer_id = e.id AND (t.id = $4 OR t.helps_with_tag_id = $4)))
		ORDER BY 7 DESC, lower(e.name), lower(c.name) LIMIT `+fmt.Sprint(maxPeers),
		m.NetworkID, nltime.DateOf(s.Clock().Now()), m.EmployerID, challengeID)
	if err != nil {
		return nil, err
	}
	peers, err := pgx.CollectRows(rows, pgx.RowToStructByPos[peerRow])
	if err != nil {
		return nil, err
	}
	out := make([]Peer, len(peers))
	var employerIDs []int64
	for i, p := range peers {
		out[i] = Peer{ContactID: p.ContactID, Name: p.Name, Function: p.Function, EmployerID: p.EmployerID,
			EmployerName: p.EmployerName, City: p.City, Helps: p.Helps}
		employerIDs = append(employerIDs, p.EmployerID)
	}
	tags, err := s.employerTags(ctx, employerIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		t := tags[out[i].EmployerID]
		out[i].Challenges, out[i].Offers = t[0], t[1]
	}
	return out, nil
}

type peerRow struct {
	ContactID          int64
	Name, Function     string
	EmployerID         int64
	EmployerName, City string
	Helps              bool
}

// employerTags returns the challenges ([0]) and offers ([1]) of employers.
func (s *Store) employerTags(ctx context.Context, ids []int64) (map[int64][2][]Tag, error) {
	out := map[int64][2][]Tag{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT et.employer_id, t.id, t.name, t.kind FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = ANY($1) ORDER BY t.kind DESC, t.position, t.id`, ids)
	if err != nil {
		return nil, err
	}
	var employerID int64
	var t Tag
	var kind string
	_, err = pgx.ForEachRow(rows, []any{&employerID, &t.ID, &t.Name, &kind}, func() error {
		ts := out[employerID]
		if kind == "uitdaging" {
			ts[0] = append(ts[0], t)
		} else {
			ts[1] = append(ts[1], t)
		}
		out[employerID] = ts
		return nil
	})
	return out, err
}

// Peer returns one peer m may see, or NotFound.
func (s *Store) Peer(ctx context.Context, m Member, contactID int64) (Peer, error) {
	return s.peer(ctx, s.pool, m, contactID)
}

func (s *Store) peer(ctx context.Context, q db.Querier, m Member, contactID int64) (Peer, error) {
	var p Peer
	var email string
	err := q.QueryRow(ctx, `SELECT c.id, c.name, f.name, e.id, e.name, e.city, c.email
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN function_types f ON f.code = c.function
		WHERE c.id = $4 AND `+peerCondition, m.NetworkID, nltime.DateOf(s.Clock().Now()), m.EmployerID, contactID).
		Scan(&p.ContactID, &p.Name, &p.Function, &p.EmployerID, &p.EmployerName, &p.City, &email)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, apperr.ErrNotFound
	}
	return p, err
}

// IntroInput is a checked request for an introduction.
type IntroInput struct {
	TargetID int64
	Topic    Tag // the challenge it is about; ID 0: none given
	Message  string
}

// Coordinator is the network's coordinator the introduction is copied to.
type Coordinator struct {
	ID          int64
	Name, Email string
}

// Introduce queues one mail to m and the peer, with the network's
// coordinator in copy, and records the introduction on both profiles. The
// coordinator is the network's first active coordinator: the portal knows
// no coordinator per employer, and the first is the one a network set up
// first (usually its lead). A network without one sends no copy.
func (s *Store) Introduce(ctx context.Context, m Member, in IntroInput, baseURL string) (failed error) {
	defer apperr.Annotate(&failed, "members: introduce %d to %d", m.ContactID, in.TargetID)
	now := s.Clock().Now()
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The member's row is the lock that makes the daily count exact.
		var consented bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM member_exchange_consents WHERE contact_id = c.id AND revoked_at IS NULL)
			FROM contacts c WHERE c.id = $1 FOR UPDATE`, m.ContactID).Scan(&consented)
		if err != nil {
			return err
		}
		if !consented {
			return ErrNoConsent
		}
		p, err := s.peer(ctx, tx, m, in.TargetID)
		if err != nil {
			return err
		}
		if err := introductionAllowed(ctx, tx, m, p, now); err != nil {
			return err
		}
		msg, coord, err := introductionMessage(ctx, tx, m, p, in, baseURL)
		if err != nil {
			return err
		}
		var topic, coordID any
		if in.Topic.ID != 0 {
			topic = in.Topic.ID
		}
		if coord != nil {
			coordID = coord.ID
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO member_introductions (network_id, requester_contact_id, requester_employer_id,
			target_contact_id, target_employer_id, tag_id, message, coordinator_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, m.NetworkID, m.ContactID, m.EmployerID, p.ContactID,
			p.EmployerID, topic, in.Message, coordID, now).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := mail.Enqueue(ctx, tx, msg); err != nil {
			return err
		}
		return recordIntroduction(ctx, tx, id, m, p, in, coord)
	})
}

// introductionAllowed applies the limits: the same two people once in
// samePairWindow, introductionsPerDay asked and receivedPerDay received a
// day.
func introductionAllowed(ctx context.Context, tx pgx.Tx, m Member, p Peer, now time.Time) error {
	var today, pair int
	err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE created_at > $3),
			count(*) FILTER (WHERE target_contact_id = $2 AND created_at > $4)
		FROM member_introductions WHERE requester_contact_id = $1`, m.ContactID, p.ContactID, now.Add(-24*time.Hour), now.Add(-samePairWindow)).
		Scan(&today, &pair)
	if err != nil {
		return err
	}
	var received int
	err = tx.QueryRow(ctx, `SELECT count(*) FROM member_introductions WHERE target_contact_id = $1 AND created_at > $2`,
		p.ContactID, now.Add(-24*time.Hour)).Scan(&received)
	if err != nil {
		return err
	}
	switch {
	case pair > 0:
		return ErrAlreadyIntroduc
	case today >= introductionsPerDay:
		return ErrTooManyIntros
	case received >= receivedPerDay:
		return ErrPeerBusy
	}
	return nil
}

// introductionMessage is the one mail: the member and the peer both in To,
// the network's coordinator (nil when it has none) in Cc, under the
// network's sender name.
func introductionMessage(ctx context.Context, tx pgx.Tx, m Member, p Peer, in IntroInput, baseURL string) (mail.Message, *Coordinator, error) {
	var target mail.Address
	if err := tx.QueryRow(ctx, `SELECT name, email FROM contacts WHERE id = $1`, p.ContactID).Scan(&target.Name, &target.Email); err != nil {
		return mail.Message{}, nil, err
	}
	coord, err := networkCoordinator(ctx, tx, m.NetworkID)
	if err != nil {
		return mail.Message{}, nil, err
	}
	var sender string
	if err := tx.QueryRow(ctx, `SELECT coalesce(mail_sender_name, '') FROM networks WHERE id = $1`, m.NetworkID).Scan(&sender); err != nil {
		return mail.Message{}, nil, err
	}
	msg := mail.Message{Kind: "lid_introductie", NetworkID: m.NetworkID, EmployerID: m.EmployerID,
		To: mail.Address{Name: m.Name, Email: m.Email}, AlsoTo: []mail.Address{target}, ReplyTo: m.Email, FromName: sender,
		Subject: introductionSubject(m, p),
		Text:    introductionMail(m, p, in, coord, strings.TrimRight(baseURL, "/"))}
	if coord != nil {
		msg.Cc = &mail.Address{Name: coord.Name, Email: coord.Email}
	}
	return msg, coord, nil
}

// recordIntroduction writes one audit entry per employer, so the
// coordinator sees the introduction on both profiles.
func recordIntroduction(ctx context.Context, tx pgx.Tx, id int64, m Member, p Peer, in IntroInput, coord *Coordinator) error {
	changes := map[string]audit.Change{"van": {New: m.Name + " (" + m.EmployerName + ")"},
		"met": {New: p.Name + " (" + p.EmployerName + ")"}, "onderwerp": {New: in.Topic.Name}}
	if coord != nil {
		changes["cc"] = audit.Change{New: coord.Name}
	}
	for _, employerID := range []int64{m.EmployerID, p.EmployerID} {
		if err := audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: EntityIntroduction, EntityID: id,
			EmployerID: employerID, Action: Requested, Changes: changes}); err != nil {
			return err
		}
	}
	return nil
}

// networkCoordinator returns the network's first active coordinator, or nil.
func networkCoordinator(ctx context.Context, q db.Querier, networkID int64) (*Coordinator, error) {
	var c Coordinator
	err := q.QueryRow(ctx, `SELECT u.id, u.name, u.email FROM users u JOIN user_networks un ON un.user_id = u.id
		WHERE un.network_id = $1 AND u.role = 'coordinator' AND u.active ORDER BY u.id LIMIT 1`, networkID).
		Scan(&c.ID, &c.Name, &c.Email)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &c, err
}

// introductionSubject names both organisations, unless that is longer
// than a subject may be (long names): then the network alone.
func introductionSubject(m Member, p Peer) string {
	s := "Kennismaking via " + m.NetworkName + ": " + m.EmployerName + " en " + p.EmployerName
	if utf8.RuneCountInString(s) > 250 {
		s = "Kennismaking via " + m.NetworkName
	}
	return s
}

func introductionMail(m Member, p Peer, in IntroInput, coord *Coordinator, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s en %s,\n\n", m.Name, p.Name)
	fmt.Fprintf(&b, "%s van %s wil graag met %s van %s kennismaken, via Vraag en aanbod van %s.\n",
		m.Name, m.EmployerName, p.Name, p.EmployerName, m.NetworkName)
	if in.Topic.Name != "" {
		fmt.Fprintf(&b, "Het gaat over: %s.\n", in.Topic.Name)
	}
	if in.Message != "" {
		fmt.Fprintf(&b, "\nBericht van %s:\n\n%s\n", m.Name, in.Message)
	}
	fmt.Fprintf(&b, "\nU kunt elkaar bereiken door op deze e-mail te antwoorden aan allen.\n")
	if coord != nil {
		fmt.Fprintf(&b, "%s, coördinator van het netwerk, leest mee en helpt waar dat nodig is.\n", coord.Name)
	}
	fmt.Fprintf(&b, "\nWilt u niet meer door andere leden gevonden worden? Zet Vraag en aanbod uit onder Mijn gegevens: %s/mijn/gegevens\n", baseURL)
	return b.String()
}

// consentHistory says how a change of consent reads in the history; its
// labels also name the mailings field of a member's own contact change.
func consentHistory() audit.History {
	return audit.History{
		Title: func(ctx context.Context, e audit.Entry) string {
			if e.Action == ConsentRevoked {
				return i18n.T(ctx, "%s doet niet meer mee aan Vraag en aanbod", e.Actor)
			}
			return i18n.T(ctx, "%s doet mee aan Vraag en aanbod", e.Actor)
		},
		Labels: map[string]string{"vraag_en_aanbod": "Zichtbaar voor andere leden", "mailings": "Ontvangt mailings"},
	}
}

// introductionHistory says how an introduction reads in an employer's history.
func introductionHistory() audit.History {
	return audit.History{
		Title: func(ctx context.Context, e audit.Entry) string {
			return i18n.T(ctx, "Kennismaking via Vraag en aanbod: %s met %s", e.Changes["van"].New, e.Changes["met"].New)
		},
		Labels: map[string]string{"van": "Gevraagd door", "met": "Met", "onderwerp": "Onderwerp", "cc": "In kopie"},
		Order:  []string{"van", "met", "onderwerp", "cc"},
	}
}
