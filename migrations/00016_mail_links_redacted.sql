-- Mail that has been sent or given up no longer keeps its personal links
-- (the sender now replaces them when it records the outcome, see
-- internal/platform/redact). This removes them from the mail sent before.
-- Tokens are 43 (base64url) or 64 (hex) characters.

-- +goose Up
UPDATE mail_outbox
SET body_text = regexp_replace(body_text, 'https?://[^/\s<>"]+/[^\s<>"]*?[A-Za-z0-9_-]{32,}[^\s<>"]*',
                               '[persoonlijke link, verwijderd na verzending]', 'g')
WHERE status IN ('verzonden', 'mislukt');

-- +goose Down
-- The links are gone; nothing to restore.
SELECT 1;
