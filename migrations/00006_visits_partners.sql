-- The coordinator's working day: visits and calls with what was agreed,
-- follow-ups with an owner and a due date, and the "second ring": partner
-- organisations per labour-market region that employers are referred to.
-- Partners are not members and never get an account.

-- +goose Up
CREATE TABLE visits (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('bezoek', 'telefoon', 'online')),
    visited_on  date NOT NULL,
    -- the coordinators who went (users), and anyone else, as text
    user_ids    bigint[] NOT NULL DEFAULT '{}',
    others      text NOT NULL DEFAULT '' CHECK (length(others) <= 300),
    notes       text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    agreements  text NOT NULL DEFAULT '' CHECK (length(agreements) <= 4000),
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visits_employer_idx ON visits (employer_id, visited_on DESC);

-- The contacts met during a visit.
CREATE TABLE visit_contacts (
    visit_id   bigint NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, contact_id)
);
CREATE INDEX visit_contacts_contact_idx ON visit_contacts (contact_id);

CREATE TABLE partners (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id    bigint NOT NULL REFERENCES regions (id),
    kind         text NOT NULL CHECK (kind IN ('wsp', 'uwv', 'gemeente', 'reintegratiebureau', 'commercieel',
                                               'matchingsplatform', 'onderwijs', 'anders')),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    contact_name text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 120),
    email        text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone        text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    website      text NOT NULL DEFAULT '' CHECK (length(website) <= 300),
    notes        text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, name)
);
CREATE INDEX partners_region_idx ON partners (region_id, kind);

-- What a partner helps with, from the challenges reference data.
CREATE TABLE partner_tags (
    partner_id bigint NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    tag_id     bigint NOT NULL REFERENCES tags (id),
    PRIMARY KEY (partner_id, tag_id)
);
CREATE INDEX partner_tags_tag_idx ON partner_tags (tag_id);

-- A question of an employer referred to a partner. It belongs to the network
-- that made it (the employer's network at that moment).
CREATE TABLE referrals (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    network_id   bigint NOT NULL REFERENCES networks (id),
    partner_id   bigint NOT NULL REFERENCES partners (id),
    contact_id   bigint REFERENCES contacts (id) ON DELETE SET NULL,
    question     text NOT NULL CHECK (length(btrim(question)) BETWEEN 1 AND 4000),
    referred_on  date NOT NULL,
    referred_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    status       text NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'doorverwezen', 'opgepakt', 'afgerond', 'niet_gelukt')),
    follow_up_on date,
    outcome      text NOT NULL DEFAULT '' CHECK (length(outcome) <= 4000),
    mailed_at    timestamptz,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referrals_employer_idx ON referrals (employer_id, referred_on DESC);
CREATE INDEX referrals_partner_idx ON referrals (partner_id, referred_on DESC);
CREATE INDEX referrals_follow_up_idx ON referrals (network_id, follow_up_on) WHERE status NOT IN ('afgerond', 'niet_gelukt');

-- A follow-up: an agreement of a visit (or any task about an employer) with
-- an owner and a due date.
CREATE TABLE follow_ups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    visit_id    bigint REFERENCES visits (id) ON DELETE SET NULL,
    description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 1000),
    owner_id    bigint NOT NULL REFERENCES users (id),
    due_on      date NOT NULL,
    done_at     timestamptz,
    done_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_ups_owner_idx ON follow_ups (owner_id, due_on) WHERE done_at IS NULL;
CREATE INDEX follow_ups_employer_idx ON follow_ups (employer_id);

-- +goose Down
DROP TABLE follow_ups;
DROP TABLE referrals;
DROP TABLE partner_tags;
DROP TABLE partners;
DROP TABLE visit_contacts;
DROP TABLE visits;
