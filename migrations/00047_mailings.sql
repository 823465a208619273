-- Mail to members (issue 15): a coordinator writes one mail to a selection
-- of the contacts of a network's member employers. "Versturen" freezes the
-- recipients into mailing_recipients (one row per contact, each address
-- once); a worker in any number of app instances claims unqueued rows with
-- FOR UPDATE SKIP LOCKED and queues one mail per row into mail_outbox, in
-- the same transaction that marks the row, so each recipient gets the mail
-- exactly once.

-- +goose Up
CREATE TABLE mailings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id    bigint NOT NULL REFERENCES networks (id),
    subject       text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
    -- The text as written, with merge fields; emptied (body_removed_at set)
    -- when the retention of sent mail has passed, like the mail itself.
    body          text NOT NULL CHECK (length(body) <= 20000),
    body_removed_at timestamptz,
    -- The selection as the query values of the compose form (status,
    -- subgroup, function, level, not attended, and the employer list's
    -- filters), so a draft can be opened again exactly as it was.
    selection     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(selection) = 'object'),
    status        text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'verzenden', 'verzonden')),
    -- Frozen when sending starts, and the outcome when it ends: kept after
    -- the recipients' rows or the mails are gone (erasure, retention).
    recipient_count integer NOT NULL DEFAULT 0,
    sent_count    integer NOT NULL DEFAULT 0,
    failed_count  integer NOT NULL DEFAULT 0,
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    sending_at    timestamptz,
    sent_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    finished_at   timestamptz,
    version       integer NOT NULL DEFAULT 1
);
CREATE INDEX mailings_network_idx ON mailings (network_id, created_at DESC);
CREATE INDEX mailings_sending_idx ON mailings (id) WHERE status = 'verzenden';

CREATE TABLE mailing_recipients (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailing_id  bigint NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    contact_id  bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    -- The address at freezing time, lower case: each address once per
    -- mailing (two contacts sharing an address get one mail).
    email_key   text NOT NULL CHECK (length(email_key) BETWEEN 3 AND 254),
    -- Set when the mail is queued (or skipped: the contact left or opted
    -- out in between); NULL: still to do.
    queued_at   timestamptz,
    skipped     boolean NOT NULL DEFAULT false,
    outbox_id   bigint REFERENCES mail_outbox (id) ON DELETE SET NULL,
    -- SHA-256 of the personal unsubscribe link's token.
    token_hash  bytea UNIQUE CHECK (token_hash IS NULL OR length(token_hash) = 32),
    UNIQUE (mailing_id, contact_id),
    UNIQUE (mailing_id, email_key)
);
CREATE INDEX mailing_recipients_todo_idx ON mailing_recipients (mailing_id, id) WHERE queued_at IS NULL;
CREATE INDEX mailing_recipients_contact_idx ON mailing_recipients (contact_id);
CREATE INDEX mailing_recipients_outbox_idx ON mailing_recipients (outbox_id);

-- +goose Down
DROP TABLE mailing_recipients;
DROP TABLE mailings;
