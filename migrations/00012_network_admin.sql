-- Networks managed in the portal (issue 11): a network with members is
-- archived, never deleted; an archived network is no longer offered.

-- +goose Up
ALTER TABLE networks ADD COLUMN archived_at timestamptz;

-- +goose Down
ALTER TABLE networks DROP COLUMN archived_at;
