-- Issue 12: /dubbelen at national scale, the contacts.
--
-- The likely duplicate contacts were searched on every view of /dubbelen:
-- all 80,000 contacts of the national workload joined with each other,
-- some 3 s. They are now kept in contact_dup_pairs the way 00066 keeps the
-- employer pairs: a full comparison once in the background, then only the
-- contacts whose name, e-mail address, employer or erasure changed (or
-- whose employer moved to another network), which triggers queue in the
-- same transaction as the change (contact_dup_queue). A page view compares
-- a few hundred queued contacts itself, so an edit shows at once; more are
-- compared in the background every 15 s, and the page says how many wait.
--
-- A pair is what the old search found: the same e-mail address within one
-- network, the same name (accents and case folded) at one employer, or a
-- name or address with a "?" (a letter a code page lost) that matches
-- another contact of its network. What the list shows and sorts by is read
-- with the pairs: there are few, and employer names may change.

-- +goose Up
CREATE TABLE contact_dup_pairs (
    a_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    b_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
);
CREATE INDEX contact_dup_pairs_b_idx ON contact_dup_pairs (b_id);

-- Contacts to compare again; no foreign key, so a deleted contact's entry
-- is simply found gone.
CREATE TABLE contact_dup_queue (contact_id bigint PRIMARY KEY);

-- One row, as employer_dup_state: full_at is when the last full
-- comparison finished (NULL: not yet), checked_at when the queue was last
-- emptied; whoever compares holds the row (FOR UPDATE SKIP LOCKED).
CREATE TABLE contact_dup_state (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    full_at timestamptz,
    checked_at timestamptz
);
INSERT INTO contact_dup_state DEFAULT VALUES;

-- New contacts are queued once per statement: an import or a seed adds
-- thousands at a time.
-- +goose StatementBegin
CREATE FUNCTION contacts_dup_queue_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_dup_queue (contact_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER contacts_dup_queue_new AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contacts_dup_queue_new();

-- +goose StatementBegin
CREATE FUNCTION contacts_dup_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_dup_queue (contact_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- Any save of these columns queues the contact, as for employers: a merge
-- deletes the survivor's pairs and counts on its save to queue it.
CREATE TRIGGER contacts_dup_queue AFTER UPDATE OF name, email, employer_id, erased_at ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_dup_queue();

-- Pairs by e-mail address and "?" stay within a network.
-- +goose StatementBegin
CREATE FUNCTION employers_contact_dup_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO contact_dup_queue (contact_id) SELECT id FROM contacts WHERE employer_id = NEW.id ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER employers_contact_dup_queue AFTER UPDATE OF network_id ON employers
    FOR EACH ROW WHEN (OLD.network_id IS DISTINCT FROM NEW.network_id)
    EXECUTE FUNCTION employers_contact_dup_queue();

-- The few contacts with a lost letter, for the comparison of a changed
-- contact with them.
CREATE INDEX contacts_lost_letter_idx ON contacts (employer_id) WHERE name LIKE '%?%' OR email LIKE '%?%';

-- +goose Down
DROP INDEX contacts_lost_letter_idx;
DROP TRIGGER employers_contact_dup_queue ON employers;
DROP FUNCTION employers_contact_dup_queue();
DROP TRIGGER contacts_dup_queue ON contacts;
DROP FUNCTION contacts_dup_queue();
DROP TRIGGER contacts_dup_queue_new ON contacts;
DROP FUNCTION contacts_dup_queue_new();
DROP TABLE contact_dup_state;
DROP TABLE contact_dup_queue;
DROP TABLE contact_dup_pairs;
