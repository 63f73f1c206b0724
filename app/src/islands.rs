//! The WebAssembly bundle is loaded only by pages that have something for it to hydrate. Every
//! island calls [`on_this_page`] as the server renders it; the shell ends such a page with the
//! hydration script, and a page without islands loads no script and no wasm. The script is the
//! one Leptos' `HydrationScripts` writes, without the `modulepreload` and `preload` hints before
//! it: a browser follows those even with JavaScript off, and then downloads the bundle for nothing.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use leptos::{prelude::*, tachys::html::InertElement};

/// Whether the page being rendered has an island.
#[derive(Clone, Default)]
struct IslandsOnPage(Arc<AtomicBool>);

/// Starts a page in islands mode (nothing hydrates but islands), with no island seen yet.
pub fn provide_islands_on_page() {
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    provide_context(IslandsOnPage::default());
}

/// Notes that the page being rendered has an island: the first thing every island does.
pub fn on_this_page() {
    if let Some(IslandsOnPage(seen)) = use_context::<IslandsOnPage>() {
        seen.store(true, Ordering::Relaxed);
    }
}

/// The hydration script, on pages with an island only. Placed after the page's content, which
/// has been rendered by then; a module script runs once the document is parsed wherever it is.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let IslandsOnPage(seen) = use_context::<IslandsOnPage>().unwrap_or_default();
    move || seen.load(Ordering::Relaxed).then(|| InertElement::new(hydration_script(options.clone())))
}

/// Leptos' islands hydration script (with the page's CSP nonce), without its resource hints.
fn hydration_script(options: LeptosOptions) -> String {
    let html = view! { <HydrationScripts options islands=true/> }.to_html();
    html.find("<script").map(|at| html[at..].to_string()).unwrap_or_default()
}
