//! What every request handler and server function may need, built once at start-up.

use std::sync::Arc;

use app::SiteConfig;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::{
    clock::{Clock, SystemClock},
    config::Config,
    store::{self, Pool},
    web::Limits,
};

/// What every handler may need, built once at start-up.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub site: Arc<SiteConfig>,
    pub clock: Arc<dyn Clock>,
    /// Cookies get `Secure` and the `__Host-` prefix when the public reaches us over TLS.
    pub secure_cookies: bool,
    /// How long an unfinished report is kept.
    pub draft_lifetime: chrono::Duration,
    /// The tracking page's sessions, links and look-up limits.
    pub tracking: crate::config::Tracking,
    /// The address the public (and staff) reach the service at, for links, e.g. enrolment links.
    #[from_ref(skip)]
    pub public_base: String,
    /// Staff sessions, enrolment links and the wait for a victim's answer.
    pub staff: crate::config::Staff,
    /// The rule set (deadline periods) and the working-day calendar.
    pub allocator: Arc<crate::allocation::Allocator>,
    /// Per-client limits.
    pub limits: Arc<Limits>,
    /// How long the confirmation page shows the tracking code.
    #[from_ref(skip)]
    pub receipt_window: chrono::Duration,
    /// The key of the audit log's client digests, read from the database when first needed.
    audit_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
}

impl AppState {
    pub fn new(config: &Config, pool: Pool, allocator: Arc<crate::allocation::Allocator>) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(config.site_root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .site_addr(config.addr)
            .build();
        Self {
            leptos_options,
            pool,
            site: Arc::new(config.site.clone()),
            clock: Arc::new(SystemClock),
            secure_cookies: config.served_over_tls(),
            draft_lifetime: config.draft_lifetime,
            tracking: config.tracking.clone(),
            staff: config.staff.clone(),
            public_base: config.public_base(),
            allocator,
            limits: Arc::new(Limits::new(config)),
            receipt_window: config.receipt_window,
            audit_key: Arc::default(),
        }
    }

    /// The key of the audit log's client digests (shared by every node through the database).
    pub async fn audit_key(&self) -> store::Result<&[u8]> {
        let key = self.audit_key.get_or_try_init(|| crate::db::server_secret(&self.pool, "audit")).await?;
        Ok(key.as_slice())
    }
}
