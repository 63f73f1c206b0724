//! Signing in (email and password, then the code), enrolment and the signed-out page.

use leptos::prelude::*;

use super::{StaffCodeView, StaffEnrolView, StaffPage, StaffSignInView};
use crate::form_controls::{ErrorSummary, TextInput};

/// `/staff/sign-in`.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let view = use_context::<StaffSignInView>().unwrap_or_default();
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    view! {
        <StaffPage title="Sign in" has_errors>
            {view.notice.map(|n| view! { <div class="inset-text"><p class="body">{n}</p></div> })}
            <ErrorSummary errors/>
            <p class="body">"For force staff only. Every case you open is recorded with your reason."</p>
            <form method="post" action="/staff/sign-in" novalidate>
                <TextInput name="email" label="Email address" input_type="email" autocomplete="username" spellcheck_off=true/>
                <TextInput name="password" label="Password" input_type="password" autocomplete="current-password"/>
                <button type="submit" class="button">"Continue"</button>
            </form>
            <p class="body">"Forgotten your password or lost your authenticator app? Ask an administrator to reset your account."</p>
        </StaffPage>
    }
}

/// `/staff/sign-in/code`.
#[component]
pub fn StaffCodePage() -> impl IntoView {
    let view = use_context::<StaffCodeView>().unwrap_or_default();
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    view! {
        <StaffPage title="Enter the code from your authenticator app" has_errors>
            <ErrorSummary errors/>
            <form method="post" action="/staff/sign-in/code" novalidate>
                <TextInput
                    name="code"
                    label="Code"
                    hint="The 6-digit code your app shows now. Each code works once."
                    autocomplete="one-time-code"
                    input_mode="numeric"
                    width="5"
                    spellcheck_off=true
                />
                <button type="submit" class="button">"Sign in"</button>
            </form>
            <p class="body"><a class="link" href="/staff/sign-in">"Start again"</a></p>
        </StaffPage>
    }
}

/// `/staff/enrol`.
#[component]
pub fn StaffEnrolPage() -> impl IntoView {
    let view = use_context::<StaffEnrolView>().unwrap_or_default();
    if view.used {
        return view! {
            <StaffPage title="This link has been used or has expired">
                <p class="body">"Ask an administrator for a new link to set up your account."</p>
            </StaffPage>
        }
        .into_any();
    }
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    view! {
        <StaffPage title="Set up your account" has_errors caption=view.email.clone()>
            <ErrorSummary errors/>
            <form method="post" action="/staff/enrol" novalidate>
                <h2 class="heading-m">"1. Choose a password"</h2>
                <TextInput
                    name="password"
                    label="Password"
                    hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember. You will not be asked to change it."
                    input_type="password"
                    autocomplete="new-password"
                />
                <TextInput name="confirm" label="Type the password again" input_type="password" autocomplete="new-password"/>
                <h2 class="heading-m">"2. Set up your authenticator app"</h2>
                <p class="body">"Scan this QR code with an authenticator app on your work phone."</p>
                <div class="qr-code" role="img" aria-label="QR code for your authenticator app" inner_html=view.qr_svg></div>
                <p class="body">"If you cannot scan it, type this key into the app instead:"</p>
                <p class="body"><code class="secret-key">{view.secret_text}</code></p>
                <TextInput
                    name="code"
                    label="Code from the app"
                    hint="Enter the 6-digit code the app now shows for this account."
                    autocomplete="one-time-code"
                    input_mode="numeric"
                    width="5"
                    spellcheck_off=true
                />
                <button type="submit" class="button">"Set up account"</button>
            </form>
        </StaffPage>
    }
    .into_any()
}

/// `/staff/signed-out`.
#[component]
pub fn StaffSignedOutPage() -> impl IntoView {
    view! {
        <StaffPage title="You have signed out">
            <p class="body"><a class="link" href="/staff/sign-in">"Sign in again"</a></p>
        </StaffPage>
    }
}
