//! Sending mail: through an SMTP relay when `PORTAL_SMTP_URL` is set, otherwise into `.eml` files
//! under the data folder, so the default run needs no mail server and nothing is lost.

use std::path::PathBuf;

use lettre::{
    message::Mailbox, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Why a message was not sent; the text names the kind of failure only, never an address.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MailError(pub String);

impl Mailer {
    /// An SMTP mailer for `url` (`smtp://host:port`, `smtps://…`, with `?tls=required` etc. as lettre reads it).
    pub fn smtp(url: &str) -> Result<Self, MailError> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|builder| Mailer::Smtp(builder.build()))
            .map_err(|e| MailError(format!("bad SMTP address: {e}")))
    }

    /// A mailer that writes each message to a `.eml` file in `dir` (created).
    pub fn files(dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Mailer::Files(AsyncFileTransport::new(&dir), dir))
    }

    /// Sends `message`.
    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Mailer::Smtp(transport) => {
                transport.send(message).await.map(|_| ()).map_err(|e| MailError(smtp_failure(&e)))
            }
            Mailer::Files(transport, _) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError(format!("could not write mail file: {e}"))),
        }
    }
}

fn smtp_failure(error: &lettre::transport::smtp::Error) -> String {
    if error.is_transient() {
        "SMTP server refused for now (transient)".into()
    } else if error.is_permanent() {
        "SMTP server refused the message (permanent)".into()
    } else {
        "could not reach the SMTP server".into()
    }
}

/// A plain-text message from `from` to `to`.
pub fn message(from: &Mailbox, to: &str, subject: &str, body: String) -> Result<Message, MailError> {
    let to: Mailbox = to.parse().map_err(|_| MailError("the recipient address is not valid".into()))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| MailError(format!("could not build the message: {e}")))
}
