use leptos::prelude::*;

use crate::{
    form_controls::{Radios, YesNo},
    pages::wizard::StepView,
};

/// Whether the online service is right: danger first, then what and for whom.
#[component]
pub fn Suitability() -> impl IntoView {
    let view = expect_context::<StepView>();
    let mut crime_options: Vec<(&'static str, String)> =
        view.crime_types.iter().map(|t| (t.slug(), t.label().to_string())).collect();
    crime_options.push(("fraud", "Fraud or a scam, including online shopping fraud".into()));
    crime_options.push(("other", "Something else".into()));
    view! {
        <YesNo
            name="danger"
            legend="Is anyone in immediate danger, or is the crime happening now?"
            hint="If it is an emergency, call 999 now."
        />
        <Radios name="crime-type" legend="What do you want to report?" options=crime_options/>
        <Radios
            name="reporting-for"
            legend="Who are you reporting for?"
            options=vec![
                ("myself", "Myself".to_string()),
                ("someone-else", "Someone else, for example my child or a person I care for".to_string()),
            ]
        />
        <YesNo
            name="over-16"
            legend="If you are reporting for yourself: are you 16 or over?"
            hint="If you are reporting for someone else, you do not need to answer this."
        />
    }
}
