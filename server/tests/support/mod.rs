//! Starts the real router on a loopback port with a fresh database for each test: a SQLite file,
//! or, when `PORTAL_TEST_POSTGRES` names a PostgreSQL server (`scripts/test` sets it for the
//! second run of the suites), a new database on that server.

#![allow(dead_code)]

pub mod journey;
pub mod smtp;
pub mod staff;

use std::{collections::HashMap, net::SocketAddr};

use server::store::Pool;
use server::{config::Config, db, router, state};
use tokio::{net::TcpListener, sync::oneshot};

pub struct TestApp {
    pub addr: SocketAddr,
    pub pool: Pool,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    pub server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Whether `text` is anywhere in the database. SQLite: a copy made with `vacuum into` (every
    /// table, index and free page, with the write-ahead log folded in) searched byte by byte.
    /// PostgreSQL: every row of every table, as text.
    pub async fn stored_anywhere(&self, text: &str) -> bool {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let copy = self._dir.path().join(format!("copy-{}.db", rand::random::<u64>()));
                sqlx::query("vacuum into ?").bind(copy.display().to_string()).execute(pool).await.unwrap();
                let bytes = std::fs::read(&copy).unwrap();
                std::fs::remove_file(&copy).unwrap();
                bytes.windows(text.len()).any(|w| w == text.as_bytes())
            }
            Pool::Postgres(pool) => {
                let tables: Vec<String> =
                    sqlx::query_scalar("select tablename::text from pg_tables where schemaname = 'public'")
                        .fetch_all(pool)
                        .await
                        .unwrap();
                for table in tables {
                    let rows: String = sqlx::query_scalar(&format!(
                        "select coalesce(string_agg(t::text, E'\\n'), '') from \"{table}\" t"
                    ))
                    .fetch_one(pool)
                    .await
                    .unwrap();
                    if rows.contains(text) {
                        return true;
                    }
                }
                false
            }
        }
    }

    /// Asks the server to shut down gracefully and waits until it has.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        let _ = self.stop.take().expect("running").send(());
        self.server.take().expect("running").await?
    }
}

/// A configuration for tests: defaults plus `vars`, with the database in `dir`.
pub fn test_config(dir: &std::path::Path, vars: &[(&str, &str)]) -> Config {
    let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    map.entry("PORTAL_ADDR".into()).or_insert_with(|| "127.0.0.1:0".into());
    map.entry("PORTAL_DATA_DIR".into()).or_insert_with(|| dir.display().to_string());
    if !map.contains_key("DATABASE_URL") {
        map.insert("DATABASE_URL".into(), database_url(dir));
    }
    map.entry("PORTAL_SITE_ROOT".into()).or_insert_with(|| dir.join("site").display().to_string());
    Config::from_lookup(|name| map.get(name).cloned()).expect("test configuration is valid")
}

/// The PostgreSQL server the suites run against, if not SQLite (`PORTAL_TEST_POSTGRES`, a URL
/// whose user may create databases).
pub fn postgres_server() -> Option<String> {
    std::env::var("PORTAL_TEST_POSTGRES").ok().filter(|url| !url.is_empty())
}

/// Whether the suites run on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// A fresh, empty database for one test: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server (left behind: the server is a throwaway cluster).
pub fn database_url(dir: &std::path::Path) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}", dir.join("portal.db").display());
    };
    let name = format!("t{}", uuid::Uuid::new_v4().simple());
    // A blocking client of its own, so that this works inside or outside a runtime.
    let admin = server.clone();
    let create = name.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            use sqlx::Connection as _;
            let mut conn =
                sqlx::PgConnection::connect(&admin).await.expect("the test PostgreSQL server answers");
            sqlx::query(&format!("create database {create}")).execute(&mut conn).await.unwrap();
        })
    })
    .join()
    .unwrap();
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// Spawns the full application.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[], |routes| routes).await
}

/// A clock the test moves on by hand.
#[derive(Clone)]
pub struct SettableClock(pub std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>);

impl SettableClock {
    pub fn now() -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(chrono::Utc::now())))
    }

    pub fn advance(&self, by: chrono::Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl server::clock::Clock for SettableClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

/// Spawns the application with configuration `vars`; `extend` may add routes (inside the layers).
pub async fn spawn_app_with(
    vars: &[(&str, &str)],
    extend: impl FnOnce(axum::Router) -> axum::Router,
) -> TestApp {
    spawn(vars, extend, None).await
}

/// Spawns the application with configuration `vars`, telling the time by `clock`.
pub async fn spawn_app_with_clock(vars: &[(&str, &str)], clock: SettableClock) -> TestApp {
    spawn(vars, |routes| routes, Some(std::sync::Arc::new(clock))).await
}

/// The server's logs on stderr when `PORTAL_TEST_LOG` is set (for finding why a test failed).
fn log_if_asked() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("PORTAL_TEST_LOG").is_some() {
        ONCE.call_once(|| server::telemetry::init(false));
    }
}

async fn spawn(
    vars: &[(&str, &str)],
    extend: impl FnOnce(axum::Router) -> axum::Router,
    clock: Option<std::sync::Arc<dyn server::clock::Clock>>,
) -> TestApp {
    log_if_asked();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    std::fs::write(dir.path().join("site/pkg/portal.css"), "body { margin: 0 }\n".repeat(200)).unwrap();
    let config = test_config(dir.path(), vars);
    let pool = db::connect(&config.database_url).await.expect("database opens");
    let allocator =
        server::allocation::Allocator::load(config.allocation_rules.as_deref()).expect("rules load");
    let mut state = state::AppState::new(&config, pool.clone(), std::sync::Arc::new(allocator));
    if let Some(clock) = clock {
        state.clock = clock;
    }
    let router = router::with_layers(extend(router::routes(state.clone())), &config, &state).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(server::serve_router_with(
        config.connections,
        router,
        pool.clone(),
        listener,
        async {
            let _ = stopped.await;
        },
        Vec::new(),
    ));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { addr, pool, client, stop: Some(stop), server: Some(server), _dir: dir }
}
