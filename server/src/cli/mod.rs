//! The operator commands: `portal partner add <name>`, `portal partner disable <name>` and
//! `portal report show <reference>`, run against the database the server's own configuration names.

use std::process::ExitCode;

use rules::allocation::Team;

mod partners;
mod reports;
mod staff;

pub use partners::run;
pub use reports::{change_report, show_report};
pub use staff::run_staff;

use crate::{
    casework::Change,
    clock::{Clock, SystemClock},
    config::Config,
    db,
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
  portal staff add <email> --role reviewer|supervisor|admin
                                  add a staff account; its one-time enrolment link is the
                                  last line printed
  portal staff reset <email>      a new enrolment link: the old password and second factor
                                  stop working and every session of the account ends
  portal staff disable <email>    stop an account signing in; its sessions end at once
  portal staff enable <email>     let a disabled account sign in again
  portal staff list               every account, its role and whether it is active
  portal survey invite <reference>
                                  invite the report's victim to the satisfaction survey now,
                                  not after the wait (the crime recorded, an email marked safe,
                                  never twice): to check the survey's mail with a real report

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
    Staff(StaffCommand),
    /// `survey invite <reference>`.
    SurveyInvite(String),
}

/// A staff account command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffCommand {
    Add(String, rules::staff::Role),
    Reset(String),
    Disable(String),
    Enable(String),
    List,
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
        ["staff", "add", email, "--role", role] | ["staff", "add", "--role", role, email] => {
            match rules::staff::Role::from_slug(role) {
                Some(role) => Ok(Invocation::Staff(StaffCommand::Add(email.to_string(), role))),
                None => Err(format!("{role:?} is not a role: use reviewer, supervisor or admin.\n{USAGE}")),
            }
        }
        ["staff", "add", _] => {
            Err(format!("Give the account a role: --role reviewer|supervisor|admin.\n{USAGE}"))
        }
        ["staff", "reset", email] => Ok(Invocation::Staff(StaffCommand::Reset(email.to_string()))),
        ["staff", "disable", email] => Ok(Invocation::Staff(StaffCommand::Disable(email.to_string()))),
        ["staff", "enable", email] => Ok(Invocation::Staff(StaffCommand::Enable(email.to_string()))),
        ["staff", "list"] => Ok(Invocation::Staff(StaffCommand::List)),
        ["survey", "invite", reference] => Ok(Invocation::SurveyInvite(reference.to_string())),
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

/// `portal survey invite <reference>`: 0 when invited, 1 when not.
pub async fn invite_to_survey(config: &Config, reference: &str) -> ExitCode {
    use crate::survey::invite::{invite_now, InviteNow};
    let pool = match open(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("The database could not be opened: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(reference) = rules::codes::Reference::parse(reference) else {
        eprintln!("That is not a crime reference number.");
        return ExitCode::FAILURE;
    };
    let outcome = invite_now(&pool, reference.as_str(), SystemClock.now(), &config.survey).await;
    let (code, words, audited) = match outcome {
        Ok(InviteNow::Invited) => (ExitCode::SUCCESS, "Invited: the email goes with the portal's next pass of the outbox.", "done"),
        Ok(InviteNow::TurnedOff) => (ExitCode::FAILURE, "The survey is turned off (PORTAL_SURVEY_AFTER_DAYS=0).", "refused"),
        Ok(InviteNow::NoSuchReport) => (ExitCode::FAILURE, "There is no report with that reference.", "refused"),
        Ok(InviteNow::NotInvited) => (
            ExitCode::FAILURE,
            "Not invited: the crime is not recorded yet, the victim gave no email marked safe, or they were invited before.",
            "refused",
        ),
        Err(error) => {
            eprintln!("Nothing was changed: {error}.");
            pool.close().await;
            return ExitCode::FAILURE;
        }
    };
    let report_id = store::reports::id_by_reference(&pool, reference.as_str()).await.ok().flatten();
    if let Err(error) = audit(&pool, "survey-invite", report_id, audited, None).await {
        eprintln!("The audit log could not be written: {error}.");
    }
    if code == ExitCode::SUCCESS {
        println!("{words}");
    } else {
        eprintln!("{words}");
    }
    pool.close().await;
    code
}

/// Opens the database the configuration names.
async fn open(config: &Config) -> anyhow::Result<Pool> {
    std::fs::create_dir_all(&config.data_dir)?;
    Ok(db::connect(&config.database_url).await?)
}

#[cfg(test)]
mod tests;
