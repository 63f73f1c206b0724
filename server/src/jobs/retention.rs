//! What the outbox leaves behind, and how long it is kept.

use std::path::PathBuf;

use crate::{
    mail::Mailer,
    report::drafts::LINK_LIFETIME,
    store::{
        self,
        outbox::{self, LINKS_PER_ADDRESS},
        Pool,
    },
};
use chrono::{DateTime, Utc};

/// How long the retention job keeps what the outbox leaves behind.
#[derive(Clone, Debug)]
pub struct Retention {
    /// Rows the dispatcher finished are deleted this long after (`PORTAL_OUTBOX_KEEP_DAYS`).
    pub keep_done: chrono::Duration,
    /// When mail is written to files: their folder, and how long a file is kept — the longest
    /// a link in it works, so no file holds a live token beyond its expiry.
    pub mail_files: Option<(PathBuf, chrono::Duration)>,
}

impl Retention {
    /// The periods for `mailer`, keeping finished rows `keep_done` and mail files as long as the
    /// longest link (a resume link, or a link to the tracking page lasting `tracking_link_lifetime`).
    pub fn new(
        keep_done: chrono::Duration,
        mailer: &Mailer,
        tracking_link_lifetime: chrono::Duration,
    ) -> Self {
        let longest_link = LINK_LIFETIME.max(tracking_link_lifetime);
        Self { keep_done, mail_files: mailer.files_dir().map(|dir| (dir.to_path_buf(), longest_link)) }
    }

    /// Deletes rows the dispatcher finished more than `keep_done` before `now`, and clears the
    /// address digests of link mails older than the per-address window; returns how many rows
    /// were deleted. Rows for other systems (the records export) are never deleted here.
    pub async fn delete_done_rows(&self, pool: &Pool, now: DateTime<Utc>) -> store::Result<u64> {
        outbox::delete_done(pool, now - self.keep_done, now - LINKS_PER_ADDRESS.window).await
    }

    /// Deletes mail files written more than their lifetime before `now`; returns how many.
    pub async fn delete_mail_files(&self, now: DateTime<Utc>) -> std::io::Result<u64> {
        let Some((dir, lifetime)) = self.mail_files.clone() else { return Ok(0) };
        let cutoff = std::time::SystemTime::from(now - lifetime);
        tokio::task::spawn_blocking(move || crate::mail::delete_files_older_than(&dir, cutoff))
            .await
            .map_err(std::io::Error::other)?
    }
}
