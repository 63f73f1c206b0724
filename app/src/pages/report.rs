//! `/report`: where the online report begins.

use leptos::prelude::*;

use crate::layout::Page;

/// The way into reporting. Until the online form opens, this page gives the other ways to report.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! {
        <Page title="Report a crime" exit=true>
            <p class="body">"Online reporting is not open yet. You can report a crime now in these ways."</p>
            <h2 class="heading-m">"If it is an emergency"</h2>
            <p class="body">
                "Call 999 if someone is in immediate danger or the crime is happening now. If you are deaf "
                "or hard of hearing, use text relay on 18000."
            </p>
            <h2 class="heading-m">"If it is not an emergency"</h2>
            <ul class="list list--bullet">
                <li>"call 101"</li>
                <li>"visit a police station"</li>
            </ul>
            <p class="body">
                <a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a>
            </p>
        </Page>
    }
}
