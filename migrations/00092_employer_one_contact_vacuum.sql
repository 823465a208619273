-- +goose NO TRANSACTION
-- The index-only scans of migration 00091 stay index-only only on pages
-- the visibility map marks all-visible; autovacuum may be off, so this
-- does not wait for it (as 00080).

-- +goose Up
VACUUM (ANALYZE) employers;

-- +goose Down
SELECT 1;
