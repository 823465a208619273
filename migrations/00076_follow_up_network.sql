-- Issue 12: /taken at national scale.
--
-- follow_ups.network_id is the network of the follow-up's employer, kept
-- with the follow-up by triggers (as intakes.network_id, migration 00065),
-- so a user's open follow-ups in their networks are counted from one
-- index, without looking up the employer of every one of them, and the
-- first page of them is read in due order and stops at the page's end.

-- +goose Up
ALTER TABLE follow_ups ADD COLUMN network_id bigint;

-- +goose StatementBegin
CREATE FUNCTION follow_ups_network() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.network_id := (SELECT network_id FROM employers WHERE id = NEW.employer_id);
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER follow_ups_network BEFORE INSERT OR UPDATE OF employer_id, network_id ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION follow_ups_network();

-- +goose StatementBegin
CREATE FUNCTION employers_follow_ups_network() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE follow_ups SET network_id = NEW.network_id WHERE employer_id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER employers_follow_ups_network AFTER UPDATE OF network_id ON employers
    FOR EACH ROW WHEN (OLD.network_id IS DISTINCT FROM NEW.network_id) EXECUTE FUNCTION employers_follow_ups_network();

UPDATE follow_ups f SET network_id = e.network_id FROM employers e WHERE e.id = f.employer_id;
ALTER TABLE follow_ups ALTER COLUMN network_id SET NOT NULL;

-- A user's open follow-ups by due date (as follow_ups_owner_idx), with the
-- network in the index: the count is an index-only scan and the list
-- filters on the network before it reads a row.
CREATE INDEX follow_ups_owner_open_idx ON follow_ups (owner_id, due_on, network_id) WHERE done_at IS NULL;
DROP INDEX follow_ups_owner_idx;
ANALYZE follow_ups;

-- +goose Down
CREATE INDEX follow_ups_owner_idx ON follow_ups (owner_id, due_on) WHERE done_at IS NULL;
DROP INDEX follow_ups_owner_open_idx;
DROP TRIGGER employers_follow_ups_network ON employers;
DROP FUNCTION employers_follow_ups_network();
DROP TRIGGER follow_ups_network ON follow_ups;
DROP FUNCTION follow_ups_network();
ALTER TABLE follow_ups DROP COLUMN network_id;
