//! The staff workspace's forms as server functions: sign in (password, then code), enrol, sign
//! out, open a case with a reason, every decision on a case, and the accounts page. Each checks
//! the session and the permission on the server, calls one use case and answers with a redirect;
//! problems and answers as typed come back through a sealed notice (`web::flash`). Passwords and
//! codes are never sent back.

use leptos::{server, server_fn::error::ServerFnError};
use rules::{
    allocation::Team,
    staff::{Permission, Role},
    wizard::{Agency, FieldError, Form},
};

use super::{
    cookies::{STAFF_ENROL, STAFF_SESSION},
    flash::{self, Notice},
    form_post::{client, cookies as jar, failed, reply, state, FormPost, Posted},
};
use crate::{
    casework::{self, By, CaseworkError, Change},
    form_post,
    staff::{
        access::{self, Standing},
        accounts::{self, AccountError},
        case, StaffSession,
    },
    state::AppState,
    store,
    track::{access::error as problem, audit::Actor},
};

/// Leaves `notice` for `page` and redirects there.
async fn notice_then(state: &AppState, page: &str, notice: Notice) -> Result<(), ServerFnError> {
    let cookie = flash::leave(state, page, &notice).await.map_err(failed)?;
    reply().cookie(cookie).see_other(page)
}

/// The signed-in session with `permission`; otherwise redirects (to sign in, or to the 403
/// page) and gives `None`.
async fn session(state: &AppState, permission: Permission) -> Result<Option<StaffSession>, ServerFnError> {
    let token = STAFF_SESSION.get(state, &jar().await);
    match access::standing(state, token.as_deref()).await.map_err(failed)? {
        Standing::SignedIn(session) if session.may(permission) => Ok(Some(session)),
        Standing::SignedIn(_) => reply().see_other("/staff/forbidden").map(|_| None),
        Standing::Ended => {
            reply().remove(STAFF_SESSION.removal(state));
            reply().see_other("/staff/sign-in?signed-out=inactive").map(|_| None)
        }
        Standing::Password { .. } | Standing::None => reply().see_other("/staff/sign-in").map(|_| None),
    }
}

/// Email and password.
#[server(prefix = "/staff", endpoint = "sign-in", input = FormPost)]
pub async fn sign_in(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let typed = Form::from_pairs(form.0);
    let (email, password) = (typed.value("email"), typed.value("password"));
    match access::sign_in_password(&state, email, password, client().await).await.map_err(failed)? {
        Ok(token) => {
            reply().cookie(STAFF_SESSION.set(&state, token, None));
            reply().see_other("/staff/sign-in/code")
        }
        Err(errors) => {
            let form = Form::from_pairs([("email", email)]);
            notice_then(&state, "/staff/sign-in", Notice::answers(form, errors)).await
        }
    }
}

/// The code from the authenticator app.
#[server(prefix = "/staff/sign-in", endpoint = "code", input = FormPost)]
pub async fn sign_in_code(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let typed = Form::from_pairs(form.0);
    let token = STAFF_SESSION.get(&state, &jar().await).unwrap_or_default();
    let Standing::Password { account_id, .. } =
        access::standing(&state, Some(&token)).await.map_err(failed)?
    else {
        return reply().see_other("/staff/sign-in");
    };
    match access::sign_in_code(&state, account_id, &token, typed.value("code"), client().await)
        .await
        .map_err(failed)?
    {
        Ok(token) => {
            reply().cookie(STAFF_SESSION.set(&state, token, None));
            reply().see_other("/staff")
        }
        Err(errors) => {
            notice_then(&state, "/staff/sign-in/code", Notice::answers(Form::default(), errors)).await
        }
    }
}

/// Sign out: the session ends at once.
#[server(prefix = "/staff", endpoint = "sign-out", input = FormPost)]
pub async fn sign_out(form: Posted) -> Result<(), ServerFnError> {
    let _ = form;
    let state = state()?;
    let token = STAFF_SESSION.get(&state, &jar().await);
    access::sign_out(&state, token.as_deref(), client().await).await.map_err(failed)?;
    reply().remove(STAFF_SESSION.removal(&state)).see_other("/staff/signed-out")
}

/// Enrolment: the password twice and a code from the app.
#[server(prefix = "/staff", endpoint = "enrol", input = FormPost)]
pub async fn enrol(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let typed = Form::from_pairs(form.0);
    let token = STAFF_ENROL.get(&state, &jar().await).unwrap_or_default();
    let done = access::enrol(
        &state,
        &token,
        typed.value("password"),
        typed.value("confirm"),
        typed.value("code"),
        client().await,
    )
    .await
    .map_err(failed)?;
    match done {
        None => reply().remove(STAFF_ENROL.removal(&state)).see_other("/staff/enrol"),
        Some(Err(errors)) => {
            notice_then(&state, "/staff/enrol", Notice::answers(Form::default(), errors)).await
        }
        Some(Ok(())) => {
            reply().remove(STAFF_ENROL.removal(&state));
            let note = Some("Your account is set up. Sign in with your email address, your password and a new code from the app.".into());
            let notice =
                Notice::Answers { form: Form::default(), errors: Vec::new(), note, carried: Vec::new() };
            notice_then(&state, "/staff/sign-in", notice).await
        }
    }
}

/// The reference posted with a case's form, if it names a report.
async fn report_of(state: &AppState, typed: &Form) -> Result<Option<(String, i64)>, ServerFnError> {
    let Ok(reference) = rules::codes::Reference::parse(typed.value("reference")) else { return Ok(None) };
    let id = store::reports::id_by_reference(&state.pool, reference.as_str())
        .await
        .map_err(|e| failed(e.into()))?;
    Ok(id.map(|id| (reference.as_str().to_string(), id)))
}

/// "Open the report" with the reason for opening one not claimed.
#[server(prefix = "/staff/case", endpoint = "open", input = FormPost)]
pub async fn open_case(form: Posted) -> Result<(), ServerFnError> {
    let state = state()?;
    let Some(session) = session(&state, Permission::ViewQueue).await? else { return Ok(()) };
    let typed = Form::from_pairs(form.0);
    let Some((reference, report_id)) = report_of(&state, &typed).await? else {
        return reply().see_other("/staff");
    };
    let page = format!("/staff/case/{reference}");
    let reason = typed.value("reason").trim();
    if reason.chars().count() < 5 {
        let errors = vec![problem("reason", "Enter why you need to open this report, in a few words")];
        return notice_then(&state, &page, Notice::answers(typed.clone(), errors)).await;
    }
    if reason.chars().count() > 500 {
        let errors = vec![problem("reason", "Keep your reason to 500 characters or fewer")];
        return notice_then(&state, &page, Notice::answers(typed.clone(), errors)).await;
    }
    case::give_reason(&state.pool, &session, report_id, reason, state.clock.now())
        .await
        .map_err(|e| failed(e.into()))?;
    reply().see_other(&page)
}

/// Makes the change `make` reads from the form on the case it names, as the signed-in member of
/// staff; back to the case with a confirmation, or with the problem and what was typed.
async fn decide(
    form: Posted,
    action: &str,
    make: impl FnOnce(&Form, &AppState) -> Result<(Change, Option<String>), FieldError>,
) -> Result<(), ServerFnError> {
    let state = state()?;
    let Some(session) = session(&state, Permission::ViewQueue).await? else { return Ok(()) };
    let typed = Form::from_pairs(form.0);
    let Some((reference, report_id)) = report_of(&state, &typed).await? else {
        return reply().see_other("/staff");
    };
    let page = format!("/staff/case/{reference}");
    // A decision needs the same standing as a view: claimed, assigned, or a reason given.
    if case::standing_reason(&state.pool, &session, report_id).await.map_err(|e| failed(e.into()))?.is_none()
    {
        return reply().see_other(&page);
    }
    let (change, reason) = match make(&typed, &state) {
        Ok(made) => made,
        Err(error) => return notice_then(&state, &page, Notice::answers(typed.clone(), vec![error])).await,
    };
    let now = state.clock.now();
    let allocator = Some(state.allocator.as_ref());
    let by = By::Staff(&session);
    match casework::apply_as(&state.pool, by, &reference, &change, reason.as_deref(), allocator, now).await {
        Ok(()) if matches!(change, Change::Release | Change::Reassign(_)) => {
            reply().see_other("/staff?done=released")
        }
        Ok(()) => reply().see_other(&format!("{page}?done={action}")),
        Err(CaseworkError::Database(error)) => Err(failed(error.into())),
        Err(error) => {
            let field = match (&change, error.field()) {
                (Change::AnswerRequest { id, .. }, Some("answer")) => format!("answer-{id}"),
                (_, Some(field)) => field.to_string(),
                (_, None) => "reference".to_string(),
            };
            let errors = vec![problem(&field, sentence(&error.to_string()))];
            notice_then(&state, &page, Notice::answers(typed.clone(), errors)).await
        }
    }
}

/// `text` with a capital letter first.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn yes_no(typed: &Form, field: &str, question: &str) -> Result<bool, FieldError> {
    match typed.value(field) {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(problem(field, format!("Select yes or no: {question}"))),
    }
}

#[server(prefix = "/staff/case", endpoint = "claim", input = FormPost)]
pub async fn claim(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "claim", |_, _| Ok((Change::Claim, None))).await
}

#[server(prefix = "/staff/case", endpoint = "release", input = FormPost)]
pub async fn release(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "release", |_, _| Ok((Change::Release, None))).await
}

#[server(prefix = "/staff/case", endpoint = "reassign", input = FormPost)]
pub async fn reassign(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "reassign", |typed, _| {
        let to = typed.value("to").parse().map_err(|_| problem("to", "Choose who to give the report to"))?;
        Ok((Change::Reassign(to), None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "record", input = FormPost)]
pub async fn record(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "record", |_, _| Ok((Change::ConfirmRecorded, None))).await
}

#[server(prefix = "/staff/case", endpoint = "allocate", input = FormPost)]
pub async fn allocate(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "allocate", |typed, _| {
        let team =
            Team::from_slug(typed.value("team")).ok_or_else(|| problem("team", "Choose who investigates"))?;
        let reason = Some(typed.value("reason").trim().to_string()).filter(|r| !r.is_empty());
        Ok((Change::Allocate(team), reason))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "crime-type", input = FormPost)]
pub async fn crime_type(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "crime-type", |typed, _| {
        let crime_type = rules::wizard::CrimeType::from_slug(typed.value("crime-type"))
            .ok_or_else(|| problem("crime-type", "Choose the crime type to record"))?;
        Ok((Change::CrimeType(crime_type), None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "acknowledge", input = FormPost)]
pub async fn acknowledge(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "acknowledge", |typed, _| {
        let channel = rules::wizard::Channel::from_slug(typed.value("channel"))
            .ok_or_else(|| problem("channel", "Choose how you let the victim know"))?;
        Ok((Change::Acknowledged(channel), None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "file", input = FormPost)]
pub async fn file(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "file", |typed, _| {
        let victim_reason = typed.value("victim-reason").to_string();
        Ok((Change::FileAtSource { victim_reason: victim_reason.clone() }, Some(victim_reason)))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "return", input = FormPost)]
pub async fn return_to_victim(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "return", |typed, state| {
        let due = state.clock.now() + state.staff.info_reply;
        Ok((Change::ReturnToVictim { question: typed.value("question").to_string(), due }, None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "referral", input = FormPost)]
pub async fn referral(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "referral", |typed, _| {
        let agency = Agency::from_slug(typed.value("agency"))
            .ok_or_else(|| problem("agency", "Choose the service you passed the victim's details to"))?;
        Ok((Change::RecordReferral(agency), None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "update", input = FormPost)]
pub async fn update(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "update", |typed, _| Ok((Change::Update(typed.value("message").to_string()), None))).await
}

#[server(prefix = "/staff/case", endpoint = "no-further-action", input = FormPost)]
pub async fn no_further_action(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "no-further-action", |typed, _| {
        let suspect_interviewed = yes_no(typed, "suspect-interviewed", "was a suspect interviewed?")?;
        let reason = typed.value("nfa-reason").to_string();
        Ok((Change::NoFurtherAction { suspect_interviewed, reason }, None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "answer", input = FormPost)]
pub async fn answer(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "answer", |typed, _| {
        let id: i64 =
            typed.value("request").parse().map_err(|_| problem("reference", "That request was not found"))?;
        let answer = typed.value(&format!("answer-{id}")).to_string();
        Ok((Change::AnswerRequest { id, answer }, None))
    })
    .await
}

#[server(prefix = "/staff/case", endpoint = "review", input = FormPost)]
pub async fn review(form: Posted) -> Result<(), ServerFnError> {
    decide(form, "review", |typed, _| {
        let upheld = yes_no(typed, "upheld", "is the request for a review upheld?")?;
        let reason = typed.value("review-reason").to_string();
        Ok((Change::DecideReview { upheld, reason }, None))
    })
    .await
}

/// An account change on the accounts page, by a signed-in administrator.
async fn account_change(form: Posted, change: &str) -> Result<(), ServerFnError> {
    let state = state()?;
    let Some(session) = session(&state, Permission::ManageAccounts).await? else { return Ok(()) };
    let typed = Form::from_pairs(form.0);
    let email = typed.value("email").to_string();
    let (now, by, lifetime) =
        (state.clock.now(), Actor::Staff(session.account_id), state.staff.enrolment_lifetime);
    let done: Result<Option<accounts::EnrolmentToken>, AccountError> = match change {
        "add" => match Role::from_slug(typed.value("role")) {
            Some(role) => accounts::add(&state.pool, by, &email, role, lifetime, now).await.map(Some),
            None => {
                let errors = vec![problem("role", "Choose a role for the account")];
                return notice_then(&state, "/staff/accounts", Notice::answers(typed.clone(), errors)).await;
            }
        },
        "reset" => accounts::reset(&state.pool, by, &email, lifetime, now).await.map(Some),
        "disable" if crate::staff::normalise_email(&email) == session.email => {
            let errors =
                vec![problem("email", "You cannot disable your own account. Ask another administrator")];
            return notice_then(&state, "/staff/accounts", Notice::answers(Form::default(), errors)).await;
        }
        "disable" => accounts::set_disabled(&state.pool, by, &email, true, now).await.map(|_| None),
        _ => accounts::set_disabled(&state.pool, by, &email, false, now).await.map(|_| None),
    };
    match done {
        Ok(Some(token)) => {
            let notice = Notice::EnrolmentLink {
                email: crate::staff::normalise_email(&email),
                link: token.link(&state.public_base),
            };
            notice_then(&state, "/staff/accounts", notice).await
        }
        Ok(None) => reply().see_other("/staff/accounts"),
        Err(AccountError::Database(error)) => Err(failed(error.into())),
        Err(error) => {
            let errors = vec![problem("email", error.to_string())];
            notice_then(&state, "/staff/accounts", Notice::answers(typed.clone(), errors)).await
        }
    }
}

#[server(prefix = "/staff/accounts", endpoint = "add", input = FormPost)]
pub async fn add_account(form: Posted) -> Result<(), ServerFnError> {
    account_change(form, "add").await
}

#[server(prefix = "/staff/accounts", endpoint = "reset", input = FormPost)]
pub async fn reset_account(form: Posted) -> Result<(), ServerFnError> {
    account_change(form, "reset").await
}

#[server(prefix = "/staff/accounts", endpoint = "disable", input = FormPost)]
pub async fn disable_account(form: Posted) -> Result<(), ServerFnError> {
    account_change(form, "disable").await
}

#[server(prefix = "/staff/accounts", endpoint = "enable", input = FormPost)]
pub async fn enable_account(form: Posted) -> Result<(), ServerFnError> {
    account_change(form, "enable").await
}

/// Registers every server function of the workspace.
pub fn register() {
    use leptos::server_fn::axum::register_explicit as r;
    r::<SignIn>();
    r::<SignInCode>();
    r::<SignOut>();
    r::<Enrol>();
    r::<OpenCase>();
    r::<Claim>();
    r::<Release>();
    r::<Reassign>();
    r::<Record>();
    r::<Allocate>();
    r::<CrimeType>();
    r::<Acknowledge>();
    r::<File>();
    r::<ReturnToVictim>();
    r::<Referral>();
    r::<Update>();
    r::<NoFurtherAction>();
    r::<Answer>();
    r::<Review>();
    r::<AddAccount>();
    r::<ResetAccount>();
    r::<DisableAccount>();
    r::<EnableAccount>();
}

form_post!(
    SignIn,
    SignInCode,
    SignOut,
    Enrol,
    OpenCase,
    Claim,
    Release,
    Reassign,
    Record,
    Allocate,
    CrimeType,
    Acknowledge,
    File,
    ReturnToVictim,
    Referral,
    Update,
    NoFurtherAction,
    Answer,
    Review,
    AddAccount,
    ResetAccount,
    DisableAccount,
    EnableAccount,
);
