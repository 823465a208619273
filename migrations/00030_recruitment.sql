-- Recruitment: prospects on their way to membership of one network, and the
-- public interest form's per-address throttle.

-- +goose Up
CREATE TABLE prospects (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint NOT NULL REFERENCES networks (id),
    name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- The name without legal form, punctuation and case: the duplicate check's key.
    name_key           text NOT NULL CHECK (length(name_key) <= 200),
    kvk_number         text CHECK (kvk_number ~ '^[0-9]{8}$'),
    postcode           text CHECK (postcode ~ '^[1-9][0-9]{3} [A-Z]{2}$' AND substr(postcode, 6, 2) NOT IN ('SA', 'SD', 'SS')),
    contact_name       text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 120),
    contact_function   text REFERENCES function_types (code),
    contact_job_title  text NOT NULL DEFAULT '' CHECK (length(contact_job_title) <= 120),
    contact_email      text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
    contact_phone      text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 40),
    hopes              text NOT NULL DEFAULT '' CHECK (length(hopes) <= 2000),
    offers             text NOT NULL DEFAULT '' CHECK (length(offers) <= 2000),
    stage              text NOT NULL DEFAULT 'gesignaleerd'
                       CHECK (stage IN ('gesignaleerd', 'benaderd', 'in_gesprek', 'intake', 'aangemeld', 'lid', 'afgevallen')),
    drop_reason        text CHECK (drop_reason IN ('geen_match', 'geen_tijd', 'commercieel', 'geen_reactie', 'anders')),
    drop_note          text NOT NULL DEFAULT '' CHECK (length(drop_note) <= 500),
    source             text NOT NULL CHECK (source IN ('lid', 'wsp_uwv', 'gemeente', 'branchevereniging', 'bijeenkomst',
                                                       'dnz', 'eigen_aanmelding', 'anders')),
    source_employer_id bigint REFERENCES employers (id) ON DELETE SET NULL,
    source_event_id    bigint REFERENCES events (id) ON DELETE SET NULL,
    source_note        text NOT NULL DEFAULT '' CHECK (length(source_note) <= 200),
    owner_id           bigint REFERENCES users (id) ON DELETE SET NULL,
    next_step          text NOT NULL DEFAULT '' CHECK (length(next_step) <= 300),
    next_step_on       date,
    -- The employer the prospect became (or already was).
    employer_id        bigint REFERENCES employers (id) ON DELETE SET NULL,
    consent_text       text CHECK (length(consent_text) <= 2000),
    consent_at         timestamptz,
    stage_changed_at   timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((stage = 'afgevallen') = (drop_reason IS NOT NULL)),
    CHECK ((consent_text IS NULL) = (consent_at IS NULL))
);
CREATE INDEX prospects_network_stage_idx ON prospects (network_id, stage, stage_changed_at DESC, id DESC);
CREATE INDEX prospects_network_source_idx ON prospects (network_id, source);
CREATE INDEX prospects_owner_idx ON prospects (owner_id, next_step_on);
CREATE INDEX prospects_name_key_idx ON prospects (network_id, name_key);
CREATE INDEX prospects_kvk_idx ON prospects (kvk_number) WHERE kvk_number IS NOT NULL;
CREATE INDEX prospects_postcode_idx ON prospects (postcode) WHERE postcode IS NOT NULL;
CREATE INDEX prospects_source_employer_idx ON prospects (source_employer_id) WHERE source_employer_id IS NOT NULL;
CREATE INDEX prospects_employer_idx ON prospects (employer_id) WHERE employer_id IS NOT NULL;

-- One row per submission of the public form, per client address: the
-- throttle counts them in the database so every instance sees the same.
CREATE TABLE interest_form_hits (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    addr text NOT NULL CHECK (length(addr) <= 64),
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interest_form_hits_addr_idx ON interest_form_hits (addr, at);

-- +goose Down
DROP TABLE interest_form_hits;
DROP TABLE prospects;
