-- Sessions are now stored under the SHA-256 of their token (see
-- internal/platform/session). Rows stored under a raw token can no longer be
-- found and would keep a usable token in the table: remove them. Everyone
-- signs in once more.

-- +goose Up
DELETE FROM sessions;

-- +goose Down
DELETE FROM sessions;
