-- Mail leaves the portal through an outbox: a handler writes the message in
-- the same transaction as the change it reports, and a sender (in any number
-- of app instances) claims due rows with FOR UPDATE SKIP LOCKED, so a message
-- is neither lost when SMTP is down nor sent twice.

-- +goose Up
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    network_id      bigint REFERENCES networks (id) ON DELETE SET NULL,
    employer_id     bigint REFERENCES employers (id) ON DELETE SET NULL,
    to_addr         text NOT NULL CHECK (length(to_addr) BETWEEN 3 AND 254),
    to_name         text NOT NULL DEFAULT '' CHECK (length(to_name) <= 120),
    cc_addr         text NOT NULL DEFAULT '' CHECK (length(cc_addr) <= 254),
    cc_name         text NOT NULL DEFAULT '' CHECK (length(cc_name) <= 120),
    reply_to        text NOT NULL DEFAULT '' CHECK (length(reply_to) <= 254),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body_text       text NOT NULL CHECK (length(body_text) <= 100000),
    -- The Message-ID is fixed when the mail is queued, so a retry after a
    -- lost reply carries the same id and the receiving side can drop the copy.
    message_id      text NOT NULL UNIQUE,
    status          text NOT NULL DEFAULT 'wachtend' CHECK (status IN ('wachtend', 'verzonden', 'mislukt')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text NOT NULL DEFAULT '' CHECK (length(last_error) <= 1000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'wachtend';
CREATE INDEX mail_outbox_network_idx ON mail_outbox (network_id, created_at DESC);
CREATE INDEX mail_outbox_employer_idx ON mail_outbox (employer_id, created_at DESC);

-- Attachments (an .ics with an invitation, for instance), at most a few per mail.
CREATE TABLE mail_attachments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mail_id      bigint NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 120),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 120),
    data         bytea NOT NULL CHECK (length(data) <= 5242880)
);
CREATE INDEX mail_attachments_mail_idx ON mail_attachments (mail_id);

-- +goose Down
DROP TABLE mail_attachments;
DROP TABLE mail_outbox;
