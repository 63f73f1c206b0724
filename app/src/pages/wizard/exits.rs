//! Where the suitability check sends people the online service is not right for. These pages
//! store nothing.

use leptos::prelude::*;

use crate::layout::Page;

/// Someone is in danger or the crime is happening now.
#[component]
pub fn Call999Page() -> impl IntoView {
    view! {
        <Page title="Call 999 now" exit=true>
            <div class="warning-text" role="alert">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p class="warning-text__text">
                    <strong>"If anyone is in immediate danger, or the crime is happening now, call 999."</strong>
                </p>
            </div>
            <p class="body">
                "If you are deaf, hard of hearing or speech-impaired, use text relay on 18000, or text 999 "
                "if you have registered with emergencySMS."
            </p>
            <p class="body">"If you cannot speak, call 999, then press 55 when asked. This lets the operator know it is a real emergency."</p>
            <p class="body">"Nothing you entered here has been kept."</p>
        </Page>
    }
}

/// Fraud is reported to the national service.
#[component]
pub fn FraudPage() -> impl IntoView {
    view! {
        <Page title="Report fraud to the national fraud reporting service" exit=true>
            <p class="body">
                "Fraud and scams, including online shopping fraud and cyber crime, are reported to Report Fraud "
                "(formerly Action Fraud), the national fraud and cyber crime reporting service."
            </p>
            <p class="body">
                <a href="https://www.actionfraud.police.uk" class="link" rel="noreferrer">"Report fraud online"</a>
                " or call 0300 123 2040."
            </p>
            <p class="body">"If you have lost money, contact your bank straight away."</p>
            <p class="body"><a href="/report/suitability" class="link">"Go back and report a different crime"</a></p>
        </Page>
    }
}

/// A crime this force does not take online.
#[component]
pub fn NotOnlinePage() -> impl IntoView {
    view! {
        <Page title="Report this crime another way" exit=true>
            <p class="body">"You cannot report this crime online yet. You can report it:"</p>
            <ul class="list list--bullet">
                <li>"by calling 101"</li>
                <li>"by using live chat on our website"</li>
                <li>"at a police station"</li>
            </ul>
            <p class="body">"If you are deaf, hard of hearing or speech-impaired, use text relay on 18001 101."</p>
            <p class="body">"In an emergency, call 999."</p>
            <p class="body"><a href="/report/suitability" class="link">"Go back and choose a different crime"</a></p>
        </Page>
    }
}

/// A child under 16 reporting alone.
#[component]
pub fn UnderSixteenPage() -> impl IntoView {
    view! {
        <Page title="Ask an adult you trust to help you report this" exit=true>
            <p class="body">
                "You are not in trouble, and you were right to want to tell us. Because you are under 16, "
                "we need an adult to help with this report."
            </p>
            <p class="body">
                "Ask a parent, carer, teacher or another adult you trust. They can report it for you: "
                "they choose \u{2018}Someone else\u{2019} when asked who they are reporting for."
            </p>
            <h2 class="heading-m">"If you want to talk to someone now"</h2>
            <p class="body">
                "Childline is free and confidential. Call 0800 1111 or visit "
                <a href="https://www.childline.org.uk" class="link" rel="noreferrer">"childline.org.uk"</a>"."
            </p>
            <p class="body">"If you are in danger, call 999."</p>
        </Page>
    }
}
