-- Prospects hold personal data (the contact's name, e-mail address and
-- phone, the public form's consent): erasure marks them, and the retention
-- list finds those that did not become a member and were left alone long
-- enough.

-- +goose Up
ALTER TABLE prospects ADD COLUMN erased_at timestamptz;
CREATE INDEX prospects_retention_idx ON prospects (updated_at) WHERE erased_at IS NULL AND stage <> 'lid';
CREATE INDEX prospects_contact_email_idx ON prospects (lower(contact_email)) WHERE contact_email <> '';

-- +goose Down
DROP INDEX prospects_contact_email_idx;
DROP INDEX prospects_retention_idx;
ALTER TABLE prospects DROP COLUMN erased_at;
