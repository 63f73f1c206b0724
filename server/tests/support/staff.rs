//! Staff in tests: accounts enrolled and signed in through the real pages with TOTP codes
//! computed here, and the outbox worked once.

use std::sync::Arc;

use reqwest::{Client, Response};
use rules::staff::Role;
use server::{
    clock::Clock,
    mail::Mailer,
    staff::{accounts, totp},
    track::audit::Actor,
};

use super::{
    journey::{client, location},
    SettableClock, TestApp,
};

pub const PASSWORD: &str = "correct horse battery staple";

pub fn between(page: &str, start: &str) -> String {
    page.split(start).nth(1).and_then(|rest| rest.split('<').next()).unwrap_or_default().to_string()
}

/// The secret shown on the enrolment page, as bytes.
pub fn secret_on(page: &str) -> Vec<u8> {
    let text = between(page, "class=\"secret-key\">").replace(' ', "");
    totp_rs::Secret::Encoded(text).to_bytes().expect("a base32 secret")
}

pub fn staff_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portal-staff="))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// A member of staff with a browser signed in, and their TOTP secret.
pub struct Staff {
    pub client: Client,
    pub secret: Vec<u8>,
    pub email: String,
}

/// Works the outbox once at the clock's time, mail to files.
pub async fn dispatch(app: &TestApp, clock: &SettableClock) {
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::files(dir.path().join("mail")).unwrap();
    super::smtp::dispatcher(&app.pool, mailer, Arc::new(clock.clone())).run_once().await.unwrap();
}

/// Adds an account with `role`, enrols it through the pages and signs it in.
pub async fn enrol_and_sign_in(app: &TestApp, clock: &SettableClock, email: &str, role: Role) -> Staff {
    let token = accounts::add(
        &app.pool,
        Actor::Operator("test"),
        email,
        role,
        chrono::Duration::hours(72),
        clock.now(),
    )
    .await
    .unwrap();
    let browser = client();
    let followed = browser.get(app.url(&format!("/staff/enrol/{}", token.0))).send().await.unwrap();
    assert_eq!(location(&followed), "/staff/enrol", "the token leaves the address bar");
    let page = browser.get(app.url("/staff/enrol")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<svg"), "the QR code is drawn on the server");
    let secret = secret_on(&page);
    let code = totp::code_at(&secret, totp::step_of(clock.now()));
    let enrolled = browser
        .post(app.url("/staff/enrol"))
        .form(&[("password", PASSWORD), ("confirm", PASSWORD), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&enrolled), "/staff/sign-in", "enrolled");
    // The code that confirmed the app was used: the next one signs in.
    clock.advance(chrono::Duration::seconds(30));
    sign_in(app, &browser, clock, email, &secret).await;
    Staff { client: browser, secret, email: email.into() }
}

pub async fn sign_in(app: &TestApp, browser: &Client, clock: &SettableClock, email: &str, secret: &[u8]) {
    let first = browser
        .post(app.url("/staff/sign-in"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&first), "/staff/sign-in/code");
    let password_session = staff_cookie(&first).expect("a session for the code step");
    let code = totp::code_at(secret, totp::step_of(clock.now()));
    let second =
        browser.post(app.url("/staff/sign-in/code")).form(&[("code", code.as_str())]).send().await.unwrap();
    assert_eq!(location(&second), "/staff", "signed in");
    let signed_in = staff_cookie(&second).expect("a new session");
    assert_ne!(password_session, signed_in, "the session id changes at sign-in");
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    server::on_db!(&app.pool, |e| sqlx::query_scalar(sql).fetch_one(e).await).unwrap()
}
