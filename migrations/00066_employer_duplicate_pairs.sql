-- Issue 12: /dubbelen at national scale.
--
-- Comparing every employer's name with every other took minutes for
-- 20,000 employers (the page answered 503 after 20 s). The likely
-- duplicate pairs are now kept in employer_dup_pairs: a full comparison
-- once in the background, then only the employers whose name, place,
-- postcode, KvK number, network or erasure changed, which a trigger queues
-- in the same transaction as the change (employer_dup_queue), each with
-- its scores and sort key, so the page reads the first 100 from an index.
-- A page view compares up to 50 queued employers itself, so an edit shows
-- at once; more are compared in the background every 15 s, and the page
-- says how many still wait.
--
-- employers.dup_name is the normalised name the comparison uses (the SQL
-- of duplicates.normName: accents, punctuation, case and the legal forms
-- B.V., N.V., V.O.F. and Holding left out), kept by a trigger and indexed.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION employer_dup_name(name text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT btrim(regexp_replace(regexp_replace(regexp_replace(lower(unaccent(replace(name, '.', ''))),
        '[^[:alnum:]]+', ' ', 'g'), '\m(b ?v|n ?v|v ?o ?f|holding)\M', ' ', 'g'), '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd

ALTER TABLE employers ADD COLUMN dup_name text NOT NULL DEFAULT '';
UPDATE employers SET dup_name = employer_dup_name(name);

-- +goose StatementBegin
CREATE FUNCTION employers_dup_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.dup_name := employer_dup_name(NEW.name);
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER employers_dup_name BEFORE INSERT OR UPDATE OF name ON employers
    FOR EACH ROW EXECUTE FUNCTION employers_dup_name();

-- A pair with what the list shows and sorts by, as compared: a change to
-- either employer's name, place, postcode, KvK number, network or erasure
-- queues it to be compared again.
CREATE TABLE employer_dup_pairs (
    a_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    b_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    a_network bigint NOT NULL,
    b_network bigint NOT NULL,
    sim real NOT NULL,
    same_norm boolean NOT NULL,
    same_city boolean NOT NULL,
    same_postcode boolean NOT NULL,
    kvk_differs boolean NOT NULL,
    score double precision NOT NULL,
    a_name_key text NOT NULL,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
);
CREATE INDEX employer_dup_pairs_b_idx ON employer_dup_pairs (b_id);
-- The list's order.
CREATE INDEX employer_dup_pairs_list_idx ON employer_dup_pairs (kvk_differs, score DESC, a_name_key, a_id, b_id);

-- Employers to compare again; no foreign key, so a deleted employer's
-- entry is simply found gone.
CREATE TABLE employer_dup_queue (employer_id bigint PRIMARY KEY);

-- One row: full_at is when the last full comparison finished (NULL: it
-- has not run yet), checked_at when the queue was last emptied. Whoever
-- compares holds this row (FOR UPDATE SKIP LOCKED), so two instances
-- never compare at once.
CREATE TABLE employer_dup_state (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    full_at timestamptz,
    checked_at timestamptz
);
INSERT INTO employer_dup_state DEFAULT VALUES;

-- +goose StatementBegin
CREATE FUNCTION employers_dup_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO employer_dup_queue (employer_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER employers_dup_queue AFTER INSERT OR UPDATE OF name, city, postcode, kvk_number, network_id, erased_at ON employers
    FOR EACH ROW EXECUTE FUNCTION employers_dup_queue();

-- The blocking keys of the comparison.
CREATE INDEX employers_dup_name_idx ON employers (dup_name);
CREATE INDEX employers_city_key_idx ON employers (lower(btrim(city)));
CREATE INDEX employers_postcode_idx ON employers (postcode);
ANALYZE employers;

-- +goose Down
DROP TRIGGER employers_dup_queue ON employers;
DROP FUNCTION employers_dup_queue();
DROP INDEX employers_postcode_idx;
DROP INDEX employers_city_key_idx;
DROP INDEX employers_dup_name_idx;
DROP TABLE employer_dup_state;
DROP TABLE employer_dup_queue;
DROP TABLE employer_dup_pairs;
DROP TRIGGER employers_dup_name ON employers;
DROP FUNCTION employers_dup_name();
ALTER TABLE employers DROP COLUMN dup_name;
DROP FUNCTION employer_dup_name(text);
