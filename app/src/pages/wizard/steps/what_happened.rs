use leptos::prelude::*;
use rules::wizard::WhenKnown;

use super::options;
use crate::form_controls::{DateInput, Radios, TextArea, TextInput};

/// When, where and what.
#[component]
pub fn WhatHappened() -> impl IntoView {
    view! {
        <Radios
            name="when-known"
            legend="Do you know the date it happened?"
            options=options(WhenKnown::ALL, WhenKnown::slug, WhenKnown::label)
        />
        <DateInput prefix="date" legend="If you know the date: when did it happen?" hint="For example, 27 3 2026"/>
        <TextInput name="time" label="What time did it happen? (optional)" hint="For example, 14:30 or 2:30pm" width="5"/>
        <DateInput prefix="from" legend="If you are not sure: the earliest it could have happened" hint="For example, 20 3 2026"/>
        <DateInput prefix="to" legend="The latest it could have happened" hint="For example, 27 3 2026"/>
        <TextArea
            name="location"
            label="Where did it happen?"
            hint="Give the address, or describe the place, for example \u{2018}the bike racks outside the library on High Street\u{2019}"
            rows=3
        />
        <TextInput
            name="location-postcode"
            label="Postcode, if you know it (optional)"
            autocomplete="postal-code"
            width="10"
            spellcheck_off=true
        />
        <TextArea
            name="description"
            label="What happened?"
            hint="Tell us in your own words. Include anything that might help, such as how they got in or which way they went."
            rows=8
        />
    }
}
