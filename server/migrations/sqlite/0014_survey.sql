-- The victims' satisfaction survey: one row per report whose victim was invited (the primary key
-- is what keeps an invitation, and an answer, to one per report, on any number of nodes), the
-- one-time link's digest, and the answers once given. Answers are read only as totals and
-- comments only without their report (server/src/survey). Times are UTC, ISO 8601 text.
create table survey (
    report_id integer primary key references report (id),
    -- SHA-256 of the one-time link's token, set when the invitation is sent (a new token if it is
    -- sent again) and cleared once the survey is answered; the token itself is never stored.
    token_hash blob unique,
    invited_at text not null,
    expires_at text not null,
    -- Null until answered.
    answered_at text,
    -- 1 very dissatisfied … 5 very satisfied.
    kept_informed integer check (kept_informed between 1 and 5),
    -- "I understood what would happen next": 1 strongly disagree … 5 strongly agree.
    understood_next integer check (understood_next between 1 and 5),
    -- 1 very dissatisfied … 5 very satisfied.
    treated_with_respect integer check (treated_with_respect between 1 and 5),
    -- 1 very dissatisfied … 5 very satisfied.
    overall integer check (overall between 1 and 5),
    -- Up to 1,200 characters (checked by rules::survey, which counts as the page does).
    comment text,
    check (answered_at is null or (kept_informed is not null and understood_next is not null
                                   and treated_with_respect is not null and overall is not null))
);
-- The figures count the surveys answered in a period, and those invited in it.
create index survey_answered_at on survey (answered_at) where answered_at is not null;
create index survey_invited_at on survey (invited_at);
