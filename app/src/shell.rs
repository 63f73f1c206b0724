//! The HTML document around every page and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::islands::{provide_islands_on_page, IslandScripts};
use crate::pages::staff::{
    StaffAccountsPage, StaffCasePage, StaffCodePage, StaffCompliancePage, StaffEnrolPage, StaffQueuePage,
    StaffRequestsPage, StaffSignInPage, StaffSignedOutPage,
};
use crate::pages::{
    AccessibilityPage, Call999Page, CasePage, ConfirmationPage, CookiesPage, FraudPage, LinkSentPage,
    NotFoundPage, NotOnlinePage, PrivacyPage, ResumeLinkPage, ResumePage, RightsPage, SavedPage, StartPage,
    SurveyPage, SurveyThankYouPage, TrackActionPage, TrackEmailLinkPage, TrackLinkSentPage, TrackLookupPage,
    TrackOpenLinkPage, TrackSignedOutPage, UnderSixteenPage, WizardPage,
};

/// The whole HTML document. The server renders it for every page; only islands hydrate, and only
/// pages with an island load the script and the WebAssembly bundle that hydrate them.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    provide_request_nonce();
    provide_islands_on_page();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB" class="no-js">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href="/pkg/portal.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <IslandScripts options/>
            </body>
        </html>
    }
}

/// The routed application inside `<body>`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=StartPage/>
                <Route path=path!("/report/call-999") view=Call999Page/>
                <Route path=path!("/report/fraud") view=FraudPage/>
                <Route path=path!("/report/another-way") view=NotOnlinePage/>
                <Route path=path!("/report/ask-an-adult") view=UnderSixteenPage/>
                <Route path=path!("/report/resume") view=ResumePage/>
                <Route path=path!("/report/resume/open") view=ResumeLinkPage/>
                <Route path=path!("/report/saved") view=SavedPage/>
                <Route path=path!("/report/link-sent") view=LinkSentPage/>
                <Route path=path!("/report/confirmation") view=ConfirmationPage/>
                <Route path=path!("/report/:step") view=WizardPage/>
                <Route path=path!("/track") view=TrackLookupPage/>
                <Route path=path!("/track/email-link") view=TrackEmailLinkPage/>
                <Route path=path!("/track/link-sent") view=TrackLinkSentPage/>
                <Route path=path!("/track/open") view=TrackOpenLinkPage/>
                <Route path=path!("/track/signed-out") view=TrackSignedOutPage/>
                <Route path=path!("/track/case") view=CasePage/>
                <Route path=path!("/track/case/:action") view=TrackActionPage/>
                <Route path=path!("/staff") view=StaffQueuePage/>
                <Route path=path!("/staff/sign-in") view=StaffSignInPage/>
                <Route path=path!("/staff/sign-in/code") view=StaffCodePage/>
                <Route path=path!("/staff/enrol") view=StaffEnrolPage/>
                <Route path=path!("/staff/signed-out") view=StaffSignedOutPage/>
                <Route path=path!("/staff/requests") view=StaffRequestsPage/>
                <Route path=path!("/staff/accounts") view=StaffAccountsPage/>
                <Route path=path!("/staff/compliance") view=StaffCompliancePage/>
                <Route path=path!("/staff/case/:reference") view=StaffCasePage/>
                <Route path=path!("/survey") view=SurveyPage/>
                <Route path=path!("/survey/thank-you") view=SurveyThankYouPage/>
                <Route path=path!("/your-rights") view=RightsPage/>
                <Route path=path!("/accessibility") view=AccessibilityPage/>
                <Route path=path!("/privacy") view=PrivacyPage/>
                <Route path=path!("/cookies") view=CookiesPage/>
            </Routes>
        </Router>
    }
}

/// Uses the nonce that the server's security-headers layer put in the request, so the inline
/// hydration script matches the `Content-Security-Policy` header sent with the page.
fn provide_request_nonce() {
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned())
    {
        provide_context(nonce);
    }
}
