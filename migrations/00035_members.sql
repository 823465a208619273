-- The members' side (/mijn): contacts of member employers sign in with a
-- one-time link mailed to them, keep their organisation's profile and
-- propose colleagues. Only the SHA-256 hash of a link's token is stored, so a
-- database dump opens no session. Member sessions live in a table of their
-- own, apart from the staff's, so no member token can ever be taken for a
-- staff session.

-- +goose Up
ALTER TABLE employers ADD COLUMN website text NOT NULL DEFAULT '' CHECK (length(website) <= 300);

CREATE TABLE member_links (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_links_contact_idx ON member_links (contact_id);

-- Requests for a link, counted per address and per client to throttle
-- mail bombing and guessing; kept here so every instance sees one count.
CREATE TABLE member_link_requests (
    id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL CHECK (length(key) <= 300),
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_link_requests_key_idx ON member_link_requests (key, at);

-- scs sessions of members, the same shape as the staff's sessions table.
CREATE TABLE member_sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX member_sessions_expiry_idx ON member_sessions (expiry);

-- A colleague a member proposes; the coordinator accepts (a contact is
-- made) or declines.
CREATE TABLE colleague_proposals (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    proposed_by bigint REFERENCES contacts (id) ON DELETE SET NULL,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    function    text NOT NULL REFERENCES function_types (code),
    level       text NOT NULL CHECK (level IN ('strategisch', 'tactisch', 'operationeel')),
    status      text NOT NULL DEFAULT 'voorgesteld' CHECK (status IN ('voorgesteld', 'geaccepteerd', 'afgewezen')),
    contact_id  bigint REFERENCES contacts (id) ON DELETE SET NULL,
    decided_by  bigint REFERENCES users (id),
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX colleague_proposals_open_idx ON colleague_proposals (employer_id) WHERE status = 'voorgesteld';

-- +goose Down
DROP TABLE colleague_proposals;
DROP TABLE member_sessions;
DROP TABLE member_link_requests;
DROP TABLE member_links;
ALTER TABLE employers DROP COLUMN website;
