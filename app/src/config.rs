//! What the pages need to know about the force running the portal. Loaded once by the server from
//! its configuration and provided to every render through context.

use rules::wizard::CrimeType;
use serde::{Deserialize, Serialize};

/// The force-specific facts shown on pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteConfig {
    /// The force's name, e.g. "Midshire Police".
    pub force_name: String,
    /// Public links, each configurable because every force has its own pages.
    pub links: Links,
    /// The crimes this force takes online.
    pub online_crime_types: Vec<CrimeType>,
    /// How many days an unfinished report is kept.
    pub draft_days: u32,
    /// How many minutes the confirmation page shows the tracking code after sending.
    pub receipt_minutes: u32,
    /// How many minutes an emailed link to the tracking page works.
    pub track_link_minutes: u32,
    /// How many minutes without a request end a tracking session.
    pub track_idle_minutes: u32,
    /// How many hours after sign-in a tracking session ends, however active.
    pub track_session_hours: u32,
}

/// External links shown to victims. None of them is fetched by the portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    /// The force's Victims' Code page.
    pub victims_code: String,
    /// The "Giving Victims a Voice" video.
    pub video: String,
    /// Victim Support's page on Victim Personal Statements.
    pub victim_personal_statement: String,
    /// Where "Exit this page" takes the visitor: a neutral site.
    pub exit_page: String,
}

impl SiteConfig {
    /// The name of the service as shown in the header and in page titles.
    pub const SERVICE_NAME: &'static str = "Report a crime online";

    /// How long an emailed link to the tracking page works, in words: "1 hour", "90 minutes".
    pub fn track_link_lifetime(&self) -> String {
        rules::tracking::minutes_in_words(self.track_link_minutes)
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            force_name: "Midshire Police".into(),
            links: Links {
                victims_code:
                    "https://www.west-midlands.police.uk/services/code-of-practice-for-victims-of-crime"
                        .into(),
                video: "https://youtu.be/v1ZihA9CKi4".into(),
                victim_personal_statement:
                    "https://www.victimsupport.org.uk/help-and-support/your-rights/victim-personal-statements"
                        .into(),
                exit_page: "https://www.bbc.co.uk/weather".into(),
            },
            online_crime_types: CrimeType::ALL.to_vec(),
            draft_days: 14,
            receipt_minutes: 10,
            track_link_minutes: 60,
            track_idle_minutes: 30,
            track_session_hours: 4,
        }
    }
}
