-- The tracking page: sessions for one report, one-time links, failed look-ups (for the soft
-- delay), what victims send, decisions to take no further action, and the audit log.

-- A victim's session: it covers exactly one report. Only the SHA-256 of the cookie's token is
-- kept. Ends at `idle_expires_at` (moved on by each request), `expires_at` or sign-out.
create table tracking_session (
    id integer primary key,
    token_digest blob not null unique,
    report_id integer not null references report (id),
    -- How the victim got in: 'code' or 'link'.
    method text not null check (method in ('code', 'link')),
    created_at text not null,
    idle_expires_at text not null,
    expires_at text not null,
    ended_at text
);
create index tracking_session_expires on tracking_session (expires_at);

-- One-time links sent by email. Only the token's digest is kept; a link works once.
create table tracking_link (
    token_digest blob primary key,
    report_id integer not null references report (id),
    expires_at text not null,
    used_at text
);

-- Failed look-ups per reference (as typed, normalised; the reference may not exist), for a soft
-- delay after repeated failures. Rows are deleted when quiet for a day.
create table lookup_failure (
    reference text primary key,
    failures integer not null,
    first_failed_at text not null,
    last_failed_at text not null
);

-- What victims send from the tracking page, for staff: new information, requests for an update
-- or a review, complaints and changed contact preferences (the new plan). `handled_at` is set by
-- staff.
create table victim_request (
    id integer primary key,
    report_id integer not null references report (id),
    kind text not null check (kind in ('information', 'update', 'review', 'complaint', 'contact')),
    body text not null,
    created_at text not null,
    handled_at text
);
create index victim_request_open on victim_request (handled_at, created_at);

-- A decision to take no further action on an investigation, with the reason in words for the
-- victim. When a suspect was identified and interviewed the victim may ask for a review.
create table no_further_action (
    report_id integer primary key references report (id),
    suspect_interviewed integer not null check (suspect_interviewed in (0, 1)),
    reason text not null,
    decided_at text not null
);

-- Every look-up and every action on the tracking page (and operator changes to a case): who,
-- what, when, and the outcome. Never a code, a token or anything the victim wrote.
create table audit_event (
    id integer primary key,
    at text not null,
    -- 'victim-session:<id>', 'anonymous' or 'operator'.
    actor text not null,
    action text not null,
    report_id integer references report (id),
    outcome text not null,
    -- SHA-256 of the client's address, to see patterns without keeping the address.
    client_digest blob
);
create index audit_event_report on audit_event (report_id, at);
