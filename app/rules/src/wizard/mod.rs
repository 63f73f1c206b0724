//! The reporting wizard: its steps, the answers each asks for and how they are checked.
//!
//! Policy: the Code of Practice for Victims of Crime in England and Wales (2020), Rights 1, 3, 4,
//! 6 and 7 at the point of reporting; GOV.UK Design System question pages.

mod answers;
mod fields_kept;
mod form;
mod options;
mod pages;
mod report;
mod steps;

pub use answers::*;
pub use fields_kept::{FieldSpec, SHORT_ANSWER_KEPT};
pub use form::{FieldError, Form};
pub use options::*;
pub use pages::check_contact;
pub(crate) use pages::{problems_in, rules as page_rules};
pub use report::*;
pub use steps::Step;

#[cfg(test)]
mod tests;
