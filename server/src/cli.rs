//! The operator commands: `portal partner add <name>`, `portal partner disable <name>` and
//! `portal report show <reference>`, run against the database the server's own configuration names.

use std::process::ExitCode;

use rules::allocation::Team;

use crate::{
    casework::Change,
    clock::{Clock, SystemClock},
    config::Config,
    db,
    partner::keys::{self, Disabled},
    store::{self, Pool},
};

/// How to call the binary.
pub const USAGE: &str = "Usage:
  portal                          serve the portal
  portal partner add <name>       add a partner and show its API key, once
  portal partner disable <name>   stop a partner's API key from working
  portal report show <reference> <reason>
                                  print a report's assessment, allocation and deadlines as JSON
                                  (the reason you need to see it is written to the audit log)
  portal report allocate <reference> iit|fcid|ppu
                                  confirm or change the team that investigates
  portal report no-further-action <reference> interviewed|not-interviewed <reason for the victim>
                                  end the investigation (a review may be asked for when a
                                  suspect was interviewed)
  portal report update <reference> <words for the victim>
                                  post an update the victim sees on the tracking page

Every command is written to the audit log with the operator's name: PORTAL_OPERATOR if set,
otherwise the login name (SUDO_USER, USER or LOGNAME).";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// No arguments: serve the portal.
    Serve,
    /// `--help`, `-h` or `help`.
    Help,
    Partner(PartnerCommand),
    /// `report show <reference> <reason>`.
    ReportShow {
        reference: String,
        reason: String,
    },
    /// `report allocate|no-further-action|update <reference> ...`.
    ReportChange(String, crate::casework::Change),
}

/// A partner administration command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartnerCommand {
    Add(String),
    Disable(String),
}

/// Reads the arguments after the program name; an error is the message to show.
pub fn parse(args: &[String]) -> Result<Invocation, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Ok(Invocation::Serve),
        ["--help" | "-h" | "help"] => Ok(Invocation::Help),
        ["partner", "add", name] => Ok(Invocation::Partner(PartnerCommand::Add(name.to_string()))),
        ["partner", "disable", name] => Ok(Invocation::Partner(PartnerCommand::Disable(name.to_string()))),
        ["report", "show", reference, reason @ ..] if !reason.join(" ").trim().is_empty() => {
            Ok(Invocation::ReportShow { reference: reference.to_string(), reason: reason.join(" ") })
        }
        ["report", "show", _] => Err(format!(
            "Say why you need to see the report, after its reference: it goes in the audit log.\n{USAGE}"
        )),
        ["report", "allocate", reference, team] => {
            let Some(team) = Team::from_slug(team) else {
                let known = Team::ALL.map(Team::slug).join(", ");
                return Err(format!("{team:?} is not a team: use one of {known}.\n{USAGE}"));
            };
            Ok(Invocation::ReportChange(reference.to_string(), Change::Allocate(team)))
        }
        ["report", "no-further-action", reference, interviewed, reason @ ..] if !reason.is_empty() => {
            let suspect_interviewed = match *interviewed {
                "interviewed" => true,
                "not-interviewed" => false,
                other => {
                    return Err(format!("{other:?}: say interviewed or not-interviewed.\n{USAGE}"));
                }
            };
            let reason = reason.join(" ");
            Ok(Invocation::ReportChange(
                reference.to_string(),
                Change::NoFurtherAction { suspect_interviewed, reason },
            ))
        }
        ["report", "update", reference, words @ ..] if !words.is_empty() => {
            Ok(Invocation::ReportChange(reference.to_string(), Change::Update(words.join(" "))))
        }
        _ => Err(format!("The portal did not understand those arguments.\n{USAGE}")),
    }
}

/// Who is running the command, for the audit log: `PORTAL_OPERATOR`, or the login name.
pub fn operator_from(lookup: impl Fn(&str) -> Option<String>) -> String {
    ["PORTAL_OPERATOR", "SUDO_USER", "USER", "LOGNAME"]
        .into_iter()
        .find_map(|name| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()))
        .unwrap_or_else(|| {
            let uid = std::fs::read_to_string("/proc/self/status").ok().and_then(|status| {
                status.lines().find_map(|l| {
                    l.strip_prefix("Uid:").map(|u| u.split_whitespace().next().unwrap_or("").to_string())
                })
            });
            format!("uid {}", uid.unwrap_or_else(|| "unknown".into()))
        })
}

fn operator() -> String {
    operator_from(|name| std::env::var(name).ok())
}

/// Writes an operator command to the audit log.
async fn audit(
    pool: &Pool,
    action: &str,
    report_id: Option<i64>,
    outcome: &str,
    reason: Option<&str>,
) -> store::Result<()> {
    let name = operator();
    let entry = crate::track::audit::Entry {
        actor: crate::track::audit::Actor::Operator(&name),
        action,
        report_id,
        outcome,
        client: None,
        reason,
    };
    crate::track::audit::record(pool, entry, SystemClock.now()).await
}

/// Runs `command`, printing the outcome: 0 when done, 1 when not.
pub async fn run(config: &Config, command: PartnerCommand) -> ExitCode {
    let pool = match open(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("The database could not be opened: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let now = SystemClock.now();
    let (action, code) = match &command {
        PartnerCommand::Add(name) => ("partner-add", add(&pool, name, now).await),
        PartnerCommand::Disable(name) => ("partner-disable", disable(&pool, name, now).await),
    };
    let outcome = if code == ExitCode::SUCCESS { "done" } else { "refused" };
    if let Err(error) = audit(&pool, action, None, outcome, None).await {
        eprintln!("The command could not be written to the audit log: {error}");
        return ExitCode::FAILURE;
    }
    pool.close().await;
    code
}

async fn open(config: &Config) -> anyhow::Result<Pool> {
    std::fs::create_dir_all(&config.data_dir)?;
    Ok(db::connect(&config.database_url).await?)
}

async fn add(pool: &Pool, name: &str, now: chrono::DateTime<chrono::Utc>) -> ExitCode {
    match keys::add(pool, name, now).await {
        Ok(key) => {
            println!("Added the partner {:?}.", name.trim());
            println!("Its API key is below. It is shown only this once and cannot be shown again:");
            println!("give it to the partner by a secure route. Only its digest is stored.");
            println!("{}", key.expose());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("The partner was not added: {error}.");
            ExitCode::FAILURE
        }
    }
}

async fn disable(pool: &Pool, name: &str, now: chrono::DateTime<chrono::Utc>) -> ExitCode {
    match keys::disable(pool, name, now).await {
        Ok(Disabled::Now) => {
            println!("Disabled the partner {:?}: its API key no longer works.", name.trim());
            ExitCode::SUCCESS
        }
        Ok(Disabled::Already) => {
            println!("The partner {:?} was already disabled.", name.trim());
            ExitCode::SUCCESS
        }
        Ok(Disabled::NoSuchPartner) => {
            eprintln!("There is no partner called {:?}.", name.trim());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("The partner was not disabled: database: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `portal report show <reference> <reason>`: 0 and the JSON when found, 1 when not. The view
/// and its reason are audited before anything is shown.
pub async fn show_report(config: &Config, reference: &str, reason: &str) -> ExitCode {
    let pool = match open(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("The database could not be opened: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let reference = match rules::codes::Reference::parse(reference) {
        Ok(reference) => reference,
        Err(error) => {
            eprintln!("That is not a crime reference number: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report_id = match store::reports::id_by_reference(&pool, reference.as_str()).await {
        Ok(id) => id,
        Err(error) => {
            eprintln!("The report could not be read: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = if report_id.is_some() { "shown" } else { "not-found" };
    if let Err(error) = audit(&pool, "show-report", report_id, outcome, Some(reason.trim())).await {
        eprintln!("Not shown: the view could not be written to the audit log: {error}");
        return ExitCode::FAILURE;
    }
    match crate::allocation::show(&pool, reference.as_str()).await {
        Ok(Some(mut json)) => {
            reveal_direction_controls(&mut json);
            println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("No report has the reference {reference}.");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("The report could not be read: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes out the direction controls in every string of `json` (see
/// [`rules::fields::reveal_direction_controls`]), so that what the victim wrote cannot reorder
/// what the operator reads in their terminal.
fn reveal_direction_controls(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::String(text) => {
            if let std::borrow::Cow::Owned(shown) = rules::fields::reveal_direction_controls(text) {
                *text = shown;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(reveal_direction_controls),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(reveal_direction_controls),
        _ => {}
    }
}

/// `portal report allocate|no-further-action|update`: 0 when done, 1 when not.
pub async fn change_report(config: &Config, reference: &str, change: &Change) -> ExitCode {
    let pool = match open(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("The database could not be opened: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let code = match rules::codes::Reference::parse(reference) {
        Err(error) => {
            eprintln!("That is not a crime reference number: {error}");
            ExitCode::FAILURE
        }
        Ok(reference) => {
            let name = operator();
            match crate::casework::apply(&pool, &name, reference.as_str(), change, SystemClock.now()).await {
                Ok(()) => {
                    println!("Done: the victim sees this on the tracking page for {reference}.");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("Nothing was changed: {error}.");
                    ExitCode::FAILURE
                }
            }
        }
    };
    pool.close().await;
    code
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Ok(Invocation::ReportShow {
                reference: "K7Q-M4X-2PC".into(),
                reason: "Victim called 101".into()
            })
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
}
