-- +goose NO TRANSACTION
-- Migration 00076 wrote every follow-up once (its network). VACUUM marks
-- the pages all-visible again, so counting a user's open follow-ups stays
-- an index-only scan; autovacuum may be off, so this does not wait for it.

-- +goose Up
VACUUM (ANALYZE) follow_ups;

-- +goose Down
SELECT 1;
