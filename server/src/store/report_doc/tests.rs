use rules::wizard as w;

use super::*;

/// A report as version 1 stores it, kept as text: it is what rows in the database look like,
/// whatever the rules crate's types are called today.
const V1: &str = r#"{
  "version": 1,
  "suitability": { "crime_type": "theft-from-vehicle", "reporting_for": "someone-else" },
  "what_happened": {
    "when": { "Between": { "from": "2026-10-01", "to": "2026-10-03" } },
    "location": "Car park on Mill Lane", "postcode": "AB1 2CD",
    "description": "The window was smashed and a bag taken."
  },
  "property": { "description": "Black rucksack", "value_pence": 12000, "identifiers": "Name tag inside" },
  "suspect": { "seen": "yes", "description": "Tall, grey coat", "name": null, "vehicle_registration": "AB12 CDE" },
  "evidence": { "footage": ["cctv", "dashcam"], "witnesses": "A neighbour", "forensic": "not-sure", "device_tracking": "Last seen near the station" },
  "people": {
    "victim": {
      "full_name": "Alex Smith", "date_of_birth": "1950-05-06", "email": null, "phone": "07700 900123",
      "address_line_1": "1 High Street", "town": "Anytown", "postcode": "AB1 2CD", "language": "Welsh",
      "interpreter": true, "accessibility_needs": "Large print"
    },
    "reporter": { "full_name": "Jo Smith", "relationship": "Daughter", "email": "jo@example.com", "phone": null }
  },
  "needs": { "circumstances": ["intimidated"], "support": ["older-person", "debt"] },
  "consents": [["victim-support", true], ["elderly-care", false]],
  "rights": { "vps": "not-now" },
  "contact": { "channels": [["email", true], ["letter", false]], "frequency": "fortnightly", "safe_times": "Evenings" }
}"#;

/// The same shape as the rules crate wrote it before the version marker (read from a real row).
const BEFORE_VERSIONS: &str = r#"{"suitability":{"crime_type":"bicycle-theft","reporting_for":"myself"},
  "what_happened":{"when":{"On":{"date":"2025-02-03","time":null}},"location":"High Street","postcode":null,
  "description":"My bike was taken from the rack."},"property":{"description":"Red bike","value_pence":45000,
  "identifiers":null},"suspect":{"seen":"no","description":null,"name":null,"vehicle_registration":null},
  "evidence":{"footage":["cctv"],"witnesses":null,"forensic":"not-sure","device_tracking":null},
  "people":{"victim":{"full_name":"Sam Patel","date_of_birth":"1990-04-03","email":"sam@example.com",
  "phone":null,"address_line_1":null,"town":null,"postcode":null,"language":null,"interpreter":false,
  "accessibility_needs":null},"reporter":null},"needs":{"circumstances":[],"support":[]},
  "consents":[["victim-support",true]],"rights":{"vps":"later"},
  "contact":{"channels":[["email",true]],"frequency":"when-news","safe_times":null}}"#;

#[test]
fn a_report_stored_under_version_1_decodes_into_the_rules_report() {
    let report = decode(V1).unwrap();
    assert_eq!(report.suitability.crime_type, w::CrimeType::TheftFromVehicle);
    assert_eq!(report.suitability.reporting_for, w::ReportingFor::SomeoneElse);
    assert!(matches!(report.what_happened.when, w::When::Between { .. }));
    assert_eq!(report.property.as_ref().and_then(|p| p.value_pence), Some(12000));
    assert_eq!(report.evidence.footage, [w::Footage::Cctv, w::Footage::Dashcam]);
    assert_eq!(report.evidence.device_tracking, Some(Some("Last seen near the station".into())));
    assert_eq!(report.people.reporter.as_ref().map(|r| r.relationship.as_str()), Some("Daughter"));
    assert!(report.people.victim.interpreter);
    assert_eq!(report.needs.support, [w::SupportNeed::OlderPerson, w::SupportNeed::Debt]);
    assert_eq!(report.consents, [(w::Agency::VictimSupport, true), (w::Agency::ElderlyCare, false)]);
    assert_eq!(report.rights.vps, w::VpsChoice::NotNow);
    assert_eq!(report.contact.channels, [(w::Channel::Email, true), (w::Channel::Letter, false)]);
    assert_eq!(report.contact.frequency, w::Frequency::Fortnightly);
}

#[test]
fn a_stored_report_encodes_back_to_the_same_version_1_document() {
    let again: serde_json::Value = serde_json::from_str(&encode(&decode(V1).unwrap())).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(V1).unwrap());
}

#[test]
fn a_row_written_before_the_version_marker_decodes_as_version_1() {
    let report = decode(BEFORE_VERSIONS).unwrap();
    assert_eq!(report.people.victim.full_name, "Sam Patel");
    let marked: serde_json::Value = serde_json::from_str(&encode(&report)).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(BEFORE_VERSIONS).unwrap();
    expected["version"] = 1.into();
    assert_eq!(marked, expected, "the migration's json_set gives the document version 1 writes");
}

#[test]
fn a_rename_in_the_rules_types_leaves_stored_rows_readable() {
    // What a rename on the rules side (say `crime_type` to `crime`) does to the rules' own serde
    // form: it no longer reads the stored rows. The stored document still does.
    let renamed = V1.replace("\"crime_type\"", "\"crime\"");
    assert!(serde_json::from_str::<Report>(&renamed).is_err());
    assert!(decode(V1).is_ok());
    assert!(matches!(decode(&renamed), Err(DocError::Malformed(_))));
}

#[test]
fn an_unknown_version_is_refused_without_decoding_it() {
    let v2 = V1.replace("\"version\": 1", "\"version\": 2");
    assert!(matches!(decode(&v2), Err(DocError::UnknownVersion(2))));
    assert!(matches!(decode(r#"{"version": 7, "anything": "else"}"#), Err(DocError::UnknownVersion(7))));
}

#[test]
fn a_failure_to_decode_never_quotes_what_the_person_wrote() {
    let bad =
        V1.replace("\"full_name\": \"Alex Smith\"", "\"full_name\": 5").replace("12000", "\"Alex Smith\"");
    let why = decode(&bad).unwrap_err().to_string();
    assert!(!why.contains("Alex"), "{why}");
    let unknown_choice = V1.replace("\"theft-from-vehicle\"", "\"Alex Smith\"");
    let why = decode(&unknown_choice).unwrap_err().to_string();
    assert!(!why.contains("Alex"), "{why}");
}
