-- Two-step secrets are stored encrypted with TOTP_KEY (AES-256-GCM, issue
-- 11): "v1:" and base64 of nonce and ciphertext. Plain base32 secrets from
-- before are still allowed until the portal encrypts them at start (it can
-- do so only with the key, which the database never sees).

-- +goose Up
ALTER TABLE users DROP CONSTRAINT users_totp_secret_check;
ALTER TABLE users ADD CONSTRAINT users_totp_secret_check
    CHECK (totp_secret ~ '^[A-Z2-7]{16,128}$' OR totp_secret ~ '^v1:[A-Za-z0-9+/]{40,255}={0,2}$');

-- +goose Down
-- A sealed secret cannot be turned back into plain text here: two-step
-- sign-in is switched off for those users (recovery codes go with it).
DELETE FROM user_recovery_codes WHERE user_id IN (SELECT id FROM users WHERE totp_secret ~ '^v1:');
UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE totp_secret ~ '^v1:';
ALTER TABLE users DROP CONSTRAINT users_totp_secret_check;
ALTER TABLE users ADD CONSTRAINT users_totp_secret_check CHECK (totp_secret ~ '^[A-Z2-7]{16,128}$');
