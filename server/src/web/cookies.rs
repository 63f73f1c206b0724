//! The site's cookies, each HttpOnly on `/`, with `Secure` and the `__Host-` prefix when the
//! public reaches us over TLS. Each holds a random token; only its digest is stored.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::state::AppState;

/// One of the site's cookies.
#[derive(Clone, Copy, Debug)]
pub struct SiteCookie {
    name: &'static str,
    host_name: &'static str,
    same_site: SameSite,
}

/// An unfinished report (kept for the draft period).
pub const DRAFT: SiteCookie =
    SiteCookie { name: "portal-draft", host_name: "__Host-portal-draft", same_site: SameSite::Lax };
/// A followed link to a saved report, until "Continue" uses it (arrives from an email: Lax).
pub const DRAFT_LINK: SiteCookie =
    SiteCookie { name: "portal-draft-link", host_name: "__Host-portal-draft-link", same_site: SameSite::Lax };
/// A tracking session. Strict: every request after sign-in comes from the service's own pages.
pub const TRACK_SESSION: SiteCookie =
    SiteCookie { name: "portal-track", host_name: "__Host-portal-track", same_site: SameSite::Strict };
/// A followed link to the tracking page, until "Continue" uses it (arrives from an email: Lax).
pub const TRACK_LINK: SiteCookie =
    SiteCookie { name: "portal-track-link", host_name: "__Host-portal-track-link", same_site: SameSite::Lax };
/// A followed link to the satisfaction survey, until the survey is answered (arrives from an
/// email: Lax).
pub const SURVEY_LINK: SiteCookie =
    SiteCookie { name: "portal-survey", host_name: "__Host-portal-survey", same_site: SameSite::Lax };

/// What a form post leaves for the page it redirects to (problems with the answers, a code to
/// show once). Strict: only the service's own pages post to it.
pub const FLASH: SiteCookie =
    SiteCookie { name: "portal-notice", host_name: "__Host-portal-notice", same_site: SameSite::Strict };

/// How long a followed link waits in its cookie for "Continue".
pub const LINK_WAIT: time::Duration = time::Duration::minutes(10);

/// How long a followed survey link waits in its cookie for the answers: time to answer four
/// questions and write a comment, with a break.
pub const SURVEY_WAIT: time::Duration = time::Duration::minutes(60);

impl SiteCookie {
    fn name(self, state: &AppState) -> &'static str {
        if state.secure_cookies {
            self.host_name
        } else {
            self.name
        }
    }

    /// The token in the request's cookie, if any.
    pub fn get(self, state: &AppState, jar: &CookieJar) -> Option<String> {
        jar.get(self.name(state)).map(|c| c.value().to_string())
    }

    /// The cookie holding `value`, kept for `max_age` or, without it, until the browser closes.
    pub fn set(self, state: &AppState, value: String, max_age: Option<time::Duration>) -> Cookie<'static> {
        let mut cookie = Cookie::build((self.name(state), value))
            .path("/")
            .http_only(true)
            .secure(state.secure_cookies)
            .same_site(self.same_site);
        if let Some(max_age) = max_age {
            cookie = cookie.max_age(max_age);
        }
        cookie.build()
    }

    /// Removes the cookie from the browser. The removal carries the cookie's own attributes:
    /// browsers ignore a `__Host-` cookie (and so its removal) without `Secure` and `Path=/`.
    pub fn removal(self, state: &AppState) -> Cookie<'static> {
        Cookie::build((self.name(state), ""))
            .path("/")
            .http_only(true)
            .secure(state.secure_cookies)
            .same_site(self.same_site)
            .build()
    }
}

/// A staff session (the password step, then the signed-in session). Strict: every request comes
/// from the workspace's own pages.
pub const STAFF_SESSION: SiteCookie =
    SiteCookie { name: "portal-staff", host_name: "__Host-portal-staff", same_site: SameSite::Strict };
/// A followed enrolment link, until the enrolment form uses it (arrives from outside: Lax).
pub const STAFF_ENROL: SiteCookie = SiteCookie {
    name: "portal-staff-enrol",
    host_name: "__Host-portal-staff-enrol",
    same_site: SameSite::Lax,
};
