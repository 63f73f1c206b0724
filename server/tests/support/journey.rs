//! The reporting journey as a browser without JavaScript sends it.

use reqwest::{header, Client, Response, StatusCode};

use super::TestApp;

pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn post(app: &TestApp, client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    if !pairs.iter().any(|(k, _)| *k == "action") {
        pairs.push(("action", "continue"));
    }
    client.post(app.url(path)).form(&pairs).send().await.unwrap()
}

pub fn location(response: &Response) -> String {
    response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// After a post: checks it redirected (303, post/redirect/get) and follows the redirect as a
/// browser would, returning the page it leads to.
pub async fn follow(app: &TestApp, client: &Client, response: Response) -> Response {
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "a post always redirects");
    let to = location(&response);
    assert!(to.starts_with('/'), "redirects stay on the site: {to}");
    client.get(app.url(&to)).send().await.unwrap()
}

/// Every step of a bicycle theft reported by the victim, in order.
pub fn journey() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "suitability",
            vec![
                ("danger", "no"),
                ("crime-type", "bicycle-theft"),
                ("reporting-for", "myself"),
                ("over-16", "yes"),
            ],
        ),
        (
            "when-it-happened",
            vec![
                ("when-known", "exact"),
                ("date-day", "3"),
                ("date-month", "2"),
                ("date-year", "2025"),
                ("time", ""),
            ],
        ),
        (
            "where-it-happened",
            vec![
                ("location", "Bike racks outside the library, High Street"),
                ("location-postcode", "b1 1bb"),
            ],
        ),
        (
            "what-happened",
            vec![(
                "description",
                "My bike was locked up and had gone when I came back. <script>alert(1)</script>",
            )],
        ),
        (
            "property",
            vec![
                ("has-property", "yes"),
                ("property-description", "Red Raleigh bike"),
                ("property-value", "450"),
                ("property-identifiers", "Frame WTU123456"),
            ],
        ),
        ("suspect", vec![("suspect-seen", "no")]),
        (
            "evidence",
            vec![("footage", "cctv"), ("witnesses", "no"), ("forensic", "not-sure"), ("tracking", "no")],
        ),
        (
            "about-you",
            vec![
                ("full-name", "Sam Patel"),
                ("dob-day", "3"),
                ("dob-month", "4"),
                ("dob-year", "1990"),
                ("email", "sam@example.com"),
                ("interpreter", "no"),
            ],
        ),
        ("your-needs", vec![("circumstances", "none"), ("support", "debt")]),
        ("support", vec![("consent-victim-support", "yes"), ("consent-debt", "no")]),
        ("your-rights", vec![("vps", "later"), ("rights-read", "yes")]),
        ("contact", vec![("channels", "email"), ("safe-email", "yes"), ("frequency", "when-news")]),
    ]
}

pub async fn answer_all(app: &TestApp, client: &Client) {
    for (slug, fields) in journey() {
        let response = post(app, client, &format!("/report/{slug}"), &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{slug}");
        assert_ne!(location(&response), format!("/report/{slug}"), "{slug} was refused");
    }
}

/// Sends the bicycle theft through the wizard with `client`; returns its reference and the
/// tracking code shown on the confirmation page.
pub async fn send_report(app: &TestApp, client: &Client) -> (String, String) {
    send_report_changed(app, client, |_, _| {}).await
}

/// Sends the bicycle theft with `description` as what happened; returns its reference and code.
pub async fn send_report_saying(app: &TestApp, client: &Client, description: &str) -> (String, String) {
    let description = description.to_string();
    send_report_changed(app, client, move |_, fields| {
        for field in fields.iter_mut() {
            if field.0 == "description" {
                field.1 = Box::leak(description.clone().into_boxed_str());
            }
        }
    })
    .await
}

/// Sends the bicycle theft with each page's answers changed by `edit`; returns its reference and
/// tracking code.
pub async fn send_report_changed(
    app: &TestApp,
    client: &Client,
    edit: impl Fn(&str, &mut Vec<(&'static str, &'static str)>),
) -> (String, String) {
    for (slug, mut fields) in journey() {
        edit(slug, &mut fields);
        let response = post(app, client, &format!("/report/{slug}"), &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{slug}");
        assert_ne!(location(&response), format!("/report/{slug}"), "{slug} was refused");
    }
    post(app, client, "/report/declaration", &[("declaration", "yes")]).await;
    let page = client.get(app.url("/report/confirmation")).send().await.unwrap().text().await.unwrap();
    let between = |start: &str| {
        page.split(start)
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("on the confirmation page")
            .to_string()
    };
    (between("class=\"reference\">"), between("class=\"tracking-code\">"))
}
