-- A network's own look on its public pages (intake, invitation, placement
-- link, share link) and its name as mail sender (issue 11). The logo is a
-- PNG of at most 200 kB (SVG is refused: it can carry script).

-- +goose Up
ALTER TABLE networks ADD COLUMN accent_color text CHECK (accent_color ~ '^#[0-9a-f]{6}$');
ALTER TABLE networks ADD COLUMN mail_sender_name text CHECK (length(mail_sender_name) BETWEEN 1 AND 120);
ALTER TABLE networks ADD COLUMN logo_png bytea CHECK (length(logo_png) <= 204800);
ALTER TABLE networks ADD COLUMN logo_updated_at timestamptz;

-- +goose Down
ALTER TABLE networks DROP COLUMN logo_updated_at;
ALTER TABLE networks DROP COLUMN logo_png;
ALTER TABLE networks DROP COLUMN mail_sender_name;
ALTER TABLE networks DROP COLUMN accent_color;
