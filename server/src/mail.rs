//! Sending mail: through an SMTP relay when `PORTAL_SMTP_URL` is set, otherwise into `.eml` files
//! under the data folder, so the default run needs no mail server. Files older than the longest
//! a link in them works are deleted by the retention job ([`delete_files_older_than`]).

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use lettre::{
    message::Mailbox, transport::smtp::response::Severity, AsyncFileTransport, AsyncSmtpTransport,
    AsyncTransport, Message, Tokio1Executor,
};

/// How long one message may take to send when no other timeout is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP relay, and the longest one message may take (connecting included).
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Duration),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Why a message was not sent; the text names the kind of failure only, never an address.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail server could not be reached, did not answer in time, or is closing down (421),
    /// or mail files cannot be written: every message would fail alike for now.
    #[error("{0}")]
    Unavailable(String),
    /// This message failed for now (a 4xx answer, a database hiccup while composing it): retry.
    #[error("{0}")]
    Transient(String),
    /// The address will never work: the server refused the mailbox for good (550, 551, 552,
    /// 553, 521, 556), or the address cannot be parsed. Retrying would not help.
    #[error("{0}")]
    Refused(String),
}

impl Mailer {
    /// An SMTP mailer for `url` (`smtp://host:port`, `smtps://…`, with `?tls=required` etc. as
    /// lettre reads it), giving each message [`DEFAULT_TIMEOUT`].
    pub fn smtp(url: &str) -> Result<Self, MailError> {
        Self::smtp_with_timeout(url, DEFAULT_TIMEOUT)
    }

    /// An SMTP mailer for `url` in which one message, connecting included, takes at most `timeout`.
    pub fn smtp_with_timeout(url: &str, timeout: Duration) -> Result<Self, MailError> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|builder| Mailer::Smtp(builder.timeout(Some(timeout)).build(), timeout))
            .map_err(|e| MailError::Unavailable(format!("bad SMTP address: {e}")))
    }

    /// A mailer that writes each message to a `.eml` file in `dir` (created).
    pub fn files(dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Mailer::Files(AsyncFileTransport::new(&dir), dir))
    }

    /// The folder mail files are written to, when mail goes to files.
    pub fn files_dir(&self) -> Option<&Path> {
        match self {
            Mailer::Files(_, dir) => Some(dir),
            Mailer::Smtp(..) => None,
        }
    }

    /// Sends `message`.
    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            // lettre's own timeout covers connecting only; a server that accepts and then says
            // nothing would hold the send for ever without this one.
            Mailer::Smtp(transport, timeout) => {
                match tokio::time::timeout(*timeout, transport.send(message)).await {
                    Ok(sent) => sent.map(|_| ()).map_err(|e| smtp_failure(&e)),
                    Err(_) => Err(MailError::Unavailable("the SMTP server did not answer in time".into())),
                }
            }
            Mailer::Files(transport, _) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Unavailable(format!("could not write mail file: {e}"))),
        }
    }
}

/// SMTP answers that refuse the recipient for good: mailbox unavailable (550), user not local
/// (551), mailbox full (552), mailbox name not allowed (553), domain takes no mail (521, 556).
/// Other 5xx answers (500–504 syntax, 530/535 authentication, 554 transaction failed) are most
/// often the portal's own configuration, which an operator fixes: those keep retrying.
const REFUSING_CODES: [u16; 6] = [550, 551, 552, 553, 521, 556];

fn smtp_failure(error: &lettre::transport::smtp::Error) -> MailError {
    let code = error.status().map(|c| {
        u16::from(c.severity as u8) * 100 + u16::from(c.category as u8) * 10 + u16::from(c.detail as u8)
    });
    match (code, error.status().map(|c| c.severity)) {
        (Some(code), Some(Severity::PermanentNegativeCompletion)) if REFUSING_CODES.contains(&code) => {
            MailError::Refused(format!("the mail server refused the address ({code})"))
        }
        (Some(code), Some(Severity::PermanentNegativeCompletion)) => MailError::Transient(format!(
            "SMTP server refused the message ({code}, permanent; check the relay settings)"
        )),
        (Some(421), _) => MailError::Unavailable("SMTP server is not taking mail for now (421)".into()),
        (Some(code), _) if error.is_transient() => {
            MailError::Transient(format!("SMTP server refused for now ({code}, transient)"))
        }
        _ if error.is_timeout() => MailError::Unavailable("the SMTP server did not answer in time".into()),
        _ => MailError::Unavailable("could not reach the SMTP server".into()),
    }
}

/// A plain-text message from `from` to `to`.
pub fn message(from: &Mailbox, to: &str, subject: &str, body: String) -> Result<Message, MailError> {
    let to: Mailbox =
        to.parse().map_err(|_| MailError::Refused("the recipient address is not valid".into()))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| MailError::Refused(format!("could not build the message: {e}")))
}

/// Deletes the mail files (`.eml`, and lettre's `.json` envelopes) in `dir` last written before
/// `cutoff`; returns how many went. Mail files hold one-time link tokens and personal data; they
/// are a stand-in for a mail relay, not a record (the outbox row records what was sent).
pub fn delete_files_older_than(dir: &Path, cutoff: SystemTime) -> std::io::Result<u64> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut deleted = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let is_mail = path.extension().is_some_and(|ext| ext == "eml" || ext == "json");
        let metadata = entry.metadata()?;
        if !is_mail || !metadata.is_file() || metadata.modified()? >= cutoff {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => deleted += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(deleted)
}
