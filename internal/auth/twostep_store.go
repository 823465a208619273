package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// TOTP as every authenticator app does it: SHA-1, 6 digits, 30 seconds;
// one step of clock drift either way is accepted.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

const recoveryCodeCount = 10

// newTOTPKey makes a secret for the account name (the e-mail address).
func newTOTPKey(email string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: "Netwerkportaal", AccountName: email, SecretSize: 20})
}

// totpStep returns the time step code belongs to (within one step of now),
// or 0 when it matches none.
func totpStep(secret, code string, now time.Time) int64 {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0
	}
	for _, off := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(off) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / 30
		}
	}
	return 0
}

// newRecoveryCodes returns codes to show once ("abcd-efgh-ijkl") and their
// hashes to store.
func newRecoveryCodes() ([]string, [][]byte) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no look-alikes
	codes := make([]string, recoveryCodeCount)
	hashes := make([][]byte, recoveryCodeCount)
	for i := range codes {
		b := make([]byte, 12)
		rand.Read(b)
		var sb strings.Builder
		for j, c := range b {
			if j > 0 && j%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(alphabet[int(c)%len(alphabet)])
		}
		codes[i] = sb.String()
		hashes[i] = hashRecovery(codes[i])
	}
	return codes, hashes
}

func hashRecovery(code string) []byte {
	c := strings.ToLower(strings.ReplaceAll(strings.Join(strings.Fields(code), ""), "-", ""))
	h := sha256.Sum256([]byte(c))
	return h[:]
}

// twoStep is a user's two-step state.
type twoStep struct {
	Enabled  bool
	Required bool // the user is a beheerder and the policy asks it of them
	Codes    int  // unused recovery codes
}

func (s *Store) twoStep(ctx context.Context, userID int64) (twoStep, error) {
	var t twoStep
	err := s.pool.QueryRow(ctx, `SELECT u.totp_enabled_at IS NOT NULL,
			u.role = 'beheerder' AND p.require_two_step_beheer,
			(SELECT count(*)::int FROM user_recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL)
		FROM users u CROSS JOIN auth_policy p WHERE u.id = $1`, userID).Scan(&t.Enabled, &t.Required, &t.Codes)
	return t, err
}

// enableTwoStep stores a confirmed secret with new recovery codes.
func (s *Store) enableTwoStep(ctx context.Context, userID int64, secret string, step int64) ([]string, error) {
	sealed, err := s.sealer.seal(userID, secret)
	if err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3 WHERE id = $1`,
			userID, sealed, step); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		for _, h := range hashes {
			if _, err := tx.Exec(ctx, `INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "tweestapsverificatie aangezet"})
	})
	return codes, err
}

func (s *Store) disableTwoStep(ctx context.Context, userID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "tweestapsverificatie uitgezet"})
	})
}

var errWrongCode = errors.New("wrong code")

// useSecondFactor accepts a TOTP code not used before, or an unused
// recovery code, in one transaction (the user row locked, so one code
// cannot pass twice at once). It says which kind passed.
func (s *Store) useSecondFactor(ctx context.Context, userID int64, code string) (string, error) {
	var kind string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var stored string
		var last int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(totp_secret, ''), totp_last_step FROM users WHERE id = $1 AND totp_enabled_at IS NOT NULL FOR UPDATE`,
			userID).Scan(&stored, &last); err != nil {
			return err
		}
		// A secret that does not open (no key, another key) is no code
		// match; a recovery code still passes, since those are hashes.
		secret, openErr := s.sealer.open(userID, stored)
		if openErr != nil && !errors.Is(openErr, errNoTOTPKey) {
			return openErr
		}
		if step := totpStep(secret, code, s.Clock().Now()); openErr == nil && step > last {
			kind = "app"
			_, err := tx.Exec(ctx, `UPDATE users SET totp_last_step = $2 WHERE id = $1`, userID, step)
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
			userID, hashRecovery(code))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			kind = "herstelcode"
			return nil
		}
		if openErr != nil {
			return openErr
		}
		return errWrongCode
	})
	return kind, err
}

// SetTwoStepRequired sets whether beheerders must use two-step sign-in.
func (s *Store) SetTwoStepRequired(ctx context.Context, required bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE auth_policy SET require_two_step_beheer = $1`, required); err != nil {
			return err
		}
		v := map[bool]string{true: "ja", false: "nee"}
		return audit.Record(ctx, tx, audit.Entry{Entity: "instelling", EntityID: 1, Action: audit.Updated,
			Changes: map[string]audit.Change{"tweestapsverificatie verplicht voor beheerders": {Old: v[!required], New: v[required]}}})
	})
}

// TwoStepRequired says whether beheerders must use two-step sign-in.
func (s *Store) TwoStepRequired(ctx context.Context) (bool, error) {
	var b bool
	err := s.pool.QueryRow(ctx, `SELECT require_two_step_beheer FROM auth_policy`).Scan(&b)
	return b, err
}

// passwordPassed clears the password's delay when a second step follows.
func (s *Store) passwordPassed(ctx context.Context, userID int64, account, client string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.throttle.succeeded(ctx, tx, account, client); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "wachtwoord juist, code gevraagd",
			Actor: "onbekend", Changes: map[string]audit.Change{"adres": {New: client}}})
	})
}

// failedCode writes a wrong second-step code to the audit trail.
func (s *Store) failedCode(ctx context.Context, userID int64, client string) error {
	return audit.Record(ctx, s.pool, audit.Entry{Entity: "user", EntityID: userID, Action: "code onjuist",
		Actor: "onbekend", Changes: map[string]audit.Change{"adres": {New: client}}})
}

// otpKey rebuilds the key of a secret, for its QR code.
func otpKey(email, secret string) (*otp.Key, error) {
	v := url.Values{"secret": {secret}, "issuer": {"Netwerkportaal"}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	return otp.NewKeyFromURL("otpauth://totp/" + url.PathEscape("Netwerkportaal:"+email) + "?" + v.Encode())
}
