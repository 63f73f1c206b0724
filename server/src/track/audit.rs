//! The audit log of the tracking page: every look-up and every action, with who, what, when and
//! the outcome. Never a code, a token or anything the victim wrote.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::store::{self, audit::AuditRow};

/// Who did it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor<'a> {
    /// Someone not yet signed in (a look-up, a request for a link).
    Anonymous,
    /// A victim's tracking session, by its id.
    Session(i64),
    /// An operator command on the server, by the operator's name.
    Operator(&'a str),
    /// A member of staff, by their account's id.
    Staff(i64),
}

impl Actor<'_> {
    fn describe(self) -> String {
        match self {
            Actor::Anonymous => "anonymous".into(),
            Actor::Session(id) => format!("victim-session:{id}"),
            Actor::Operator(name) => format!("operator:{name}"),
            Actor::Staff(id) => format!("staff:{id}"),
        }
    }
}

/// A keyed digest of a client's address (HMAC-SHA-256 with the service's audit secret): the same
/// client gives the same digest, so patterns show, but without the secret the address cannot be
/// recovered by trying all four billion IPv4 addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientDigest(pub Vec<u8>);

impl ClientDigest {
    pub fn of(key: &[u8], client: IpAddr) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(client.to_canonical().to_string().as_bytes());
        Self(mac.finalize().into_bytes().to_vec())
    }
}

/// One line of the audit log.
pub struct Entry<'a> {
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub report_id: Option<i64>,
    pub outcome: &'a str,
    pub client: Option<ClientDigest>,
    /// Why, when someone looked at or changed a case on purpose (an operator's reason).
    pub reason: Option<&'a str>,
}

/// Writes `entry` at `now`.
pub async fn record<'e, E>(executor: E, entry: Entry<'_>, now: DateTime<Utc>) -> store::Result<()>
where
    E: store::Executor<'e>,
{
    let actor = entry.actor.describe();
    let row = AuditRow {
        actor: &actor,
        action: entry.action,
        report_id: entry.report_id,
        outcome: entry.outcome,
        client_digest: entry.client.as_ref().map(|digest| digest.0.as_slice()),
        reason: entry.reason,
    };
    store::audit::insert(executor, &row, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_digest_needs_the_key() {
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let a = ClientDigest::of(b"key one", ip);
        assert_eq!(a, ClientDigest::of(b"key one", ip));
        assert_ne!(a, ClientDigest::of(b"key two", ip));
        assert_ne!(a.0, crate::secrets::digest("192.0.2.7"), "not the unkeyed digest");
        assert_eq!(a, ClientDigest::of(b"key one", "::ffff:192.0.2.7".parse().unwrap()));
    }
}
