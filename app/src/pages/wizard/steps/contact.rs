use leptos::prelude::*;
use rules::wizard::{Channel, Frequency};

use super::options;
use crate::form_controls::{Checkboxes, Radios, TextInput, YesNo};

/// The question asked under each way of contact when it is chosen.
fn safe_question(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "Is it safe for us to email you?",
        Channel::Phone => "Is it safe for us to call you?",
        Channel::Text => "Is it safe for us to text you?",
        Channel::Letter => "Is it safe for us to send you letters?",
    }
}

/// How, how often and when the force keeps the victim up to date; whether each way chosen is
/// safe, asked under it.
#[component]
pub fn Contact() -> impl IntoView {
    let safe_questions = Channel::ALL
        .iter()
        .map(|&channel| {
            let question = ViewFn::from(move || {
                view! { <YesNo name=format!("safe-{}", channel.slug()) legend=safe_question(channel)/> }
            });
            (channel.slug(), question)
        })
        .collect();
    view! {
        <p class="body">
            "We will keep you up to date about your report. Tell us the best ways to contact you."
        </p>
        <p class="body">
            "Someone else may read your post, emails or texts, or answer your phone. If that could put "
            "you at risk, or you do not want them to know you have reported a crime, tell us a way is not "
            "safe. We will not use it."
        </p>
        <Checkboxes
            name="channels"
            legend="How can we contact you?"
            hint="Select all that apply. We will use the details you gave in \u{2018}About you\u{2019}. For each \
                  way you choose, tell us if it is safe."
            options=options(Channel::ALL, Channel::slug, Channel::label)
            follow_ups=safe_questions
        />
        <p class="body">
            "If no way is safe, call 101 and we will agree a safe way with you. If you are in danger, "
            "call 999."
        </p>
        <Radios
            name="frequency"
            legend="How often would you like us to update you?"
            hint="We will always tell you about important news, such as if someone is arrested or charged, \
                  or if we stop investigating."
            options=options(Frequency::ALL, Frequency::slug, Frequency::label)
        />
        <TextInput
            name="safe-times"
            label="Are there times when it is best, or not safe, to contact you? (optional)"
            hint="For example, weekdays after 6pm, or not at weekends."
        />
    }
}
