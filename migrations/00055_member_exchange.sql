-- Vraag en aanbod on the members' page (issue 19): a contact may show
-- their organisation's challenges and offers to the other members of the
-- network, and ask one of them for an introduction.
--
-- Consent (AVG art. 6(1)(a)) is explicit, revocable and kept with its
-- times: a row per period of consent, so what was agreed when stays
-- provable after it is withdrawn. At most one open consent per contact.

-- +goose Up
CREATE TABLE member_exchange_consents (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    given_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz CHECK (revoked_at IS NULL OR revoked_at >= given_at)
);
CREATE UNIQUE INDEX member_exchange_consents_open_key ON member_exchange_consents (contact_id) WHERE revoked_at IS NULL;

-- An introduction one member asked for: one mail to both contacts with the
-- coordinator in copy. The coordinator sees it on both profiles (audit
-- entries); the row is what the daily limit counts and the access export
-- shows. The message is the requester's own short note.
CREATE TABLE member_introductions (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id            bigint NOT NULL REFERENCES networks (id),
    requester_contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL,
    requester_employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    target_contact_id     bigint REFERENCES contacts (id) ON DELETE SET NULL,
    target_employer_id    bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    tag_id                bigint REFERENCES tags (id),
    message               text NOT NULL DEFAULT '' CHECK (length(message) <= 1000),
    coordinator_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_introductions_requester_idx ON member_introductions (requester_contact_id, created_at);
CREATE INDEX member_introductions_target_idx ON member_introductions (target_contact_id);

-- +goose Down
DROP TABLE member_introductions;
DROP TABLE member_exchange_consents;
