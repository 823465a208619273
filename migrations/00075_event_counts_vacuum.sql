-- +goose NO TRANSACTION
-- Migration 00073 wrote every event once (its invitation counts). VACUUM
-- marks the pages all-visible again, so counting a network's upcoming
-- events stays an index-only scan, and ANALYZE gives the planner the new
-- index's statistics; autovacuum may be off, so this does not wait for it.

-- +goose Up
VACUUM (ANALYZE) events;

-- +goose Down
SELECT 1;
