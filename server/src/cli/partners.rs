//! `portal partner add|disable <name>`.

use std::process::ExitCode;

use super::{audit, open, PartnerCommand};
use crate::{
    clock::{Clock, SystemClock},
    config::Config,
    partner::keys::{self, Disabled},
    store::Pool,
};

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
