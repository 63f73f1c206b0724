//! The case page.

use leptos::prelude::*;

use super::{CaseView, ContactSummary, NextUpdateView, ReviewView, TimelineEntry, TrackAction};
use crate::{config::SiteConfig, layout::Page, summary_list::SummaryList};

impl ReviewView {
    /// Whether the victim may ask for a review now.
    pub fn may_ask(&self) -> bool {
        matches!(self, ReviewView::MayAsk { .. })
    }
}

/// The actions offered on the case page, in the order shown.
const ACTIONS: [TrackAction; 5] = [
    TrackAction::Information,
    TrackAction::Update,
    TrackAction::Contact,
    TrackAction::Review,
    TrackAction::Complaint,
];

/// A link to an action's page, its text given.
#[component]
fn ActionLink(action: TrackAction, text: &'static str) -> impl IntoView {
    view! { <a href=action.href() class="link">{text}</a> }
}

/// `/track/case`.
#[component]
pub fn CasePage() -> impl IntoView {
    let Some(view) = use_context::<CaseView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let may_ask = view.review.may_ask();
    view! {
        <Page title="Your report" exit=true caption=format!("Reference {}", view.reference)>
            {view.notice.map(|notice| view! { <SuccessBanner notice/> })}
            <p class="body-l">{format!("{}, reported on {}", view.crime_type, view.reported_on)}</p>
            {view.question.map(|question| view! {
                <div class="inset-text">
                    <h2 class="heading-m">"We need more information from you"</h2>
                    <p class="body case-text">{question}</p>
                    <p class="body"><ActionLink action=TrackAction::Information text="Answer our question"/></p>
                </div>
            })}

            <h2 class="heading-m">"Where your report is now"</h2>
            <p class="body"><strong class="tag">{view.stage_title}</strong></p>
            <p class="body">{view.stage_explanation}</p>

            <h2 class="heading-m">"When you will hear from us next"</h2>
            <NextUpdate next_update=view.next_update/>

            <h2 class="heading-m">"Contact us"</h2>
            <p class="body">{view.contact_team}</p>

            <h2 class="heading-m">"What has happened"</h2>
            <Timeline entries=view.timeline/>

            <h2 class="heading-m">"What you can do"</h2>
            <ul class="list">
                {ACTIONS
                    .iter()
                    .filter(|&&action| may_ask || action != TrackAction::Review)
                    .map(|&action| view! { <li><ActionLink action text=action.title()/></li> })
                    .collect_view()}
            </ul>

            <h2 class="heading-m">"Your rights"</h2>
            <Rights enhanced=view.enhanced_rights review=view.review/>

            <h2 class="heading-m">"How we contact you"</h2>
            <HowWeContactYou contact=view.contact/>

            <form method="post" action="/track/sign-out" novalidate>
                <p class="body">"If you are using a shared device, sign out when you have finished."</p>
                <button type="submit" class="button button--secondary">"Sign out"</button>
            </form>
        </Page>
    }
    .into_any()
}

/// The confirmation after an action.
#[component]
fn SuccessBanner(notice: String) -> impl IntoView {
    view! {
        <div class="notification-banner notification-banner--success" role="alert" aria-labelledby="notice-title">
            <div class="notification-banner__header">
                <h2 class="notification-banner__title" id="notice-title">"Success"</h2>
            </div>
            <div class="notification-banner__content">
                <h3 class="notification-banner__heading">{notice}</h3>
            </div>
        </div>
    }
}

#[component]
fn NextUpdate(next_update: Option<NextUpdateView>) -> impl IntoView {
    match next_update {
        None => view! {
            <p class="body">"We will contact you if there is any news about your report."</p>
        }
        .into_any(),
        Some(NextUpdateView { due, about, late: false }) => view! {
            <p class="body">"By "<strong>{due}</strong>", we will tell you "{about}"."</p>
        }
        .into_any(),
        Some(NextUpdateView { due, about, late: true }) => view! {
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p class="warning-text__text">
                    <span class="visually-hidden">"Warning: "</span>
                    {format!("We said we would tell you {about}. This was due by {due}. We are sorry it is late.")}
                </p>
            </div>
            <p class="body">
                "You can "<ActionLink action=TrackAction::Update text="ask for an update"/>
                " or call 101 and give your crime reference number."
            </p>
        }
        .into_any(),
    }
}

/// Newest first, as given.
#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="body">"Nothing has been added yet."</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|entry| view! {
                    <li class="timeline__item">
                        <h3 class="timeline__title">{entry.title}</h3>
                        <p class="timeline__date">{entry.date}</p>
                        {entry.detail.map(|detail| view! { <p class="body">{detail}</p> })}
                    </li>
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The Victims' Code as it applies to this report: enhanced rights, the Right to Review and
/// complaints.
#[component]
fn Rights(enhanced: bool, review: ReviewView) -> impl IntoView {
    let victims_code = use_context::<SiteConfig>().unwrap_or_default().links.victims_code;
    view! {
        {enhanced.then(|| view! {
            <p class="body">
                "You are entitled to enhanced rights under the Victims' Code. This means you get more support "
                "and faster updates from us."
            </p>
        })}
        {match review {
            ReviewView::NotAvailable => ().into_any(),
            ReviewView::MayAsk { until } => view! {
                <p class="body">
                    {format!(
                        "We decided not to take further action. You have the right to ask for this decision \
                         to be reviewed until {until}."
                    )}
                </p>
                <p class="body">
                    <ActionLink action=TrackAction::Review text="Ask for a review of our decision"/>
                </p>
            }
            .into_any(),
            ReviewView::Asked { on, acknowledge_by, decide_by } => view! {
                <p class="body">{format!("You asked for a review on {on}.")}</p>
                {acknowledge_by.map(|date| view! {
                    <p class="body">{format!("We will confirm we have your request by {date}.")}</p>
                })}
                {decide_by.map(|date| view! {
                    <p class="body">{format!("We will tell you the result by {date}.")}</p>
                })}
            }
            .into_any(),
            ReviewView::TooLate { ended } => view! {
                <p class="body">{format!("The time to ask for a review ended on {ended}.")}</p>
            }
            .into_any(),
        }}
        <p class="body">
            "You can "<ActionLink action=TrackAction::Complaint text="make a complaint"/>
            " if you are unhappy with the service you have had, or with how your report was handled."
        </p>
        <ul class="list">
            <li><a href="/your-rights" class="link">"Read about your rights as a victim of crime"</a></li>
            <li>
                <a href=victims_code class="link" rel="noreferrer">"Read about the Victims' Code on our website"</a>
            </li>
        </ul>
    }
}

#[component]
fn HowWeContactYou(contact: ContactSummary) -> impl IntoView {
    let ways = if contact.channels.is_empty() {
        "None chosen. Call 101 to agree a safe way to contact you.".into_any()
    } else {
        view! {
            <ul class="list">
                {contact
                    .channels
                    .into_iter()
                    .map(|(channel, safe)| {
                        let safety = if safe { "(safe to use)" } else { "(not safe \u{2013} we will not use it)" };
                        view! { <li>{format!("{} {safety}", channel.label())}</li> }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let rows = vec![
        ("Ways to contact you", ways),
        ("How often", contact.frequency.label().into_any()),
        ("Best times", contact.safe_times.unwrap_or_else(|| "No preference".into()).into_any()),
    ];
    view! { <SummaryList rows change=TrackAction::Contact.href() what="how we contact you"/> }
}
