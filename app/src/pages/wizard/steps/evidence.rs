use leptos::prelude::*;
use rules::wizard::{Footage, YesNoUnsure};

use super::options;
use crate::form_controls::{Checkboxes, Radios, TextArea, YesNo};

/// Footage, witnesses, things left behind and device tracking; the details of witnesses and of
/// a tracked device asked under "Yes".
#[component]
pub fn Evidence() -> impl IntoView {
    let witnesses = ViewFn::from(|| {
        view! {
            <TextArea
                name="witness-details"
                label="What do you know about the people who saw it?"
                hint="For example, their names and phone numbers. If you do not know them, describe them or \
                      say where they were."
                rows=4
            />
        }
    });
    let tracking = ViewFn::from(|| {
        view! {
            <TextArea
                name="tracking-details"
                label="Where does it show the device is? (optional)"
                hint="Give the address or place it shows, and when you last checked."
                rows=3
            />
        }
    });
    view! {
        <Checkboxes
            name="footage"
            legend="Could any camera footage or photos show what happened?"
            hint="Select all that apply. This could be your own camera, or one belonging to a neighbour, \
                  shop or business. Do not send us footage now. Keep it safe and we will tell you if we need it."
            options=options(Footage::ALL, Footage::slug, Footage::label)
            none_option=true
        />
        <YesNo name="witnesses" legend="Did anyone else see what happened?" if_yes=witnesses/>
        <Radios
            name="forensic"
            legend="Did the person touch, move or leave anything behind?"
            hint="For example, a broken window, a door handle, a tool or a cigarette end. If you can, do \
                  not touch, move or clean these things until we tell you it is fine to."
            options=options(YesNoUnsure::ALL, YesNoUnsure::slug, YesNoUnsure::label)
        />
        <YesNo
            name="tracking"
            legend="Can you see where a stolen phone, laptop or other device is now?"
            hint="For example, using Find My or Find My Device. If nothing like this was stolen, select no. \
                  Do not go to the place yourself."
            if_yes=tracking
        />
    }
}
