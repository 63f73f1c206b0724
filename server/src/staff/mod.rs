//! The force's side, as use cases with no axum and no SQL: staff accounts (added by an
//! administrator, enrolled with a password and a TOTP code), signing in and out, the queue and
//! the case page with every view audited. Decisions on a case are in [`crate::casework`].

pub mod access;
pub mod accounts;
pub mod case;
pub mod compliance;
pub mod queue;
pub mod totp;

use rules::staff::{Permission, Role};

/// A member of staff signed in with both factors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSession {
    pub session_id: i64,
    pub account_id: i64,
    pub role: Role,
    pub email: String,
}

impl StaffSession {
    pub fn may(&self, permission: Permission) -> bool {
        self.role.may(permission)
    }
}

/// An email address as accounts are keyed: trimmed, in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
