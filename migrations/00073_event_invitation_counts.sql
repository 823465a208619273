-- Issue 12: /bijeenkomsten at national scale.
--
-- The events list counted every invitation of every event it showed
-- (count(...) FILTER per status over event_invitations, grouped): 50
-- invitations per event, 1,700 rows for the 34 upcoming events of one
-- network at 20,000 employers. Each event now carries its invitations per
-- status, kept by statement triggers on event_invitations in the writer's
-- own transaction, whoever writes (the portal, the seed's COPY, a contact
-- merge, an erasure, psql): the list reads only the events it shows.
--
-- The triggers add and subtract deltas per event and status (from the
-- transition tables). An UPDATE applies its SET to the latest committed
-- row under that row's lock, so concurrent writers never lose a change;
-- the rows are locked in id order first, so two writers do not deadlock.
-- The columns are not indexed, so these updates stay HOT. An event
-- deleted in the same statement (its invitations cascading) is gone and
-- simply not updated.

-- +goose Up
ALTER TABLE events
    ADD COLUMN count_uitgenodigd integer NOT NULL DEFAULT 0,
    ADD COLUMN count_aangemeld integer NOT NULL DEFAULT 0,
    ADD COLUMN count_afgemeld integer NOT NULL DEFAULT 0,
    ADD COLUMN count_wachtlijst integer NOT NULL DEFAULT 0,
    ADD COLUMN count_aanwezig integer NOT NULL DEFAULT 0,
    ADD COLUMN count_afwezig integer NOT NULL DEFAULT 0;

COMMENT ON COLUMN events.count_uitgenodigd IS 'invitations with this status (trigger event_invitation_counts); likewise the other count_ columns';

-- +goose StatementBegin
-- add_invitation_counts applies signed changes: rows of (event_id, status, n).
CREATE FUNCTION add_invitation_counts(changes jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF changes IS NULL THEN
        RETURN;
    END IF;
    PERFORM 1 FROM events WHERE id IN (SELECT (c->>'event_id')::bigint FROM jsonb_array_elements(changes) c)
        ORDER BY id FOR NO KEY UPDATE;
    UPDATE events e SET
        count_uitgenodigd = e.count_uitgenodigd + d.uitgenodigd,
        count_aangemeld = e.count_aangemeld + d.aangemeld,
        count_afgemeld = e.count_afgemeld + d.afgemeld,
        count_wachtlijst = e.count_wachtlijst + d.wachtlijst,
        count_aanwezig = e.count_aanwezig + d.aanwezig,
        count_afwezig = e.count_afwezig + d.afwezig
    FROM (SELECT x.event_id,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'uitgenodigd'), 0) AS uitgenodigd,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'aangemeld'), 0) AS aangemeld,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'afgemeld'), 0) AS afgemeld,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'wachtlijst'), 0) AS wachtlijst,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'aanwezig'), 0) AS aanwezig,
                 coalesce(sum(x.n) FILTER (WHERE x.status = 'afwezig'), 0) AS afwezig
          FROM jsonb_to_recordset(changes) AS x(event_id bigint, status text, n integer)
          GROUP BY x.event_id) d
    WHERE e.id = d.event_id;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION event_invitation_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch names only the transition tables its event has. An
    -- UPDATE that changes neither event nor status nets out to nothing.
    IF TG_OP = 'INSERT' THEN
        PERFORM add_invitation_counts((SELECT jsonb_agg(jsonb_build_object('event_id', event_id, 'status', status, 'n', n))
            FROM (SELECT event_id, status, count(*) AS n FROM new_rows GROUP BY 1, 2) d));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM add_invitation_counts((SELECT jsonb_agg(jsonb_build_object('event_id', event_id, 'status', status, 'n', -n))
            FROM (SELECT event_id, status, count(*) AS n FROM old_rows GROUP BY 1, 2) d));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM add_invitation_counts((SELECT jsonb_agg(jsonb_build_object('event_id', event_id, 'status', status, 'n', n))
            FROM (SELECT event_id, status, sum(n) AS n
                  FROM (SELECT event_id, status, 1 AS n FROM new_rows
                        UNION ALL SELECT event_id, status, -1 FROM old_rows) x
                  GROUP BY 1, 2 HAVING sum(n) <> 0) d));
    ELSE -- TRUNCATE
        UPDATE events SET count_uitgenodigd = 0, count_aangemeld = 0, count_afgemeld = 0, count_wachtlijst = 0,
            count_aanwezig = 0, count_afwezig = 0
        WHERE (count_uitgenodigd, count_aangemeld, count_afgemeld, count_wachtlijst, count_aanwezig, count_afwezig)
            <> (0, 0, 0, 0, 0, 0);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER event_invitation_counts_insert AFTER INSERT ON event_invitations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_invitation_counts();
CREATE TRIGGER event_invitation_counts_update AFTER UPDATE ON event_invitations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_invitation_counts();
CREATE TRIGGER event_invitation_counts_delete AFTER DELETE ON event_invitations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_invitation_counts();
CREATE TRIGGER event_invitation_counts_truncate AFTER TRUNCATE ON event_invitations
    FOR EACH STATEMENT EXECUTE FUNCTION event_invitation_counts();

UPDATE events e SET count_uitgenodigd = k.uitgenodigd, count_aangemeld = k.aangemeld, count_afgemeld = k.afgemeld,
    count_wachtlijst = k.wachtlijst, count_aanwezig = k.aanwezig, count_afwezig = k.afwezig
FROM (SELECT event_id,
             count(*) FILTER (WHERE status = 'uitgenodigd') AS uitgenodigd, count(*) FILTER (WHERE status = 'aangemeld') AS aangemeld,
             count(*) FILTER (WHERE status = 'afgemeld') AS afgemeld, count(*) FILTER (WHERE status = 'wachtlijst') AS wachtlijst,
             count(*) FILTER (WHERE status = 'aanwezig') AS aanwezig, count(*) FILTER (WHERE status = 'afwezig') AS afwezig
      FROM event_invitations GROUP BY event_id) k
WHERE k.event_id = e.id;

-- The upcoming events of a network: those that have not ended yet, without
-- reading the network's past ones.
CREATE INDEX events_network_end_idx ON events (network_id, ends_at);

-- +goose Down
DROP INDEX events_network_end_idx;
DROP TRIGGER event_invitation_counts_truncate ON event_invitations;
DROP TRIGGER event_invitation_counts_delete ON event_invitations;
DROP TRIGGER event_invitation_counts_update ON event_invitations;
DROP TRIGGER event_invitation_counts_insert ON event_invitations;
DROP FUNCTION event_invitation_counts();
DROP FUNCTION add_invitation_counts(jsonb);
ALTER TABLE events DROP COLUMN count_afwezig, DROP COLUMN count_aanwezig, DROP COLUMN count_wachtlijst,
    DROP COLUMN count_afgemeld, DROP COLUMN count_aangemeld, DROP COLUMN count_uitgenodigd;
