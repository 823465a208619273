-- +goose NO TRANSACTION
-- Migration 00061 wrote every employer once (its contact counts). VACUUM
-- marks the pages all-visible again, so the list's index-only scans stay
-- index-only, and ANALYZE gives the planner the new columns' statistics;
-- autovacuum may be off, so this does not wait for it.

-- +goose Up
VACUUM (ANALYZE) employers;

-- +goose Down
SELECT 1;
