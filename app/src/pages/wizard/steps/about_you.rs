use leptos::prelude::*;
use rules::wizard::ReportingFor;

use crate::{
    form_controls::{DateInput, TextArea, TextInput, YesNo},
    pages::wizard::StepView,
};

/// The victim's details and, when someone reports for them, the reporter's.
#[component]
pub fn AboutYou() -> impl IntoView {
    let view = expect_context::<StepView>();
    let yours = view.reporting_for == ReportingFor::Myself;
    // Words for the victim: "you" when reporting for yourself, "they" when for someone else.
    let pick = |mine: &'static str, theirs: &'static str| if yours { mine } else { theirs };
    // Browsers may fill in the person's own details, but not someone else's.
    let auto = |token: &'static str| if yours { token } else { "off" };
    let optional = pick("", " (optional)");
    view! {
        {(!yours).then(|| view! { <h2 class="heading-m">"About the person you are reporting for"</h2> })}
        <TextInput name="full-name" label=pick("Your full name", "Their full name") autocomplete=auto("name") spellcheck_off=true/>
        <DateInput
            prefix="dob"
            legend=pick("What is your date of birth?", "What is their date of birth?")
            hint="For example, 31 3 1980"
            birth_date=yours
        />
        <h2 class="heading-m">{pick("How we can contact you", "Their contact details")}</h2>
        <p class="body">
            {pick(
                "Give at least one way we can contact you: an email address, a phone number, or a postal address with its postcode.",
                "We will contact you, not them, about this report. Give their details if you know them.",
            )}
        </p>
        <TextInput
            name="email"
            label=format!("{}{optional}", pick("Email address", "Their email address"))
            input_type="email"
            autocomplete=auto("email")
            spellcheck_off=true
        />
        <TextInput
            name="phone"
            label=format!("{}{optional}", pick("Phone number", "Their phone number"))
            hint="For example, 07700 900 982"
            input_type="tel"
            autocomplete=auto("tel")
            width="20"
        />
        <TextInput
            name="address-line-1"
            label=format!("{}{optional}", pick("Building and street", "Their building and street"))
            autocomplete=auto("address-line1")
        />
        <TextInput name="town" label=format!("Town or city{optional}") autocomplete=auto("address-level2") width="20"/>
        <TextInput
            name="postcode"
            label=format!("Postcode{optional}")
            autocomplete=auto("postal-code")
            width="10"
            spellcheck_off=true
        />
        <h2 class="heading-m">"Language and access"</h2>
        <TextInput
            name="language"
            label=pick(
                "Which language would you like to use with us? (optional)",
                "Which language would they like to use with us? (optional)",
            )
            hint="Leave this blank if it is English."
            width="20"
        />
        <YesNo
            name="interpreter"
            legend=pick(
                "Do you need an interpreter to speak to the police?",
                "Do they need an interpreter to speak to the police?",
            )
            hint="This includes a British Sign Language (BSL) interpreter. It is free."
        />
        <TextArea
            name="accessibility"
            label=pick(
                "Is there anything that would make it easier for you to talk to us? (optional)",
                "Is there anything that would make it easier for them to talk to us? (optional)",
            )
            hint=pick(
                "For example, large print, Easy Read, text relay, or someone to support you when we speak.",
                "For example, large print, Easy Read, text relay, or someone to support them when we speak.",
            )
            rows=3
        />
        {(!yours).then(|| view! {
            <h2 class="heading-m">"Your details"</h2>
            <p class="body">
                "We will contact you about this report. Give your email address, your phone number or both."
            </p>
            <TextInput name="reporter-name" label="Your full name" autocomplete="name" spellcheck_off=true/>
            <TextInput
                name="reporter-relationship"
                label="How do you know them?"
                hint="For example, parent, carer, partner or friend"
                width="20"
            />
            <TextInput
                name="reporter-email"
                label="Your email address"
                hint="We will use this to contact you about the report."
                input_type="email"
                autocomplete="email"
                spellcheck_off=true
            />
            <TextInput
                name="reporter-phone"
                label="Your phone number"
                hint="For example, 07700 900 982"
                input_type="tel"
                autocomplete="tel"
                width="20"
            />
        })}
    }
}
