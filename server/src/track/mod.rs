//! The tracking page's use cases: a victim finds their report with its reference and tracking
//! code, or a one-time link by email, and gets a session for that one report; the case page
//! shows what a victim may see, and each action is stored in one transaction. The pages and
//! forms are in `web::track_pages` and `web::track_forms`.

pub mod access;
mod actions;
pub mod audit;
pub mod case;
pub mod links;
pub mod lookup;
pub mod requests;
pub mod sessions;
