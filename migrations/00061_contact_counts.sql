-- National scale (issue 12): the list's "één contactpersoon" and
-- "directie ja/nee" filters counted every employer's contacts in a
-- subquery, once per employer of the network (700 lookups at 20,000
-- employers, 70 at 2,000). Each employer now carries its counts, kept in
-- the writer's own transaction by statement triggers on contacts, whoever
-- writes (the portal, an import, a merge, psql).
--
-- "Active" depends on the day (active_until > current_date), which no
-- stored count can follow. So the columns hold what does not change with
-- the day: the contacts without an end date, the directie among them, and
-- the latest end date of the others. Where that latest end date is still
-- in the future, the list falls back to counting (employers.list.go).

-- +goose Up
ALTER TABLE employers
    ADD COLUMN open_contacts integer NOT NULL DEFAULT 0,
    ADD COLUMN open_directie integer NOT NULL DEFAULT 0,
    ADD COLUMN contacts_end date;

COMMENT ON COLUMN employers.open_contacts IS 'contacts without an end date (trigger contact_counts)';
COMMENT ON COLUMN employers.open_directie IS 'contacts without an end date with function directie (trigger contact_counts)';
COMMENT ON COLUMN employers.contacts_end IS 'latest active_until of the contacts that have one (trigger contact_counts)';

-- +goose StatementBegin
CREATE FUNCTION recount_contacts(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE employers e SET open_contacts = k.open, open_directie = k.directie, contacts_end = k.ending
    FROM (SELECT a.id,
                 count(c.id) FILTER (WHERE c.active_until IS NULL) AS open,
                 count(c.id) FILTER (WHERE c.active_until IS NULL AND c.function = 'directie') AS directie,
                 max(c.active_until) AS ending
          FROM unnest(ids) AS a(id) LEFT JOIN contacts c ON c.employer_id = a.id
          GROUP BY a.id) k
    WHERE e.id = k.id
      AND (e.open_contacts, e.open_directie, e.contacts_end) IS DISTINCT FROM (k.open, k.directie, k.ending)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION contact_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch names only the transition tables its event has.
    IF TG_OP = 'INSERT' THEN
        PERFORM recount_contacts(ARRAY(SELECT DISTINCT employer_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM recount_contacts(ARRAY(SELECT DISTINCT employer_id FROM old_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM recount_contacts(ARRAY(SELECT employer_id FROM new_rows UNION SELECT employer_id FROM old_rows));
    ELSE -- TRUNCATE
        UPDATE employers SET open_contacts = 0, open_directie = 0, contacts_end = NULL
        WHERE open_contacts <> 0 OR open_directie <> 0 OR contacts_end IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts();
CREATE TRIGGER contact_counts_update AFTER UPDATE ON contacts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts();
CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_counts();
CREATE TRIGGER contact_counts_truncate AFTER TRUNCATE ON contacts
    FOR EACH STATEMENT EXECUTE FUNCTION contact_counts();

SELECT recount_contacts(ARRAY(SELECT DISTINCT employer_id FROM contacts));

-- +goose Down
DROP TRIGGER contact_counts_truncate ON contacts;
DROP TRIGGER contact_counts_delete ON contacts;
DROP TRIGGER contact_counts_update ON contacts;
DROP TRIGGER contact_counts_insert ON contacts;
DROP FUNCTION contact_counts();
DROP FUNCTION recount_contacts(bigint[]);
ALTER TABLE employers DROP COLUMN contacts_end, DROP COLUMN open_directie, DROP COLUMN open_contacts;
