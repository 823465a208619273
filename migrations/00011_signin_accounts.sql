-- Sign-in that cannot be turned against users, and accounts managed in the
-- portal (issue 11).
--
-- login_failures (a hard lock-out per account and per address) is replaced by
-- two counters that are taken atomically before a password is checked:
--  * login_delays: per account and client address, a delay that doubles with
--    every failure (capped); the right password after the delay still works.
--  * login_buckets: per client address, a token bucket of attempts spread over
--    many accounts (credential stuffing); when empty, the client is told how
--    many seconds to wait, nobody else is affected.
-- Kept in PostgreSQL so every app instance sees the same counts.

-- +goose Up
DROP TABLE login_failures;

CREATE TABLE login_delays (
    account    text NOT NULL,
    client     text NOT NULL,
    failures   integer NOT NULL CHECK (failures >= 0),
    next_at    timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account, client)
);
CREATE INDEX login_delays_updated_idx ON login_delays (updated_at);

CREATE TABLE login_buckets (
    client     text PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_buckets_updated_idx ON login_buckets (updated_at);

-- One-time links: the first start's setup link (no user yet), an invitation
-- to set a first password, and a password reset. Only the SHA-256 of the
-- token is stored; used_at makes a link single-use.
CREATE TABLE auth_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose     text NOT NULL CHECK (purpose IN ('setup', 'uitnodiging', 'herstel')),
    user_id     bigint REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((purpose = 'setup') = (user_id IS NULL))
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id, purpose);

-- The sign-ins of a user, one row per browser session: listed on /account,
-- ended one by one, all at once, or by deactivating the user. The session
-- (scs) carries the row's id; a session whose row is gone is signed out.
CREATE TABLE user_sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 300),
    address      text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

-- An invited user has no password of their own yet.
ALTER TABLE users ADD COLUMN password_set boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN deactivated_at;
ALTER TABLE users DROP COLUMN password_set;
DROP TABLE user_sessions;
DROP TABLE auth_tokens;
DROP TABLE login_buckets;
DROP TABLE login_delays;
CREATE TABLE login_failures (
    id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);
