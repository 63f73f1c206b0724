//! `/your-rights`: the rights in the Code of Practice for Victims of Crime in England and Wales
//! (the Victims' Code, 2020, in force since April 2021), in plain English.

use leptos::prelude::*;

use crate::{config::SiteConfig, layout::Page};

/// One right of the Code: its number, a short title and what it means for the victim.
struct Right {
    number: u8,
    title: &'static str,
    meaning: &'static str,
}

const RIGHTS: [Right; 12] = [
    Right { number: 1, title: "To be able to understand and to be understood",
        meaning: "We will use plain language. You can ask for an interpreter or for information in another format." },
    Right { number: 2, title: "To have the details of the crime recorded without unjustified delay",
        meaning: "We record the crime quickly, normally within 24 hours of your report." },
    Right { number: 3, title: "To be given information when reporting the crime",
        meaning: "You get a written acknowledgement with a crime reference number, the basic details of the crime and how to contact us. We send it in a way that is safe for you." },
    Right { number: 4, title: "To be referred to services that support victims",
        meaning: "We ask about your needs and, if you agree, refer you to Victim Support or another service, normally within 2 working days." },
    Right { number: 5, title: "To be given information about compensation",
        meaning: "We tell you how to claim compensation, including from the Criminal Injuries Compensation Scheme." },
    Right { number: 6, title: "To be given information about the investigation and prosecution",
        meaning: "We agree with you how and how often we will update you. If we decide not to investigate, we tell you why, within 5 working days, or 1 working day if you have enhanced rights." },
    Right { number: 7, title: "To make a Victim Personal Statement",
        meaning: "You can explain in your own words how the crime has affected you. You can make one now or later." },
    Right { number: 8, title: "To be given information about the trial and what happens at court",
        meaning: "If the case goes to court, the Witness Care Unit keeps you informed." },
    Right { number: 9, title: "To be given information about the outcome of the case and any appeals",
        meaning: "You will be told the result of the case and of any appeal." },
    Right { number: 10, title: "To be paid expenses and have property returned",
        meaning: "If you are a witness you can claim expenses, and property taken as evidence is returned as soon as possible." },
    Right { number: 11, title: "To be given information about the offender following a conviction",
        meaning: "You may be able to join the Victim Contact Scheme to hear about the offender's sentence and release." },
    Right { number: 12, title: "To make a complaint about your rights not being met",
        meaning: "If you think we have not kept to the Code, you can complain to us and, after that, to the Parliamentary and Health Service Ombudsman." },
];

/// The rights page, with the force's Code page and the "Giving Victims a Voice" video as links.
#[component]
pub fn RightsPage() -> impl IntoView {
    let links = use_context::<SiteConfig>().unwrap_or_default().links;
    view! {
        <Page title="Your rights as a victim of crime">
            <p class="body-l">
                "The Code of Practice for Victims of Crime in England and Wales (the Victims' Code) gives "
                "you 12 rights. You have them whether or not you want the crime investigated, and "
                "whether or not anyone is charged."
            </p>
            <p class="body">
                <a href=links.video.clone() class="link" rel="noreferrer">
                    "Watch the video \"Giving Victims a Voice\" (opens YouTube)"
                </a>
            </p>
            <ol class="rights-list">
                {RIGHTS
                    .iter()
                    .map(|right| view! {
                        <li class="rights-list__item">
                            <h2 class="heading-s">{format!("Right {}: {}", right.number, right.title)}</h2>
                            <p class="body">{right.meaning}</p>
                        </li>
                    })
                    .collect_view()}
            </ol>
            <h2 class="heading-m">"Enhanced rights"</h2>
            <p class="body">
                "Some victims get more support, sooner. This includes everyone under 18, victims of "
                "domestic abuse, hate crime or sexual offences, people who are targeted again and again, "
                "and people who are vulnerable or intimidated."
            </p>
            <h2 class="heading-m">"Victim Personal Statement"</h2>
            <p class="body">
                <a href=links.victim_personal_statement class="link" rel="noreferrer">
                    "Find out about Victim Personal Statements from Victim Support"
                </a>
            </p>
            <h2 class="heading-m">"Read the full Code"</h2>
            <p class="body">
                <a href=links.victims_code class="link" rel="noreferrer">
                    "Read about the Victims' Code on our website"
                </a>
            </p>
        </Page>
    }
}
