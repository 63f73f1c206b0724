-- Allocation under the Investigation Model.

-- The report as checked when it was sent (JSON), so the allocation rules can assess it exactly.
alter table report add column details text;

-- One assessment per report: the proposed (or automatically decided) outcome and the whole
-- decision with its rule-set version, THRIVE+ factors, lines of enquiry and rationale.
create table assessment (
    report_id integer primary key references report (id),
    ruleset_version text not null,
    outcome text not null check (outcome in ('iit', 'fcid', 'ppu', 'filed-at-source')),
    status text not null check (status in ('proposed', 'decided', 'confirmed', 'overridden')),
    review_required integer not null check (review_required in (0, 1)),
    priority text not null,
    decision text not null,
    assessed_at text not null
);

-- Referrals the victim agreed to, each with its Victims' Code due time.
create table referral (
    report_id integer not null references report (id),
    agency text not null,
    due_at text not null,
    made_at text,
    primary key (report_id, agency)
);

-- Victims' Code deadlines for the report, on the working-day calendar.
create table deadline (
    report_id integer not null references report (id),
    kind text not null,
    due_at text not null,
    basis text not null,
    met_at text,
    primary key (report_id, kind)
);
create index deadline_due on deadline (met_at, due_at);
