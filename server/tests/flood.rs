//! A flood of tracking look-ups, each an argon2id verification of 19 MiB: the work is bounded to
//! one per core, so memory stays bounded, and what cannot be served in time is answered 503 with
//! the site's page, quickly, never a 500.

mod support;

use std::time::{Duration, Instant};

/// The process's peak resident memory so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_look_ups_keeps_memory_bounded_and_overload_gets_a_quick_503() {
    let app = support::spawn_app_with(&[("PORTAL_LOOKUP_RATE_PER_MINUTE", "1000000")], |r| r).await;
    let client = support::journey::client();
    // Warm up: the dummy hash, the pool's connections.
    client
        .post(app.url("/track"))
        .form(&[
            ("reference", rules::codes::Reference::generate(&mut rand::rng()).as_str()),
            ("code", "ABCD-EFGH-JKMN"),
        ])
        .send()
        .await
        .unwrap();
    let send = |flood: usize, code: &'static str| {
        (0..flood)
            .map(|_| {
                let request = client.post(app.url("/track")).form(&[
                    // Each a different unknown reference, so that no soft delay applies.
                    ("reference", rules::codes::Reference::generate(&mut rand::rng()).to_string()),
                    ("code", code.to_string()),
                ]);
                tokio::spawn(async move {
                    let sent = Instant::now();
                    let response = request.send().await.unwrap();
                    let status = response.status().as_u16();
                    let body = response.text().await.unwrap();
                    (status, sent.elapsed(), body)
                })
            })
            .collect::<Vec<_>>()
    };
    // The baseline, in the same run: look-ups at once with a code that is not even of the right
    // shape, so that no argon2id work is done (the same pages, the same connections).
    let start = peak_kib();
    for request in send(600, "not-a-code") {
        assert_eq!(request.await.unwrap().0, 303);
    }
    let baseline_mib = mib(peak_kib() - start);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Then a flood of real look-ups, and one six times larger: if memory followed the flood,
    // the second would need six times as much.
    let mut growth = Vec::new();
    for flood in [100, 600] {
        let before = peak_kib();
        let started = Instant::now();
        let mut answered = std::collections::BTreeMap::<u16, usize>::new();
        let mut slowest_503 = Duration::ZERO;
        for request in send(flood, "ABCD-EFGH-JKMN") {
            let (status, took, body) = request.await.unwrap();
            *answered.entry(status).or_default() += 1;
            if status == 503 {
                slowest_503 = slowest_503.max(took);
                assert!(body.contains("Try again later"), "the site's page");
            }
        }
        let grew = mib(peak_kib() - before);
        println!(
            "{flood} concurrent look-ups in {:.1} s: answers {answered:?}; slowest 503 after {:.2} s; \
             peak memory grew by {grew:.0} MiB ({cores} argon2id slots of 19 MiB; {baseline_mib:.0} MiB for \
             600 look-ups without argon2id)",
            started.elapsed().as_secs_f64(),
            slowest_503.as_secs_f64()
        );
        assert!(answered.keys().all(|s| *s == 303 || *s == 503), "only no-match or busy: {answered:?}");
        assert!(answered.get(&303).copied().unwrap_or(0) > 0, "some were served");
        // The wait for a slot is 2 s; the rest is a machine this busy serving the other requests.
        assert!(slowest_503 < Duration::from_secs(8), "overload is answered quickly: {slowest_503:?}");
        growth.push(grew);
    }
    let total = mib(peak_kib() - start);
    println!("peak memory over the whole run grew by {total:.0} MiB");
    assert!(growth[1] < 64.0, "six times the flood took {:.0} MiB more", growth[1]);
    assert!(total < 512.0, "{total:.0} MiB");
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
