use leptos::prelude::*;
use rules::wizard::YesNoUnsure;

use super::options;
use crate::form_controls::{Radios, TextArea, TextInput};

/// Whether the person was seen, and, under "Yes", anything that could help find them.
#[component]
pub fn Suspect() -> impl IntoView {
    let if_yes = ViewFn::from(|| {
        view! {
            <p class="body">"Answer as many of these questions as you can."</p>
            <TextArea
                name="suspect-description"
                label="What did they look like? (optional)"
                hint="For example, their age, height, build, hair, clothes, and anything they said or carried."
                rows=5
            />
            <TextInput
                name="suspect-name"
                label="Their name, if you know it (optional)"
                hint="A nickname or a name they use online is also helpful."
            />
            <TextInput
                name="suspect-vehicle"
                label="The registration number of any vehicle they used (optional)"
                hint="For example, AB12 CDE. Part of the number is still helpful: put it in the description above."
                width="10"
                spellcheck_off=true
            />
        }
    });
    view! {
        <p class="body">
            "Please do not try to find or approach the person yourself. Tell us what you know and we "
            "will decide what to do."
        </p>
        <Radios
            name="suspect-seen"
            legend="Did you see the person who did it, or do you know who did it?"
            options=options(YesNoUnsure::ALL, YesNoUnsure::slug, YesNoUnsure::label)
            follow_ups=vec![(YesNoUnsure::Yes.slug(), if_yes)]
        />
    }
}
