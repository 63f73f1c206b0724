//! The pages after the questions: the confirmation with the reference, and "saved" with the
//! resume code.

use leptos::prelude::*;
use rules::wizard::Step;

use crate::{config::SiteConfig, layout::Page};

/// What the confirmation page shows. The tracking code is present only for the browser that
/// sent the report.
#[derive(Clone, Debug)]
pub struct ConfirmationView {
    pub reference: String,
    pub tracking_code: Option<String>,
    pub enhanced_rights: bool,
    pub acknowledgement_by_email: bool,
}

/// `/report/confirmation`.
#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let Some(view) = use_context::<ConfirmationView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let site = use_context::<SiteConfig>().unwrap_or_default();
    let minutes = rules::tracking::minutes_in_words(site.receipt_minutes);
    let links = site.links;
    let days = if view.enhanced_rights { "1 working day" } else { "5 working days" };
    view! {
        <Page title="Report sent" exit=true>
            <div class="panel panel--confirmation">
                <p class="panel__title">"Your crime reference number"</p>
                <div class="panel__body"><strong class="reference">{view.reference.clone()}</strong></div>
            </div>
            {match view.tracking_code.clone() {
                Some(code) => view! {
                    <h2 class="heading-m">"Your tracking code"</h2>
                    <p class="body">"You need this code and your reference number to check your case online. "
                        {format!("This page shows it for {minutes} after you sent your report, only on this device. ")}
                        "After that, or if you hide it or start another report here, we will not show it again, "
                        "and we cannot tell you what it is."</p>
                    <p class="body-l"><strong class="tracking-code">{code}</strong></p>
                    <div class="inset-text">"Write it down or print this page, and keep it somewhere safe. "
                        "If someone else could see it, do not save it on a shared device."</div>
                    <form method="post" action="/report/confirmation">
                        <button type="submit" class="button button--secondary">"I have written it down: hide my code"</button>
                    </form>
                }.into_any(),
                None => view! {
                    <p class="body">"Your tracking code was shown when you sent your report. To keep it safe, it is "
                        "not shown again. If you did not write it down, you can "
                        <a href="/track/email-link" class="link">"get a link to your report by email"</a>
                        " if you gave an email address that is safe to use, or call 101 with your reference number."</p>
                }.into_any(),
            }}
            <h2 class="heading-m">"What happens next"</h2>
            <ol class="list list--number">
                <li>"We record the crime, normally within 24 hours."</li>
                <li>"A member of staff assesses your report: how serious it is, whether you or anyone else "
                    "is at risk, and whether there are lines of enquiry, such as a witness, footage or a "
                    "stolen item we could trace."</li>
                <li>"It then goes to the team best placed to investigate. If there is nothing we can follow "
                    "up now, we may file it. We will tell you why, and you can give us new information at any time."</li>
            </ol>
            <p class="body">{format!(
                "We will tell you what we have decided within {days}, and then keep in touch the way you asked."
            )}</p>
            {view.acknowledgement_by_email.then(|| view! {
                <p class="body">"We will also send you a written acknowledgement by email. It will not include your tracking code."</p>
            })}
            <h2 class="heading-m">"Your rights"</h2>
            <p class="body">
                <a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a>
                ", or "
                <a href=links.video class="link" rel="noreferrer">"watch the video \"Giving Victims a Voice\""</a>"."
            </p>
            <h2 class="heading-m">"Check your report online"</h2>
            <p class="body">
                "You can "<a href="/track" class="link">"check your report"</a>" at any time with your reference "
                "number and tracking code: see what is happening and when you will hear from us next, add "
                "information, or change how we contact you."
            </p>
            <p class="body">"If you have new information, or something changes, you can also call 101 and give your reference number."</p>
            <p class="body">"In an emergency, call 999."</p>
        </Page>
    }
    .into_any()
}

/// What the "saved" page shows.
#[derive(Clone, Debug)]
pub struct SavedView {
    pub resume_code: String,
    pub expires: String,
    /// The page saved from, where continuing starts again.
    pub step: Step,
}

/// After "Save and come back later".
#[component]
pub fn SavedPage() -> impl IntoView {
    let Some(view) = use_context::<SavedView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    view! {
        <Page title="Your answers have been saved" exit=true>
            <p class="body">
                "To come back to your report, go to the "<a href="/" class="link">"start of this service"</a>
                {format!(
                    ", choose \u{2018}Continue a saved report\u{2019} and enter this code. You will go back to \
                     the page you saved, \u{2018}{}\u{2019}.",
                    view.step.title()
                )}
            </p>
            <p class="body-l"><strong class="resume-code">{view.resume_code}</strong></p>
            <p class="body">{format!(
                "Keep the code safe. Anyone with it can see your answers. We will delete your answers on {} if you do not send the report.",
                view.expires
            )}</p>
            <h2 class="heading-m">"Or get a link by email"</h2>
            <form method="post" action="/report/saved/email" novalidate>
                <div class="form-group">
                    <label class="label" for="email">"Email address"</label>
                    <div id="email-hint" class="hint">"We will send a link that works once, for 24 hours. The email will not include any of your answers."</div>
                    <input class="input" id="email" name="email" type="email" autocomplete="email" spellcheck="false" aria-describedby="email-hint"/>
                </div>
                <button type="submit" class="button button--secondary">"Email me a link"</button>
            </form>
            <p class="body"><a href=format!("/report/{}", view.step.slug()) class="link">"Continue with your report now"</a></p>
        </Page>
    }
    .into_any()
}

/// After asking for a link by email.
#[component]
pub fn LinkSentPage() -> impl IntoView {
    view! {
        <Page title="Check your email" exit=true>
            <p class="body">"If the address you gave is right, we have sent a link to continue your report. It works once, for 24 hours."</p>
            <p class="body">"If it does not arrive, check your spam folder, or use the code you were shown."</p>
            <p class="body"><a href="/report/resume" class="link">"Continue a saved report with your code"</a></p>
        </Page>
    }
}
