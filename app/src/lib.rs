//! The crime-reporting portal's user interface: the page shell, the site layout, the pages and the
//! few interactive islands that hydrate in the browser. Everything else is plain server-rendered HTML
//! so that every journey works with JavaScript turned off.

mod character_count;
pub mod config;
mod exit_this_page;
pub mod form_controls;
mod islands;
mod layout;
pub mod pages;
mod reveal;
mod shell;
mod summary_list;

pub use config::SiteConfig;
pub use shell::{shell, App};

/// Entry point of the WebAssembly bundle: hydrates the islands on the page, nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
