-- National scale (issue 12), the common request path: every signed-in page
-- read the browser session's row, the user with their networks and two
-- navigation counts from the database. Instances now keep these in the
-- process (platform/refcache) and drop them when told: a statement trigger
-- on every table they are read from sends a NOTIFY in the writer's own
-- transaction, so several instances, psql and migrations all invalidate.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION notify_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The channel is the trigger's argument; identical notifications in
    -- one transaction are delivered once.
    PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME);
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Who is signed in: the user, their role and networks, and whether the
-- browser session still exists (sign-out elsewhere, a password change).
-- Sessions are only ever deleted to end them; the once-a-minute
-- last_seen_at update changes nothing a page shows.
CREATE TRIGGER identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('identity_changed');
CREATE TRIGGER identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_networks
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('identity_changed');
CREATE TRIGGER identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON networks
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('identity_changed');
CREATE TRIGGER identity_changed AFTER DELETE OR TRUNCATE ON user_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('identity_changed');

-- The navigation's counts: intakes awaiting review (intakes of the
-- network's employers) and overdue tasks (follow-ups and referrals).
CREATE TRIGGER navigation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON intakes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('navigation_changed');
CREATE TRIGGER navigation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON follow_ups
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('navigation_changed');
CREATE TRIGGER navigation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON referrals
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('navigation_changed');
CREATE TRIGGER navigation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employers
    FOR EACH STATEMENT EXECUTE FUNCTION notify_cache_changed('navigation_changed');

-- +goose Down
DROP TRIGGER navigation_changed ON employers;
DROP TRIGGER navigation_changed ON referrals;
DROP TRIGGER navigation_changed ON follow_ups;
DROP TRIGGER navigation_changed ON intakes;
DROP TRIGGER identity_changed ON user_sessions;
DROP TRIGGER identity_changed ON networks;
DROP TRIGGER identity_changed ON user_networks;
DROP TRIGGER identity_changed ON users;
DROP FUNCTION notify_cache_changed();
