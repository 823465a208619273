-- Privacy requests and imports. An erased contact keeps its row (so counts
-- of attendance, subgroups and visits stay right) with every personal field
-- replaced; erased_at says it happened, without saying what was erased.
-- An import run records what a spreadsheet did, for the audit trail's source.

-- +goose Up
ALTER TABLE contacts ADD COLUMN erased_at timestamptz;
ALTER TABLE employers ADD COLUMN erased_at timestamptz;

CREATE TABLE import_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id   bigint NOT NULL REFERENCES networks (id),
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    file_sha256  bytea NOT NULL CHECK (length(file_sha256) = 32),
    rows_total   integer NOT NULL DEFAULT 0,
    rows_refused integer NOT NULL DEFAULT 0,
    employers_created integer NOT NULL DEFAULT 0,
    employers_updated integer NOT NULL DEFAULT 0,
    contacts_created  integer NOT NULL DEFAULT 0,
    contacts_updated  integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_runs_network_idx ON import_runs (network_id, created_at DESC);

-- +goose Down
DROP TABLE import_runs;
ALTER TABLE employers DROP COLUMN erased_at;
ALTER TABLE contacts DROP COLUMN erased_at;
