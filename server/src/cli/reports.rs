//! `portal report show|allocate|no-further-action|update <reference> …`.

use std::process::ExitCode;

use super::{audit, open, operator};
use crate::{
    casework::Change,
    clock::{Clock, SystemClock},
    config::Config,
    store,
};

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
pub(super) fn reveal_direction_controls(json: &mut serde_json::Value) {
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
