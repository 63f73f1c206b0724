//! A case: everything the victim gave, the assessment, the deadlines, the timeline, the requests,
//! and each decision open to the viewer as a plain form that posts to its server function.

use leptos::prelude::*;

use super::{CaseChoice, CaseSection, StaffCaseView, StaffPage, StaffReasonView};
use crate::form_controls::{ErrorSummary, FormState, TextArea, YesNo};

/// `/staff/case/:reference` for a report the viewer has not claimed: the reason comes first.
#[component]
pub fn StaffReasonPage() -> impl IntoView {
    let Some(view) = use_context::<StaffReasonView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let errors = view.state.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.state.clone());
    view! {
        <StaffPage title="Why do you need to open this report?" nav=view.nav.clone() has_errors back="/staff" caption=format!("Reference {}", view.reference)>
            <ErrorSummary errors/>
            <p class="body">
                "You have not claimed this report and it has not been given to you. The law (Data Protection Act 2018, section 62) "
                "requires us to record why you open it. Your reason is kept with your name in the audit log."
            </p>
            <form method="post" action="/staff/case/open" novalidate>
                <input type="hidden" name="reference" value=view.reference.clone()/>
                <TextArea name="reason" label="Reason" hint="For example: answering the victim's call about this report; supervisor check of the queue." rows=3/>
                <button type="submit" class="button">"Open the report"</button>
            </form>
        </StaffPage>
    }
    .into_any()
}

/// Radios with choices made by the server.
#[component]
fn ChoiceRadios(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    choices: Vec<CaseChoice>,
    #[prop(optional)] checked: Option<String>,
) -> impl IntoView {
    let state = use_context::<FormState>().unwrap_or_default();
    let chosen = Some(state.form.value(&name).to_string()).filter(|v| !v.is_empty()).or(checked);
    let error = state.errors.iter().find(|e| e.field == name).map(|e| e.message.clone());
    let group = if error.is_some() { "form-group form-group--error" } else { "form-group" };
    view! {
        <div class=group>
            <fieldset class="fieldset">
                <legend class="fieldset__legend fieldset__legend--s">{legend}</legend>
                {error.map(|m| view! { <p class="error-message" id=format!("{name}-error")><span class="visually-hidden">"Error: "</span>{m}</p> })}
                <div class="radios radios--small">
                    {choices.into_iter().enumerate().map(|(i, c)| {
                        let id = if i == 0 { name.clone() } else { format!("{name}-{}", c.value) };
                        let on = chosen.as_deref() == Some(c.value.as_str());
                        view! {
                            <div class="radios__item">
                                <input class="radios__input" id=id.clone() name=name.clone() type="radio" value=c.value checked=on/>
                                <label class="label radios__label" for=id>{c.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A decision's form: posts to `/staff/case/<action>` with the reference.
#[component]
fn Decision(
    action: &'static str,
    reference: String,
    #[prop(into)] button: String,
    #[prop(optional)] secondary: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/staff/case/{action}") novalidate class="case-decision">
            <input type="hidden" name="reference" value=reference/>
            {children()}
            <button type="submit" class=if secondary { "button button--secondary" } else { "button" }>{button}</button>
        </form>
    }
}

#[component]
fn Sections(sections: Vec<CaseSection>) -> impl IntoView {
    sections
        .into_iter()
        .map(|s| {
            view! {
                <h3 class="heading-s">{s.title}</h3>
                <dl class="summary-list">
                    {s.rows.into_iter().map(|(k, v)| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{k}</dt>
                            <dd class="summary-list__value case-text">{v}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            }
        })
        .collect_view()
}

/// `/staff/case/:reference`.
#[component]
pub fn StaffCasePage() -> impl IntoView {
    let Some(view) = use_context::<StaffCaseView>() else {
        // A report the viewer has not claimed asks for the reason first, at the same address.
        return view! { <StaffReasonPage/> }.into_any();
    };
    let errors = view.form.errors.clone();
    let has_errors = !errors.is_empty();
    provide_context(view.form.clone());
    let reference = view.reference.clone();
    let a = view.actions.clone();
    let r = move || reference.clone();
    view! {
        <StaffPage title=format!("Report {}", view.reference) nav=view.nav.clone() has_errors back="/staff">
            <ErrorSummary errors/>
            {view.notice.map(|n| view! {
                <div class="notification-banner notification-banner--success" role="alert" aria-labelledby="done-title">
                    <div class="notification-banner__header"><h2 class="notification-banner__title" id="done-title">"Done"</h2></div>
                    <div class="notification-banner__content"><p class="notification-banner__heading">{n}</p></div>
                </div>
            })}
            <p class="body-l">{view.crime_type.clone()}</p>
            <p class="body">
                <strong class=format!("tag {}", view.risk_class)>{view.risk.clone()}</strong>" "
                <strong class="tag tag--grey">{view.state.clone()}</strong>" "
                <span>{view.claimed.clone()}</span>
            </p>
            <div class="button-group">
                {a.claim.then(|| view! { <Decision action="claim" reference=r() button="Claim this report"><span></span></Decision> })}
                {a.release.then(|| view! { <Decision action="release" reference=r() button="Release to the queue" secondary=true><span></span></Decision> })}
            </div>

            <h2 class="heading-m">"How to contact the victim safely"</h2>
            <table class="table">
                <caption class="table__caption visually-hidden">"Ways of contact the victim agreed, and whether each is safe"</caption>
                <thead><tr><th scope="col">"Way"</th><th scope="col">"Detail"</th><th scope="col">"Safe to contact?"</th></tr></thead>
                <tbody>
                    {view.contact.into_iter().map(|c| view! {
                        <tr>
                            <td>{c.channel}</td>
                            <td>{c.detail}</td>
                            <td>{if c.safe {
                                view! { <strong class="tag tag--green">"Safe"</strong> }.into_any()
                            } else {
                                view! { <strong class="tag tag--red">"Not safe: do not use"</strong> }.into_any()
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="body">{format!("Updates: {}", view.contact_frequency)}</p>
            {view.safe_times.map(|t| view! { <div class="warning-text"><span class="warning-text__icon" aria-hidden="true">"!"</span><strong class="warning-text__text"><span class="visually-hidden">"Warning: "</span>{format!("Safe times to contact: {t}")}</strong></div> })}

            {view.open_question.map(|q| view! {
                <div class="inset-text"><p class="body"><strong>"Waiting for the victim to answer: "</strong>{q}</p></div>
            })}

            <h2 class="heading-m">"Victims' Code deadlines"</h2>
            <table class="table">
                <caption class="table__caption visually-hidden">"Deadlines owed to the victim"</caption>
                <thead><tr><th scope="col">"Duty"</th><th scope="col">"Due"</th><th scope="col">"State"</th></tr></thead>
                <tbody>
                    {view.deadlines.into_iter().map(|d| view! {
                        <tr><td>{d.what}</td><td>{d.due}</td><td><strong class=format!("tag {}", d.tag)>{d.status}</strong></td></tr>
                    }).collect_view()}
                </tbody>
            </table>

            <h2 class="heading-m">"Decisions"</h2>
            {a.confirm_recorded.then(|| view! {
                <Decision action="record" reference=r() button="Confirm the crime is recorded"><span></span></Decision>
            })}
            {(!a.acknowledge.is_empty()).then(|| view! {
                <Decision action="acknowledge" reference=r() button="Record acknowledgement">
                    <p class="body">"The portal could not email the victim an acknowledgement: no email they marked safe. Tell them we have their report the way they chose, then record it."</p>
                    <ChoiceRadios name="channel" legend="How you let the victim know" choices=a.acknowledge.clone()/>
                </Decision>
            })}
            {(!a.crime_types.is_empty()).then(|| view! {
                <Decision action="crime-type" reference=r() button="Change crime type" secondary=true>
                    <div class="form-group">
                        <label class="label" for="crime-type">"Record this as"</label>
                        <div class="hint" id="crime-type-hint">"The allocation rules run again on the new type; the proposal waits for review."</div>
                        <select class="select" id="crime-type" name="crime-type" aria-describedby="crime-type-hint">
                            {a.crime_types.clone().into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
                        </select>
                    </div>
                </Decision>
            })}
            {(!a.allocate.is_empty()).then(|| view! {
                <Decision action="allocate" reference=r() button="Save allocation">
                    <ChoiceRadios name="team" legend="Who investigates" choices=a.allocate.clone() checked=a.proposed.clone().unwrap_or_default()/>
                    <TextArea name="reason" label="Reason, if you change the proposal" hint="Recorded in the audit log; the victim does not see it." rows=2/>
                </Decision>
            })}
            {a.file.then(|| view! {
                <Decision action="file" reference=r() button="File at source">
                    <TextArea name="victim-reason" label="Reason for filing, for the victim" hint="The victim reads this on their tracking page. Explain in plain words." rows=4/>
                </Decision>
            })}
            {a.return_to_victim.then(|| view! {
                <Decision action="return" reference=r() button="Ask the victim">
                    <TextArea name="question" label="Ask the victim for more information" hint="The victim sees this question on their tracking page and is told there is news through their safe channel." rows=3/>
                </Decision>
            })}
            {(!a.referrals.is_empty()).then(|| view! {
                <Decision action="referral" reference=r() button="Record referral">
                    <ChoiceRadios name="agency" legend="Referral made to" choices=a.referrals.clone()/>
                </Decision>
            })}
            {a.update.then(|| {
                let templates = a.templates.clone();
                let reference = r();
                let text = view.update_text.clone();
                view! {
                    <form method="post" action="/staff/case/update" novalidate class="case-decision">
                        <input type="hidden" name="reference" value=reference.clone()/>
                        <p class="body">"Start from a template: "
                            {templates.into_iter().map(|t| view! {
                                <a class="link" href=format!("/staff/case/{reference}?template={}#message", t.value)>{t.label}</a>" "
                            }).collect_view()}
                        </p>
                        <UpdateText text/>
                        <button type="submit" class="button">"Send update"</button>
                    </form>
                }
            })}
            {a.no_further_action.then(|| view! {
                <Decision action="no-further-action" reference=r() button="Record no further action" secondary=true>
                    <YesNo name="suspect-interviewed" legend="Was a suspect interviewed?"/>
                    <TextArea name="nfa-reason" label="Reason, for the victim" rows=3/>
                </Decision>
            })}
            {a.decide_review.then(|| view! {
                <Decision action="review" reference=r() button="Decide the review">
                    <YesNo name="upheld" legend="Is the victim's request for a review upheld?"/>
                    <TextArea name="review-reason" label="Reason, for the victim" rows=3/>
                </Decision>
            })}
            {a.review_note.clone().map(|note| view! { <div class="inset-text"><p class="body">{note}</p></div> })}
            {(!a.reassign.is_empty()).then(|| view! {
                <Decision action="reassign" reference=r() button="Reassign" secondary=true>
                    <div class="form-group">
                        <label class="label" for="to">"Give this report to"</label>
                        <select class="select" id="to" name="to">
                            {a.reassign.clone().into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
                        </select>
                    </div>
                </Decision>
            })}

            <h2 class="heading-m">"Victim's requests"</h2>
            {view.requests.is_empty().then(|| view! { <p class="body">"None."</p> })}
            {view.requests.into_iter().map(|req| {
                let name = format!("answer-{}", req.id);
                let reference = r();
                view! {
                    <div class="case-request">
                        <h3 class="heading-s">{format!("{} – {}", req.kind, req.received)}</h3>
                        <p class="body case-text">{req.body}</p>
                        {req.due.map(|d| view! { <p class="body-s">{d}</p> })}
                        {match req.answer {
                            Some(answer) => view! { <p class="body"><strong>"Answered: "</strong>{answer}</p> }.into_any(),
                            None if req.answerable && a.answer => view! {
                                <form method="post" action="/staff/case/answer" novalidate>
                                    <input type="hidden" name="reference" value=reference/>
                                    <input type="hidden" name="request" value=req.id.to_string()/>
                                    <TextArea name=name label="Answer, for the victim" rows=3/>
                                    <button type="submit" class="button button--secondary">"Send answer"</button>
                                </form>
                            }.into_any(),
                            None => view! { <p class="body">"Waiting for an answer."</p> }.into_any(),
                        }}
                    </div>
                }
            }).collect_view()}

            <h2 class="heading-m">"What the victim told us"</h2>
            <Sections sections=view.report/>

            <h2 class="heading-m">"Assessment"</h2>
            <Sections sections=view.assessment/>

            <h2 class="heading-m">"Timeline"</h2>
            <ol class="timeline">
                {view.timeline.into_iter().map(|e| view! {
                    <li class="timeline__item">
                        <h3 class="timeline__title">{e.title}</h3>
                        <p class="timeline__date">{e.date}</p>
                        {e.detail.map(|d| view! { <p class="body case-text">{d}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </StaffPage>
    }
    .into_any()
}

/// The update's text box: the template's words, or what was typed before a problem.
#[component]
fn UpdateText(text: String) -> impl IntoView {
    let state = use_context::<FormState>().unwrap_or_default();
    if state.form.value("message").is_empty() && !text.is_empty() {
        let mut state = state.clone();
        state.form = rules::wizard::Form::from_pairs([("message", text.as_str())]);
        provide_context(state);
    }
    view! { <TextArea name="message" label="Update for the victim" hint="Edit the words before you send. The victim reads this on their tracking page." rows=5/> }
}
