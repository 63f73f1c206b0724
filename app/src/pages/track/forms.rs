//! The actions' forms.

use leptos::prelude::*;

use super::{ActionView, TrackAction};
use crate::{
    form_controls::{ErrorSummary, FieldLimits, TextArea},
    layout::Page,
    pages::wizard::ContactQuestions,
};

impl TrackAction {
    /// The action's page, where its form also posts.
    pub fn href(self) -> String {
        format!("/track/case/{}", self.slug())
    }

    /// The words on the form's button.
    pub fn submit_label(self) -> &'static str {
        match self {
            TrackAction::Information => "Send information",
            TrackAction::Contact => "Save changes",
            TrackAction::Update => "Ask for an update",
            TrackAction::Review => "Ask for a review",
            TrackAction::Complaint => "Send complaint",
        }
    }
}

/// A form's main button, which a second click (with JavaScript) does not send twice.
#[component]
pub(super) fn SubmitButton(label: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="button" data-prevent-double-click="true">
            {label}
        </button>
    }
}

/// `/track/case/:action`.
#[component]
pub fn TrackActionPage() -> impl IntoView {
    let Some(view) = use_context::<ActionView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let action = view.action;
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    provide_context(FieldLimits::of_tracking_messages());
    view! {
        <Page
            title=action.title()
            exit=true
            has_errors
            back="/track/case"
            caption=format!("Reference {}", view.reference)
        >
            <ErrorSummary errors/>
            <form method="post" action=action.href() novalidate>
                {match action {
                    TrackAction::Information => view! { <Information/> }.into_any(),
                    TrackAction::Contact => view! { <ContactQuestions/> }.into_any(),
                    TrackAction::Update => view! { <Update answer_by=view.answer_by/> }.into_any(),
                    TrackAction::Review => view! { <Review decision_reason=view.decision_reason/> }.into_any(),
                    TrackAction::Complaint => view! { <Complaint/> }.into_any(),
                }}
                <SubmitButton label=action.submit_label()/>
            </form>
            <p class="body"><a href="/track/case" class="link">"Cancel and go back to your report"</a></p>
        </Page>
    }
    .into_any()
}

#[component]
fn Information() -> impl IntoView {
    view! {
        <p class="body">"Tell us anything that could help, for example:"</p>
        <ul class="list list--bullet">
            <li>"a serial number or a description of something that was taken"</li>
            <li>"where we could find camera footage, such as a doorbell, dashcam or shop camera"</li>
            <li>"the name or contact details of someone who saw what happened"</li>
            <li>"something you have remembered since you reported"</li>
        </ul>
        <TextArea
            name="details"
            label="What do you want to tell us?"
            rows=8
        />
    }
}

#[component]
fn Update(answer_by: Option<String>) -> impl IntoView {
    view! {
        <p class="body">"We will tell you where your report is and what happens next."</p>
        {answer_by.map(|date| view! { <p class="body">"We will answer by "<strong>{date}</strong>"."</p> })}
        <TextArea
            name="question"
            label="Is there anything in particular you want to know? (optional)"
        />
    }
}

#[component]
fn Review(decision_reason: Option<String>) -> impl IntoView {
    view! {
        {decision_reason.map(|reason| view! {
            <div class="inset-text">
                <p class="body">"The reason we gave: "{reason}</p>
            </div>
        })}
        <p class="body">
            "Under the Victims' Right to Review, you can ask us to look again at our decision not to take "
            "further action."
        </p>
        <p class="body">
            "A different officer, who was not involved in the decision, will look at it again. We will "
            "confirm we have your request within 10 working days, and tell you the result within 30 working days."
        </p>
        <TextArea
            name="reasons"
            label="Why do you think the decision should be looked at again?"
            rows=8
        />
    }
}

#[component]
fn Complaint() -> impl IntoView {
    view! {
        <p class="body">
            "You can complain about the service you have had from us, or about how you were treated."
        </p>
        <p class="body">"Making a complaint will not affect the investigation of your report."</p>
        <p class="body">
            "We will look into your complaint and tell you what we have found. If you are not satisfied with "
            "our answer, you can then ask the Independent Office for Police Conduct (IOPC) to review it."
        </p>
        <TextArea name="what-happened" label="What went wrong?" rows=8/>
        <TextArea
            name="put-right"
            label="What would put it right? (optional)"
        />
    }
}
