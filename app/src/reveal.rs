//! Questions that follow from one answer, shown under it (GOV.UK Design System conditional
//! reveal). The follow-up questions sit in the page right after the answer that calls for them,
//! indented under it, so without JavaScript every follow-up shows and reads as belonging to its
//! answer ("Yes", then "What do you know about the people who saw it?"). Once hydrated, this
//! island hides the follow-ups of answers not chosen and shows each as its answer is chosen; the
//! answer then names the questions it reveals (`aria-controls`). Whatever is typed in a hidden
//! follow-up is sent, and the rules ignore it: a follow-up is read only when its answer is given.

use leptos::{ev, prelude::*};

/// The class that hides a follow-up whose answer is not chosen.
const HIDDEN: &str = "conditional--hidden";

/// Shows and hides the follow-ups of the group of answers named `name`. `controls` pairs the id
/// of each answer that has follow-ups with the id of the block that holds them.
#[island]
pub fn RevealFollowUps(name: String, controls: Vec<(String, String)>) -> impl IntoView {
    crate::islands::on_this_page();
    let sync = move || {
        for (answer, follow_up) in &controls {
            let (Some(input), Some(block)) =
                (document().get_element_by_id(answer), document().get_element_by_id(follow_up))
            else {
                continue;
            };
            let _ = input.set_attribute("aria-controls", follow_up);
            let chosen = checked(input);
            let _ = block.class_list().toggle_with_force(HIDDEN, !chosen);
        }
    };
    let sync = StoredValue::new(sync);
    Effect::new(move |_| sync.with_value(|sync| sync()));
    // Choosing one radio unchecks the others without an event of theirs, so every change in the
    // group looks at every answer again.
    let handle = window_event_listener(ev::change, move |event| {
        let target = event_target::<web_sys::Element>(&event);
        if target.get_attribute("name").as_deref() == Some(name.as_str()) {
            sync.with_value(|sync| sync());
        }
    });
    on_cleanup(move || handle.remove());
}

fn checked(element: web_sys::Element) -> bool {
    use wasm_bindgen::JsCast as _;
    element.dyn_into::<web_sys::HtmlInputElement>().is_ok_and(|input| input.checked())
}
