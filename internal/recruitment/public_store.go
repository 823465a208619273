package recruitment

import (
	"context"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/mail"
)

// Slug is the address form of a network name: "99vanTwente" is
// "99vantwente", "Zuid-Kennemerland & IJmond" is "zuid-kennemerland-ijmond".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// Throttle limits how often one client address may submit the public form:
// at most FormLimit submissions an hour. It counts in the database under an
// advisory lock of the address, so two instances cannot both let one through.
func (s *Store) Throttle(ctx context.Context, addr string) (allowed bool, err error) {
	if len(addr) > 64 {
		addr = addr[:64]
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('interest_form:' || $1))`, addr); err != nil {
			return err
		}
		// Old hits of every address go on the way: the table stays small.
		if _, err := tx.Exec(ctx, `DELETE FROM interest_form_hits WHERE at < now() - interval '1 hour'`); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM interest_form_hits WHERE addr = $1`, addr).Scan(&n); err != nil {
			return err
		}
		if n >= FormLimit {
			return nil
		}
		allowed = true
		_, err := tx.Exec(ctx, `INSERT INTO interest_form_hits (addr) VALUES ($1)`, addr)
		return err
	})
	return allowed, err
}

// FormLimit is the number of submissions an address may make in an hour.
const FormLimit = 5

// Mails are the messages a submission sends, built by the handler (it
// knows the language and the portal's address).
type Mails struct {
	ToCoordinator func(to mail.Address, prospectID int64) mail.Message
	Confirmation  mail.Message
}

// Submit stores a submission of the public form as a prospect with source
// "eigen aanmelding", and queues the mail to the network's coordinators and
// the confirmation to the employer in the same transaction.
func (s *Store) Submit(ctx context.Context, in Input, mails Mails) (int64, error) {
	in.Source = SelfApplied
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = insert(audit.WithSource(ctx, "aanmeldformulier"), tx, in, "Aanmeldformulier", s.Clock().Now())
		if err != nil {
			return err
		}
		coordinators, err := coordinatorsOf(ctx, tx, in.NetworkID)
		if err != nil {
			return err
		}
		for _, c := range coordinators {
			if _, err := mail.Enqueue(ctx, tx, mails.ToCoordinator(c, id)); err != nil {
				return err
			}
		}
		_, err = mail.Enqueue(ctx, tx, mails.Confirmation)
		return err
	})
	return id, err
}

// coordinatorsOf returns the active coordinators of a network.
func coordinatorsOf(ctx context.Context, q db.Querier, networkID int64) ([]mail.Address, error) {
	rows, err := q.Query(ctx, `SELECT u.name, u.email FROM users u JOIN user_networks un ON un.user_id = u.id
		WHERE un.network_id = $1 AND u.role = 'coordinator' AND u.active ORDER BY u.id`, networkID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[mail.Address])
}
