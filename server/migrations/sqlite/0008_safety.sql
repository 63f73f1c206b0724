-- The tracking code is shown on the confirmation page only for a short window after sending,
-- only in the browser that sent it. After that the sealed copy is wiped.
alter table draft add column receipt_expires_at text;

-- Drafts already sent keep nothing but what a resubmit needs: their answers are in the report.
update draft set answers = '{}', step_times = '{}', resume_digest = null, receipt = null
where report_id is not null;

-- Secrets the nodes share, made once: `audit` keys the digest of client addresses in the audit
-- log (an unkeyed SHA-256 of an IPv4 address is reversed in seconds).
create table server_secret (
    name text primary key,
    value blob not null
);

-- Why an operator or member of staff looked at or changed a case, in their words.
alter table audit_event add column reason text;
