//! The questions on each page of the wizard. Field names match the checks in
//! `rules::wizard`, which say what each answer must be.

mod about_you;
pub(crate) mod contact;
mod evidence;
mod needs;
mod property;
mod rights;
mod suitability;
mod support;
mod suspect;
mod what_happened;

use leptos::prelude::*;
use rules::wizard::Step;

/// The questions of `step`.
pub fn body(step: Step) -> AnyView {
    match step {
        Step::Suitability => suitability::Suitability().into_any(),
        Step::When => what_happened::When().into_any(),
        Step::Where => what_happened::Where().into_any(),
        Step::WhatHappened => what_happened::WhatHappened().into_any(),
        Step::Property => property::Property().into_any(),
        Step::Suspect => suspect::Suspect().into_any(),
        Step::Evidence => evidence::Evidence().into_any(),
        Step::AboutYou => about_you::AboutYou().into_any(),
        Step::Needs => needs::Needs().into_any(),
        Step::Support => support::Support().into_any(),
        Step::Rights => rights::Rights().into_any(),
        Step::Contact => contact::Contact().into_any(),
        Step::Check => super::check::CheckAnswers().into_any(),
        Step::Declaration => super::check::Declaration().into_any(),
    }
}

/// Radio options from a choice list.
pub(super) fn options<T: Copy>(
    all: &[T],
    slug: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, String)> {
    all.iter().map(|&c| (slug(c), label(c).to_string())).collect()
}
