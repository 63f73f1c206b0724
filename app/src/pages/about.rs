//! The pages every public service links from its footer.

use leptos::prelude::*;

use crate::{config::SiteConfig, layout::Page};

/// `/accessibility`: the accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let force = use_context::<SiteConfig>().unwrap_or_default().force_name;
    view! {
        <Page title="Accessibility statement">
            <p class="body">
                {format!("This service is run by {force}. We want as many people as possible to be able to use it. ")}
                "You should be able to:"
            </p>
            <ul class="list list--bullet">
                <li>"change colours, contrast and fonts using your browser or device settings"</li>
                <li>"zoom in up to 400% without the text spilling off the screen"</li>
                <li>"use the whole service with just a keyboard, or with speech recognition"</li>
                <li>"use the service with a screen reader"</li>
                <li>"use the service with JavaScript turned off"</li>
            </ul>
            <h2 class="heading-m">"How accessible this service is"</h2>
            <p class="body">
                "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. "
                "Every page is checked automatically before each release. Automated checks do not find "
                "every problem, so please tell us about any you meet."
            </p>
            <h2 class="heading-m">"Reporting problems and getting another format"</h2>
            <p class="body">
                "If you cannot use this service, call 101 and we will take your report by phone. If you are "
                "deaf or hard of hearing, use text relay on 18000 101. Tell us if you need information in "
                "another format, such as large print, easy read or another language."
            </p>
            <h2 class="heading-m">"Enforcement procedure"</h2>
            <p class="body">
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
                "accessibility regulations. If you are not happy with how we respond to your complaint, "
                "contact the Equality Advisory and Support Service (EASS)."
            </p>
        </Page>
    }
}

/// `/privacy`: what we collect and why.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let force = use_context::<SiteConfig>().unwrap_or_default().force_name;
    view! {
        <Page title="Privacy notice">
            <p class="body">
                {format!("{force} is the controller for the information you give in this service. ")}
                "We use it to record and investigate the crime you report, to keep you informed, and, "
                "only if you agree, to refer you to services that support victims."
            </p>
            <h2 class="heading-m">"Our lawful basis"</h2>
            <p class="body">
                "We process your information for law enforcement purposes under Part 3 of the Data "
                "Protection Act 2018."
            </p>
            <h2 class="heading-m">"Who we share it with"</h2>
            <p class="body">
                "We share your details with a support service only when you have agreed to that service. "
                "We may share information with other parts of the criminal justice system, such as the "
                "Crown Prosecution Service, when the law requires it."
            </p>
            <h2 class="heading-m">"How long we keep it"</h2>
            <p class="body">
                "We keep crime records for as long as the law on police records requires. An unfinished "
                "report you saved is deleted when it expires."
            </p>
            <h2 class="heading-m">"Your rights"</h2>
            <p class="body">
                "You can ask to see the information we hold about you. You can complain to the "
                "Information Commissioner's Office if you are unhappy with how we use it."
            </p>
        </Page>
    }
}

/// `/cookies`: the service sets essential cookies only.
#[component]
pub fn CookiesPage() -> impl IntoView {
    let site = use_context::<SiteConfig>().unwrap_or_default();
    view! {
        <Page title="Cookies">
            <p class="body">
                "Cookies are small files saved on your phone, tablet or computer when you visit a website."
            </p>
            <p class="body">
                "This service uses only essential cookies. They keep your report safe while you use the "
                "service and are deleted when they expire. On a secure connection the cookie\u{2019}s name "
                "starts with __Host-. We do not use cookies to track "
                "you, to measure how you use the service or for advertising, so we do not ask for your "
                "consent."
            </p>
            <table class="table">
                <caption class="table__caption">"Essential cookies"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Purpose"</th>
                        <th scope="col">"Expires"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>"portal-draft"</td>
                        <td>"Keeps the report you are filling in linked to this browser, so your answers are not lost; after you send it, lets this browser show your tracking code for a short time"</td>
                        <td>{format!(
                            "{} days after you last saved an answer, or {} after you send your report",
                            site.draft_days,
                            rules::tracking::minutes_in_words(site.receipt_minutes)
                        )}</td>
                    </tr>
                    <tr>
                        <td>"portal-draft-link"</td>
                        <td>"Holds the link from your email to a saved report until you press \u{2018}Continue your report\u{2019}"</td>
                        <td>"10 minutes"</td>
                    </tr>
                    <tr>
                        <td>"portal-track"</td>
                        <td>"Keeps you signed in to check your report, and to that report only"</td>
                        <td>{format!(
                            "When you sign out or close your browser; we end it after {} minutes without activity, and {} hours at most",
                            site.track_idle_minutes, site.track_session_hours
                        )}</td>
                    </tr>
                    <tr>
                        <td>"portal-track-link"</td>
                        <td>"Holds the link from your email to your report until you press \u{2018}Continue to your report\u{2019}"</td>
                        <td>"10 minutes"</td>
                    </tr>
                    <tr>
                        <td>"portal-notice"</td>
                        <td>"After you send a form, lets the next page show what needs fixing with your answers as you typed them, or your code to continue a saved report; read once"</td>
                        <td>"When the next page is shown, or 10 minutes"</td>
                    </tr>
                </tbody>
            </table>
        </Page>
    }
}
