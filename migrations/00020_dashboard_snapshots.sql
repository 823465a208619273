-- National scale (issue 12), part 2: the dashboard's figures computed in
-- the background. A view reads the latest snapshot of its selection (one
-- row); a worker in every instance recomputes the snapshots that were
-- looked at recently and are older than 45 seconds, claiming them with
-- FOR UPDATE SKIP LOCKED so two instances never do the same one. The page
-- says when its figures were computed; a change shows within a minute.

-- +goose Up
CREATE TABLE dashboard_snapshots (
    key          text PRIMARY KEY,
    networks     bigint[] NOT NULL,
    quarters     integer NOT NULL,
    data         bytea NOT NULL,
    computed_at  timestamptz NOT NULL,
    requested_at timestamptz NOT NULL
);
CREATE INDEX dashboard_snapshots_due_idx ON dashboard_snapshots (computed_at);

-- +goose Down
DROP TABLE dashboard_snapshots;
