-- Networks, users, employers and their contacts, the audit trail and sessions.

-- +goose Up
CREATE TABLE networks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    region_id  bigint REFERENCES regions (id),
    maturity_scale text NOT NULL DEFAULT 'PSO',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    role          text NOT NULL CHECK (role IN ('beheerder', 'coordinator', 'bestuur')),
    password_hash text NOT NULL,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE user_networks (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, network_id)
);
CREATE INDEX user_networks_network_idx ON user_networks (network_id);

CREATE TABLE employers (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint NOT NULL REFERENCES networks (id),
    name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kvk_number         text CHECK (kvk_number ~ '^[0-9]{8}$'),
    sector_id          bigint REFERENCES sectors (id),
    employee_count     integer CHECK (employee_count >= 0),
    address            text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    postcode           text CHECK (postcode ~ '^[1-9][0-9]{3} [A-Z]{2}$' AND substr(postcode, 6, 2) NOT IN ('SA', 'SD', 'SS')),
    city               text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
    region_id          bigint REFERENCES regions (id),
    status             text NOT NULL DEFAULT 'prospect'
                       CHECK (status IN ('prospect', 'aangemeld', 'lid', 'gepauzeerd', 'uitgeschreven')),
    status_changed_on  date NOT NULL DEFAULT current_date,
    member_since       date,
    maturity_level_id  bigint REFERENCES maturity_levels (id),
    offers_note        text NOT NULL DEFAULT '' CHECK (length(offers_note) <= 4000),
    challenges_note    text NOT NULL DEFAULT '' CHECK (length(challenges_note) <= 4000),
    notes              text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
-- A KvK number identifies one employer, across all networks.
CREATE UNIQUE INDEX employers_kvk_key ON employers (kvk_number) WHERE kvk_number IS NOT NULL;
-- The list's three sort orders, within one network and across all of them.
CREATE INDEX employers_network_name_idx ON employers (network_id, lower(name), id);
CREATE INDEX employers_network_updated_idx ON employers (network_id, updated_at DESC, id DESC);
CREATE INDEX employers_network_member_idx ON employers (network_id, member_since, lower(name), id);
CREATE INDEX employers_name_idx ON employers (lower(name), id);
CREATE INDEX employers_updated_idx ON employers (updated_at DESC, id DESC);
CREATE INDEX employers_member_idx ON employers (member_since, lower(name), id);
CREATE INDEX employers_status_idx ON employers (network_id, status);
CREATE INDEX employers_sector_idx ON employers (sector_id);
CREATE INDEX employers_region_idx ON employers (region_id);
CREATE INDEX employers_maturity_idx ON employers (maturity_level_id);
CREATE INDEX employers_name_trgm ON employers USING gin (name gin_trgm_ops);
CREATE INDEX employers_city_trgm ON employers USING gin (city gin_trgm_ops);

-- Every membership status change with its date: "member since" and the
-- dashboard's joins and leaves per quarter come from here.
CREATE TABLE employer_status_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('prospect', 'aangemeld', 'lid', 'gepauzeerd', 'uitgeschreven')),
    changed_on  date NOT NULL,
    changed_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employer_status_changes_employer_idx ON employer_status_changes (employer_id, changed_on);

CREATE TABLE employer_tags (
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    tag_id      bigint NOT NULL REFERENCES tags (id),
    PRIMARY KEY (employer_id, tag_id)
);
CREATE INDEX employer_tags_tag_idx ON employer_tags (tag_id);

CREATE TABLE contacts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    email        text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone        text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    function     text NOT NULL REFERENCES function_types (code),
    job_title    text NOT NULL DEFAULT '' CHECK (length(job_title) <= 120),
    level        text NOT NULL CHECK (level IN ('strategisch', 'tactisch', 'operationeel')),
    is_primary   boolean NOT NULL DEFAULT false,
    active_from  date NOT NULL DEFAULT current_date,
    active_until date CHECK (active_until IS NULL OR active_until >= active_from),
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_employer_idx ON contacts (employer_id, active_until);
CREATE INDEX contacts_function_idx ON contacts (function, employer_id);
CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
CREATE INDEX contacts_email_idx ON contacts (lower(email)) WHERE email <> '';
-- At most one primary contact among the active contacts of an employer.
CREATE UNIQUE INDEX contacts_one_primary ON contacts (employer_id) WHERE is_primary AND active_until IS NULL;

-- Who changed what, when. changes holds {"field": {"old": ..., "new": ...}}.
-- employer_id groups contact changes under their employer's history.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint REFERENCES users (id),
    actor       text NOT NULL,
    source      text NOT NULL DEFAULT 'web',
    entity      text NOT NULL,
    entity_id   bigint NOT NULL,
    employer_id bigint,
    action      text NOT NULL,
    changes     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_employer_idx ON audit_log (employer_id, at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at DESC);

-- scs sessions (pgxstore).
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Failed sign-ins, counted per account and per address to throttle guessing.
-- Kept in PostgreSQL so every app instance sees the same count.
CREATE TABLE login_failures (
    id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE audit_log;
DROP TABLE contacts;
DROP TABLE employer_tags;
DROP TABLE employer_status_changes;
DROP TABLE employers;
DROP TABLE user_networks;
DROP TABLE users;
DROP TABLE networks;
