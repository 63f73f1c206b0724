-- The force's side: staff accounts (added by an administrator, enrolled with a password and a
-- TOTP second factor), their sessions, where each report stands under review and who has
-- claimed it, why a member of staff opened a case, and what staff asked the victim.
-- Times are UTC, ISO 8601 text.

create table staff_account (
    id integer primary key,
    -- In lower case.
    email text not null unique,
    role text not null check (role in ('reviewer', 'supervisor', 'admin')),
    -- argon2id PHC string; null until enrolled (and again after a reset).
    password_hash text,
    -- The TOTP secret sealed with the server's `staff-totp` secret; null until enrolled.
    totp_secret blob,
    -- The last 30-second step whose code was used: each code works once.
    totp_last_step integer,
    created_at text not null,
    enrolled_at text,
    disabled_at text,
    -- Failed sign-ins in a row, for the soft delay (never a lock-out a colleague could cause).
    failures integer not null default 0,
    last_failed_at text
);

-- One-time enrolment links. Only the token's digest is kept; the TOTP secret to confirm waits
-- here, sealed, until the person proves their app shows its codes.
create table staff_enrolment (
    token_digest blob primary key,
    account_id integer not null references staff_account (id),
    totp_secret blob not null,
    expires_at text not null,
    used_at text
);

-- Staff sessions: `password` after the password, `signed-in` after the code (a new token then).
create table staff_session (
    id integer primary key,
    token_digest blob not null unique,
    account_id integer not null references staff_account (id),
    stage text not null check (stage in ('password', 'signed-in')),
    created_at text not null,
    idle_expires_at text not null,
    expires_at text not null,
    ended_at text
);
create index staff_session_account on staff_session (account_id) where ended_at is null;

-- One row per report: where it stands with the force (derived from the assessment, requests to
-- the victim and decisions: see store/queue.rs), the queue's sort keys, and who has claimed it.
-- Kept in the transaction of every change that moves it.
create table case_state (
    report_id integer primary key references report (id),
    -- The report's reference, so that the queue sorts by it without reading the report.
    reference text not null,
    state text not null check (state in ('to-review', 'with-victim', 'allocated', 'filed', 'closed')),
    -- A THRIVE+ flag says a person must look now.
    urgent integer not null default 0,
    -- rules::staff::priority_rank: 0 not assessed, 1 priority … 4 no deployment.
    priority_rank integer not null default 0,
    -- The nearest Victims' Code deadline not yet met.
    next_due_at text,
    crime_type text not null,
    -- The proposed or decided outcome (iit, fcid, ppu, filed-at-source); null until assessed.
    outcome text,
    review_required integer not null default 0,
    -- Victims' requests waiting for an answer.
    requests_waiting integer not null default 0,
    claimed_by integer references staff_account (id),
    claimed_at text,
    -- Who last accepted, overrode or filed the allocation or ended the investigation, and when
    -- (a review must be decided by someone else; an answer from the victim after it brings the
    -- report back to review).
    decided_by integer references staff_account (id),
    decided_at text,
    received_at text not null,
    updated_at text not null
);
-- The queue's orders, each an index the page reads in order (25 rows, whatever the size), with
-- and without a state: the default (danger, priority, nearest deadline with none last, oldest),
-- then received, reference, crime type and next deadline.
create index case_state_queue on case_state
    (state, urgent desc, priority_rank, next_due_at is null, next_due_at, received_at);
create index case_state_order on case_state
    (urgent desc, priority_rank, next_due_at is null, next_due_at, received_at);
create index case_state_received on case_state (state, received_at);
create index case_state_reference on case_state (state, reference);
create index case_state_crime on case_state (state, crime_type, received_at);
create index case_state_deadline on case_state (state, next_due_at is null, next_due_at);
-- The filter counts read this alone (a covering index), not the table.
create index case_state_counts on case_state
    (state, crime_type, outcome, priority_rank, urgent, requests_waiting, next_due_at, claimed_by);
create index case_state_claimed on case_state (claimed_by) where claimed_by is not null;

-- A report's open deadlines, soonest first: the next one is found without reading the others.
create index deadline_open on deadline (report_id, due_at) where met_at is null;

-- Why a member of staff opened a case they had not claimed, for the rest of their session.
create table case_access (
    session_id integer not null references staff_session (id),
    report_id integer not null references report (id),
    reason text not null,
    at text not null,
    primary key (session_id, report_id)
);

-- Questions staff send the victim; the report waits for the answer until `due_at`.
create table info_request (
    id integer primary key,
    report_id integer not null references report (id),
    question text not null,
    asked_by integer not null references staff_account (id),
    asked_at text not null,
    due_at text not null,
    closed_at text,
    -- 'answered' or 'no-reply'.
    outcome text check (outcome in ('answered', 'no-reply'))
);
create index info_request_open on info_request (due_at) where closed_at is null;

-- The answer staff gave to a victim's request, and who gave it.
alter table victim_request add column answer text;
alter table victim_request add column handled_by integer references staff_account (id);

-- Reports already stored join the queue (the storage layer refreshes the derived columns).
insert into case_state (report_id, reference, state, crime_type, received_at, updated_at)
select id, reference, 'to-review', crime_type, submitted_at, submitted_at from report;
