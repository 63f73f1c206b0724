//! `portal staff add|reset|disable|enable|list`: staff accounts from the server's command line
//! (the first administrator is added this way; after that also from the accounts page).

use std::process::ExitCode;

use super::{open, operator, StaffCommand};
use crate::{
    clock::{Clock, SystemClock},
    config::Config,
    staff::accounts::{self, EnrolmentToken},
    store,
    track::audit::Actor,
};

/// Runs `command`, printing the outcome: 0 when done, 1 when not. An enrolment link is the last
/// line printed.
pub async fn run_staff(config: &Config, command: StaffCommand) -> ExitCode {
    let pool = match open(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("The database could not be opened: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let (now, name, lifetime) = (SystemClock.now(), operator(), config.staff.enrolment_lifetime);
    let by = Actor::Operator(&name);
    let link = |token: EnrolmentToken| {
        println!(
            "Give this one-time enrolment link to the person, in person or to their work email. It works for {} hours:",
            lifetime.num_hours()
        );
        println!("{}", token.link(&config.public_base()));
        ExitCode::SUCCESS
    };
    let code = match command {
        StaffCommand::Add(email, role) => match accounts::add(&pool, by, &email, role, lifetime, now).await {
            Ok(token) => {
                println!("Added {} as {}.", crate::staff::normalise_email(&email), role.name());
                link(token)
            }
            Err(error) => refused(&error.to_string()),
        },
        StaffCommand::Reset(email) => {
            match accounts::reset(&pool, by, &email, lifetime, now).await {
                Ok(token) => {
                    println!("Reset: the old password and second factor no longer work, and every session has ended.");
                    link(token)
                }
                Err(error) => refused(&error.to_string()),
            }
        }
        StaffCommand::Disable(email) => match accounts::set_disabled(&pool, by, &email, true, now).await {
            Ok(()) => {
                println!("Disabled: the account cannot sign in, and its sessions have ended.");
                ExitCode::SUCCESS
            }
            Err(error) => refused(&error.to_string()),
        },
        StaffCommand::Enable(email) => match accounts::set_disabled(&pool, by, &email, false, now).await {
            Ok(()) => {
                println!("Enabled: the account can sign in again.");
                ExitCode::SUCCESS
            }
            Err(error) => refused(&error.to_string()),
        },
        StaffCommand::List => match store::staff::accounts(&pool).await {
            Ok(accounts) => {
                for a in accounts {
                    let status = match (&a.disabled_at, &a.enrolled_at) {
                        (Some(_), _) => "disabled",
                        (None, Some(_)) => "active",
                        (None, None) => "waiting to enrol",
                    };
                    println!("{}\t{}\t{}", a.email, a.role, status);
                }
                ExitCode::SUCCESS
            }
            Err(error) => refused(&error.to_string()),
        },
    };
    pool.close().await;
    code
}

fn refused(why: &str) -> ExitCode {
    eprintln!("Nothing was changed: {why}.");
    ExitCode::FAILURE
}
