//! The limit of a free-text answer, said under its field before it is reached (GOV.UK Design
//! System character count). Without JavaScript it is a plain hint, "You can enter up to 500
//! characters"; once hydrated, a count under the field says how many characters are left or too
//! many as the person types, screen readers hear it when they pause, and the field is outlined
//! in red while it is too long. The field itself is plain HTML: the island only listens to it.

use std::time::Duration;

use leptos::{ev, prelude::*};
use rules::character_count::{counted, limit_hint, remaining};

/// How long typing must pause before screen readers are told the count.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(1000);
/// The field's class while its answer is over the limit.
const OVER_LIMIT: &str = "input--over-limit";

/// The limit and, once hydrated, the live count of the field with id `field`. Its plain hint has
/// the id `{field}-info`, for the field's `aria-describedby`.
#[island]
pub fn CharacterCount(field: String, max: u32) -> impl IntoView {
    crate::islands::on_this_page();
    let max = max as usize;
    let (hydrated, set_hydrated) = signal(false);
    let (count, set_count) = signal(0_usize);
    let (announced, set_announced) = signal(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);

    let show = {
        let field = field.clone();
        move |n: usize| {
            set_count.set(n);
            if let Some(element) = document().get_element_by_id(&field) {
                let _ = element.class_list().toggle_with_force(OVER_LIMIT, n > max);
            }
        }
    };
    Effect::new({
        let (field, show) = (field.clone(), show.clone());
        move |_| {
            show(counted(&typed(&field)));
            set_hydrated.set(true);
        }
    });
    let handle = window_event_listener(ev::input, {
        let field = field.clone();
        move |event| {
            if event_target::<web_sys::Element>(&event).id() != field {
                return;
            }
            let n = counted(&event_target_value(&event));
            show(n);
            if let Some(previous) = pending.get_value() {
                previous.clear();
            }
            let handle =
                set_timeout_with_handle(move || set_announced.set(remaining(max, n)), ANNOUNCE_AFTER);
            pending.set_value(handle.ok());
        }
    });
    on_cleanup(move || handle.remove());

    // Shown and hidden by the style sheet from these two marks, which keeps the bundle small.
    view! {
        <div
            class="character-count__messages"
            data-hydrated=move || hydrated.get().then_some("true")
            data-over=move || (count.get() > max).then_some("true")
        >
            <div id=format!("{field}-info") class="hint character-count__message">{limit_hint(max)}</div>
            <div class="character-count__status" aria-hidden="true">{move || remaining(max, count.get())}</div>
            <div class="visually-hidden" aria-live="polite">{move || announced.get()}</div>
        </div>
    }
}

/// What is typed in the field with id `field` (a text box or a text area), or nothing.
fn typed(field: &str) -> String {
    use wasm_bindgen::JsCast as _;
    // Both elements have a `value`, read by name as `event_target_value` reads it.
    document()
        .get_element_by_id(field)
        .map(|element| element.unchecked_into::<web_sys::HtmlInputElement>().value())
        .unwrap_or_default()
}
