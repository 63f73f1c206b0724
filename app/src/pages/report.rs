//! `/report`: the start of the online report.

use leptos::prelude::*;

use crate::{config::SiteConfig, layout::Page};

/// What can be reported online, what you need, how long it takes, and the way in.
#[component]
pub fn ReportPage() -> impl IntoView {
    let site = use_context::<SiteConfig>().unwrap_or_default();
    view! {
        <Page title="Report a crime" exit=true>
            <div class="warning-text" role="note">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p class="warning-text__text">
                    <strong>
                        "This service is not for emergencies. If anyone is in immediate danger or the crime is "
                        "happening now, call 999, or use text relay on 18000."
                    </strong>
                </p>
            </div>
            <p class="body">"You can report these crimes online:"</p>
            <ul class="list list--bullet">
                {site.online_crime_types.iter().map(|t| view! { <li>{t.label()}</li> }).collect_view()}
            </ul>
            <p class="body">"For anything else, call 101. Report fraud and scams to the national fraud reporting service."</p>
            <h2 class="heading-m">"What you will need"</h2>
            <ul class="list list--bullet">
                <li>"when and where it happened"</li>
                <li>"a description of anything stolen or damaged, with serial numbers or other marks if you have them"</li>
                <li>"what you know about the person who did it, and about any witnesses or camera footage"</li>
                <li>"your contact details"</li>
            </ul>
            <p class="body">
                {format!(
                    "It takes about 15 minutes. You can save your answers and come back within {} days. \
                     We will tell you your rights as a victim of crime as you go.",
                    site.draft_days
                )}
            </p>
            <a href="/report/suitability" role="button" draggable="false" class="button button--start">
                "Start now"
            </a>
            <p class="body"><a href="/report/resume" class="link">"Continue a saved report"</a></p>
            <h2 class="heading-m">"Your rights"</h2>
            <p class="body">
                <a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a>
                " or "
                <a href=site.links.video class="link" rel="noreferrer">"watch the video \"Giving Victims a Voice\""</a>"."
            </p>
        </Page>
    }
}
