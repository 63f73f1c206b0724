//! The outbox (`outbox`): side effects written in the same transaction as the change that
//! causes them, claimed with a lease by the dispatcher (`crate::jobs`) of any node, and marked
//! done, refused or due again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{on_db, At, Executor, Pool};
use crate::secrets;

/// What an outbox row asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The written acknowledgement of a report, by email.
    Acknowledgement,
    /// A one-time link to continue a saved report, by email.
    ResumeLink,
    /// A one-time link to the tracking page, by email.
    TrackingLink,
    /// "There is an update on your report", by email.
    UpdateNotice,
    /// An invitation to the satisfaction survey, with its one-time link, by email.
    SurveyInvitation,
    /// The allocation hand-off under the Investigation Model.
    Allocation,
    /// The export for the force's records system. Collected by that system, never by the
    /// dispatcher, and never deleted here (there is no mark yet that it was collected).
    RecordsExport,
}

impl Kind {
    /// Every kind, in the words stored in `outbox.kind`.
    pub const ALL: [Kind; 7] = [
        Kind::Acknowledgement,
        Kind::ResumeLink,
        Kind::TrackingLink,
        Kind::UpdateNotice,
        Kind::SurveyInvitation,
        Kind::Allocation,
        Kind::RecordsExport,
    ];

    /// The word stored in `outbox.kind`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Acknowledgement => "acknowledgement",
            Kind::ResumeLink => "resume_link",
            Kind::TrackingLink => "tracking_link",
            Kind::UpdateNotice => "update_notice",
            Kind::SurveyInvitation => "survey_invitation",
            Kind::Allocation => "allocation",
            Kind::RecordsExport => "records_export",
        }
    }

    /// The kind stored as `word`.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// The lane this dispatcher works the kind in; `None` for rows other systems collect.
    pub const fn lane(self) -> Option<Lane> {
        match self {
            Kind::Allocation => Some(Lane::Allocation),
            Kind::Acknowledgement
            | Kind::ResumeLink
            | Kind::TrackingLink
            | Kind::UpdateNotice
            | Kind::SurveyInvitation => Some(Lane::Mail),
            Kind::RecordsExport => None,
        }
    }
}

impl AsRef<str> for Kind {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A queue of its own within the outbox, worked by its own task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Allocation hand-offs: quick, database only, and never behind mail.
    Allocation,
    /// Every kind of email.
    Mail,
}

impl Lane {
    pub const ALL: [Lane; 2] = [Lane::Allocation, Lane::Mail];

    /// The kinds worked in this lane, as a JSON list (read with `json_each` and
    /// `jsonb_array_elements_text`).
    pub fn kinds_json(self) -> String {
        let kinds: Vec<&str> =
            Kind::ALL.into_iter().filter(|k| k.lane() == Some(self)).map(Kind::as_str).collect();
        serde_json::to_string(&kinds).expect("serialisable")
    }

    pub fn name(self) -> &'static str {
        match self {
            Lane::Allocation => "allocation",
            Lane::Mail => "mail",
        }
    }
}

/// The payload of a resume link's row: the draft, and the address the person typed (dropped
/// once the row is done).
#[derive(Serialize, Deserialize)]
pub struct ResumeLinkPayload {
    pub draft_id: i64,
    pub email: String,
}

/// At most `max` link mails in `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window: chrono::Duration,
}

/// Link mails (resume links and links to the tracking page together) to one address: someone
/// who knows an address cannot flood that inbox, whatever drafts or references they use.
pub const LINKS_PER_ADDRESS: Limit = Limit { max: 3, window: chrono::Duration::hours(1) };
/// Resume links for one saved report.
pub const RESUME_LINKS_PER_DRAFT: Limit = Limit { max: 3, window: chrono::Duration::hours(24) };
/// Links to the tracking page for one report.
pub const TRACKING_LINKS_PER_REPORT: Limit = Limit { max: 3, window: chrono::Duration::hours(1) };

/// A row due for work.
#[derive(sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub report_id: Option<i64>,
    pub payload: String,
    pub attempts: i64,
}

/// Writes an outbox row of `kind` (a [`Kind`]; its word is accepted too), about `report_id` if
/// any, carrying `payload` (JSON), due at `now`. Call it in the transaction of the change that
/// causes the side effect.
pub async fn enqueue<'e, E>(
    executor: E,
    kind: impl AsRef<str>,
    report_id: Option<i64>,
    payload: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()>
where
    E: Executor<'e>,
{
    on_db!(executor, |e| {
        sqlx::query(
        "insert into outbox (kind, report_id, payload, next_attempt_at, created_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(kind.as_ref())
    .bind(report_id)
    .bind(payload)
    .bind(At(now))
    .bind(At(now))
    .execute(e)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A link mail someone asked for: a resume link (about a draft) or a link to the tracking page
/// (about a report), to `address`.
pub struct LinkMail<'a> {
    pub kind: Kind,
    pub report_id: Option<i64>,
    pub draft_id: Option<i64>,
    pub address: &'a str,
    pub payload: &'a str,
}

/// Queues `mail` unless that would pass [`LINKS_PER_ADDRESS`] or the limit for its draft
/// ([`RESUME_LINKS_PER_DRAFT`]) or report ([`TRACKING_LINKS_PER_REPORT`]); returns whether it
/// was queued. The check and the insert are one statement under the write lock, so concurrent
/// requests cannot both slip under a limit. Never tell the person asking.
pub async fn enqueue_link_mail(pool: &Pool, mail: LinkMail<'_>, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let per_subject = match mail.kind {
        Kind::ResumeLink => RESUME_LINKS_PER_DRAFT,
        _ => TRACKING_LINKS_PER_REPORT,
    };
    // Under the write lock: on PostgreSQL two statements at once would each count the rows
    // committed before either, and both slip under the limit.
    let mut conn = pool.acquire().await?;
    let mut tx = super::begin_write(&mut conn).await?;
    let queued = on_db!(&mut tx, |e| {
        sqlx::query(
        "insert into outbox (kind, report_id, draft_id, recipient_digest, payload, next_attempt_at, created_at)
         select $1, $2, $3, $4, $5, $6, $6
         where (select count(*) from outbox where recipient_digest = $4 and created_at > $7) < $8
           and (select count(*) from outbox
                where kind = $1 and (report_id = $2 or draft_id = $3) and created_at > $9) < $10",
    )
    .bind(mail.kind.as_str())
    .bind(mail.report_id)
    .bind(mail.draft_id)
    .bind(address_digest(mail.address))
    .bind(mail.payload)
    .bind(At(now))
    .bind(At(now - LINKS_PER_ADDRESS.window))
    .bind(LINKS_PER_ADDRESS.max)
    .bind(At(now - per_subject.window))
    .bind(per_subject.max)
    .execute(e)
    .await.map(|r| r.rows_affected())
    })? == 1;
    tx.commit().await?;
    if !queued {
        tracing::info!(kind = mail.kind.as_str(), "link mail over its limit: not queued");
    }
    Ok(queued)
}

/// The digest that link mails to one inbox share: SHA-256 of the address trimmed, in lower case,
/// without a `+tag` after the local part (`Sam+1@Example.com` and `sam@example.com` reach the
/// same inbox). Never stored with the address.
pub fn address_digest(address: &str) -> Vec<u8> {
    let address = address.trim().to_lowercase();
    let normal = match address.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{domain}", local.split('+').next().unwrap_or_default()),
        None => address,
    };
    secrets::digest(&format!("portal-mail-address-v1:{normal}"))
}

/// Claims the oldest row of `lane` due at `now` for `lease`, if there is one: its attempts
/// go up by one and it is not due again until the lease ends, so no other node (nor this one)
/// takes it meanwhile; the row as it was before the claim. One statement: on PostgreSQL the
/// row is picked `for update skip locked`, so nodes claiming at once each take a different row
/// rather than waiting for each other; SQLite has one writer at a time.
pub async fn claim_next(
    pool: &Pool,
    lane: Lane,
    now: DateTime<Utc>,
    lease: chrono::Duration,
) -> sqlx::Result<Option<Row>> {
    on_db!(pool, |e, pg| sqlx::query_as(if pg {
        "update outbox set attempts = attempts + 1, next_attempt_at = $1
         where id = (select id from outbox
                     where done_at is null and next_attempt_at <= $2
                       and kind in (select jsonb_array_elements_text($3::jsonb))
                     order by id limit 1 for update skip locked)
         returning id, kind, report_id, payload, attempts - 1 as attempts"
    } else {
        "update outbox set attempts = attempts + 1, next_attempt_at = $1
         where id = (select id from outbox
                     where done_at is null and next_attempt_at <= $2
                       and kind in (select value from json_each($3))
                     order by id limit 1)
         returning id, kind, report_id, payload, attempts - 1 as attempts"
    })
    .bind(At(now + lease))
    .bind(At(now))
    .bind(lane.kinds_json())
    .fetch_optional(e)
    .await)
}

/// Marks row `id` done, `how` it went, keeping `payload`.
pub async fn mark_done(
    pool: &Pool,
    id: i64,
    how: &str,
    payload: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    on_db!(pool, |e| sqlx::query(
        "update outbox set done_at = $1, outcome = $2, last_error = null, payload = $3 where id = $4"
    )
    .bind(At(now))
    .bind(how)
    .bind(payload)
    .bind(id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks `row` done because it was refused for good (`why`: a mail server refused the address,
/// or the report cannot be read), and tells staff on its report (`for_staff`, an event the
/// victim does not see, of kind `mail-refused` or `allocation-refused`), in one transaction.
pub async fn mark_refused(
    pool: &Pool,
    row: &Row,
    why: &str,
    payload: &str,
    for_staff: Option<String>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let mut tx = super::begin(pool).await?;
    on_db!(&mut tx, |e| sqlx::query(
        "update outbox set done_at = $1, outcome = $2, last_error = $3, payload = $4 where id = $5"
    )
    .bind(At(now))
    .bind(format!("refused permanently: {why}"))
    .bind(why)
    .bind(payload)
    .bind(row.id)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    if let (Some(report_id), Some(message)) = (row.report_id, for_staff) {
        let kind = match Kind::parse(&row.kind) {
            Some(Kind::Allocation) => "allocation-refused",
            _ => "mail-refused",
        };
        super::events::staff_event(&mut tx, report_id, kind, &message, now).await?;
    }
    tx.commit().await
}

/// Makes row `id` due again `at`, saying `why`.
pub async fn mark_retry(pool: &Pool, id: i64, at: DateTime<Utc>, why: &str) -> sqlx::Result<()> {
    on_db!(pool, |e| sqlx::query("update outbox set next_attempt_at = $1, last_error = $2 where id = $3")
        .bind(At(at))
        .bind(why)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes rows of the dispatched kinds finished before `before`, and clears the address digests
/// of link mails made before `digests_before`; returns how many rows were deleted. Rows for other
/// systems (the records export) are never deleted here.
pub async fn delete_done(
    pool: &Pool,
    before: DateTime<Utc>,
    digests_before: DateTime<Utc>,
) -> sqlx::Result<u64> {
    let dispatched: Vec<&str> =
        Kind::ALL.into_iter().filter(|k| k.lane().is_some()).map(Kind::as_str).collect();
    let deleted = on_db!(pool, |e, pg| sqlx::query(if pg {
        "delete from outbox where done_at is not null and done_at < $1
         and kind in (select jsonb_array_elements_text($2::jsonb))"
    } else {
        "delete from outbox where done_at is not null and done_at < $1
         and kind in (select value from json_each($2))"
    })
    .bind(At(before))
    .bind(serde_json::to_string(&dispatched).expect("serialisable"))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    on_db!(pool, |e| sqlx::query(
        "update outbox set recipient_digest = null where recipient_digest is not null and created_at < $1",
    )
    .bind(At(digests_before))
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(deleted)
}

/// What the dispatcher did with report `report_id`'s written acknowledgement, if it has run.
pub async fn acknowledgement_outcome(
    db: impl super::Executor<'_>,
    report_id: i64,
) -> super::Result<Option<String>> {
    let found: Option<Option<String>> = on_db!(db, |e| {
        sqlx::query_scalar(
        "select outcome from outbox where report_id = $1 and kind = 'acknowledgement' order by id desc limit 1",
    )
    .bind(report_id)
    .fetch_optional(e)
    .await
    })?;
    Ok(found.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_and_the_records_export_is_in_no_lane() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("something else"), None);
        assert_eq!(Kind::RecordsExport.lane(), None);
        assert_eq!(Lane::Allocation.kinds_json(), r#"["allocation"]"#);
        assert_eq!(
            Lane::Mail.kinds_json(),
            r#"["acknowledgement","resume_link","tracking_link","update_notice","survey_invitation"]"#
        );
    }

    #[test]
    fn one_inbox_has_one_digest_however_its_address_is_written() {
        let digest = address_digest("sam@example.com");
        for same in ["Sam@Example.COM", " sam@example.com ", "sam+portal@example.com", "SAM+x+y@example.com"]
        {
            assert_eq!(address_digest(same), digest, "{same}");
        }
        assert_ne!(address_digest("sam@example.org"), digest);
        assert_ne!(address_digest("samuel@example.com"), digest);
        assert_ne!(digest, secrets::digest("sam@example.com"), "domain-separated from other digests");
    }
}
