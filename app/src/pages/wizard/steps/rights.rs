use leptos::prelude::*;
use rules::wizard::VpsChoice;

use super::options;
use crate::{
    form_controls::{Checkboxes, Radios},
    pages::wizard::StepView,
};

/// The Victims' Code rights that apply now, the Victim Personal Statement choice and confirmation
/// that the rights were read.
#[component]
pub fn Rights() -> impl IntoView {
    let view = expect_context::<StepView>();
    let links = use_context::<crate::SiteConfig>().unwrap_or_default().links;
    let enhanced = view.enhanced_reasons.clone();
    view! {
        <p class="body">
            "The Victims' Code sets out how the police and other services must treat victims of crime. "
            "You have these rights whether or not the crime is investigated, and whether or not anyone "
            "is charged. Now that you are reporting a crime, you have the right:"
        </p>
        <ul class="list list--bullet">
            <li>"to get a written record of your report, with a crime reference number and how to contact us"</li>
            <li>"to have your needs assessed and, if you agree, to be referred to services that support victims"</li>
            <li>"to be told about the investigation, in the way and as often as you choose on the next page"</li>
            <li>"to be told within 5 working days, with a reason, if we decide not to investigate"</li>
            <li>"to make a Victim Personal Statement about how the crime has affected you"</li>
            <li>"to be told how to claim compensation, including from the Criminal Injuries Compensation Scheme"</li>
            <li>"to be told about restorative justice, where you can talk to the person who did it, if you both agree"</li>
            <li>"to complain if you think we have not kept to the Victims' Code"</li>
        </ul>
        {(!enhanced.is_empty()).then(|| view! {
            <div class="inset-text">
                <p class="body">
                    "You have enhanced rights. This means you get extra support, sooner. For example, if "
                    "we decide not to investigate, we will tell you within 1 working day instead of 5. "
                    "You have enhanced rights because:"
                </p>
                <ul class="list list--bullet">
                    {enhanced.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                </ul>
            </div>
        })}
        <p class="body">
            <a href=links.video class="link" target="_blank" rel="noreferrer noopener">
                "Watch the video \"Giving Victims a Voice\" on YouTube (opens in new tab)"
            </a>
        </p>
        <p class="body">
            <a href=links.victims_code class="link" target="_blank" rel="noreferrer noopener">
                "Read about the Victims' Code on our website (opens in new tab)"
            </a>
        </p>
        <h2 class="heading-m">"Victim Personal Statement"</h2>
        <p class="body">
            "A Victim Personal Statement is your chance to explain, in your own words, how the crime "
            "has affected you: physically, emotionally, financially or in any other way. If someone is "
            "charged and found guilty, the court will consider it before deciding the sentence."
        </p>
        <p class="body">
            "You do not have to make one, and you do not have to decide today. If you choose to make one "
            "later, an officer will contact you to help you write it."
        </p>
        <p class="body">
            <a href=links.victim_personal_statement class="link" target="_blank" rel="noreferrer noopener">
                "Find out more about Victim Personal Statements from Victim Support (opens in new tab)"
            </a>
        </p>
        <Radios
            name="vps"
            legend="Would you like to make a Victim Personal Statement?"
            options=options(VpsChoice::ALL, VpsChoice::slug, VpsChoice::label)
        />
        <Checkboxes
            name="rights-read"
            legend="Confirm you have read your rights"
            options=vec![("yes", "I have read my rights".to_string())]
        />
    }
}
