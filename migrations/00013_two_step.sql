-- Two-step sign-in with an authenticator app (TOTP, RFC 6238) and recovery
-- codes (issue 11). The secret must be readable to check a code; recovery
-- codes are stored only as SHA-256 hashes. totp_last_step refuses a code
-- that was already used (a replay within its 30 seconds).

-- +goose Up
ALTER TABLE users ADD COLUMN totp_secret text CHECK (totp_secret ~ '^[A-Z2-7]{16,128}$');
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;

CREATE TABLE user_recovery_codes (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at   timestamptz,
    UNIQUE (user_id, code_hash)
);

-- Settings of sign-in the beheerder decides; one row.
CREATE TABLE auth_policy (
    id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
    require_two_step_beheer boolean NOT NULL DEFAULT false
);
INSERT INTO auth_policy DEFAULT VALUES;

-- +goose Down
DROP TABLE auth_policy;
DROP TABLE user_recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
