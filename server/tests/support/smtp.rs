//! Mail in tests: a real SMTP server on loopback (Debian's python3-aiosmtpd) that keeps every
//! message it takes in a maildir, and the outbox's worker built as the server builds it.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};

use server::{allocation::Allocator, clock::Clock, jobs::Dispatcher, mail::Mailer, store::Pool};

/// An SMTP server that stores every message it accepts in a maildir; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

/// An aiosmtpd handler that stores mail like `Mailbox` but answers RCPT for the addresses in
/// `REFUSE` with 550 (mailbox unavailable, for good) and for those in `TEMPFAIL` with 450.
const REFUSING_HANDLER: &str = r#"
import os
from aiosmtpd.handlers import Mailbox

class Refusing(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in os.environ.get("REFUSE", "").split(","):
            return "550 5.1.1 Requested action not taken: mailbox unavailable"
        if address in os.environ.get("TEMPFAIL", "").split(","):
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
"#;

impl SmtpSink {
    /// Starts a sink on a free port.
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Self {
        Self::start_with(port, &[])
    }

    /// Starts the sink; with `env` (`REFUSE`, `TEMPFAIL`) it refuses those recipients.
    pub fn start_with(port: u16, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        std::fs::write(dir.path().join("refusing.py"), REFUSING_HANDLER).unwrap();
        let handler = if env.is_empty() { "aiosmtpd.handlers.Mailbox" } else { "refusing.Refusing" };
        let mut child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", handler])
            .arg(&maildir)
            .env("PYTHONPATH", dir.path())
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd is installed (scripts/setup --test)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self { child, port, maildir, _dir: dir };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the SMTP sink did not start");
    }

    /// Every message taken so far, as sent.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                out.extend(entries.flatten().map(|e| std::fs::read_to_string(e.path()).unwrap()));
            }
        }
        out
    }

    /// The mailer that sends to this sink.
    pub fn mailer(&self) -> Mailer {
        Mailer::smtp(&format!("smtp://127.0.0.1:{}", self.port)).unwrap()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A message with its quoted-printable soft line breaks and the one escape that matters here
/// (an en dash) undone.
pub fn decoded(message: &str) -> String {
    message.replace("=\r\n", "").replace("=\n", "").replace("=E2=80=93", "\u{2013}")
}

/// The outbox's worker as the server runs it, sending with `mailer` at `clock`'s time.
pub fn dispatcher(pool: &Pool, mailer: Mailer, clock: Arc<dyn Clock>) -> Dispatcher {
    Dispatcher {
        pool: pool.clone(),
        mailer,
        from: "Midshire Police <no-reply@example.police.uk>".parse().unwrap(),
        public_base: "https://report.example.police.uk".into(),
        force_name: "Midshire Police".into(),
        clock,
        allocator: Arc::new(Allocator::load(None).unwrap()),
        tracking_link_lifetime: chrono::Duration::hours(1),
        lease: chrono::Duration::minutes(5),
    }
}
