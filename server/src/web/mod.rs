//! The HTTP side, axum only: cookies, failure pages, health, per-client limits, rendering,
//! security headers, static files and the strict form extractor. Features use these; the router
//! (`crate::router`) puts them together.

pub mod api_envelope;
pub mod cookies;
pub mod errors;
pub mod flash;
pub mod form_post;
pub mod health;
pub mod partner_api;
pub mod rate_limit;
mod render;
pub mod report_forms;
pub mod report_pages;
pub mod security;
pub mod staff_forms;
pub mod staff_pages;
pub mod static_files;
pub mod strict_form;
pub mod survey_forms;
pub mod survey_pages;
pub mod track_forms;
pub mod track_pages;

pub use errors::new_incident_id;
pub use rate_limit::{too_many_requests, ClientAddr, Limits, RetryAfter};
pub use render::{page_request, render};
