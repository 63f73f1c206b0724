-- A whole report in one call. The parameters are positional, in order across the statements
-- (see store/reports.rs); every statement finds the new report by its reference, and the last
-- one returns its id.
insert into report (reference, tracking_code_hash, source, crime_type, reporting_for, occurred_from,
    occurred_to, occurred_time, location, location_postcode, description, submitted_at,
    enhanced_rights, enhanced_reasons, details)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

insert into report_person (report_id, role, full_name, date_of_birth, email, phone, address_line_1, town,
    postcode, language, interpreter, accessibility_needs, relationship)
select (select id from report where reference = ?), 'victim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null
union all
select (select id from report where reference = ?), 'reporter', ?, null, ?, ?, null, null, null, null, null,
    null, ?
where ?;

insert into report_property (report_id, description, value_pence, identifiers)
select (select id from report where reference = ?), ?, ?, ? where ?;

insert into report_suspect (report_id, seen, description, name, vehicle_registration)
values ((select id from report where reference = ?), ?, ?, ?, ?);

insert into report_evidence (report_id, footage, witnesses, forensic, device_tracking, tracking_details)
values ((select id from report where reference = ?), ?, ?, ?, ?, ?);

insert into report_needs (report_id, circumstances, support)
values ((select id from report where reference = ?), ?, ?);

insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
    needs_assessed_at, contact_plan_agreed_at, declaration_at)
values ((select id from report where reference = ?), ?, ?, ?, ?, ?, ?);

insert into referral_consent (report_id, agency, consent, recorded_at)
select (select id from report where reference = ?), json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?
from json_each(?);

insert into contact_plan (report_id, frequency, safe_times)
values ((select id from report where reference = ?), ?, ?);

insert into contact_channel (report_id, channel, safe)
select (select id from report where reference = ?), json_extract(value, '$[0]'), json_extract(value, '$[1]')
from json_each(?);

insert into status_event (report_id, kind, message, visible_to_victim, at)
values ((select id from report where reference = ?), 'received', ?, 1, ?);

insert into outbox (kind, report_id, payload, next_attempt_at, created_at)
select kinds.value, new.id, json_object('report_id', new.id), ?, ?
from json_each(?) as kinds, (select id from report where reference = ?) as new
order by kinds.key;

select id from report where reference = ?;
