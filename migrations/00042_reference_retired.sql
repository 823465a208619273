-- Retiring reference values in /beheer (issue 11): a retired value stays on
-- the records that hold it and in the dashboard's history, and keeps its
-- name; forms no longer offer it for a new choice. The statement triggers
-- of 00019 announce the change, so every instance's cache drops its lists.

-- +goose Up
ALTER TABLE tags             ADD COLUMN retired_at timestamptz;
ALTER TABLE function_types   ADD COLUMN retired_at timestamptz;
ALTER TABLE themes           ADD COLUMN retired_at timestamptz;
ALTER TABLE commitment_kinds ADD COLUMN retired_at timestamptz;
ALTER TABLE maturity_levels  ADD COLUMN retired_at timestamptz;

-- +goose Down
ALTER TABLE maturity_levels  DROP COLUMN retired_at;
ALTER TABLE commitment_kinds DROP COLUMN retired_at;
ALTER TABLE themes           DROP COLUMN retired_at;
ALTER TABLE function_types   DROP COLUMN retired_at;
ALTER TABLE tags             DROP COLUMN retired_at;
