//! The start page of the service (GOV.UK "start page" pattern): the one way in, for a new report,
//! a saved one, and one already made.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{config::SiteConfig, layout::Page};

/// What a search result says of the service.
pub const DESCRIPTION: &str = "Report a crime to the police online when it is not an emergency: \
                               theft, bicycle theft, vehicle crime and criminal damage. Get a crime \
                               reference number, your rights as a victim, and check your report later.";

/// `/`: what the service is for, when not to use it, what you need, and the ways in.
#[component]
pub fn StartPage() -> impl IntoView {
    let site = use_context::<SiteConfig>().unwrap_or_default();
    view! {
        <Meta name="description" content=DESCRIPTION/>
        <Page title=SiteConfig::SERVICE_NAME exit=true>
            <div class="warning-text" role="note">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p class="warning-text__text">
                    <strong>
                        "This service is not for emergencies. If anyone is in immediate danger or the crime is "
                        "happening now, call 999, or use text relay on 18000."
                    </strong>
                </p>
            </div>
            <p class="body">"Use this service to tell the police about a crime that is not an emergency. You can report these crimes online:"</p>
            <ul class="list list--bullet">
                {site.online_crime_types.iter().map(|t| view! { <li>{t.label()}</li> }).collect_view()}
            </ul>
            <p class="body">"For anything else, call 101. Report fraud and scams to the national fraud reporting service."</p>
            <h2 class="heading-m">"Before you start"</h2>
            <p class="body">"It helps to have:"</p>
            <ul class="list list--bullet">
                <li>"when and where it happened"</li>
                <li>"a description of anything stolen or damaged, with serial numbers or other marks if you have them"</li>
                <li>"what you know about the person who did it, and about any witnesses or camera footage"</li>
                <li>"your contact details"</li>
            </ul>
            <p class="body">
                {format!(
                    "It takes about 15 minutes. You can save your answers and come back within {} days. \
                     We will tell you your rights as a victim of crime as you go, and give you a crime reference number.",
                    site.draft_days
                )}
            </p>
            <a href="/report/suitability" class="button button--start">
                "Start now"
                <svg class="button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                    <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                </svg>
            </a>
            <h2 class="heading-m">"Continue a saved report"</h2>
            <p class="body">
                <a href="/report/resume" class="link">"Continue a saved report"</a>
                " with the code you were given when you saved it, or use the link we emailed you."
            </p>
            <h2 class="heading-m">"Check a report you have made"</h2>
            <p class="body">
                <a href="/track" class="link">"Check a report you have made"</a>
                " to see what is happening, when you will hear from us next, and to add information. "
                "You need your crime reference number and tracking code."
            </p>
            <h2 class="heading-m">"Your rights"</h2>
            <p class="body">
                "Every victim of crime has rights under the Code of Practice for Victims of Crime. "
                <a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a>
                " or "
                <a href=site.links.video class="link" rel="noreferrer">"watch the video \"Giving Victims a Voice\""</a>"."
            </p>
        </Page>
    }
}
