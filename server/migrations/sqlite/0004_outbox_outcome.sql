-- What the dispatcher did with each outbox row, in words without personal data,
-- e.g. 'sent by email' or 'no safe email: staff to acknowledge by letter'.
alter table outbox add column outcome text;

-- One-time links to resume a saved report, sent by email. Only the token's SHA-256 is kept.
create table draft_link (
    token_digest blob primary key,
    draft_id integer not null references draft (id) on delete cascade,
    expires_at text not null,
    used_at text
);
