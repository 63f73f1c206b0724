//! The listener's pure parts: the connection cap against the file limit.

use super::*;

#[test]
fn the_cap_is_lowered_to_what_the_file_limit_can_hold() {
    assert_eq!(connection_cap(1024, None), 1024);
    assert_eq!(connection_cap(1024, Some(1_048_576)), 1024);
    assert_eq!(connection_cap(1024, Some(1024)), (1024 - 128) / 2);
    assert_eq!(connection_cap(1024, Some(10)), 1);
}

#[tokio::test]
async fn running_out_of_files_pauses_accepting_and_a_client_hanging_up_does_not() {
    let mut log = Throttled::new(Duration::from_secs(10));
    let start = Instant::now();
    on_accept_error(io::Error::from_raw_os_error(libc::EMFILE), &mut log).await;
    assert!(start.elapsed() >= Duration::from_millis(90), "no pause: the loop would spin");
    let start = Instant::now();
    on_accept_error(io::ErrorKind::ConnectionAborted.into(), &mut log).await;
    assert!(start.elapsed() < Duration::from_millis(50));
}

#[test]
fn log_lines_are_throttled() {
    let mut log = Throttled::new(Duration::from_secs(60));
    assert!(log.ready());
    assert!(!log.ready());
    assert!(!log.ready());
    assert_eq!(log.take_suppressed(), 2);
}
