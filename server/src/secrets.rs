//! Tokens, digests and hashes (OWASP ASVS 5.0 11.5.1, 6.5.2): tokens come from the operating
//! system's CSPRNG with 256 bits; only their SHA-256 digests are stored. Codes a person types
//! (tracking codes) are stored as argon2id hashes.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chacha20poly1305::{aead::Aead, KeyInit, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::{
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::sync::Semaphore;

/// A 256-bit random token, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// 256 random bits, for a key.
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The digest stored in place of a token or a high-entropy code.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// An argon2id hash (the crate's defaults: m = 19 MiB, t = 2, p = 1) in PHC string form.
pub fn hash_code(code: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(code.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

/// Whether `code` matches the argon2id `hash`.
pub fn verify_code(code: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| Argon2::default().verify_password(code.as_bytes(), &parsed).is_ok())
}

/// An argon2id hash (the same parameters as every stored one) of a random code no one holds,
/// made once: verified when a tracking reference or a staff address is unknown, so that the
/// answer takes as long as for a known one.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_code(&new_token()))
}

/// More argon2id work was asked for than the machine can do in time: the caller answers 503.
#[derive(Debug, thiserror::Error)]
#[error("argon2id work at capacity: no slot within {0:?}")]
pub struct Busy(pub Duration);

/// Bounds argon2id work (hashing and verifying tracking codes): each costs a core and 19 MiB for
/// tens of milliseconds, so it runs on a fixed set of worker threads, one per slot (a thread
/// keeps the memory it used, so a growing pool would keep growing memory), and a request that
/// cannot get a slot within `queue_wait` gets [`Busy`] (a quick 503) instead of queueing
/// without end. The work is a property of the machine, so one limiter serves the whole process.
pub struct Argon2Work {
    slots: Arc<Semaphore>,
    jobs: std::sync::mpsc::SyncSender<Job>,
    queue_wait: Duration,
}

type Job = Box<dyn FnOnce() + Send>;

/// How long a request waits for an argon2id slot before it is answered 503.
pub const ARGON2_QUEUE_WAIT: Duration = Duration::from_secs(2);

impl Argon2Work {
    pub fn new(slots: usize, queue_wait: Duration) -> Self {
        let slots = slots.max(1);
        // A job is sent only by the holder of a slot, so the queue never holds more than that.
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(slots);
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..slots {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2id-{n}"))
                .spawn(move || loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("an argon2id worker thread starts");
        }
        Self { slots: Arc::new(Semaphore::new(slots)), jobs, queue_wait }
    }

    /// The process's limiter: one slot per core.
    pub fn shared() -> &'static Argon2Work {
        static SHARED: OnceLock<Argon2Work> = OnceLock::new();
        SHARED.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            Argon2Work::new(cores, ARGON2_QUEUE_WAIT)
        })
    }

    /// How many slots are free now.
    pub fn free_slots(&self) -> usize {
        self.slots.available_permits()
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
        let slot = tokio::time::timeout(self.queue_wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| Busy(self.queue_wait))?
            .expect("the semaphore is never closed");
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs.send(job).map_err(|_| Busy(self.queue_wait))?;
        let result = result.await.map_err(|_| Busy(self.queue_wait));
        drop(slot);
        result
    }

    /// [`hash_code`] within the bound.
    pub async fn hash(&self, code: String) -> Result<String, Busy> {
        self.run(move || hash_code(&code)).await
    }

    /// [`verify_code`] within the bound.
    pub async fn verify(&self, code: String, hash: String) -> Result<bool, Busy> {
        self.run(move || verify_code(&code, &hash)).await
    }
}

fn cipher(token: &str) -> XChaCha20Poly1305 {
    let key = Sha256::new().chain_update(b"portal-receipt-v1").chain_update(token.as_bytes()).finalize();
    XChaCha20Poly1305::new(&key)
}

/// Seals `plain` with a key derived from `token`, so that only whoever holds the token (the
/// browser's cookie) can open it; the database alone cannot.
pub fn seal(token: &str, plain: &str) -> Vec<u8> {
    let mut nonce = [0u8; 24];
    rand::rng().fill_bytes(&mut nonce);
    let mut out = nonce.to_vec();
    out.extend(cipher(token).encrypt(XNonce::from_slice(&nonce), plain.as_bytes()).expect("encryption"));
    out
}

/// Opens what [`seal`] sealed with the same token.
pub fn open(token: &str, sealed: &[u8]) -> Option<String> {
    if sealed.len() < 24 {
        return None;
    }
    let (nonce, body) = sealed.split_at(24);
    let plain = cipher(token).decrypt(XNonce::from_slice(nonce), body).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_unique() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, b);
        assert_eq!(digest(&a).len(), 32);
    }

    #[test]
    fn codes_verify_only_against_their_own_hash() {
        let hash = hash_code("ABCD-EFGH-JKMN");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_code("ABCD-EFGH-JKMN", &hash));
        assert!(!verify_code("ABCD-EFGH-JKMP", &hash));
        assert!(!verify_code("ABCD-EFGH-JKMN", "not a hash"));
    }

    #[tokio::test]
    async fn argon2_work_beyond_its_slots_is_refused_after_the_queue_wait() {
        let work = Argon2Work::new(1, Duration::from_millis(50));
        let hash = hash_code("ABCD-EFGH-JKMN");
        let slow = {
            let slots = work.slots.clone();
            tokio::spawn(async move {
                let _held = slots.acquire_owned().await.unwrap();
                tokio::time::sleep(Duration::from_millis(500)).await;
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let started = std::time::Instant::now();
        assert!(work.verify("ABCD-EFGH-JKMN".into(), hash.clone()).await.is_err());
        assert!(started.elapsed() < Duration::from_millis(400));
        slow.await.unwrap();
        assert!(work.verify("ABCD-EFGH-JKMN".into(), hash).await.unwrap());
        assert_eq!(work.free_slots(), 1);
    }

    #[test]
    fn a_sealed_receipt_opens_only_with_its_token() {
        let sealed = seal("token-one", "ABCD-EFGH-JKMN");
        assert_eq!(open("token-one", &sealed).as_deref(), Some("ABCD-EFGH-JKMN"));
        assert_eq!(open("token-two", &sealed), None);
        assert!(!sealed.windows(4).any(|w| w == b"ABCD"));
    }
}
