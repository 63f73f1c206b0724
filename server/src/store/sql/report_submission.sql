-- How a whole report is stored in one statement (see store/reports.rs): the use case's values
-- arrive as one row inserted into this view (its columns are the values of every new row; the
-- lists are JSON), and the trigger writes every table from it. Made on each connection
-- (temporary objects), so it always matches the code that fills it; it holds no data.
create temp view if not exists report_submission (
    reference, code_hash, source, crime_type, reporting_for, occurred_from, occurred_to,
    occurred_time, location, postcode, description, now, enhanced_rights, enhanced_reasons,
    details, people, has_property, property_description, property_value_pence,
    property_identifiers, suspect_seen, suspect_description, suspect_name,
    suspect_vehicle_registration, evidence_footage, evidence_witnesses, evidence_forensic,
    evidence_device_tracking, evidence_tracking_details, circumstances, support, rights_at, vps,
    needs_at, contact_at, support_at, consents, frequency, safe_times, channels, received_message,
    follow_ups
) as
select null, null, null, null, null, null, null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null, null, null, null, null, null, null
where 0;

create temp trigger if not exists report_submission_insert instead of insert on report_submission
begin
    insert into report (reference, tracking_code_hash, source, crime_type, reporting_for, occurred_from,
        occurred_to, occurred_time, location, location_postcode, description, submitted_at,
        enhanced_rights, enhanced_reasons, details)
    values (new.reference, new.code_hash, new.source, new.crime_type,
        new.reporting_for, new.occurred_from, new.occurred_to,
        new.occurred_time, new.location, new.postcode,
        new.description, new.now, new.enhanced_rights,
        new.enhanced_reasons, new.details);

    insert into report_person (report_id, role, full_name, date_of_birth, email, phone, address_line_1,
        town, postcode, language, interpreter, accessibility_needs, relationship)
    select r.id, p.value ->> 'role', p.value ->> 'full_name', p.value ->> 'date_of_birth', p.value ->> 'email',
        p.value ->> 'phone', p.value ->> 'address_line_1', p.value ->> 'town', p.value ->> 'postcode',
        p.value ->> 'language', p.value ->> 'interpreter', p.value ->> 'accessibility_needs',
        p.value ->> 'relationship'
    from report r, json_each(new.people) p where r.reference = new.reference;

    insert into report_property (report_id, description, value_pence, identifiers)
    select r.id, new.property_description, new.property_value_pence,
        new.property_identifiers
    from report r where r.reference = new.reference and new.has_property;

    insert into report_suspect (report_id, seen, description, name, vehicle_registration)
    select r.id, new.suspect_seen, new.suspect_description, new.suspect_name,
        new.suspect_vehicle_registration
    from report r where r.reference = new.reference;

    insert into report_evidence (report_id, footage, witnesses, forensic, device_tracking, tracking_details)
    select r.id, new.evidence_footage, new.evidence_witnesses,
        new.evidence_forensic, new.evidence_device_tracking,
        new.evidence_tracking_details
    from report r where r.reference = new.reference;

    insert into report_needs (report_id, circumstances, support)
    select r.id, new.circumstances, new.support
    from report r where r.reference = new.reference;

    insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
        needs_assessed_at, contact_plan_agreed_at, declaration_at)
    select r.id, new.rights_at, new.rights_at, new.vps,
        new.needs_at, new.contact_at, new.now
    from report r where r.reference = new.reference;

    insert into referral_consent (report_id, agency, consent, recorded_at)
    select r.id, c.value ->> 0, c.value ->> 1, new.support_at
    from report r, json_each(new.consents) c where r.reference = new.reference;

    insert into contact_plan (report_id, frequency, safe_times)
    select r.id, new.frequency, new.safe_times
    from report r where r.reference = new.reference;

    insert into contact_channel (report_id, channel, safe)
    select r.id, c.value ->> 0, c.value ->> 1
    from report r, json_each(new.channels) c where r.reference = new.reference;

    insert into status_event (report_id, kind, message, visible_to_victim, at)
    select r.id, 'received', new.received_message, 1, new.now
    from report r where r.reference = new.reference;

    insert into outbox (kind, report_id, payload, next_attempt_at, created_at)
    select k.value, r.id, json_object('report_id', r.id), new.now, new.now
    from report r, json_each(new.follow_ups) k where r.reference = new.reference
    order by k.key;

    -- In the staff queue at once, before the allocation rules have run.
    insert into case_state (report_id, reference, state, crime_type, received_at, updated_at)
    select r.id, new.reference, 'to-review', new.crime_type, new.now, new.now
    from report r where r.reference = new.reference;
end;
