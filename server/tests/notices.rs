//! The one-time notices of post/redirect/get (`form_flash`): read once, only by the page they
//! were left for, never after they expire, and deleted by the retention job.

mod support;

use chrono::{Duration, Utc};
use server::{secrets, store::flash};
use support::spawn_app;

#[tokio::test]
async fn a_notice_is_read_once_by_its_own_page_and_never_after_it_expires() {
    let app = spawn_app().await;
    let now = Utc::now();
    let later = now + Duration::minutes(10);
    let key = |token: &str| secrets::digest(token);

    flash::put(&app.pool, &key("a"), "/track", b"sealed", later).await.unwrap();
    assert_eq!(
        flash::take(&app.pool, &key("a"), "/track", now).await.unwrap().as_deref(),
        Some(&b"sealed"[..])
    );
    assert_eq!(flash::take(&app.pool, &key("a"), "/track", now).await.unwrap(), None, "read once");

    flash::put(&app.pool, &key("b"), "/track", b"sealed", later).await.unwrap();
    assert_eq!(flash::take(&app.pool, &key("b"), "/report/resume", now).await.unwrap(), None, "another page");
    assert_eq!(flash::take(&app.pool, &key("b"), "/track", now).await.unwrap(), None, "gone once tried");

    flash::put(&app.pool, &key("c"), "/track", b"sealed", later).await.unwrap();
    assert_eq!(flash::take(&app.pool, &key("c"), "/track", later).await.unwrap(), None, "expired");

    flash::put(&app.pool, &key("d"), "/track", b"sealed", later).await.unwrap();
    flash::put(&app.pool, &key("e"), "/track", b"sealed", later + Duration::minutes(5)).await.unwrap();
    assert_eq!(flash::delete_expired(&app.pool, later).await.unwrap(), 1);
    assert!(
        flash::take(&app.pool, &key("e"), "/track", later).await.unwrap().is_some(),
        "the live one stays"
    );
}
