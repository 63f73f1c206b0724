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
//! Two databases sit behind these functions: SQLite (one file, the default) and PostgreSQL
//! (several nodes). A [`Pool`] is one or the other; every statement runs through [`on_db!`],
//! which compiles it for both, so a function is written once with SQL both understand (`$1`
//! placeholders, `true`/`false`, `cast(… as bigint)`) and says where the two differ (`pg`).
//! What is particular to each stays here: SQLite keeps timestamps as RFC 3339 text in UTC (so
//! text order is time order) and PostgreSQL as `timestamptz`, both bound as [`At`]; SQLite's
//! durable commits ([`Durable`]) and `begin immediate`, PostgreSQL's advisory lock for the same
//! write order ([`begin_write`]); the statement that stores a whole report ([`reports::insert`]).

pub mod assessment;
pub mod audit;
pub mod casework;
pub mod compliance;
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
pub mod survey;
pub mod tracking;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool};

pub use durable::Durable;

/// The pool every request and job shares: a SQLite file or a PostgreSQL server.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One connection taken from the pool (returned to it when dropped).
pub enum Connection {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    Postgres(sqlx::pool::PoolConnection<Postgres>),
}

/// A transaction on one connection; it rolls back if dropped without `commit`.
pub enum Transaction<'c> {
    Sqlite(sqlx::Transaction<'c, Sqlite>),
    Postgres(sqlx::Transaction<'c, Postgres>),
}

/// Where one statement runs: a pool, or one connection (a transaction's or a taken one).
pub enum Db<'e> {
    SqlitePool(&'e SqlitePool),
    Sqlite(&'e mut SqliteConnection),
    PostgresPool(&'e PgPool),
    Postgres(&'e mut PgConnection),
}

/// A failure to read or write the database.
pub type Error = sqlx::Error;

/// The result of a storage call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something a statement can run on: the pool, a connection or a transaction.
pub trait Executor<'e>: Into<Db<'e>> {}

impl<'e, T: Into<Db<'e>>> Executor<'e> for T {}

impl<'e> From<&'e Pool> for Db<'e> {
    fn from(pool: &'e Pool) -> Self {
        match pool {
            Pool::Sqlite(p) => Db::SqlitePool(p),
            Pool::Postgres(p) => Db::PostgresPool(p),
        }
    }
}

impl<'e> From<&'e mut Connection> for Db<'e> {
    fn from(conn: &'e mut Connection) -> Self {
        match conn {
            Connection::Sqlite(c) => Db::Sqlite(c),
            Connection::Postgres(c) => Db::Postgres(c),
        }
    }
}

impl<'e, 'c> From<&'e mut Transaction<'c>> for Db<'e> {
    fn from(tx: &'e mut Transaction<'c>) -> Self {
        match tx {
            Transaction::Sqlite(t) => Db::Sqlite(t),
            Transaction::Postgres(t) => Db::Postgres(t),
        }
    }
}

impl<'e> From<&'e SqlitePool> for Db<'e> {
    fn from(pool: &'e SqlitePool) -> Self {
        Db::SqlitePool(pool)
    }
}

impl<'e> From<&'e PgPool> for Db<'e> {
    fn from(pool: &'e PgPool) -> Self {
        Db::PostgresPool(pool)
    }
}

impl<'e> From<&'e mut SqliteConnection> for Db<'e> {
    fn from(conn: &'e mut SqliteConnection) -> Self {
        Db::Sqlite(conn)
    }
}

impl<'e> From<&'e mut PgConnection> for Db<'e> {
    fn from(conn: &'e mut PgConnection) -> Self {
        Db::Postgres(conn)
    }
}

impl<'e> From<&'e mut Durable> for Db<'e> {
    fn from(conn: &'e mut Durable) -> Self {
        Db::from(&mut **conn)
    }
}

impl<'a, 'e> From<&'a mut Db<'e>> for Db<'a> {
    fn from(db: &'a mut Db<'e>) -> Self {
        db.again()
    }
}

impl Db<'_> {
    /// The same place again, for the next statement.
    pub fn again(&mut self) -> Db<'_> {
        match self {
            Db::SqlitePool(p) => Db::SqlitePool(p),
            Db::Sqlite(c) => Db::Sqlite(c),
            Db::PostgresPool(p) => Db::PostgresPool(p),
            Db::Postgres(c) => Db::Postgres(c),
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::PostgresPool(_) | Db::Postgres(_))
    }
}

/// Runs `$body` with `$e` bound to the sqlx executor of `$db` (anything [`Executor`]), compiled
/// once for each database; `$pg` (if named) is whether it is PostgreSQL, for the few statements
/// the two spell differently.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$e:ident| $body:expr) => {
        $crate::on_db!($db, |$e, _pg| $body)
    };
    ($db:expr, |$e:ident, $pg:ident| $body:expr) => {{
        let db: $crate::store::Db<'_> = ($db).into();
        match db {
            $crate::store::Db::SqlitePool($e) => {
                #[allow(unused_variables)]
                let $pg = false;
                $body
            }
            $crate::store::Db::Sqlite($e) => {
                #[allow(unused_variables)]
                let $pg = false;
                $body
            }
            $crate::store::Db::PostgresPool($e) => {
                #[allow(unused_variables)]
                let $pg = true;
                $body
            }
            $crate::store::Db::Postgres($e) => {
                #[allow(unused_variables)]
                let $pg = true;
                $body
            }
        }
    }};
}

pub use crate::on_db;

/// Runs `$body` with `$p` bound to the sqlx pool inside `$pool` (a [`Pool`]), compiled once for
/// each database, for work that runs several statements on the pool; `$pg` as in [`on_db!`].
#[macro_export]
macro_rules! on_pool {
    ($pool:expr, |$p:ident, $pg:ident| $body:expr) => {
        match $pool {
            $crate::store::Pool::Sqlite($p) => {
                #[allow(unused_variables)]
                let $pg = false;
                $body
            }
            $crate::store::Pool::Postgres($p) => {
                #[allow(unused_variables)]
                let $pg = true;
                $body
            }
        }
    };
}

pub use crate::on_pool;

impl Pool {
    /// Takes a connection from the pool.
    pub async fn acquire(&self) -> Result<Connection> {
        Ok(match self {
            Pool::Sqlite(p) => Connection::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Connection::Postgres(p.acquire().await?),
        })
    }

    /// Closes every connection (waiting for those in use to come back).
    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Pool::Postgres(_))
    }

    /// Whether [`Pool::close`] has been called.
    pub fn is_closed(&self) -> bool {
        match self {
            Pool::Sqlite(p) => p.is_closed(),
            Pool::Postgres(p) => p.is_closed(),
        }
    }
}

impl Connection {
    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Connection::Postgres(_))
    }

    /// Begins a transaction on this connection.
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        use sqlx::Connection as _;
        Ok(match self {
            Connection::Sqlite(c) => Transaction::Sqlite(c.begin().await?),
            Connection::Postgres(c) => Transaction::Postgres(c.begin().await?),
        })
    }
}

impl Transaction<'_> {
    pub async fn commit(self) -> Result<()> {
        match self {
            Transaction::Sqlite(t) => t.commit().await,
            Transaction::Postgres(t) => t.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<()> {
        match self {
            Transaction::Sqlite(t) => t.rollback().await,
            Transaction::Postgres(t) => t.rollback().await,
        }
    }
}

/// A timestamp as bound and stored: in SQLite RFC 3339 text in UTC with milliseconds (so that
/// text order is time order), in PostgreSQL a `timestamptz`. Read back as `DateTime<Utc>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct At(pub DateTime<Utc>);

impl sqlx::Type<Sqlite> for At {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <String as sqlx::Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, Sqlite> for At {
    fn encode_by_ref(
        &self,
        buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'q>>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, Sqlite>>::encode(ts(self.0), buf)
    }
}

impl<'r> sqlx::Decode<'r, Sqlite> for At {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as sqlx::Decode<'r, Sqlite>>::decode(value)?;
        parse_ts(text).map(At).ok_or_else(|| format!("not a stored timestamp: {text:?}").into())
    }
}

impl sqlx::Type<Postgres> for At {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <DateTime<Utc> as sqlx::Type<Postgres>>::type_info()
    }
}

impl sqlx::Encode<'_, Postgres> for At {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <DateTime<Utc> as sqlx::Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> sqlx::Decode<'r, Postgres> for At {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        <DateTime<Utc> as sqlx::Decode<'r, Postgres>>::decode(value).map(At)
    }
}

impl From<At> for String {
    /// The stored text of SQLite (see [`ts`]), whichever database it was read from.
    fn from(at: At) -> Self {
        ts(at.0)
    }
}

/// A timestamp that may be missing, read as [`ts`] text: for a row type's `Option<String>`
/// field, `#[sqlx(try_from = "super::MaybeAt")]` (a `String` field takes `try_from = "super::At"`).
pub struct MaybeAt(pub Option<At>);

impl From<MaybeAt> for Option<String> {
    fn from(at: MaybeAt) -> Self {
        at.0.map(String::from)
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for MaybeAt
where
    At: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <At as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <At as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for MaybeAt
where
    At: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef as _;
        if value.is_null() {
            return Ok(MaybeAt(None));
        }
        <At as sqlx::Decode<'r, DB>>::decode(value).map(|at| MaybeAt(Some(at)))
    }
}

impl From<At> for DateTime<Utc> {
    fn from(at: At) -> Self {
        at.0
    }
}

/// A timestamp as SQLite stores it: RFC 3339 in UTC with milliseconds, so that text order is
/// time order. (Also the form timestamps take in stored documents and payloads.)
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A timestamp in that form read back; `None` if it is not one.
pub fn parse_ts(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// Whether `error` is a unique constraint refusing a duplicate.
pub fn is_unique_violation(error: &Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Whether `error` is a unique constraint on `table`'s `column` refusing a duplicate (SQLite
/// names the columns, PostgreSQL the constraint, `{table}_{column}_key` by default).
pub fn is_unique_violation_of(error: &Error, table: &str, column: &str) -> bool {
    match error {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            e.constraint() == Some(&format!("{table}_{column}_key"))
                || e.message().contains(&format!("{table}.{column}"))
        }
        _ => false,
    }
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

/// Begins a transaction that holds the write lock from its first statement, so that two
/// writers that read before they write queue rather than race: SQLite's `begin immediate`; on
/// PostgreSQL a transaction-scoped advisory lock that every such writer takes (plain
/// transactions, and the outbox's claims, do not wait for it).
pub async fn begin_write(conn: &mut Connection) -> Result<Transaction<'_>> {
    use sqlx::Connection as _;
    match conn {
        Connection::Sqlite(c) => Ok(Transaction::Sqlite(c.begin_with("begin immediate").await?)),
        Connection::Postgres(c) => {
            let mut tx = c.begin().await?;
            sqlx::query("select pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
            Ok(Transaction::Postgres(tx))
        }
    }
}

/// The advisory lock [`begin_write`] takes on PostgreSQL (any constant no other lock uses).
pub const WRITE_LOCK: i64 = 0x706f_7274_616c; // "portal"

/// Readies a new SQLite connection for these functions (the temporary view and trigger that
/// store a whole report in one statement). Run by the pool on every connection it opens.
pub async fn prepare_connection(conn: &mut SqliteConnection) -> Result<()> {
    reports::prepare(conn).await
}

/// Begins a transaction on a connection from `pool`.
pub async fn begin(pool: &Pool) -> Result<Transaction<'static>> {
    Ok(match pool {
        Pool::Sqlite(p) => Transaction::Sqlite(p.begin().await?),
        Pool::Postgres(p) => Transaction::Postgres(p.begin().await?),
    })
}
