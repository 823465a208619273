-- "Ter controle" (issue 19): a network marks which profile fields a member
-- corrects only with the coordinator's approval. Such a correction waits
-- as a change request; the others apply directly, as before.

-- +goose Up
ALTER TABLE networks ADD COLUMN member_review_fields text[] NOT NULL DEFAULT '{}'
    CHECK (member_review_fields <@ ARRAY['naam', 'adres', 'medewerkers', 'website', 'uitdagingen', 'aanbod']::text[]);

-- A member's correction of a field under review. proposed holds the new
-- values (the fields of the group), changes the readable old and new values
-- as the history shows them. One open request per employer and field: a
-- second correction replaces the first.
CREATE TABLE profile_change_requests (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    contact_id   bigint REFERENCES contacts (id) ON DELETE SET NULL,
    field        text NOT NULL CHECK (field IN ('naam', 'adres', 'medewerkers', 'website', 'uitdagingen', 'aanbod')),
    proposed     jsonb NOT NULL CHECK (jsonb_typeof(proposed) = 'object'),
    changes      jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
    status       text NOT NULL DEFAULT 'wacht' CHECK (status IN ('wacht', 'goedgekeurd', 'afgewezen')),
    decided_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX profile_change_requests_open_key ON profile_change_requests (employer_id, field) WHERE status = 'wacht';

-- +goose Down
DROP TABLE profile_change_requests;
ALTER TABLE networks DROP COLUMN member_review_fields;
