-- Online reports and the drafts they grow from.
-- Times are UTC, ISO 8601 text. Answers are kept as typed (JSON) in a draft until it is sent or
-- expires; a sent report is stored as structured rows so that Victims' Code compliance can be
-- measured from data.

create table draft (
    id integer primary key,
    -- SHA-256 of the 256-bit token in the person's cookie; the token itself is never stored.
    token_digest blob not null unique,
    -- SHA-256 of the code for "save and come back later", when one was issued.
    resume_digest blob unique,
    answers text not null default '{}',
    -- When each step was last saved: {"your-rights": "2026-11-28T02:00:00Z", ...}
    step_times text not null default '{}',
    created_at text not null,
    updated_at text not null,
    expires_at text not null,
    -- Set in the same transaction that stores the report: a second submit finds it.
    report_id integer unique references report (id),
    -- The tracking code sealed with a key derived from the draft token, so that only the
    -- browser that sent the report can show it, on the confirmation page.
    receipt blob
);
create index draft_expires_at on draft (expires_at);

create table report (
    id integer primary key,
    reference text not null unique,
    -- argon2id PHC string of the tracking code.
    tracking_code_hash text not null,
    source text not null check (source in ('online', 'partner')),
    crime_type text not null,
    reporting_for text not null check (reporting_for in ('myself', 'someone-else')),
    occurred_from text not null,
    occurred_to text not null,
    occurred_time text,
    location text not null,
    location_postcode text,
    description text not null,
    submitted_at text not null,
    -- Enhanced rights under the Victims' Code, with the reasons as a JSON list.
    enhanced_rights integer not null check (enhanced_rights in (0, 1)),
    enhanced_reasons text not null default '[]'
);

create table report_person (
    id integer primary key,
    report_id integer not null references report (id),
    role text not null check (role in ('victim', 'reporter')),
    full_name text not null,
    date_of_birth text,
    relationship text,
    email text,
    phone text,
    address_line_1 text,
    town text,
    postcode text,
    language text,
    interpreter integer check (interpreter in (0, 1)),
    accessibility_needs text,
    unique (report_id, role)
);

create table report_property (
    report_id integer primary key references report (id),
    description text not null,
    value_pence integer,
    identifiers text
);

create table report_suspect (
    report_id integer primary key references report (id),
    seen text not null check (seen in ('yes', 'no', 'not-sure')),
    description text,
    name text,
    vehicle_registration text
);

create table report_evidence (
    report_id integer primary key references report (id),
    footage text not null default '[]',
    witnesses text,
    forensic text not null check (forensic in ('yes', 'no', 'not-sure')),
    device_tracking integer not null check (device_tracking in (0, 1)),
    tracking_details text
);

create table report_needs (
    report_id integer primary key references report (id),
    circumstances text not null default '[]',
    support text not null default '[]'
);

-- Victims' Code compliance at the point of reporting, one row per report.
create table code_compliance (
    report_id integer primary key references report (id),
    rights_information_given_at text not null,
    vps_explained_at text not null,
    vps_choice text not null check (vps_choice in ('later', 'not-now')),
    needs_assessed_at text not null,
    contact_plan_agreed_at text not null,
    declaration_at text not null
);

create table referral_consent (
    report_id integer not null references report (id),
    agency text not null,
    consent integer not null check (consent in (0, 1)),
    recorded_at text not null,
    primary key (report_id, agency)
);

create table contact_plan (
    report_id integer primary key references report (id),
    frequency text not null,
    safe_times text
);

create table contact_channel (
    report_id integer not null references report (id),
    channel text not null check (channel in ('email', 'phone', 'text', 'letter')),
    safe integer not null check (safe in (0, 1)),
    primary key (report_id, channel)
);

-- What the victim sees on the tracking page, in plain words.
create table status_event (
    id integer primary key,
    report_id integer not null references report (id),
    kind text not null,
    message text not null,
    visible_to_victim integer not null check (visible_to_victim in (0, 1)),
    at text not null
);
create index status_event_report on status_event (report_id, at);

-- Side effects, written in the same transaction as the change that causes them and carried out
-- by the dispatcher with retries.
create table outbox (
    id integer primary key,
    kind text not null,
    report_id integer references report (id),
    payload text not null,
    attempts integer not null default 0,
    next_attempt_at text not null,
    done_at text,
    last_error text,
    created_at text not null
);
create index outbox_due on outbox (done_at, next_attempt_at);
