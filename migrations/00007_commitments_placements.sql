-- Commitments (letter of intent, covenant, reporting ambition and
-- realisation, and kinds a network adds), placements as counts per employer
-- per quarter (never people), and the share links of the board dashboard.

-- +goose Up
-- A network may add its own kinds; NULL means a kind every network knows.
ALTER TABLE commitment_kinds ADD COLUMN network_id bigint REFERENCES networks (id) ON DELETE CASCADE;
ALTER TABLE commitment_kinds DROP CONSTRAINT commitment_kinds_code_key;
ALTER TABLE commitment_kinds DROP CONSTRAINT commitment_kinds_name_key;
CREATE UNIQUE INDEX commitment_kinds_code_key ON commitment_kinds (coalesce(network_id, 0), code);
CREATE UNIQUE INDEX commitment_kinds_name_key ON commitment_kinds (coalesce(network_id, 0), lower(name));

CREATE TABLE commitments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id   bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    kind_id       bigint NOT NULL REFERENCES commitment_kinds (id),
    status        text NOT NULL CHECK (status IN ('toegezegd', 'getekend', 'verlopen', 'ingetrokken')),
    promised_on   date,
    signed_on     date,
    valid_from    date,
    valid_until   date CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from),
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    -- the signed document, if any: a PDF of at most 10 MB, kept in the database
    -- so every app instance serves it and backups include it
    document_name text CHECK (document_name IS NULL OR length(document_name) BETWEEN 1 AND 200),
    document      bytea CHECK (document IS NULL OR length(document) <= 10485760),
    document_size integer,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitments_employer_idx ON commitments (employer_id, kind_id);
CREATE INDEX commitments_kind_idx ON commitments (kind_id, status);

-- Placements: counts per employer per quarter. Corrections are audit-logged
-- (entity "placement") with the values before and after.
CREATE TABLE placement_reports (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id       bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    year              integer NOT NULL CHECK (year BETWEEN 2013 AND 2100),
    quarter           integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    ambition_jobs     integer CHECK (ambition_jobs IS NULL OR ambition_jobs BETWEEN 0 AND 100000),
    people            integer NOT NULL CHECK (people BETWEEN 0 AND 1000000),
    weekly_hours      numeric(10, 1) NOT NULL CHECK (weekly_hours >= 0),
    people_employed   integer NOT NULL DEFAULT 0 CHECK (people_employed >= 0),
    people_seconded   integer NOT NULL DEFAULT 0 CHECK (people_seconded >= 0),
    source            text NOT NULL DEFAULT 'coordinator' CHECK (source IN ('coordinator', 'werkgever', 'import')),
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employer_id, year, quarter),
    CHECK (people_employed + people_seconded <= people),
    CHECK (weekly_hours <= people * 48)
);
CREATE INDEX placement_reports_period_idx ON placement_reports (year, quarter);

-- An employer's personal link to report placements, like the intake's.
CREATE TABLE placement_links (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placement_links_employer_idx ON placement_links (employer_id);

-- Read-only share links of the dashboard for a board meeting: the token is
-- signed (HMAC with a key in app_secrets) and the row makes it revocable.
CREATE TABLE app_secrets (
    name       text PRIMARY KEY,
    value      bytea NOT NULL CHECK (length(value) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE dashboard_shares (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    network_ids bigint[] NOT NULL,
    label       text NOT NULL DEFAULT '' CHECK (length(label) <= 120),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_shares_user_idx ON dashboard_shares (user_id);

-- +goose Down
DROP TABLE dashboard_shares;
DROP TABLE app_secrets;
DROP TABLE placement_links;
DROP TABLE placement_reports;
DROP TABLE commitments;
DROP INDEX commitment_kinds_name_key;
DROP INDEX commitment_kinds_code_key;
DELETE FROM commitment_kinds WHERE network_id IS NOT NULL;
ALTER TABLE commitment_kinds ADD CONSTRAINT commitment_kinds_code_key UNIQUE (code);
ALTER TABLE commitment_kinds ADD CONSTRAINT commitment_kinds_name_key UNIQUE (name);
ALTER TABLE commitment_kinds DROP COLUMN network_id;
