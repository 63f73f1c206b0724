//! The audit log of the tracking page: every look-up and every action, with who, what, when and
//! the outcome. Never a code, a token or anything the victim wrote.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::{report::submit::ts, secrets};

/// Who did it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Someone not yet signed in (a look-up, a request for a link).
    Anonymous,
    /// A victim's tracking session, by its id.
    Session(i64),
    /// An operator command on the server.
    Operator,
}

impl Actor {
    fn describe(self) -> String {
        match self {
            Actor::Anonymous => "anonymous".into(),
            Actor::Session(id) => format!("victim-session:{id}"),
            Actor::Operator => "operator".into(),
        }
    }
}

/// One line of the audit log.
pub struct Entry<'a> {
    pub actor: Actor,
    pub action: &'a str,
    pub report_id: Option<i64>,
    pub outcome: &'a str,
    pub client: Option<IpAddr>,
}

/// Writes `entry` at `now`.
pub async fn record<'e, E>(executor: E, entry: Entry<'_>, now: DateTime<Utc>) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    sqlx::query(
        "insert into audit_event (at, actor, action, report_id, outcome, client_digest) values (?, ?, ?, ?, ?, ?)",
    )
    .bind(ts(now))
    .bind(entry.actor.describe())
    .bind(entry.action)
    .bind(entry.report_id)
    .bind(entry.outcome)
    .bind(entry.client.map(|ip| secrets::digest(&ip.to_string())))
    .execute(executor)
    .await?;
    Ok(())
}
