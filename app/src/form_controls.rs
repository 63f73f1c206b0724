//! Form controls in the GOV.UK Design System's patterns. Each reads its value and any error from
//! the [`FormState`] in context by field name, so a page lists its questions and nothing else,
//! and an answer that failed a check is shown again exactly as it was typed.

use leptos::prelude::*;
use rules::wizard::{FieldError, Form, Step};

use crate::{character_count::CharacterCount, reveal::RevealFollowUps};

/// Questions asked only after one answer of a group of radios or checkboxes: the value of that
/// answer, and the questions, shown under it (see [`crate::reveal`]).
pub type FollowUps = Vec<(&'static str, ViewFn)>;

/// The id of the answer `value` of the group `name`: the first answer carries the group's own
/// name as id, so the error summary can link to the group.
fn answer_id(name: &str, value: &str, first: bool) -> String {
    if first {
        name.to_string()
    } else {
        format!("{name}-{value}")
    }
}

/// The follow-ups of each answer, in a block under it; and, when there are any, the island that
/// hides those of answers not chosen.
struct Reveal {
    name: String,
    follow_ups: FollowUps,
    controls: Vec<(String, String)>,
}

impl Reveal {
    fn new(name: &str, options: &[(&'static str, String)], follow_ups: FollowUps) -> Self {
        let controls = options
            .iter()
            .enumerate()
            .filter(|(_, (value, _))| follow_ups.iter().any(|(v, _)| v == value))
            .map(|(i, (value, _))| (answer_id(name, value, i == 0), Self::block_id(name, value)))
            .collect();
        Self { name: name.to_string(), follow_ups, controls }
    }

    fn block_id(name: &str, value: &str) -> String {
        format!("conditional-{name}-{value}")
    }

    /// The block's id, as the answer's `data-aria-controls` (made `aria-controls` once hydrated,
    /// when the block can be hidden).
    fn controls(&self, value: &str) -> Option<String> {
        self.follow_ups.iter().any(|(v, _)| *v == value).then(|| Self::block_id(&self.name, value))
    }

    /// The follow-up questions of `value`, if it has any.
    fn block(&self, value: &str, class: &'static str) -> Option<impl IntoView> {
        let (_, questions) = self.follow_ups.iter().find(|(v, _)| *v == value)?;
        let id = Self::block_id(&self.name, value);
        Some(view! { <div class=class id=id>{questions.run()}</div> })
    }

    fn island(&self) -> Option<impl IntoView> {
        (!self.controls.is_empty())
            .then(|| view! { <RevealFollowUps name=self.name.clone() controls=self.controls.clone()/> })
    }
}

/// The answers of the form on the page, exactly as typed, and the problems found with them. A
/// page that uses these controls provides it.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub form: Form,
    pub errors: Vec<FieldError>,
}

/// The character limits of the form's free-text fields, by name. A page whose answers have
/// limits provides it; each limited field then states its limit and counts as the person types.
#[derive(Clone, Debug, Default)]
pub struct FieldLimits(pub Vec<(String, usize)>);

impl FieldLimits {
    /// The limits the wizard's `step` checks.
    pub fn of_step(step: Step) -> Self {
        Self(step.fields().into_iter().filter_map(|f| Some((f.name, f.limit?))).collect())
    }

    /// The limits of the tracking page's messages.
    pub fn of_tracking_messages() -> Self {
        Self(rules::tracking::TEXT_LIMITS.iter().map(|(name, limit)| (name.to_string(), *limit)).collect())
    }

    fn of(&self, field: &str) -> Option<usize> {
        self.0.iter().find(|(name, _)| name == field).map(|(_, limit)| *limit)
    }
}

fn limit_in_context(field: &str) -> Option<usize> {
    use_context::<FieldLimits>().and_then(|limits| limits.of(field))
}

/// The limit under a limited field, with the live count once hydrated.
fn character_count(field: &str, limit: Option<usize>) -> Option<impl IntoView> {
    let max = u32::try_from(limit?).unwrap_or(u32::MAX);
    Some(view! { <CharacterCount field=field.to_string() max/> })
}

fn view_in_context() -> FormState {
    use_context::<FormState>().unwrap_or_default()
}

fn error_for(view: &FormState, field: &str) -> Option<String> {
    view.errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
}

/// Escapes text for an element whose content the renderer does not escape.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    described_with_limit(id, hint, error, false)
}

/// The field's hint, its error and the statement of its limit, as `aria-describedby` ids.
fn described_with_limit(id: &str, hint: bool, error: bool, limit: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error"), (limit, "info")]
        .into_iter()
        .filter(|(present, _)| *present)
        .map(|(_, part)| format!("{id}-{part}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The form group of a text field: marked when in error, and when it counts characters.
fn group_class(error: &Option<String>, limit: Option<usize>) -> &'static str {
    match (error.is_some(), limit.is_some()) {
        (false, false) => "form-group",
        (true, false) => "form-group form-group--error",
        (false, true) => "form-group character-count",
        (true, true) => "form-group form-group--error character-count",
    }
}

/// `aria-invalid` on a field in error.
fn invalid(error: &Option<String>) -> Option<&'static str> {
    error.is_some().then_some("true")
}

#[component]
fn ErrorMessage(id: String, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p id=format!("{id}-error") class="error-message">
                <span class="visually-hidden">"Error: "</span>
                {m}
            </p>
        }
    })
}

/// "There is a problem": every error, each linking to its field. Focused on arrival (the
/// `autofocus` attribute works without JavaScript), so screen reader users hear it first.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" tabindex="-1" autofocus aria-labelledby="error-summary-title" role="alert">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul class="list error-summary__list">
                    {errors
                        .into_iter()
                        .map(|e| {
                            view! { <li><a href=format!("#{}", e.field)>{e.message}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// A one-line text answer.
#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] input_mode: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] spellcheck_off: bool,
) -> impl IntoView {
    let view = view_in_context();
    let value = view.form.value(&name).to_string();
    let error = error_for(&view, &name);
    let limit = limit_in_context(&name);
    let class = format!(
        "input{}{}",
        width.map(|w| format!(" input--width-{w}")).unwrap_or_default(),
        if error.is_some() { " input--error" } else { "" }
    );
    view! {
        <div class=group_class(&error, limit)>
            <label class="label" for=name.clone()>{label}</label>
            {hint.clone().map(|h| view! { <div id=format!("{name}-hint") class="hint">{h}</div> })}
            <ErrorMessage id=name.clone() message=error.clone()/>
            <input
                class=class
                id=name.clone()
                name=name.clone()
                type=input_type
                value=value
                autocomplete=autocomplete
                inputmode=input_mode
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=described_with_limit(&name, hint.is_some(), error.is_some(), limit.is_some())
                aria-invalid=invalid(&error)
            />
            {character_count(&name, limit)}
        </div>
    }
}

/// A longer free-text answer.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] large_label: bool,
) -> impl IntoView {
    let view = view_in_context();
    // Leptos writes <textarea> children without escaping them (it treats the element like
    // <script>), so typed text such as "</textarea><script>" must be escaped here.
    let value = escape_text(view.form.value(&name));
    let error = error_for(&view, &name);
    let limit = limit_in_context(&name);
    view! {
        <div class=group_class(&error, limit)>
            <label class=if large_label { "label label--m" } else { "label" } for=name.clone()>{label}</label>
            {hint.clone().map(|h| view! { <div id=format!("{name}-hint") class="hint">{h}</div> })}
            <ErrorMessage id=name.clone() message=error.clone()/>
            <textarea
                class=if error.is_some() { "textarea input--error" } else { "textarea" }
                id=name.clone()
                name=name.clone()
                rows=rows
                aria-describedby=described_with_limit(&name, hint.is_some(), error.is_some(), limit.is_some())
                aria-invalid=invalid(&error)
            >
                {value}
            </textarea>
            {character_count(&name, limit)}
        </div>
    }
}

/// One choice from a list, as radio buttons in a fieldset whose legend is the question.
#[component]
pub fn Radios(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(&'static str, String)>,
    #[prop(optional)] inline: bool,
    #[prop(optional)] follow_ups: FollowUps,
) -> impl IntoView {
    let view = view_in_context();
    let chosen = view.form.value(&name).to_string();
    let error = error_for(&view, &name);
    let reveal = Reveal::new(&name, &options, follow_ups);
    // Inline radios stack when a follow-up must sit under its answer.
    let inline = inline && reveal.controls.is_empty();
    view! {
        <div class=if error.is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" aria-describedby=described_by(&name, hint.is_some(), error.is_some())>
                <legend class="fieldset__legend fieldset__legend--m">{legend}</legend>
                {hint.clone().map(|h| view! { <div id=format!("{name}-hint") class="hint">{h}</div> })}
                <ErrorMessage id=name.clone() message=error.clone()/>
                <div class=if inline { "radios radios--inline" } else { "radios" }>
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            let id = answer_id(&name, value, i == 0);
                            view! {
                                <div class="radios__item">
                                    <input class="radios__input" id=id.clone() name=name.clone() type="radio" value=value checked=chosen == value
                                        data-aria-controls=reveal.controls(value)/>
                                    <label class="label radios__label" for=id>{label}</label>
                                </div>
                                {reveal.block(value, "radios__conditional")}
                            }
                        })
                        .collect_view()}
                </div>
                {reveal.island()}
            </fieldset>
        </div>
    }
}

/// Yes / no as inline radios.
#[component]
pub fn YesNo(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    /// Questions asked when the answer is yes.
    #[prop(optional, into)]
    if_yes: Option<ViewFn>,
) -> impl IntoView {
    let options = vec![("yes", "Yes".to_string()), ("no", "No".to_string())];
    let follow_ups: FollowUps = if_yes.map(|questions| vec![("yes", questions)]).unwrap_or_default();
    match hint {
        Some(hint) => view! { <Radios name legend hint options inline=true follow_ups/> }.into_any(),
        None => view! { <Radios name legend options inline=true follow_ups/> }.into_any(),
    }
}

/// Several choices, as checkboxes. With `none_option`, a last "None of these" box that must be
/// ticked on its own (the check says so if it is not).
#[component]
pub fn Checkboxes(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(&'static str, String)>,
    #[prop(optional)] none_option: bool,
    #[prop(optional)] follow_ups: FollowUps,
) -> impl IntoView {
    let view = view_in_context();
    let ticked: Vec<String> = view.form.values(&name).to_vec();
    let error = error_for(&view, &name);
    let mut options = options;
    if none_option {
        options.push(("none", "None of these".to_string()));
    }
    let reveal = Reveal::new(&name, &options, follow_ups);
    view! {
        <div class=if error.is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" aria-describedby=described_by(&name, hint.is_some(), error.is_some())>
                <legend class="fieldset__legend fieldset__legend--m">{legend}</legend>
                {hint.clone().map(|h| view! { <div id=format!("{name}-hint") class="hint">{h}</div> })}
                <ErrorMessage id=name.clone() message=error.clone()/>
                <div class="checkboxes">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            let id = answer_id(&name, value, i == 0);
                            let checked = ticked.iter().any(|t| t == value);
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" id=id.clone() name=name.clone() type="checkbox" value=value checked=checked
                                        aria-invalid=invalid(&error) data-aria-controls=reveal.controls(value)/>
                                    <label class="label checkboxes__label" for=id>{label}</label>
                                </div>
                                {reveal.block(value, "checkboxes__conditional")}
                            }
                        })
                        .collect_view()}
                </div>
                {reveal.island()}
            </fieldset>
        </div>
    }
}

/// A date in three boxes: `{prefix}-day`, `{prefix}-month`, `{prefix}-year`.
#[component]
pub fn DateInput(
    #[prop(into)] prefix: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] birth_date: bool,
) -> impl IntoView {
    let view = view_in_context();
    let id = format!("{prefix}-day");
    let error = error_for(&view, &id);
    let part = |p: &'static str, label: &'static str, width: &'static str, auto: &'static str| {
        let name = format!("{prefix}-{p}");
        let value = view.form.value(&name).to_string();
        let class =
            format!("input input--width-{width}{}", if error.is_some() { " input--error" } else { "" });
        view! {
            <div class="date-input__item">
                <label class="label date-input__label" for=name.clone()>{label}</label>
                <input class=class id=name.clone() name=name type="text" inputmode="numeric" value=value
                    autocomplete=birth_date.then_some(auto) aria-invalid=invalid(&error)/>
            </div>
        }
    };
    view! {
        <div class=if error.is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" role="group" aria-describedby=described_by(&prefix, hint.is_some(), error.is_some())>
                <legend class="fieldset__legend fieldset__legend--s">{legend}</legend>
                {hint.clone().map(|h| view! { <div id=format!("{prefix}-hint") class="hint">{h}</div> })}
                <ErrorMessage id=prefix.clone() message=error.clone()/>
                <div class="date-input">
                    {part("day", "Day", "2", "bday-day")}
                    {part("month", "Month", "2", "bday-month")}
                    {part("year", "Year", "4", "bday-year")}
                </div>
            </fieldset>
        </div>
    }
}
