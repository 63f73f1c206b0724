//! Reading the command line.

use super::{reports::reveal_direction_controls, *};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

#[test]
fn no_arguments_serve_and_partner_commands_take_one_name() {
    assert_eq!(parse(&args(&[])), Ok(Invocation::Serve));
    assert_eq!(parse(&args(&["--help"])), Ok(Invocation::Help));
    assert_eq!(
        parse(&args(&["partner", "add", "Midshire Hub"])),
        Ok(Invocation::Partner(PartnerCommand::Add("Midshire Hub".into())))
    );
    assert_eq!(
        parse(&args(&["partner", "disable", "x"])),
        Ok(Invocation::Partner(PartnerCommand::Disable("x".into())))
    );
    assert!(parse(&args(&["partner", "add"])).unwrap_err().contains("Usage"));
    assert!(parse(&args(&["partner", "add", "a", "b"])).is_err());
    assert!(parse(&args(&["serve"])).is_err());
}

#[test]
fn the_operator_sees_direction_controls_written_out() {
    let mut json = serde_json::json!({ "evidence": ["he said \u{202E}won ti llik\u{202C}"], "n": 1 });
    reveal_direction_controls(&mut json);
    assert_eq!(json["evidence"][0], "he said [U+202E]won ti llik[U+202C]");
}

#[test]
fn showing_a_report_needs_a_reason_and_the_operator_is_named() {
    assert_eq!(
        parse(&args(&["report", "show", "K7Q-M4X-2PC", "Victim", "called", "101"])),
        Ok(Invocation::ReportShow { reference: "K7Q-M4X-2PC".into(), reason: "Victim called 101".into() })
    );
    assert!(parse(&args(&["report", "show", "K7Q-M4X-2PC"])).unwrap_err().contains("audit log"));
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    };
    assert_eq!(operator_from(env(&[("USER", "root"), ("SUDO_USER", "jsmith")])), "jsmith");
    assert_eq!(
        operator_from(env(&[("USER", "root"), ("PORTAL_OPERATOR", "PC 1234 Smith")])),
        "PC 1234 Smith"
    );
    assert!(operator_from(env(&[])).starts_with("uid "));
}

#[test]
fn report_changes_name_the_team_or_the_interview_and_take_the_rest_as_words() {
    assert_eq!(
        parse(&args(&["report", "allocate", "K7Q-M4X-2PC", "ppu"])),
        Ok(Invocation::ReportChange("K7Q-M4X-2PC".into(), Change::Allocate(Team::Ppu)))
    );
    assert!(parse(&args(&["report", "allocate", "K7Q-M4X-2PC", "traffic"]))
        .unwrap_err()
        .contains("not a team"));
    assert_eq!(
        parse(&args(&["report", "no-further-action", "R", "interviewed", "No", "evidence."])),
        Ok(Invocation::ReportChange(
            "R".into(),
            Change::NoFurtherAction { suspect_interviewed: true, reason: "No evidence.".into() }
        ))
    );
    assert!(parse(&args(&["report", "no-further-action", "R", "interviewed"])).is_err());
    assert!(parse(&args(&["report", "no-further-action", "R", "maybe", "x"])).is_err());
    assert_eq!(
        parse(&args(&["report", "update", "R", "We have the footage."])),
        Ok(Invocation::ReportChange("R".into(), Change::Update("We have the footage.".into())))
    );
}

#[test]
fn staff_commands_name_an_account_and_a_role() {
    use rules::staff::Role;
    assert_eq!(
        parse(&args(&["staff", "add", "sam@midshire.police.uk", "--role", "supervisor"])),
        Ok(Invocation::Staff(StaffCommand::Add("sam@midshire.police.uk".into(), Role::Supervisor)))
    );
    assert_eq!(
        parse(&args(&["staff", "add", "--role", "admin", "a@b.uk"])),
        Ok(Invocation::Staff(StaffCommand::Add("a@b.uk".into(), Role::Admin)))
    );
    assert!(parse(&args(&["staff", "add", "a@b.uk"])).unwrap_err().contains("--role"));
    assert!(parse(&args(&["staff", "add", "a@b.uk", "--role", "root"])).unwrap_err().contains("not a role"));
    assert_eq!(
        parse(&args(&["staff", "reset", "a@b.uk"])),
        Ok(Invocation::Staff(StaffCommand::Reset("a@b.uk".into())))
    );
    assert_eq!(
        parse(&args(&["staff", "disable", "a@b.uk"])),
        Ok(Invocation::Staff(StaffCommand::Disable("a@b.uk".into())))
    );
    assert_eq!(
        parse(&args(&["staff", "enable", "a@b.uk"])),
        Ok(Invocation::Staff(StaffCommand::Enable("a@b.uk".into())))
    );
    assert_eq!(parse(&args(&["staff", "list"])), Ok(Invocation::Staff(StaffCommand::List)));
}

#[test]
fn a_survey_invitation_names_one_report() {
    assert_eq!(
        parse(&args(&["survey", "invite", "K7Q-M4X-2PC"])),
        Ok(Invocation::SurveyInvite("K7Q-M4X-2PC".into()))
    );
    assert!(parse(&args(&["survey", "invite"])).is_err());
}
