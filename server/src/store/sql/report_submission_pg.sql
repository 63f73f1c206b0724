-- How a whole report is stored in one statement on PostgreSQL (see store/reports.rs): what the
-- SQLite trigger in report_submission.sql does, as data-modifying CTEs. The parameters are the
-- values of every new row, in the order of that view's columns ($1 reference … $42 follow_ups;
-- the lists as JSON text), bound as reports::Submission holds them; `v` names them, each cast
-- once to its column's type. Every CTE sees the same snapshot, so the parts take the new id
-- from `r`, never from the report table. Returns the new report's id, or no row when the
-- reference is taken: then nothing is inserted (a unique violation would end the caller's
-- transaction on PostgreSQL), and the caller draws another.
with v as (
    select $1::text as reference, $2::text as code_hash, $3::text as source, $4::text as crime_type,
        $5::text as reporting_for, $6::text as occurred_from, $7::text as occurred_to,
        $8::text as occurred_time, $9::text as location, $10::text as postcode,
        $11::text as description, $12::timestamptz as now, $13::boolean as enhanced_rights,
        $14::text as enhanced_reasons, $15::text as details, $16::jsonb as people,
        $17::boolean as has_property, $18::text as property_description,
        $19::bigint as property_value_pence, $20::text as property_identifiers,
        $21::text as suspect_seen, $22::text as suspect_description, $23::text as suspect_name,
        $24::text as suspect_vehicle_registration, $25::text as evidence_footage,
        $26::text as evidence_witnesses, $27::text as evidence_forensic,
        $28::boolean as evidence_device_tracking, $29::text as evidence_tracking_details,
        $30::text as circumstances, $31::text as support, $32::timestamptz as rights_at,
        $33::text as vps, $34::timestamptz as needs_at, $35::timestamptz as contact_at,
        $36::timestamptz as support_at, $37::jsonb as consents, $38::text as frequency,
        $39::text as safe_times, $40::jsonb as channels, $41::text as received_message,
        $42::jsonb as follow_ups
),
r as (
    insert into report (reference, tracking_code_hash, source, crime_type, reporting_for, occurred_from,
        occurred_to, occurred_time, location, location_postcode, description, submitted_at,
        enhanced_rights, enhanced_reasons, details)
    select reference, code_hash, source, crime_type, reporting_for, occurred_from, occurred_to,
        occurred_time, location, postcode, description, now, enhanced_rights, enhanced_reasons, details
    from v
    on conflict (reference) do nothing
    returning id
),
person as (
    -- In the list's order (the victim first), as json_each gives them.
    insert into report_person (report_id, role, full_name, date_of_birth, email, phone, address_line_1,
        town, postcode, language, interpreter, accessibility_needs, relationship)
    select r.id, p.value ->> 'role', p.value ->> 'full_name', p.value ->> 'date_of_birth', p.value ->> 'email',
        p.value ->> 'phone', p.value ->> 'address_line_1', p.value ->> 'town', p.value ->> 'postcode',
        p.value ->> 'language', (p.value ->> 'interpreter')::boolean, p.value ->> 'accessibility_needs',
        p.value ->> 'relationship'
    from r, v, jsonb_array_elements(v.people) with ordinality p (value, n)
    order by p.n
),
property as (
    insert into report_property (report_id, description, value_pence, identifiers)
    select r.id, v.property_description, v.property_value_pence, v.property_identifiers
    from r, v where v.has_property
),
suspect as (
    insert into report_suspect (report_id, seen, description, name, vehicle_registration)
    select r.id, v.suspect_seen, v.suspect_description, v.suspect_name, v.suspect_vehicle_registration
    from r, v
),
evidence as (
    insert into report_evidence (report_id, footage, witnesses, forensic, device_tracking, tracking_details)
    select r.id, v.evidence_footage, v.evidence_witnesses, v.evidence_forensic, v.evidence_device_tracking,
        v.evidence_tracking_details
    from r, v
),
needs as (
    insert into report_needs (report_id, circumstances, support)
    select r.id, v.circumstances, v.support
    from r, v
),
compliance as (
    insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
        needs_assessed_at, contact_plan_agreed_at, declaration_at)
    select r.id, v.rights_at, v.rights_at, v.vps, v.needs_at, v.contact_at, v.now
    from r, v
),
consent as (
    -- [[agency, consented], …]
    insert into referral_consent (report_id, agency, consent, recorded_at)
    select r.id, c.value ->> 0, (c.value ->> 1)::boolean, v.support_at
    from r, v, jsonb_array_elements(v.consents) c (value)
),
plan as (
    insert into contact_plan (report_id, frequency, safe_times)
    select r.id, v.frequency, v.safe_times
    from r, v
),
channel as (
    -- [[channel, safe], …]
    insert into contact_channel (report_id, channel, safe)
    select r.id, c.value ->> 0, (c.value ->> 1)::boolean
    from r, v, jsonb_array_elements(v.channels) c (value)
),
event as (
    insert into status_event (report_id, kind, message, visible_to_victim, at)
    select r.id, 'received', v.received_message, true, v.now
    from r, v
),
follow_up as (
    -- One row per kind, in the list's order (their ids too). The payload is the text SQLite's
    -- json_object('report_id', id) makes: {"report_id":5}.
    insert into outbox (kind, report_id, payload, next_attempt_at, created_at)
    select k.kind, r.id, '{"report_id":' || r.id || '}', v.now, v.now
    from r, v, jsonb_array_elements_text(v.follow_ups) with ordinality k (kind, n)
    order by k.n
),
queued as (
    -- In the staff queue at once, before the allocation rules have run.
    insert into case_state (report_id, reference, state, crime_type, received_at, updated_at)
    select r.id, v.reference, 'to-review', v.crime_type, v.now, v.now
    from r, v
)
select id from r
