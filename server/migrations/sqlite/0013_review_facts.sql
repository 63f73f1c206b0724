-- When a person first acted on a report: any decision but claiming, releasing or giving it to
-- someone else (the compliance page's time from receipt to first review). Reports already
-- reviewed take it from the audit log.
alter table case_state add column first_reviewed_at text;
update case_state set first_reviewed_at = (
    select min(e.at) from audit_event e
    where e.report_id = case_state.report_id and e.outcome = 'done'
        and (e.actor like 'staff:%' or e.actor like 'operator:%')
        and e.action in ('confirm-recorded', 'allocate', 'change-crime-type', 'record-acknowledgement',
            'file-at-source', 'return-to-victim', 'record-referral', 'update', 'no-further-action',
            'answer-request', 'decide-review'));
create index case_state_first_review on case_state (received_at, first_reviewed_at);

-- Each decision on a victim's request for a review of a decision to take no further action:
-- upheld when the decision was changed. (Before this table the outcome was only in the words
-- the victim read, so earlier decisions are not counted.)
create table review_decision (
    id integer primary key,
    report_id integer not null references report (id),
    upheld integer not null check (upheld in (0, 1)),
    decided_at text not null,
    decided_by integer references staff_account (id)
);
create index review_decision_decided_at on review_decision (decided_at, upheld);
