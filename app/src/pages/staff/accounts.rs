//! `/staff/accounts`: administrators add, reset, disable and enable staff accounts.

use leptos::prelude::*;

use super::{StaffAccountsView, StaffPage};
use crate::form_controls::{ErrorSummary, Radios, TextInput};

#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let Some(view) = use_context::<StaffAccountsView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    let roles = vec![
        ("reviewer", "Reviewer: reviews reports and answers victims".to_string()),
        (
            "supervisor",
            "Supervisor: also reassigns, files reports marked for review, decides reviews".to_string(),
        ),
        ("admin", "Administrator: manages accounts only, sees no cases".to_string()),
    ];
    view! {
        <StaffPage title="Staff accounts" nav=view.nav.clone() has_errors>
            <ErrorSummary errors/>
            {view.notice.map(|n| view! { <div class="inset-text"><p class="body">{n}</p></div> })}
            {view.new_link.map(|(email, link)| view! {
                <div class="panel panel--confirmation">
                    <h2 class="panel__title">"Enrolment link"</h2>
                    <div class="panel__body">
                        <p>{format!("Give this link to {email} in person or by their work email. It works once, and we will not show it again.")}</p>
                        <p><code class="secret-key">{link}</code></p>
                    </div>
                </div>
            })}
            <table class="table">
                <caption class="table__caption visually-hidden">"Accounts"</caption>
                <thead><tr><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Status"</th><th scope="col">"Change"</th></tr></thead>
                <tbody>
                    {view.accounts.into_iter().map(|acc| {
                        let (action, label) = if acc.disabled { ("enable", "Enable") } else { ("disable", "Disable") };
                        view! {
                            <tr>
                                <td>{acc.email.clone()}</td>
                                <td>{acc.role}</td>
                                <td>{acc.status}</td>
                                <td>
                                    <form method="post" action=format!("/staff/accounts/{action}") novalidate class="inline-form">
                                        <input type="hidden" name="email" value=acc.email.clone()/>
                                        <button type="submit" class="button button--secondary button--small">
                                            {label}<span class="visually-hidden">{format!(" {}", acc.email)}</span>
                                        </button>
                                    </form>
                                    <form method="post" action="/staff/accounts/reset" novalidate class="inline-form">
                                        <input type="hidden" name="email" value=acc.email.clone()/>
                                        <button type="submit" class="button button--warning button--small">
                                            "Reset"<span class="visually-hidden">{format!(" {}", acc.email)}</span>
                                        </button>
                                    </form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2 class="heading-m">"Add an account"</h2>
            <form method="post" action="/staff/accounts/add" novalidate>
                <TextInput name="email" label="Work email address" input_type="email" spellcheck_off=true/>
                <Radios name="role" legend="Role" options=roles/>
                <button type="submit" class="button">"Add account"</button>
            </form>
        </StaffPage>
    }
    .into_any()
}
