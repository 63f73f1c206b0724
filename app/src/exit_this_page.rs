//! "Exit this page": a quick way off the site for someone who may be watched, following the
//! GOV.UK Design System pattern. Without JavaScript it is a plain link to a neutral site; once
//! hydrated, pressing Shift three times within five seconds also leaves, and leaving replaces the
//! history entry so the back button does not return here.

use leptos::{ev, prelude::*};

/// How many Shift presses leave the page.
const PRESSES_TO_EXIT: usize = 3;
/// The presses must fall within this window, in milliseconds.
const WINDOW_MS: f64 = 5_000.0;

/// The "Exit this page" control, hydrated as an island.
#[island]
pub fn ExitThisPage(url: String) -> impl IntoView {
    crate::islands::on_this_page();
    let (hydrated, set_hydrated) = signal(false);
    let (presses, set_presses) = signal(Vec::<f64>::new());
    Effect::new(move |_| set_hydrated.set(true));

    let leave = {
        let url = url.clone();
        move || {
            let _ = window().location().replace(&url);
        }
    };
    let on_key = {
        let leave = leave.clone();
        move |event: ev::KeyboardEvent| {
            if event.key() != "Shift" || event.repeat() {
                return;
            }
            let now = event.time_stamp();
            let mut recent: Vec<f64> =
                presses.get_untracked().into_iter().filter(|t| now - t < WINDOW_MS).collect();
            recent.push(now);
            if recent.len() >= PRESSES_TO_EXIT {
                leave();
            }
            set_presses.set(recent);
        }
    };
    let handle = window_event_listener(ev::keydown, on_key);
    on_cleanup(move || handle.remove());

    let announcement = move || match PRESSES_TO_EXIT.saturating_sub(presses.get().len()) {
        0 => "Exiting this page.".to_string(),
        n if n == PRESSES_TO_EXIT => String::new(),
        1 => "Shift, press 1 more time to exit.".to_string(),
        n => format!("Shift, press {n} more times to exit."),
    };

    view! {
        <div class="exit-this-page" data-hydrated=move || hydrated.get().then_some("true")>
            <a
                href=url
                class="button button--warning exit-this-page__button"
                rel="nofollow noreferrer"
                on:click=move |event| {
                    event.prevent_default();
                    leave();
                }
            >
                <span class="visually-hidden">"Emergency: "</span>
                "Exit this page"
            </a>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </div>
    }
}
