//! The storage layer. **Every SQL statement of the server lives under here**, one module per
//! group of tables (each module's doc names the tables it owns). Use cases (`report`, `track`,
//! `partner`, `allocation`, `casework`, the jobs) call these functions and never write SQL or
//! name a database type: the pool is a [`Pool`], failures are an [`Error`], transactions come
//! from [`begin`] and [`begin_write`].
//!
//! Row types (`…Row`, plain structs of stored values) and stored documents ([`report_doc`]) live
//! here; domain types live in the rules crate and the use cases, which convert at this boundary
//! (values in, rows out), so a change to a domain type never silently changes what is stored.
//!
//! What is particular to SQLite stays here too: text timestamps ([`ts`]), durable commits
//! ([`Durable`]), `begin immediate` for the write lock, the trigger that stores a whole report in
//! one statement ([`reports::insert`]). A PostgreSQL implementation is meant to sit beside this
//! one with the same functions.

pub mod assessment;
pub mod audit;
pub mod casework;
pub mod drafts;
mod durable;
pub mod events;
pub mod flash;
pub mod outbox;
pub mod partners;
pub mod people;
pub mod queue;
pub mod report_doc;
pub mod reports;
pub mod service;
pub mod staff;
pub mod tracking;

use chrono::{DateTime, Utc};

pub use durable::Durable;

/// The pool every request and job shares.
pub type Pool = sqlx::SqlitePool;

/// One connection (from the pool, or a transaction's).
pub type Connection = sqlx::SqliteConnection;

/// A failure to read or write the database.
pub type Error = sqlx::Error;

/// The result of a storage call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something a statement can run on: the pool, a connection or a transaction.
pub trait Executor<'e>: sqlx::Executor<'e, Database = sqlx::Sqlite> {}

impl<'e, T: sqlx::Executor<'e, Database = sqlx::Sqlite>> Executor<'e> for T {}

/// A timestamp as stored: RFC 3339 in UTC with milliseconds, so that text order is time order.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A stored timestamp read back; `None` if it is not one.
pub fn parse_ts(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// Whether `error` is a unique constraint refusing a duplicate.
pub fn is_unique_violation(error: &Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Whether `error` is a foreign key naming a row that is not there (any more).
pub fn is_foreign_key_violation(error: &Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_foreign_key_violation())
}

/// Whether `error` is a query the database refused (rather than the database out of reach).
pub fn is_query_error(error: &Error) -> bool {
    error.as_database_error().is_some()
}

/// A stored value that could not be read back.
pub(crate) fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    sqlx::Error::Decode(Box::new(e))
}

/// A value that could not be written.
pub(crate) fn encode_error(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    sqlx::Error::Encode(Box::new(e))
}

/// A transaction on one connection; it rolls back if dropped without `commit`.
pub type Transaction<'c> = sqlx::Transaction<'c, sqlx::Sqlite>;

/// Begins a transaction that holds the write lock from its first statement (SQLite's `begin
/// immediate`), so that two writers that read before they write queue rather than race.
pub async fn begin_write(conn: &mut Connection) -> Result<Transaction<'_>> {
    use sqlx::Connection as _;
    conn.begin_with("begin immediate").await
}

/// Readies a new connection for these functions (the temporary view and trigger that store a
/// whole report in one statement). Run by the pool on every connection it opens.
pub async fn prepare_connection(conn: &mut Connection) -> Result<()> {
    reports::prepare(conn).await
}

/// Begins a transaction on a connection from `pool`.
pub async fn begin(pool: &Pool) -> Result<Transaction<'static>> {
    pool.begin().await
}
