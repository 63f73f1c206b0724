//! Reporting a crime online: the wizard's use cases (answering a page, saving, sending) and the
//! drafts and submissions behind them. The pages and forms are in `web::report_pages` and
//! `web::report_forms`.

pub mod answer;
pub mod drafts;
pub mod submit;
