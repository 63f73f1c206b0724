use leptos::prelude::*;
use rules::wizard::{Agency, ReportingFor};

use crate::{form_controls::YesNo, pages::wizard::StepView};

/// What a service does, in a sentence.
fn what_it_does(agency: Agency) -> &'static str {
    match agency {
        Agency::VictimSupport => {
            "An independent charity that gives free, confidential emotional and practical help to victims \
             of crime."
        }
        Agency::DomesticViolence => {
            "Specialist support and advice to help you stay safe from domestic abuse."
        }
        Agency::MentalHealth => "Support if the crime, or anything else, is affecting your mental health.",
        Agency::SubstanceMisuse => "Confidential help and advice about drugs or alcohol.",
        Agency::ElderlyCare => "Help for older people to stay safe and well at home.",
        Agency::AntiSocialBehaviour => "Help with anti-social behaviour where you live.",
        Agency::ChildrenAndYoungPeople => "Support for children and young people affected by crime.",
        Agency::FireSafety => "A free visit from the fire service to help keep your home safe from fire.",
        Agency::ThinkFamily => {
            "Joined-up support for your whole family if you are dealing with more than one problem."
        }
        Agency::Debt => "Free, confidential advice about money and debt.",
        Agency::RestorativeJustice => {
            "A safe way to talk to, or write to, the person who did it, if you both agree. It is your choice."
        }
    }
}

/// The agency's name as it reads in the middle of a sentence ("a domestic abuse service").
fn in_sentence(agency: Agency) -> String {
    let label = agency.label();
    if label.starts_with("A ") || label.starts_with("The ") {
        let mut chars = label.chars();
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
    } else {
        label.to_string()
    }
}

/// Consent to pass the victim's details to each service their answers point to.
#[component]
pub fn Support() -> impl IntoView {
    let view = expect_context::<StepView>();
    view! {
        <p class="body">
            "Services outside the police can help you cope with what happened and recover from it. "
            "From your answers, these services may be able to help you."
        </p>
        <p class="body">"We will only pass your name and contact details to a service if you agree. That means:"</p>
        <ul class="list list--bullet">
            <li>"there is one question for each service, so you can choose which ones"</li>
            <li>"saying no will not change how we investigate the crime"</li>
            <li>"you can contact any of these services yourself later, even if you say no now"</li>
        </ul>
        {(view.reporting_for == ReportingFor::SomeoneElse).then(|| view! {
            <div class="inset-text">
                "You are reporting for someone else. Only say yes if they agree to us passing on their details."
            </div>
        })}
        {view
            .agencies
            .iter()
            .map(|&agency| {
                view! {
                    <YesNo
                        name=format!("consent-{}", agency.slug())
                        legend=format!("Can we pass your details to {}?", in_sentence(agency))
                        hint=what_it_does(agency)
                    />
                }
            })
            .collect_view()}
    }
}
