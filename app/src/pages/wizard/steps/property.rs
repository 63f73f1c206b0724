use leptos::prelude::*;

use crate::form_controls::{TextArea, TextInput, YesNo};

/// What was stolen or damaged, what it is worth and how to recognise it: asked under "Yes".
#[component]
pub fn Property() -> impl IntoView {
    let if_yes = ViewFn::from(|| {
        view! {
            <TextArea
                name="property-description"
                label="What was stolen or damaged?"
                hint="Describe each item, such as what it is, the make, model and colour, and any damage done."
                rows=5
            />
            <TextInput
                name="property-value"
                label="Roughly how much is it worth, in pounds? (optional)"
                hint="A best guess is fine, for example 250 or 89.99. If more than one thing, give the total."
                input_mode="decimal"
                width="10"
            />
            <TextArea
                name="property-identifiers"
                label="Serial numbers or marks that could identify it (optional)"
                hint="For example, a phone's IMEI number: it is on the phone's box, or dial *#06# on the phone \
                      to see it. A bike's frame number is usually stamped under the bottom bracket, where the \
                      pedals join the frame. Include any engraving, security marking, sticker or scratch."
                rows=3
            />
        }
    });
    view! {
        <YesNo
            name="has-property"
            legend="Was anything stolen or damaged?"
            hint="For example, a bike, a phone, a bag, or damage to a car, window or fence."
            if_yes
        />
    }
}
