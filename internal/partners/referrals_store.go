package partners

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Rules of a new referral that the saving transaction checks again, so a
// partner or contact changed meanwhile cannot slip through.
var (
	ErrPartnerGone    = errors.New("partner does not exist")
	ErrContactInvalid = errors.New("contact is not active at the employer")
	ErrNoContact      = errors.New("introduction mail without a contact")
	ErrContactNoEmail = errors.New("contact has no e-mail address")
	ErrPartnerNoEmail = errors.New("partner has no e-mail address")
)

// ReferralInput is a validated referral form, typed for the store.
type ReferralInput struct {
	EmployerID int64
	NetworkID  int64 // the employer's network as the user saw it
	PartnerID  int64
	ContactID  *int64
	Question   string
	ReferredOn time.Time
	Status     string
	FollowUpOn *time.Time
	Intro      bool // mail the partner an introduction
}

// StatusInput is a validated status form.
type StatusInput struct {
	Status     string
	FollowUpOn *time.Time
	Outcome    string
	Version    int
}

// activeContact is the SQL condition for a contact who still works there.
// An erased contact (privacy request) keeps its row for the counts but is
// never offered again.
const activeContact = eligible.Contact

// maxPartnerReferrals bounds the list on a partner's page; the counts per
// status cover every referral.
const maxPartnerReferrals = 200

const referralColumns = `x.id, x.employer_id, e.name, e.network_id, x.network_id, n.name, x.partner_id, p.name, p.kind,
	p.email, coalesce(x.contact_id, 0), coalesce(c.name, ''), x.question, x.referred_on, coalesce(u.name, ''), x.status,
	x.follow_up_on, x.outcome, x.mailed_at, x.version, x.created_at, x.updated_at`

const referralJoins = `FROM referrals x
	JOIN employers e ON e.id = x.employer_id
	JOIN networks n ON n.id = x.network_id
	JOIN partners p ON p.id = x.partner_id
	LEFT JOIN contacts c ON c.id = x.contact_id
	LEFT JOIN users u ON u.id = x.referred_by`

// inScope is the SQL condition on a referral's network, with the scope as
// the arguments $2 (all) and $3 (network ids).
const inScope = `($2 OR x.network_id = ANY($3))`

func scanReferral(row pgx.Row) (Referral, error) {
	var r Referral
	err := row.Scan(&r.ID, &r.EmployerID, &r.EmployerName, &r.EmployerNetworkID, &r.NetworkID, &r.NetworkName,
		&r.PartnerID, &r.PartnerName, &r.PartnerKind, &r.PartnerEmail, &r.ContactID, &r.ContactName, &r.Question,
		&r.ReferredOn, &r.ReferredBy, &r.Status, &r.FollowUpOn, &r.Outcome, &r.MailedAt, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	return r, err
}

func collectReferrals(rows pgx.Rows, err error) ([]Referral, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Referral, error) { return scanReferral(r) })
}

// Referral returns a referral the scope may read. A referral belongs to the
// network that made it, wherever its employer went later; others are
// NotFound, so ids of other networks reveal nothing.
func (s *Store) Referral(ctx context.Context, scope identity.Scope, id int64) (Referral, error) {
	return getReferral(ctx, s.pool, scope, id, false)
}

func getReferral(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (Referral, error) {
	sql := `SELECT ` + referralColumns + ` ` + referralJoins + ` WHERE x.id = $1 AND ` + inScope
	if lock {
		sql += ` FOR UPDATE OF x`
	}
	r, err := scanReferral(q.QueryRow(ctx, sql, id, scope.All, scope.Networks))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, apperr.ErrNotFound
	}
	return r, err
}

// ForEmployer returns an employer's referrals made by the scope's networks,
// newest first.
func (s *Store) ForEmployer(ctx context.Context, scope identity.Scope, employerID int64) ([]Referral, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Referral { return s.QueueForEmployer(b, scope, employerID) })
}

// QueueForEmployer is ForEmployer as one read of a page's batch.
func (s *Store) QueueForEmployer(b *db.Batch, scope identity.Scope, employerID int64) *[]Referral {
	return db.Collect(b, func(r pgx.CollectableRow) (Referral, error) { return scanReferral(r) },
		`SELECT `+referralColumns+` `+referralJoins+`
		WHERE x.employer_id = $1 AND `+inScope+` ORDER BY x.referred_on DESC, x.id DESC`, employerID, scope.All, scope.Networks)
}

// ForPartner returns the newest referrals to a partner made by the scope's
// networks, and how many there are per status.
func (s *Store) ForPartner(ctx context.Context, scope identity.Scope, partnerID int64) ([]Referral, map[string]int, error) {
	list, err := collectReferrals(s.pool.Query(ctx, `SELECT `+referralColumns+` `+referralJoins+`
		WHERE x.partner_id = $1 AND `+inScope+` ORDER BY x.referred_on DESC, x.id DESC LIMIT $4`,
		partnerID, scope.All, scope.Networks, maxPartnerReferrals))
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT x.status, count(*)::int FROM referrals x
		WHERE x.partner_id = $1 AND `+inScope+` GROUP BY x.status`, partnerID, scope.All, scope.Networks)
	if err != nil {
		return nil, nil, err
	}
	counts := map[string]int{}
	var status string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&status, &n}, func() error {
		counts[status] = n
		return nil
	})
	return list, counts, err
}

// Employer returns the employer a referral is about; the caller checks
// that the user may read its network.
func (s *Store) Employer(ctx context.Context, id int64) (Employer, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *Employer { return s.QueueEmployer(b, id) })
}

// QueueEmployer is Employer as one read of a page's batch.
func (s *Store) QueueEmployer(b *db.Batch, id int64) *Employer {
	e := new(Employer)
	b.QueryRow(func(row pgx.Row) error {
		err := row.Scan(&e.ID, &e.Name, &e.NetworkID, &e.NetworkName, &e.RegionID, &e.RegionName)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		return err
	}, `SELECT e.id, e.name, e.network_id, n.name, coalesce(e.region_id, 0), coalesce(r.name, '')
		FROM employers e JOIN networks n ON n.id = e.network_id LEFT JOIN regions r ON r.id = e.region_id
		WHERE e.id = $1`, id)
	return e
}

// Contacts returns the active contacts of an employer, the primary one
// first.
func (s *Store) Contacts(ctx context.Context, employerID int64) ([]Contact, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.name, c.email, c.phone, c.job_title FROM contacts c
		WHERE c.employer_id = $1 AND `+activeContact+` ORDER BY c.is_primary DESC, lower(c.name), c.id`, employerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Contact])
}

// Choices returns every partner, by region and name, for the referral
// form.
func (s *Store) Choices(ctx context.Context) ([]Choice, error) {
	rows, err := s.pool.Query(ctx, `SELECT p.id, p.name, p.kind, p.region_id, r.name, p.email
		FROM partners p JOIN regions r ON r.id = p.region_id ORDER BY r.name, lower(p.name), p.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Choice])
}

// Suggestions returns the partners in the employer's region that help with
// challenges the employer named, those that help with the most first.
func (s *Store) Suggestions(ctx context.Context, employerID int64, limit int) ([]Suggestion, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Suggestion { return s.QueueSuggestions(b, employerID, limit) })
}

// QueueSuggestions is Suggestions as one read of a page's batch.
func (s *Store) QueueSuggestions(b *db.Batch, employerID int64, limit int) *[]Suggestion {
	return db.Collect(b, pgx.RowToStructByPos[Suggestion], `SELECT p.id, p.name, p.kind, array_agg(t.name ORDER BY t.position, t.id)
		FROM employers e
		JOIN partners p ON p.region_id = e.region_id
		JOIN partner_tags pt ON pt.partner_id = p.id
		JOIN employer_tags et ON et.employer_id = e.id AND et.tag_id = pt.tag_id
		JOIN tags t ON t.id = pt.tag_id AND t.kind = 'uitdaging'
		WHERE e.id = $1
		GROUP BY p.id, p.name, p.kind
		ORDER BY count(*) DESC, lower(p.name), p.id LIMIT $2`, employerID, limit)
}

// CreateReferral stores a referral for the employer's network, with its
// audit entry in the employer's history, and queues the introduction mail
// when asked, all in one transaction.
func (s *Store) CreateReferral(ctx context.Context, in ReferralInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "partners: create referral")
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		intro, err := loadIntroduction(ctx, tx, in)
		if err != nil {
			return err
		}
		var userID *int64
		if intro.Sender != nil {
			userID = &intro.Sender.ID
		}
		err = tx.QueryRow(ctx, `INSERT INTO referrals (employer_id, network_id, partner_id, contact_id, question, referred_on,
				referred_by, status, follow_up_on, mailed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END) RETURNING id`,
			in.EmployerID, in.NetworkID, in.PartnerID, in.ContactID, in.Question, in.ReferredOn, userID, in.Status,
			in.FollowUpOn, in.Intro).Scan(&id)
		if err != nil {
			return err
		}
		if in.Intro {
			if err := introductionMail(ctx, tx, intro); err != nil {
				return err
			}
		}
		after, err := getReferral(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "referral", EntityID: id, EmployerID: in.EmployerID,
			Action: audit.Created, Changes: audit.Diff(nil, referralSnapshot(after))})
	})
	return id, err
}

// loadIntroduction reads, and keeps until the transaction ends, what the
// referral names: the employer still in the network the user saw, the
// partner and the contact; and checks what the introduction mail needs.
func loadIntroduction(ctx context.Context, tx pgx.Tx, in ReferralInput) (introduction, error) {
	it := introduction{Question: in.Question, Sender: senderOf(ctx)}
	err := tx.QueryRow(ctx, `SELECT e.name, n.name FROM employers e JOIN networks n ON n.id = e.network_id
		WHERE e.id = $1 AND e.network_id = $2 FOR SHARE OF e`, in.EmployerID, in.NetworkID).Scan(&it.EmployerName, &it.NetworkName)
	if errors.Is(err, pgx.ErrNoRows) {
		return it, apperr.ErrNotFound
	}
	if err != nil {
		return it, err
	}
	it.NetworkID, it.EmployerID = in.NetworkID, in.EmployerID
	err = tx.QueryRow(ctx, `SELECT name, contact_name, email FROM partners WHERE id = $1 FOR SHARE`, in.PartnerID).
		Scan(&it.PartnerName, &it.PartnerContact, &it.PartnerEmail)
	if errors.Is(err, pgx.ErrNoRows) {
		return it, ErrPartnerGone
	}
	if err != nil {
		return it, err
	}
	if in.ContactID != nil {
		err = tx.QueryRow(ctx, `SELECT c.name, c.email, c.phone, c.job_title FROM contacts c
			WHERE c.id = $1 AND c.employer_id = $2 AND `+activeContact+` FOR SHARE OF c`, *in.ContactID, in.EmployerID).
			Scan(&it.Contact.Name, &it.Contact.Email, &it.Contact.Phone, &it.Contact.JobTitle)
		if errors.Is(err, pgx.ErrNoRows) {
			return it, ErrContactInvalid
		}
		if err != nil {
			return it, err
		}
	}
	if !in.Intro {
		return it, nil
	}
	switch {
	case it.PartnerEmail == "":
		return it, ErrPartnerNoEmail
	case in.ContactID == nil:
		return it, ErrNoContact
	case it.Contact.Email == "":
		return it, ErrContactNoEmail
	}
	return it, nil
}

// UpdateReferral saves a new status, follow-up date and outcome if nobody
// changed the referral since in.Version was read; otherwise it returns a
// Conflict and changes nothing.
func (s *Store) UpdateReferral(ctx context.Context, scope identity.Scope, id int64, in StatusInput) (failed error) {
	defer apperr.Annotate(&failed, "partners: update referral %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := getReferral(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		_, err = tx.Exec(ctx, `UPDATE referrals SET status = $2, follow_up_on = $3, outcome = $4, version = version + 1,
			updated_at = now() WHERE id = $1`, id, in.Status, in.FollowUpOn, in.Outcome)
		if err != nil {
			return err
		}
		after, err := getReferral(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		was := referralSnapshot(before)
		changes := audit.Diff(was, referralSnapshot(after))
		if len(changes) == 0 {
			return nil
		}
		// The employer's history reads the entry on its own: it names the
		// partner even though that did not change.
		changes["partner"] = audit.Change{Old: was["partner"], New: was["partner"]}
		return audit.Record(ctx, tx, audit.Entry{Entity: "referral", EntityID: id, EmployerID: before.EmployerID,
			Action: audit.Updated, Changes: changes})
	})
}

// referralSnapshot is a referral as the audit trail keeps it; it shows in
// the employer's history, so it names the partner.
func referralSnapshot(r Referral) map[string]string {
	mailed := ""
	if r.MailedAt != nil {
		mailed = nltime.FormatDateTime(*r.MailedAt)
	}
	return map[string]string{
		"partner": r.PartnerName, "vraag": r.Question, "doorverwezen_op": nltime.FormatDate(r.ReferredOn),
		"status": StatusLabels[r.Status], "opvolgdatum": nltime.FormatDatePtr(r.FollowUpOn), "uitkomst": r.Outcome,
		"contactpersoon": r.ContactName, "introductiemail": mailed, "netwerk": r.NetworkName,
	}
}
