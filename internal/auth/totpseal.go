package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Two-step secrets are stored encrypted (AES-256-GCM with TOTP_KEY), so a
// copy of the database, a backup or a replica alone does not give anyone a
// user's codes. The stored form is "v1:" and base64 of nonce and sealed
// secret; the user's id is the additional data, so a sealed secret copied
// to another account does not open. Secrets stored before encryption
// (plain base32) are still read, and SealPlainTOTPSecrets encrypts them at
// start.
const sealedPrefix = "v1:"

var plainSecretRe = regexp.MustCompile(`^[A-Z2-7]{16,128}$`)

// errNoTOTPKey: the secret cannot be used because TOTP_KEY is missing or
// is not the key it was sealed with. Recovery codes (hashes) still work.
var errNoTOTPKey = errors.New("auth: two-step secret cannot be opened: TOTP_KEY missing or changed")

// totpSealer seals and opens secrets; the zero value has no key.
type totpSealer struct{ aead cipher.AEAD }

func newTOTPSealer(key []byte) (totpSealer, error) {
	if key == nil {
		return totpSealer{}, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return totpSealer{}, fmt.Errorf("auth: TOTP key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return totpSealer{}, err
	}
	return totpSealer{aead: aead}, nil
}

func (s totpSealer) ok() bool { return s.aead != nil }

func sealAAD(userID int64) []byte { return []byte("totp:" + strconv.FormatInt(userID, 10)) }

func (s totpSealer) seal(userID int64, secret string) (string, error) {
	if !s.ok() {
		return "", errNoTOTPKey
	}
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	out := s.aead.Seal(nonce, nonce, []byte(secret), sealAAD(userID))
	return sealedPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// open returns the secret of a stored value: sealed, or plain from before
// encryption.
func (s totpSealer) open(userID int64, stored string) (string, error) {
	if plainSecretRe.MatchString(stored) {
		return stored, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(stored, sealedPrefix))
	if !strings.HasPrefix(stored, sealedPrefix) || err != nil {
		return "", fmt.Errorf("auth: stored two-step secret of user %d has an unknown form", userID)
	}
	if !s.ok() || len(raw) < s.aead.NonceSize() {
		return "", errNoTOTPKey
	}
	n := s.aead.NonceSize()
	secret, err := s.aead.Open(nil, raw[:n], raw[n:], sealAAD(userID))
	if err != nil {
		return "", errNoTOTPKey
	}
	return string(secret), nil
}

// SealPlainTOTPSecrets encrypts the secrets stored in plain text before
// TOTP_KEY existed; the portal calls it at start. Without a key it does
// nothing and says how many are left in plain text.
func SealPlainTOTPSecrets(ctx context.Context, pool *pgxpool.Pool, key []byte) (sealed, plain int, err error) {
	s, err := newTOTPSealer(key)
	if err != nil {
		return 0, 0, err
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, totp_secret FROM users WHERE totp_secret !~ '^v1:' FOR UPDATE`)
		if err != nil {
			return err
		}
		type row struct {
			ID     int64
			Secret string
		}
		list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
		if err != nil || !s.ok() {
			plain = len(list)
			return err
		}
		for _, r := range list {
			v, err := s.seal(r.ID, r.Secret)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = $2 WHERE id = $1`, r.ID, v); err != nil {
				return err
			}
			sealed++
		}
		return nil
	})
	return sealed, plain, err
}
