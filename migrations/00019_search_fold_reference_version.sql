-- National scale (issue 12), part 1: accent-folded search and a version of
-- the reference data.
--
-- Search ignores accents and case: "cooperatie" finds "Energiecoöperatie".
-- unaccent() is only STABLE (its dictionary could change), so an IMMUTABLE
-- wrapper with the dictionary named explicitly lets it feed a generated
-- column and a trigram index.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

ALTER TABLE employers ADD COLUMN search text GENERATED ALWAYS AS (search_fold(name || ' ' || city)) STORED;
CREATE INDEX employers_search_trgm ON employers USING gin (search gin_trgm_ops);
ALTER TABLE contacts ADD COLUMN search text GENERATED ALWAYS AS (search_fold(name)) STORED;
CREATE INDEX contacts_search_trgm ON contacts USING gin (search gin_trgm_ops);
-- Autovacuum may be off: the new columns need statistics now.
ANALYZE employers;
ANALYZE contacts;

-- Reference data is cached in each portal process. Any change to a
-- reference table, by any writer (the admin screens, a migration, psql),
-- bumps this version in the same transaction and notifies every instance,
-- which then drops its copy. The row also lets an instance that missed a
-- notification (a lost listener connection) check before trusting its copy.
CREATE TABLE reference_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO reference_version (version) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET version = version + 1;
    PERFORM pg_notify('reference_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sectors
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON size_classes
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maturity_levels
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON function_types
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON themes
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();
CREATE TRIGGER reference_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON commitment_kinds
    FOR EACH STATEMENT EXECUTE FUNCTION reference_changed();

-- +goose Down
DROP TRIGGER reference_changed ON commitment_kinds;
DROP TRIGGER reference_changed ON themes;
DROP TRIGGER reference_changed ON tags;
DROP TRIGGER reference_changed ON function_types;
DROP TRIGGER reference_changed ON maturity_levels;
DROP TRIGGER reference_changed ON size_classes;
DROP TRIGGER reference_changed ON sectors;
DROP TRIGGER reference_changed ON regions;
DROP FUNCTION reference_changed();
DROP TABLE reference_version;
DROP INDEX contacts_search_trgm;
ALTER TABLE contacts DROP COLUMN search;
DROP INDEX employers_search_trgm;
ALTER TABLE employers DROP COLUMN search;
DROP FUNCTION search_fold(text);
