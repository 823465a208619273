-- Issue 12: /taken and the intakes list at national scale.
--
-- employers.last_visit_on and employers.last_intake_at are the "laatste
-- bezoek" and "laatste intake" of an employer, kept up to date by triggers
-- in the same transaction as the visit or intake that changes them, so
-- /taken reads them from the employer row instead of a lateral max() per
-- member. intakes.network_id is the employer's network, kept with the
-- intake, so the intakes list of one network walks its own index instead
-- of every intake in the country.
--
-- The triggers lock the employer row before they recompute: in READ
-- COMMITTED the next statement then sees what a concurrent transaction
-- committed, so two visits saved at once cannot leave an old maximum.

-- +goose Up
ALTER TABLE employers ADD COLUMN last_visit_on date, ADD COLUMN last_intake_at timestamptz;
ALTER TABLE intakes ADD COLUMN network_id bigint;

-- +goose StatementBegin
-- Only personal visits ('bezoek') count, as visits.VisitKinds says.
CREATE FUNCTION employer_last_visit(employer bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM employers WHERE id = employer FOR NO KEY UPDATE;
    UPDATE employers SET last_visit_on = (SELECT max(v.visited_on) FROM visits v
        WHERE v.employer_id = employer AND v.kind = 'bezoek')
    WHERE id = employer;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION visits_last_visit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM employer_last_visit(OLD.employer_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.employer_id <> OLD.employer_id) THEN
        PERFORM employer_last_visit(NEW.employer_id);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER visits_last_visit AFTER INSERT OR DELETE OR UPDATE OF employer_id, kind, visited_on ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_last_visit();

-- +goose StatementBegin
-- The last submitted or processed intake, as /taken and the profile read it.
CREATE FUNCTION employer_last_intake(employer bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM employers WHERE id = employer FOR NO KEY UPDATE;
    UPDATE employers SET last_intake_at = (SELECT max(coalesce(i.submitted_at, i.processed_at)) FROM intakes i
        WHERE i.employer_id = employer AND i.status IN ('ingediend', 'verwerkt'))
    WHERE id = employer;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION intakes_last_intake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM employer_last_intake(OLD.employer_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.employer_id <> OLD.employer_id) THEN
        PERFORM employer_last_intake(NEW.employer_id);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER intakes_last_intake AFTER INSERT OR DELETE OR UPDATE OF employer_id, status, submitted_at, processed_at ON intakes
    FOR EACH ROW EXECUTE FUNCTION intakes_last_intake();

-- +goose StatementBegin
CREATE FUNCTION intakes_network() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.network_id := (SELECT network_id FROM employers WHERE id = NEW.employer_id);
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER intakes_network BEFORE INSERT OR UPDATE OF employer_id ON intakes
    FOR EACH ROW EXECUTE FUNCTION intakes_network();

-- +goose StatementBegin
CREATE FUNCTION employers_intakes_network() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE intakes SET network_id = NEW.network_id WHERE employer_id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER employers_intakes_network AFTER UPDATE OF network_id ON employers
    FOR EACH ROW WHEN (OLD.network_id IS DISTINCT FROM NEW.network_id) EXECUTE FUNCTION employers_intakes_network();

UPDATE employers e SET last_visit_on = v.at
FROM (SELECT employer_id, max(visited_on) AS at FROM visits WHERE kind = 'bezoek' GROUP BY employer_id) v
WHERE v.employer_id = e.id;
UPDATE employers e SET last_intake_at = i.at
FROM (SELECT employer_id, max(coalesce(submitted_at, processed_at)) AS at FROM intakes
      WHERE status IN ('ingediend', 'verwerkt') GROUP BY employer_id) i
WHERE i.employer_id = e.id;
UPDATE intakes i SET network_id = e.network_id FROM employers e WHERE e.id = i.employer_id;
ALTER TABLE intakes ALTER COLUMN network_id SET NOT NULL;

-- The intakes list of a network, latest activity first.
CREATE INDEX intakes_network_activity_idx ON intakes (network_id, last_activity_at DESC, id DESC);
-- The members of a network to visit or to ask for an intake, in the order /taken shows them.
CREATE INDEX employers_network_last_visit_idx ON employers (network_id, last_visit_on NULLS FIRST, lower(name), id)
    WHERE status = 'lid';
CREATE INDEX employers_network_last_intake_idx ON employers (network_id, last_intake_at NULLS FIRST, lower(name), id)
    WHERE status = 'lid';
ANALYZE employers;
ANALYZE intakes;

-- +goose Down
DROP INDEX employers_network_last_intake_idx;
DROP INDEX employers_network_last_visit_idx;
DROP INDEX intakes_network_activity_idx;
DROP TRIGGER employers_intakes_network ON employers;
DROP FUNCTION employers_intakes_network();
DROP TRIGGER intakes_network ON intakes;
DROP FUNCTION intakes_network();
DROP TRIGGER intakes_last_intake ON intakes;
DROP FUNCTION intakes_last_intake();
DROP FUNCTION employer_last_intake(bigint);
DROP TRIGGER visits_last_visit ON visits;
DROP FUNCTION visits_last_visit();
DROP FUNCTION employer_last_visit(bigint);
ALTER TABLE intakes DROP COLUMN network_id;
ALTER TABLE employers DROP COLUMN last_visit_on, DROP COLUMN last_intake_at;
