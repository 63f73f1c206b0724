//! The partner API's use cases: third-party reporting centres send a report on a victim's
//! behalf, read against the contract, checked with exactly the wizard's rules and stored exactly
//! as the wizard stores one (`report`); their keys (`keys`); what can go wrong (`errors`); the
//! OpenAPI document written from the contract (`openapi`). The HTTP side is
//! `web::partner_api`. Operators add and disable partners on the command line (see
//! `crate::cli`).

mod body;
pub mod contract;
pub mod errors;
pub mod keys;
pub mod openapi;
pub mod report;
pub mod store;
mod validate;
