//! Finding a report: reference and tracking code, or a one-time link by email.

use leptos::prelude::*;

use super::{forms::SubmitButton, EmailLinkView, LookupView, OpenLinkView};
use crate::{
    config::SiteConfig,
    form_controls::{ErrorSummary, TextInput},
    layout::Page,
};

fn site() -> SiteConfig {
    use_context::<SiteConfig>().unwrap_or_default()
}

/// The crime reference number, asked on both ways in.
#[component]
fn ReferenceInput() -> impl IntoView {
    view! {
        <TextInput
            name="reference"
            label="Crime reference number"
            hint="9 letters and numbers, like K7Q-M4X-2PC"
            width="10"
            spellcheck_off=true
            autocomplete="off"
        />
    }
}

/// `/track`.
#[component]
pub fn TrackLookupPage() -> impl IntoView {
    let view = use_context::<LookupView>().unwrap_or_default();
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    view! {
        <Page title="Check your report" exit=true has_errors>
            <ErrorSummary errors/>
            {view.notice.map(|notice| view! { <div class="inset-text"><p class="body">{notice}</p></div> })}
            <p class="body">
                "Use your crime reference number and the tracking code you were given when you reported."
            </p>
            <form method="post" action="/track" novalidate>
                {view
                    .carried
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <ReferenceInput/>
                <TextInput
                    name="code"
                    label="Tracking code"
                    hint="12 letters and numbers, like ABCD-EFGH-JKMN. We showed it once, when you sent your report."
                    width="10"
                    spellcheck_off=true
                    autocomplete="off"
                />
                <SubmitButton label="Continue"/>
            </form>
            <h2 class="heading-m">"If you have lost your tracking code"</h2>
            <p class="body">
                "You can "<a href="/track/email-link" class="link">"get a link by email"</a>". This only works "
                "if you gave us an email address when you reported and told us it is safe to email you."
            </p>
            <p class="body">"Or call 101 and give your crime reference number."</p>
            <h2 class="heading-m">"If you have lost your reference number"</h2>
            <p class="body">
                "It is in the acknowledgement email we sent you after you reported. If you cannot find it, call 101."
            </p>
            <p class="body">"If you are in danger now, call 999."</p>
        </Page>
    }
}

/// `/track/email-link`.
#[component]
pub fn TrackEmailLinkPage() -> impl IntoView {
    let view = use_context::<EmailLinkView>().unwrap_or_default();
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state);
    view! {
        <Page title="Get a link to your report by email" exit=true has_errors back="/track">
            <ErrorSummary errors/>
            <p class="body">
                "Enter your crime reference number and the email address you gave when you reported."
            </p>
            <p class="body">
                "We will send a link only if the email address matches your report and you told us it is safe "
                {format!("to email you. The link works once, for {}.", site().track_link_lifetime())}
            </p>
            <p class="body">"The email will not include any details of your report."</p>
            <form method="post" action="/track/email-link" novalidate>
                <ReferenceInput/>
                <TextInput
                    name="email"
                    label="Email address"
                    input_type="email"
                    autocomplete="email"
                    spellcheck_off=true
                />
                <SubmitButton label="Send me a link"/>
            </form>
        </Page>
    }
}

/// `/track/link-sent`.
#[component]
pub fn TrackLinkSentPage() -> impl IntoView {
    view! {
        <Page title="Check your email" exit=true>
            <p class="body">
                "If the reference and email address match a report, we have sent a link to that address. "
                {format!("It works once, for {}.", site().track_link_lifetime())}
            </p>
            <p class="body">"The email does not contain any details of your report."</p>
            <p class="body">"If you cannot see it, check your spam or junk folder."</p>
            <p class="body">
                "If nothing arrives, "<a href="/track" class="link">"check your report with your tracking code"</a>
                ", or call 101 and give your crime reference number."
            </p>
        </Page>
    }
}

/// `/track/open`.
#[component]
pub fn TrackOpenLinkPage() -> impl IntoView {
    let view = use_context::<OpenLinkView>().unwrap_or_default();
    if view.used {
        return view! {
            <Page title="This link has expired or has already been used" exit=true>
                <p class="body">
                    {format!("A link to your report works only once, and only for {}.", site().track_link_lifetime())}
                </p>
                <p class="body">"You can:"</p>
                <ul class="list list--bullet">
                    <li>
                        <a href="/track" class="link">"check your report with your reference number and tracking code"</a>
                    </li>
                    <li><a href="/track/email-link" class="link">"ask for a new link by email"</a></li>
                    <li>"call 101 and give your crime reference number"</li>
                </ul>
            </Page>
        }
        .into_any();
    }
    view! {
        <Page title="Open your report" exit=true>
            <p class="body">"This link works once. When you continue, you will see the details of your report."</p>
            <p class="body">
                "If someone else could see your screen, you may want to wait until you are somewhere private. "
                "Use \u{2018}Exit this page\u{2019} at any time to leave quickly."
            </p>
            <form method="post" action="/track/open" novalidate>
                <SubmitButton label="Continue to your report"/>
            </form>
        </Page>
    }
    .into_any()
}

/// `/track/signed-out`.
#[component]
pub fn TrackSignedOutPage() -> impl IntoView {
    view! {
        <Page title="You have signed out" exit=true>
            <p class="body">
                "To see your report again, you will need your crime reference number and tracking code, or a "
                "new link by email."
            </p>
            <p class="body">
                "If you are using a shared or public device, close your browser. You may also want to clear your "
                "browsing history, so that no one else can see you visited this site."
            </p>
            <p class="body"><a href="/track" class="link">"Check your report again"</a></p>
        </Page>
    }
}
