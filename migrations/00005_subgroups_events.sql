-- Subgroups (deelnetwerken, kenniskringen, themagroepen, werkgroepen) and
-- events with invitations, registrations, a waiting list and attendance.
-- Attendance is the first signal of a network's health, so every state of an
-- invitation is kept, never deleted.

-- +goose Up
CREATE TABLE subgroups (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id     bigint NOT NULL REFERENCES networks (id),
    name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    kind           text NOT NULL CHECK (kind IN ('deelnetwerk', 'kenniskring', 'themagroep', 'werkgroep')),
    theme_id       bigint REFERENCES themes (id),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    -- the functions the subgroup is meant for (function_types codes); empty: everyone
    functions      text[] NOT NULL DEFAULT '{}',
    lead_contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL,
    ended_on       date,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (network_id, name)
);
CREATE INDEX subgroups_network_idx ON subgroups (network_id, name);

-- Members are contacts; joining and leaving dates are kept, so a contact can
-- leave and join again.
CREATE TABLE subgroup_members (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subgroup_id bigint NOT NULL REFERENCES subgroups (id) ON DELETE CASCADE,
    contact_id  bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    joined_on   date NOT NULL DEFAULT current_date,
    left_on     date CHECK (left_on IS NULL OR left_on >= joined_on),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subgroup_members_current_key ON subgroup_members (subgroup_id, contact_id) WHERE left_on IS NULL;
CREATE INDEX subgroup_members_contact_idx ON subgroup_members (contact_id);

CREATE TABLE events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint NOT NULL REFERENCES networks (id),
    subgroup_id        bigint REFERENCES subgroups (id) ON DELETE SET NULL,
    kind               text NOT NULL CHECK (kind IN ('netwerkbijeenkomst', 'masterclass', 'kenniskring', 'werkbezoek', 'webinar')),
    title              text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description        text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL CHECK (ends_at > starts_at),
    location           text NOT NULL DEFAULT '' CHECK (length(location) <= 300),
    online_url         text NOT NULL DEFAULT '' CHECK (length(online_url) <= 500),
    host_employer_id   bigint REFERENCES employers (id) ON DELETE SET NULL,
    audience_functions text[] NOT NULL DEFAULT '{}',
    audience_levels    text[] NOT NULL DEFAULT '{}',
    capacity           integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 100000),
    status             text NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'geannuleerd')),
    -- hours before the start that the reminder goes out; NULL: no reminder
    reminder_hours     integer DEFAULT 48 CHECK (reminder_hours IS NULL OR reminder_hours BETWEEN 1 AND 720),
    reminder_sent_at   timestamptz,
    -- recorded when the coordinator closes the attendance after the event
    attendance_closed_at timestamptz,
    attendance_rate    numeric(5, 4) CHECK (attendance_rate IS NULL OR attendance_rate BETWEEN 0 AND 1),
    -- iCalendar SEQUENCE: raised on every change, so calendars update the event
    sequence           integer NOT NULL DEFAULT 0,
    uid                text NOT NULL UNIQUE,
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_network_start_idx ON events (network_id, starts_at DESC);
CREATE INDEX events_reminder_idx ON events (starts_at) WHERE status = 'gepland' AND reminder_sent_at IS NULL AND reminder_hours IS NOT NULL;

-- One row per invited contact. A walk-in gets a row too (invited_at when
-- they arrived), so attendance counts stay simple.
CREATE TABLE event_invitations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id    bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status        text NOT NULL DEFAULT 'uitgenodigd'
                  CHECK (status IN ('uitgenodigd', 'aangemeld', 'afgemeld', 'wachtlijst', 'aanwezig', 'afwezig')),
    token_hash    bytea UNIQUE CHECK (token_hash IS NULL OR length(token_hash) = 32),
    invited_at    timestamptz NOT NULL DEFAULT now(),
    invited_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    responded_at  timestamptz,
    -- order of the waiting list: who asked first is promoted first
    waitlisted_at timestamptz,
    checked_in_at timestamptz,
    walk_in       boolean NOT NULL DEFAULT false,
    UNIQUE (event_id, contact_id)
);
CREATE INDEX event_invitations_contact_idx ON event_invitations (contact_id);
CREATE INDEX event_invitations_event_status_idx ON event_invitations (event_id, status);

-- A network's calendar feed lives at a secret URL; revoking it makes a new one.
CREATE TABLE network_calendars (
    network_id  bigint PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL
);

-- +goose Down
DROP TABLE network_calendars;
DROP TABLE event_invitations;
DROP TABLE events;
DROP TABLE subgroup_members;
DROP TABLE subgroups;
