-- The intake questionnaire: an employer fills it in through a personal link,
-- in several sittings; the coordinator takes answers over into the profile.
-- Also the reference data its steps ask about: a one-line explanation of each
-- maturity level, the kinds of commitment a network can make a condition of
-- membership, and the themes members can show interest in.

-- +goose Up
ALTER TABLE maturity_levels ADD COLUMN description text NOT NULL DEFAULT '' CHECK (length(description) <= 300);
UPDATE maturity_levels SET description = CASE name
    WHEN 'Aspirant' THEN 'U bent op weg: socialer ondernemen staat op de agenda, de eerste stappen zijn gezet.'
    WHEN 'Trede 1' THEN 'U levert een bovengemiddelde bijdrage aan werk voor mensen met een afstand tot de arbeidsmarkt.'
    WHEN 'Trede 2' THEN 'U levert een hoge bijdrage, ook door in te kopen bij sociale ondernemingen.'
    WHEN 'Trede 3' THEN 'U levert een zeer hoge bijdrage en bent een voorbeeld in uw branche.'
    WHEN '30+' THEN 'Ten minste 30 procent van uw medewerkers komt uit de doelgroep.'
    ELSE description END
WHERE scale = 'PSO';

-- Commitments a network can ask of its members; the commitments themselves
-- (with dates and documents) come with their own pages.
CREATE TABLE commitment_kinds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]{1,40}$'),
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 300),
    position    integer NOT NULL
);
INSERT INTO commitment_kinds (code, name, description, position) VALUES
 ('intentieverklaring', 'Intentieverklaring', 'U ondertekent een verklaring dat u werk maakt van inclusief werkgeven.', 1),
 ('convenant', 'Convenant', 'U sluit met de andere leden en partners in de regio een convenant met gezamenlijke doelen.', 2),
 ('rapportage', 'Ambitie- en realisatierapportage', 'U meldt elk jaar hoeveel banen u wilt creëren en hoeveel er zijn gerealiseerd (alleen aantallen).', 3);

-- The conditions of membership of each network (chosen by the beheerder).
CREATE TABLE network_conditions (
    network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    kind_id    bigint NOT NULL REFERENCES commitment_kinds (id),
    PRIMARY KEY (network_id, kind_id)
);

-- Themes members can be interested in; subgroups and events take them up.
CREATE TABLE themes (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name     text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    position integer NOT NULL
);
INSERT INTO themes (name, position) VALUES
 ('Inclusief inkopen / social return', 1),
 ('Jobcarving en passend werk', 2),
 ('Begeleiding en jobcoaching', 3),
 ('Wet- en regelgeving en subsidies', 4),
 ('Behoud en doorgroei', 5),
 ('Masterclass voor directie', 6),
 ('Kenniskring HR en recruitment', 7),
 ('Werkbezoeken bij andere leden', 8);

-- One intake per employer per year. The link's token is stored only as its
-- SHA-256 hash; a new link (a new invitation, or the intake sent back with a
-- question) replaces the old one. "verlopen" is not stored: it is an open
-- intake whose expires_at has passed.
CREATE TABLE intakes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id      bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    status           text NOT NULL DEFAULT 'uitgenodigd'
                     CHECK (status IN ('uitgenodigd', 'geopend', 'bezig', 'ingediend', 'verwerkt', 'ingetrokken')),
    contact_id       bigint REFERENCES contacts (id) ON DELETE SET NULL,
    token_hash       bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at       timestamptz NOT NULL,
    invited_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    invited_at       timestamptz NOT NULL DEFAULT now(),
    opened_at        timestamptz,
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    submitted_at     timestamptz,
    processed_at     timestamptz,
    processed_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    current_step     integer NOT NULL DEFAULT 1 CHECK (current_step BETWEEN 1 AND 8),
    -- answers holds the validated answer of each completed step; drafts the
    -- raw input of steps left half-way, so nothing typed is lost.
    answers          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
    drafts           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(drafts) = 'object'),
    done_steps       integer[] NOT NULL DEFAULT '{}',
    question         text NOT NULL DEFAULT '' CHECK (length(question) <= 2000),
    question_at      timestamptz,
    based_on_id      bigint REFERENCES intakes (id) ON DELETE SET NULL,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employer_id, year)
);
CREATE INDEX intakes_status_idx ON intakes (status, last_activity_at DESC);
CREATE INDEX intakes_activity_idx ON intakes (last_activity_at DESC);
CREATE INDEX intakes_submitted_idx ON intakes (employer_id) WHERE status = 'ingediend';

-- +goose Down
DROP TABLE intakes;
DROP TABLE themes;
DROP TABLE network_conditions;
DROP TABLE commitment_kinds;
ALTER TABLE maturity_levels DROP COLUMN description;
