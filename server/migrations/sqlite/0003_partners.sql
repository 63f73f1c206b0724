-- Third-party reporting centres that send reports on a victim's behalf through the partner API.
-- Times are UTC, ISO 8601 text.

create table partner (
    id integer primary key,
    -- How operators name the centre, e.g. on the command line: `portal partner disable <name>`.
    name text not null unique,
    -- SHA-256 of the partner's API key (`pk_` and 256 random bits); the key itself is never
    -- stored and is shown once, when the partner is added.
    key_digest blob not null unique,
    created_at text not null,
    -- Set when the partner is disabled: its key no longer opens the API.
    disabled_at text
);

-- Every report a partner sent, so that a retry with the same Idempotency-Key finds the first
-- one and each partner report names the centre that sent it.
create table partner_submission (
    partner_id integer not null references partner (id),
    -- The request's Idempotency-Key header (1 to 200 visible ASCII characters). A request sent
    -- without one gets 'none <random id>', which no partner's key can equal (it has a space).
    idempotency_key text not null,
    -- SHA-256 of the request body as sent: the same key with another body is refused.
    request_digest blob not null,
    report_id integer not null unique references report (id),
    -- The tracking code sealed with a key derived from the API key and the Idempotency-Key,
    -- so that a retry can be answered with the same code; null without an Idempotency-Key.
    receipt blob,
    created_at text not null,
    primary key (partner_id, idempotency_key)
);
