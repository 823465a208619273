-- A mail may go to more than one recipient (an introduction between two
-- members, with the coordinator in copy), carry a network's own sender name,
-- an HTML alternative (mailings) and list headers (List-Unsubscribe, RFC
-- 8058). A contact may unsubscribe from a network's mailings; service mail
-- (invitations, intake links) still reaches them.

-- +goose Up
ALTER TABLE mail_outbox
    ADD COLUMN extra_to  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(extra_to) = 'array' AND jsonb_array_length(extra_to) <= 10),
    ADD COLUMN from_name text  NOT NULL DEFAULT '' CHECK (length(from_name) <= 120),
    ADD COLUMN body_html text  NOT NULL DEFAULT '' CHECK (length(body_html) <= 400000),
    ADD COLUMN headers   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(headers) = 'object');

ALTER TABLE contacts ADD COLUMN mailings_opted_out_at timestamptz;

-- +goose Down
ALTER TABLE contacts DROP COLUMN mailings_opted_out_at;
ALTER TABLE mail_outbox DROP COLUMN extra_to, DROP COLUMN from_name, DROP COLUMN body_html, DROP COLUMN headers;
