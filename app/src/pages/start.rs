//! The start page of the service (GOV.UK "start page" pattern).

use leptos::prelude::*;

use crate::layout::Page;

/// `/`: what the service is for, when not to use it, and the way in.
#[component]
pub fn StartPage() -> impl IntoView {
    view! {
        <Page title="Report a crime online">
            <div class="warning-text" role="note">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p class="warning-text__text">
                    <strong>
                        "If you or someone else is in immediate danger, or the crime is happening now, call 999. "
                        "If you are deaf or hard of hearing, use text relay on 18000."
                    </strong>
                </p>
            </div>
            <p class="body">"Use this service to tell the police about a crime that is not an emergency."</p>
            <p class="body">"You can report things like:"</p>
            <ul class="list list--bullet">
                <li>"theft of or from a vehicle"</li>
                <li>"bicycle theft"</li>
                <li>"theft from a person, such as a stolen phone or bag"</li>
                <li>"other theft"</li>
                <li>"criminal damage to a vehicle or property, including graffiti"</li>
            </ul>
            <p class="body">
                "When you report, we will tell you your rights as a victim of crime and give you a "
                "crime reference number."
            </p>
            <h2 class="heading-m">"Before you start"</h2>
            <p class="body">"It takes about 15 minutes. It helps to have:"</p>
            <ul class="list list--bullet">
                <li>"when and where it happened"</li>
                <li>"a description of anything stolen or damaged, with serial numbers if you have them"</li>
                <li>"details of anyone you saw, and of any witnesses or camera footage"</li>
            </ul>
            <p class="body">"You can save your answers and come back later."</p>
            <a href="/report" role="button" draggable="false" class="button button--start">
                "Start now"
                <svg class="button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                    <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                </svg>
            </a>
            <h2 class="heading-m">"Already reported a crime?"</h2>
            <p class="body">
                <a href="/track" class="link">"Check your report"</a>
                " to see what is happening, when you will hear from us next, and to add information. "
                "You need your crime reference number and tracking code."
            </p>
            <h2 class="heading-m">"Your rights"</h2>
            <p class="body">
                "Every victim of crime has rights under the Code of Practice for Victims of Crime. "
                <a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a>"."
            </p>
            <h2 class="heading-m">"Other ways to report"</h2>
            <p class="body">"You can also call 101, or visit a police station."</p>
        </Page>
    }
}
