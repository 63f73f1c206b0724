//! Slow and idle clients cannot take the server down: header-read and idle timeouts, the
//! connection cap, graceful shutdown with connections open, and no Nagle delay on kept-alive
//! connections. Raw TCP against the real router and its layers.

mod support;

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use axum::{extract::ConnectInfo, routing::get};
use support::{spawn_app_with, TestApp};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

const HALF_A_REQUEST_LINE: &[u8] = b"GET /healthz HT";

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.addr).await.expect("connects")
}

/// Opens a connection that sends `first` and then nothing more.
async fn stalled(app: &TestApp, first: &[u8]) -> TcpStream {
    let mut stream = connect(app).await;
    stream.write_all(first).await.unwrap();
    stream
}

fn request(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").into_bytes()
}

/// Reads one response with a `content-length` from a kept-alive connection: (status line, body).
async fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await.expect("reads the response");
        assert!(n > 0, "the connection closed before a response: {:?}", String::from_utf8_lossy(&buffer));
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no content-length in {head}"));
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the connection closed inside a body");
        body.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(body.len(), length, "one response at a time");
    (head.lines().next().unwrap().to_string(), body)
}

/// How long until the server closes `stream` (end of file or reset), or `None` if it is still
/// open after `limit`. Whatever the server still sends is read and dropped.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut sink = vec![0u8; 1 << 16];
    let wait = async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return start.elapsed(),
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(limit, wait).await.ok()
}

/// Asserts that `path` answers 200 on a fresh connection within 2 s.
async fn answers_quickly(app: &TestApp, path: &str) {
    let client = reqwest::Client::new();
    let start = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(2), client.get(app.url(path)).send())
        .await
        .unwrap_or_else(|_| panic!("{path} did not answer within 2 s"))
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(2), "{path} took {elapsed:?}");
}

/// Counts, in the background, the connections the server closes.
fn count_closes(streams: Vec<TcpStream>) -> Arc<AtomicUsize> {
    let closed = Arc::new(AtomicUsize::new(0));
    for mut stream in streams {
        let closed = closed.clone();
        tokio::spawn(async move {
            let mut sink = [0u8; 1024];
            loop {
                match stream.read(&mut sink).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            closed.fetch_add(1, Ordering::SeqCst);
        });
    }
    closed
}

#[tokio::test]
async fn healthz_and_a_page_answer_within_2_s_while_hundreds_of_connections_stall() {
    let app = spawn_app_with(&[], |routes| routes).await;
    let mut flood = Vec::new();
    for i in 0..400 {
        // Three in four send half a request line, the rest send nothing.
        let first = if i % 4 == 3 { &b""[..] } else { HALF_A_REQUEST_LINE };
        flood.push(stalled(&app, first).await);
    }
    answers_quickly(&app, "/healthz").await;
    answers_quickly(&app, "/").await;
    // Nothing was closed early: the default header-read timeout is 10 s.
    assert!(closed_within(&mut flood[0], Duration::from_millis(100)).await.is_none());
    drop(flood);
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn beyond_the_cap_the_longest_waiting_connections_make_room_and_healthz_still_answers() {
    let app = spawn_app_with(
        &[("PORTAL_MAX_CONNECTIONS", "50"), ("PORTAL_HEADER_READ_TIMEOUT_SECS", "120")],
        |routes| routes,
    )
    .await;
    let mut flood = Vec::new();
    for _ in 0..300 {
        flood.push(stalled(&app, HALF_A_REQUEST_LINE).await);
    }
    let mut newest = flood.pop().unwrap();
    let closed = count_closes(flood);
    let deadline = Instant::now() + Duration::from_secs(5);
    while closed.load(Ordering::SeqCst) < 250 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Long before the header-read timeout, all but the newest 50 were closed.
    let open = 300 - closed.load(Ordering::SeqCst);
    assert!(open <= 50, "{open} connections still open with a cap of 50");
    assert!(closed_within(&mut newest, Duration::from_millis(100)).await.is_none(), "the newest was closed");
    answers_quickly(&app, "/healthz").await;
    answers_quickly(&app, "/").await;
    drop(newest);
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), app.shut_down())
        .await
        .expect("shutdown does not wait for stalled connections")
        .unwrap();
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn at_the_cap_requests_in_progress_finish_and_a_newcomer_waits_for_a_slot() {
    let app = spawn_app_with(&[("PORTAL_MAX_CONNECTIONS", "2")], |routes| {
        routes.route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(1000)).await;
                "finished"
            }),
        )
    })
    .await;
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut stream = connect(&app).await;
        stream.write_all(&request("/slow")).await.unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    let mut newcomer = connect(&app).await;
    newcomer.write_all(&request("/healthz")).await.unwrap();
    let (status, _) = tokio::time::timeout(Duration::from_secs(5), read_response(&mut newcomer))
        .await
        .expect("the newcomer was served once a slot was free");
    assert!(status.contains(" 200 "), "{status}");
    assert!(start.elapsed() >= Duration::from_millis(500), "served before a slot was free");
    for stream in &mut slow {
        let (status, body) = read_response(stream).await;
        assert!(status.contains(" 200 "), "{status}");
        assert_eq!(body, b"finished");
    }
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn a_connection_that_stalls_in_its_request_line_or_sends_nothing_is_closed_after_the_header_read_timeout(
) {
    let app = spawn_app_with(
        &[("PORTAL_HEADER_READ_TIMEOUT_SECS", "2"), ("PORTAL_IDLE_TIMEOUT_SECS", "60")],
        |routes| routes,
    )
    .await;
    let opened = Instant::now();
    let mut half_line = stalled(&app, HALF_A_REQUEST_LINE).await;
    let mut silent = stalled(&app, b"").await;
    let mut half_headers = stalled(&app, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nAccept: te").await;
    for (what, stream) in [
        ("half a request line", &mut half_line),
        ("nothing", &mut silent),
        ("half the headers", &mut half_headers),
    ] {
        closed_within(stream, Duration::from_secs(6))
            .await
            .unwrap_or_else(|| panic!("a connection that sent {what} was still open after 6 s"));
        let closed = opened.elapsed();
        assert!(closed >= Duration::from_millis(1500), "{what}: closed after {closed:?}, before the timeout");
        assert!(closed <= Duration::from_secs(4), "{what}: closed after {closed:?}, more than 2 s late");
    }
    answers_quickly(&app, "/healthz").await;
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn an_idle_kept_alive_connection_lasts_the_idle_timeout_and_no_longer() {
    let app = spawn_app_with(
        &[("PORTAL_HEADER_READ_TIMEOUT_SECS", "1"), ("PORTAL_IDLE_TIMEOUT_SECS", "3")],
        |routes| routes,
    )
    .await;
    let mut stream = connect(&app).await;
    stream.write_all(&request("/healthz")).await.unwrap();
    assert!(read_response(&mut stream).await.0.contains(" 200 "));
    // Idle for longer than the header-read timeout, shorter than the idle timeout: still usable.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    stream.write_all(&request("/healthz")).await.unwrap();
    assert!(read_response(&mut stream).await.0.contains(" 200 "));
    let closed = closed_within(&mut stream, Duration::from_secs(8))
        .await
        .expect("an idle connection was still open 8 s after its last response");
    assert!(closed >= Duration::from_millis(2500), "closed after {closed:?}, before the idle timeout");
    assert!(closed <= Duration::from_secs(5), "closed after {closed:?}, more than 2 s late");
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn the_next_request_on_a_kept_alive_connection_gets_the_header_read_timeout_from_its_first_byte() {
    let app = spawn_app_with(
        &[("PORTAL_HEADER_READ_TIMEOUT_SECS", "2"), ("PORTAL_IDLE_TIMEOUT_SECS", "60")],
        |routes| routes,
    )
    .await;
    let mut stream = connect(&app).await;
    stream.write_all(&request("/healthz")).await.unwrap();
    read_response(&mut stream).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    stream.write_all(HALF_A_REQUEST_LINE).await.unwrap();
    let closed = closed_within(&mut stream, Duration::from_secs(6))
        .await
        .expect("a kept-alive connection stalled in its next request line was still open after 6 s");
    assert!(closed >= Duration::from_millis(1500), "closed after {closed:?}");
    assert!(closed <= Duration::from_secs(4), "closed after {closed:?}, more than 2 s late");
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn a_client_that_stops_taking_its_response_is_closed_after_the_idle_timeout() {
    const SIZE: usize = 64 << 20;
    let app = spawn_app_with(
        &[("PORTAL_HEADER_READ_TIMEOUT_SECS", "1"), ("PORTAL_IDLE_TIMEOUT_SECS", "2")],
        |routes| routes.route("/large", get(|| async { vec![b'x'; SIZE] })),
    )
    .await;
    let mut stream = connect(&app).await;
    stream.write_all(&request("/large")).await.unwrap();
    // The socket buffers fill up and the server's writes block.
    tokio::time::sleep(Duration::from_millis(4500)).await;
    let mut received = 0usize;
    let mut chunk = vec![0u8; 1 << 16];
    let finished = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received += n,
            }
        }
    })
    .await;
    assert!(finished.is_ok(), "the connection stayed open after {received} bytes");
    assert!(received < SIZE, "the whole response was sent to a client that did not read it");
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn shutting_down_closes_idle_and_stalled_connections_at_once() {
    let app = spawn_app_with(&[], |routes| routes).await;
    let mut idle = connect(&app).await;
    idle.write_all(&request("/healthz")).await.unwrap();
    read_response(&mut idle).await;
    let mut half_line = stalled(&app, HALF_A_REQUEST_LINE).await;
    let mut silent = stalled(&app, b"").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    tokio::time::timeout(Duration::from_secs(3), app.shut_down())
        .await
        .expect("shutdown waited for connections without a request in progress")
        .unwrap();
    for stream in [&mut idle, &mut half_line, &mut silent] {
        assert!(closed_within(stream, Duration::from_secs(1)).await.is_some());
    }
}

#[tokio::test]
async fn handlers_still_see_the_peer_address() {
    let app = spawn_app_with(&[], |routes| {
        routes.route(
            "/peer",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.ip().to_string() }),
        )
    })
    .await;
    let mut stream = connect(&app).await;
    stream.write_all(&request("/peer")).await.unwrap();
    let (status, body) = read_response(&mut stream).await;
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, b"127.0.0.1");
    app.shut_down().await.unwrap();
}

/// Sends `count` requests for `path` one after another on one kept-alive connection from a
/// blocking client (as wrk or a browser does) and returns the time each took on average.
async fn kept_alive_requests(
    app: &TestApp,
    path: &'static str,
    expected_end: Vec<u8>,
    count: u32,
) -> Duration {
    let addr = app.addr;
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let request = request(path);
        let start = Instant::now();
        for _ in 0..count {
            stream.write_all(&request).unwrap();
            let mut response = Vec::new();
            let mut chunk = [0u8; 8192];
            while !response.ends_with(&expected_end) {
                let n = stream.read(&mut chunk).unwrap();
                assert!(n > 0, "the connection closed");
                response.extend_from_slice(&chunk[..n]);
            }
            assert!(response.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&response));
        }
        start.elapsed() / count
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_written_in_parts_is_not_held_back_by_nagle_on_a_kept_alive_connection() {
    // Head and first part at once, the rest a moment later, as a static file is sent when its
    // next read from disk completes after the head has gone out.
    let app = spawn_app_with(&[], |routes| {
        routes.route(
            "/in-parts",
            get(|| async {
                let parts = futures::stream::unfold(0, |part| async move {
                    match part {
                        0 => Some((Ok::<_, std::io::Error>(vec![b'a'; 1000]), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(2)).await;
                            Some((Ok(b"end".to_vec()), 2))
                        }
                        _ => None,
                    }
                });
                axum::body::Body::from_stream(parts)
            }),
        )
    })
    .await;
    let each = kept_alive_requests(&app, "/in-parts", b"end\r\n0\r\n\r\n".to_vec(), 30).await;
    // With Nagle's algorithm on, the second part waits for the client's delayed ACK (40 ms).
    assert!(each < Duration::from_millis(20), "{each:?} per response on a kept-alive connection");
    app.shut_down().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_on_a_kept_alive_connection_are_served_without_delay() {
    // A site root with a style sheet the size of the real one (22 kB) and a small icon.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    let css = "body { margin: 0 }\n".repeat(1200);
    std::fs::write(site.path().join("pkg/portal.css"), &css).unwrap();
    let icon =
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 1 3 6v9z"/></svg>"#;
    std::fs::write(site.path().join("favicon.svg"), icon).unwrap();
    let root = site.path().display().to_string();
    let app = spawn_app_with(&[("PORTAL_SITE_ROOT", &root)], |routes| routes).await;
    for (path, body) in [("/pkg/portal.css", css.into_bytes()), ("/favicon.svg", icon.as_bytes().to_vec())] {
        let each = kept_alive_requests(&app, path, body, 50).await;
        assert!(each < Duration::from_millis(20), "{each:?} per {path} on a kept-alive connection");
    }
    app.shut_down().await.unwrap();
}
