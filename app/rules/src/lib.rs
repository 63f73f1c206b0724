//! The portal's domain rules, free of web and database code so that the server and the browser
//! (WebAssembly) run the same checks, and so that they test in milliseconds.

pub mod allocation;
pub mod calendar;
pub mod character_count;
pub mod codes;
pub mod compliance;
pub mod deadlines;
pub mod fields;
pub mod staff;
pub mod survey;
pub mod tracking;
pub mod wizard;
