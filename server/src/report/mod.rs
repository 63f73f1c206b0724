//! Reporting a crime online: the wizard's HTTP handlers and the use cases behind them.

pub mod drafts;
mod handlers;
pub mod submit;

pub use handlers::routes;
