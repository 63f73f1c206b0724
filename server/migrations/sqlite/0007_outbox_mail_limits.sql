-- Limits on link mails the public can ask for, without keeping an address in clear.

-- For a link mail (a resume link or a link to the tracking page): SHA-256 of the destination
-- address, normalised (see outbox::address_digest), so that links to one inbox can be counted.
-- Cleared by the retention job once it is older than the per-address window.
alter table outbox add column recipient_digest blob;

-- For a resume link: the draft it continues, so that links per draft can be counted. No foreign
-- key: a draft is deleted when it expires or is sent, and the count only needs the number.
alter table outbox add column draft_id integer;

create index outbox_recipient on outbox (recipient_digest, created_at) where recipient_digest is not null;
create index outbox_draft on outbox (draft_id, created_at) where draft_id is not null;
create index outbox_done on outbox (done_at) where done_at is not null;
create index outbox_report on outbox (report_id, kind, created_at) where report_id is not null;

-- A finished mail row keeps its kind and outcome for audit, not its payload (a resume link's
-- payload holds the address). From now on the dispatcher clears it when the row is done.
update outbox set payload = '{}'
where done_at is not null and kind in ('acknowledgement', 'resume_link', 'tracking_link', 'update_notice');
