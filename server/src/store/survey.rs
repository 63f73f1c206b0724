//! The victims' satisfaction survey (`survey`): who was invited, the one-time link's digest, the
//! answers, and the figures counted from them. Tokens arrive here as digests. Nothing here reads
//! the answers of one report: the figures are counts, and comments come without their report.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Pool, Result};

/// The reports to invite at `now`, at most `limit` of them: their `record` deadline (the crime
/// recorded) was met in `(recorded_after, recorded_by]`, they have no survey row yet, and email
/// is a way of contact the victim said is safe, with an address stored. (Domestic abuse reports
/// are among them only so: the survey is never sent by any other way, nor to an email not marked
/// safe.) Each gets a row, until `expires`; returns their ids. Run it in a transaction that holds
/// the write lock: the row is what makes an invitation once only, also with several nodes.
pub async fn invite_due(
    db: impl Executor<'_>,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    recorded_after: DateTime<Utc>,
    recorded_by: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<i64>> {
    on_db!(db, |e| sqlx::query_scalar(
        "insert into survey (report_id, invited_at, expires_at)
         select d.report_id, $1, $2 from deadline d
         where d.kind = 'record' and d.met_at is not null and d.met_at > $3 and d.met_at <= $4
           and not exists (select 1 from survey s where s.report_id = d.report_id)
           and exists (select 1 from contact_channel c join report_person p on p.report_id = c.report_id
                       where c.report_id = d.report_id and c.channel = 'email' and c.safe
                         and p.email is not null)
         order by d.met_at, d.report_id
         limit $5
         on conflict (report_id) do nothing
         returning report_id",
    )
    .bind(At(now))
    .bind(At(expires))
    .bind(At(recorded_after))
    .bind(At(recorded_by))
    .bind(limit)
    .fetch_all(e)
    .await)
}

/// Invites report `report_id` at `now` (its link to work until `expires`), if its crime is
/// recorded, its victim gave an email marked safe and it was not invited before; whether it was.
pub async fn invite_one(
    db: impl Executor<'_>,
    report_id: i64,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<bool> {
    let invited: Option<i64> = on_db!(db, |e| sqlx::query_scalar(
        "insert into survey (report_id, invited_at, expires_at)
         select d.report_id, $1, $2 from deadline d
         where d.kind = 'record' and d.met_at is not null and d.report_id = $3
           and not exists (select 1 from survey s where s.report_id = d.report_id)
           and exists (select 1 from contact_channel c join report_person p on p.report_id = c.report_id
                       where c.report_id = d.report_id and c.channel = 'email' and c.safe
                         and p.email is not null)
         limit 1
         on conflict (report_id) do nothing
         returning report_id",
    )
    .bind(At(now))
    .bind(At(expires))
    .bind(report_id)
    .fetch_optional(e)
    .await)?;
    Ok(invited.is_some())
}

/// Gives report `report_id`'s survey, if still open at `now`, a new link (by `token_digest`),
/// replacing any earlier one; returns when it was invited and when the link expires.
pub async fn renew_link(
    pool: &Pool,
    report_id: i64,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
    let found: Option<(At, At)> = on_db!(pool, |e| sqlx::query_as(
        "update survey set token_hash = $1
         where report_id = $2 and answered_at is null and expires_at > $3
         returning invited_at, expires_at",
    )
    .bind(token_digest)
    .bind(report_id)
    .bind(At(now))
    .fetch_optional(e)
    .await)?;
    Ok(found.map(|(invited, expires)| (invited.0, expires.0)))
}

/// Whether the link with `token_digest` opens a survey at `now`: unanswered and unexpired.
pub async fn is_open(pool: &Pool, token_digest: &[u8], now: DateTime<Utc>) -> Result<bool> {
    let found: Option<i64> = on_db!(pool, |e| sqlx::query_scalar(
        "select report_id from survey where token_hash = $1 and answered_at is null and expires_at > $2",
    )
    .bind(token_digest)
    .bind(At(now))
    .fetch_optional(e)
    .await)?;
    Ok(found.is_some())
}

/// A survey's answers, each 1 to 5.
pub struct NewAnswers<'a> {
    pub kept_informed: i64,
    pub understood_next: i64,
    pub treated_with_respect: i64,
    pub overall: i64,
    pub comment: Option<&'a str>,
}

/// Stores `answers` in the survey the link with `token_digest` opens, if it is still open at
/// `now`, and retires the link, in one statement; returns whether they were stored. A second
/// answer (another tab, the back button, a replayed post) finds `answered_at` set and stores
/// nothing.
pub async fn answer(
    pool: &Pool,
    token_digest: &[u8],
    answers: &NewAnswers<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let stored = on_db!(pool, |e| sqlx::query(
        "update survey set answered_at = $1, token_hash = null, kept_informed = $2, understood_next = $3,
             treated_with_respect = $4, overall = $5, comment = $6
         where token_hash = $7 and answered_at is null and expires_at > $1",
    )
    .bind(At(now))
    .bind(answers.kept_informed)
    .bind(answers.understood_next)
    .bind(answers.treated_with_respect)
    .bind(answers.overall)
    .bind(answers.comment)
    .bind(token_digest)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(stored == 1)
}

/// How many surveys were sent out (invited) in `[start, end)`.
pub async fn invited_count(pool: &Pool, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<i64> {
    on_db!(pool, |e| sqlx::query_scalar(
        "select count(*) from survey where invited_at >= $1 and invited_at < $2"
    )
    .bind(At(start))
    .bind(At(end))
    .fetch_one(e)
    .await)
}

/// Over the surveys answered in `[start, end)`: for each question (by its column's name), how
/// many gave each answer, as (question, answer, count).
pub async fn answer_counts(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<(String, i64, i64)>> {
    on_db!(pool, |e| sqlx::query_as(
        "select 'kept_informed', kept_informed, count(*) from survey
         where answered_at >= $1 and answered_at < $2 group by kept_informed
         union all
         select 'understood_next', understood_next, count(*) from survey
         where answered_at >= $1 and answered_at < $2 group by understood_next
         union all
         select 'treated_with_respect', treated_with_respect, count(*) from survey
         where answered_at >= $1 and answered_at < $2 group by treated_with_respect
         union all
         select 'overall', overall, count(*) from survey
         where answered_at >= $1 and answered_at < $2 group by overall",
    )
    .bind(At(start))
    .bind(At(end))
    .fetch_all(e)
    .await)
}

/// The surveys answered in `[start, end)` counted by the hour they were answered (UTC, whole:
/// UK weeks are made of whole UTC hours), with how many of them were satisfied overall (4 or 5):
/// (hour, answered, satisfied).
pub async fn answered_by_hour(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, i64, i64)>> {
    let rows: Vec<(At, i64, i64)> = on_db!(pool, |e, pg| sqlx::query_as(if pg {
        "select date_trunc('hour', answered_at), count(*), count(*) filter (where overall >= 4) from survey
         where answered_at >= $1 and answered_at < $2 group by 1 order by 1"
    } else {
        "select substr(answered_at, 1, 13) || ':00:00.000Z', count(*), count(*) filter (where overall >= 4)
         from survey where answered_at >= $1 and answered_at < $2 group by 1 order by 1"
    })
    .bind(At(start))
    .bind(At(end))
    .fetch_all(e)
    .await)?;
    Ok(rows.into_iter().map(|(hour, answered, satisfied)| (hour.0, answered, satisfied)).collect())
}

/// The comments of the surveys answered in `[start, end)`, newest first, at most `limit`: when
/// each was answered and its words, never whose they are.
pub async fn comments(
    pool: &Pool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, String)>> {
    let rows: Vec<(At, String)> = on_db!(pool, |e| sqlx::query_as(
        "select answered_at, comment from survey
         where answered_at >= $1 and answered_at < $2 and comment is not null
         order by answered_at desc limit $3",
    )
    .bind(At(start))
    .bind(At(end))
    .bind(limit)
    .fetch_all(e)
    .await)?;
    Ok(rows.into_iter().map(|(at, comment)| (at.0, comment)).collect())
}
