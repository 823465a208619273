-- Uploaded spreadsheets, kept between the steps of an import (upload, map
-- the columns, preview, import) so that no session holds a large file. An
-- upload belongs to the user who made it. After the import its data is
-- emptied (the contacts in it are personal data) and run_id says what the
-- import did; uploads older than a day are deleted when a new one is made.

-- +goose Up
CREATE TABLE import_uploads (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    filename   text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    data       bytea NOT NULL CHECK (length(data) <= 10485760),
    -- The field of each column ('' = not imported); NULL until chosen.
    mapping    text[],
    run_id     bigint REFERENCES import_runs (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_uploads_user_idx ON import_uploads (user_id, created_at DESC);
CREATE INDEX import_uploads_created_idx ON import_uploads (created_at);

-- +goose Down
DROP TABLE import_uploads;
