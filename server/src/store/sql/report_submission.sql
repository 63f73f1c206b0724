-- How a whole report is stored in one statement (see store/reports.rs): the use case's values
-- arrive as one JSON document inserted into this view, and the trigger writes every table from
-- it. Made on each connection (temporary objects), so it always matches the code that fills the
-- document; it holds no data.
create temp view if not exists report_submission (doc) as select null where 0;

create temp trigger if not exists report_submission_insert instead of insert on report_submission
begin
    insert into report (reference, tracking_code_hash, source, crime_type, reporting_for, occurred_from,
        occurred_to, occurred_time, location, location_postcode, description, submitted_at,
        enhanced_rights, enhanced_reasons, details)
    values (new.doc ->> 'reference', new.doc ->> 'code_hash', new.doc ->> 'source', new.doc ->> 'crime_type',
        new.doc ->> 'reporting_for', new.doc ->> 'occurred_from', new.doc ->> 'occurred_to',
        new.doc ->> 'occurred_time', new.doc ->> 'location', new.doc ->> 'postcode',
        new.doc ->> 'description', new.doc ->> 'now', new.doc ->> 'enhanced_rights',
        new.doc ->> 'enhanced_reasons', new.doc ->> 'details');

    insert into report_person (report_id, role, full_name, date_of_birth, email, phone, address_line_1,
        town, postcode, language, interpreter, accessibility_needs, relationship)
    select r.id, p.value ->> 'role', p.value ->> 'full_name', p.value ->> 'date_of_birth', p.value ->> 'email',
        p.value ->> 'phone', p.value ->> 'address_line_1', p.value ->> 'town', p.value ->> 'postcode',
        p.value ->> 'language', p.value ->> 'interpreter', p.value ->> 'accessibility_needs',
        p.value ->> 'relationship'
    from report r, json_each(new.doc, '$.people') p where r.reference = new.doc ->> 'reference';

    insert into report_property (report_id, description, value_pence, identifiers)
    select r.id, new.doc ->> 'property_description', new.doc ->> 'property_value_pence',
        new.doc ->> 'property_identifiers'
    from report r where r.reference = new.doc ->> 'reference' and new.doc ->> 'has_property';

    insert into report_suspect (report_id, seen, description, name, vehicle_registration)
    select r.id, new.doc ->> 'suspect_seen', new.doc ->> 'suspect_description', new.doc ->> 'suspect_name',
        new.doc ->> 'suspect_vehicle_registration'
    from report r where r.reference = new.doc ->> 'reference';

    insert into report_evidence (report_id, footage, witnesses, forensic, device_tracking, tracking_details)
    select r.id, new.doc ->> 'evidence_footage', new.doc ->> 'evidence_witnesses',
        new.doc ->> 'evidence_forensic', new.doc ->> 'evidence_device_tracking',
        new.doc ->> 'evidence_tracking_details'
    from report r where r.reference = new.doc ->> 'reference';

    insert into report_needs (report_id, circumstances, support)
    select r.id, new.doc ->> 'circumstances', new.doc ->> 'support'
    from report r where r.reference = new.doc ->> 'reference';

    insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
        needs_assessed_at, contact_plan_agreed_at, declaration_at)
    select r.id, new.doc ->> 'rights_at', new.doc ->> 'rights_at', new.doc ->> 'vps',
        new.doc ->> 'needs_at', new.doc ->> 'contact_at', new.doc ->> 'now'
    from report r where r.reference = new.doc ->> 'reference';

    insert into referral_consent (report_id, agency, consent, recorded_at)
    select r.id, c.value ->> 0, c.value ->> 1, new.doc ->> 'support_at'
    from report r, json_each(new.doc, '$.consents') c where r.reference = new.doc ->> 'reference';

    insert into contact_plan (report_id, frequency, safe_times)
    select r.id, new.doc ->> 'frequency', new.doc ->> 'safe_times'
    from report r where r.reference = new.doc ->> 'reference';

    insert into contact_channel (report_id, channel, safe)
    select r.id, c.value ->> 0, c.value ->> 1
    from report r, json_each(new.doc, '$.channels') c where r.reference = new.doc ->> 'reference';

    insert into status_event (report_id, kind, message, visible_to_victim, at)
    select r.id, 'received', new.doc ->> 'received_message', 1, new.doc ->> 'now'
    from report r where r.reference = new.doc ->> 'reference';

    insert into outbox (kind, report_id, payload, next_attempt_at, created_at)
    select k.value, r.id, json_object('report_id', r.id), new.doc ->> 'now', new.doc ->> 'now'
    from report r, json_each(new.doc, '$.follow_ups') k where r.reference = new.doc ->> 'reference'
    order by k.key;
end;
