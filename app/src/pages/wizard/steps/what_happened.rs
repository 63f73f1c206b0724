//! What happened, one thing a page: when, where, and the account.

use leptos::prelude::*;
use rules::wizard::WhenKnown;

use super::options;
use crate::form_controls::{DateInput, Radios, TextArea, TextInput};

/// The date, or the two dates it happened between: each asked under the answer that calls for it.
#[component]
pub fn When() -> impl IntoView {
    let exact = ViewFn::from(|| {
        view! {
            <DateInput prefix="date" legend="When did it happen?" hint="For example, 27 3 2026"/>
            <TextInput name="time" label="What time did it happen? (optional)" hint="For example, 14:30 or 2:30pm" width="5"/>
        }
    });
    let between = ViewFn::from(|| {
        view! {
            <DateInput prefix="from" legend="The earliest it could have happened" hint="For example, 20 3 2026"/>
            <DateInput prefix="to" legend="The latest it could have happened" hint="For example, 27 3 2026"/>
        }
    });
    view! {
        <Radios
            name="when-known"
            legend="Do you know the date it happened?"
            options=options(WhenKnown::ALL, WhenKnown::slug, WhenKnown::label)
            follow_ups=vec![(WhenKnown::Exact.slug(), exact), (WhenKnown::Between.slug(), between)]
        />
    }
}

/// The place.
#[component]
pub fn Where() -> impl IntoView {
    view! {
        <TextArea
            name="location"
            label="The address, or a description of the place"
            hint="For example, \u{2018}the bike racks outside the library on High Street\u{2019}"
            rows=3
        />
        <TextInput
            name="location-postcode"
            label="Postcode, if you know it (optional)"
            autocomplete="postal-code"
            width="10"
            spellcheck_off=true
        />
    }
}

/// The account, in the person's own words.
#[component]
pub fn WhatHappened() -> impl IntoView {
    view! {
        <TextArea
            name="description"
            label="Tell us what happened, in your own words"
            hint="Include anything that might help, such as how they got in or which way they went."
            rows=8
        />
    }
}
