//! `/staff/compliance`: how well the Victims' Code was kept in a period, from the data, for
//! supervisors. A filter form that works as a plain GET, the figures as tables (each count a
//! link to the reports behind it), and charts drawn here as SVG with a title, a description and
//! the same numbers in a table beside them: nothing needs JavaScript, and the page prints.

use leptos::prelude::*;

use super::{StaffNav, StaffPage};
use crate::form_controls::{ErrorSummary, FormState};

/// A count with the list of reports behind it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    /// The queue, filtered to these reports (none for a count of nothing, or of something the
    /// queue cannot list, such as survey answers).
    pub href: Option<String>,
}

/// One duty owed when reporting, e.g. "Victim Personal Statement explained (Right 7)".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DutyRow {
    pub label: String,
    /// e.g. "67% (2 of 3)".
    pub rate: String,
    /// e.g. "46%"; none when the 2017 audit did not measure it.
    pub baseline: Option<String>,
    /// The reports it was not done for.
    pub not_done: Count,
}

/// One kind of deadline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeadlineRow {
    pub label: String,
    /// e.g. "80% (4 of 5)": met of those met, late or overdue.
    pub on_time: String,
    pub met: Count,
    pub late: Count,
    pub overdue: Count,
    pub pending: Count,
    /// e.g. "2 working days"; "None late" when none were.
    pub median_late: String,
}

/// One row of a list of figures: words, the figure, and the reports behind it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FigureRow {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

/// A bar chart: bars made of stacked parts, one per series.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    /// For `aria-labelledby`: unique on the page.
    pub id: String,
    pub title: String,
    /// What the chart shows, in a sentence or two, for people who cannot see it.
    pub description: String,
    /// Each series' name and its CSS class (its colour).
    pub series: Vec<(String, &'static str)>,
    /// Each bar's label and its parts' values, in the series' order.
    pub bars: Vec<(String, Vec<u64>)>,
    /// Each bar is a share of its own total (100% wide), drawn across; otherwise bars stand on
    /// a common scale, drawn upwards.
    pub shares: bool,
}

/// A choice in a `<select>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The victims' satisfaction survey in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurveySection {
    /// e.g. "Invited" 12, "Answered" 5.
    pub summary: Vec<FigureRow>,
    /// Per question: its words, then each answer's words with "n (p%)".
    pub questions: Vec<(String, Vec<(String, String)>)>,
    pub trend: Chart,
    /// (when, words): supervisors only.
    pub comments: Vec<(String, String)>,
}

/// `/staff/compliance`.
#[derive(Clone, Debug, Default)]
pub struct StaffComplianceView {
    pub nav: StaffNav,
    /// e.g. "1 October to 31 December 2026 (quarter 3 of 2026/27)".
    pub period_label: String,
    /// e.g. "Burglary, IIT"; none for every report.
    pub scope_label: Option<String>,
    /// The filter form's answers and errors (`period`, `quarter`, `from`, `to`, `crime`,
    /// `outcome`).
    pub state: FormState,
    pub quarters: Vec<Choice>,
    pub crimes: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    /// "As at 3 December 2026 16:02".
    pub as_at: String,
    pub duties: Vec<DutyRow>,
    /// The choice victims made about a Victim Personal Statement, e.g. "Not now" "25% (1 of 4)".
    pub vps_choices: Vec<FigureRow>,
    pub baseline_source: String,
    pub deadlines: Vec<DeadlineRow>,
    pub deadline_chart: Chart,
    pub volumes: Vec<FigureRow>,
    pub by_outcome: Vec<FigureRow>,
    pub received_chart: Chart,
    /// The received chart's table: (day or week, online, partner, total).
    pub received_table: Vec<(String, u64, u64, u64)>,
    pub survey: Option<SurveySection>,
    pub csv_href: String,
    pub json_href: String,
}

#[component]
pub fn StaffCompliancePage() -> impl IntoView {
    let Some(view) = use_context::<StaffComplianceView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let has_errors = !view.state.errors.is_empty();
    let errors = view.state.errors.clone();
    view! {
        <StaffPage title="Victims' Code compliance" nav=view.nav.clone() has_errors>
            <ErrorSummary errors/>
            <FilterForm view=view.clone()/>
            {(!has_errors).then(|| view! { <Figures view=view.clone()/> })}
        </StaffPage>
    }
    .into_any()
}

#[component]
fn FilterForm(view: StaffComplianceView) -> impl IntoView {
    let state = view.state;
    let value = |field: &str| state.form.value(field).to_string();
    let period = value("period");
    let error = |field: &str| state.errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    let radio = |v: &'static str, label: &'static str| {
        let checked = period == v || (period.is_empty() && v == "4-weeks");
        view! {
            <div class="radios__item">
                <input class="radios__input" id=format!("period-{v}") name="period" type="radio" value=v checked=checked/>
                <label class="label radios__label" for=format!("period-{v}")>{label}</label>
            </div>
        }
    };
    let select = |name: &'static str, label: &'static str, all: &'static str, choices: Vec<Choice>| {
        let chosen = value(name);
        view! {
            <div class="form-group compliance-filter__item">
                <label class="label" for=name>{label}</label>
                <select class="select" id=name name=name>
                    <option value="" selected=chosen.is_empty()>{all}</option>
                    {choices.into_iter().map(|c| {
                        let selected = c.value == chosen;
                        view! { <option value=c.value selected=selected>{c.label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let date = |name: &'static str, label: &'static str| {
        let error = error(name);
        let class = if error.is_some() {
            "form-group form-group--error compliance-filter__item"
        } else {
            "form-group compliance-filter__item"
        };
        let input_class =
            if error.is_some() { "input input--width-10 input--error" } else { "input input--width-10" };
        view! {
            <div class=class>
                <label class="label" for=name>{label}</label>
                <div class="hint" id=format!("{name}-hint")>"For example, 1 October 2026"</div>
                {error.map(|e| view! { <p class="error-message" id=format!("{name}-error")><span class="visually-hidden">"Error: "</span>{e}</p> })}
                <input class=input_class id=name name=name type="date" value=value(name)
                    aria-describedby=format!("{name}-hint {name}-error")/>
            </div>
        }
    };
    view! {
        <form method="get" action="/staff/compliance" class="compliance-filter" novalidate>
            <div class="form-group">
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--s">"Period"</legend>
                    <div class="radios radios--small radios--inline">
                        {radio("week", "This week")}
                        {radio("4-weeks", "Last 4 weeks")}
                        {radio("quarter", "A quarter")}
                        {radio("custom", "Dates you choose")}
                    </div>
                </fieldset>
            </div>
            <div class="compliance-filter__row">
                {select("quarter", "Quarter (if you chose a quarter)", "The latest whole quarter", view.quarters)}
                {date("from", "From (if you chose dates)")}
                {date("to", "To")}
            </div>
            <div class="compliance-filter__row">
                {select("crime", "Crime type", "All crime types", view.crimes)}
                {select("outcome", "Team", "All teams and outcomes", view.outcomes)}
            </div>
            <button type="submit" class="button button--secondary">"Show figures"</button>
        </form>
    }
}

#[component]
fn Figures(view: StaffComplianceView) -> impl IntoView {
    view! {
        <h2 class="heading-m compliance__period">{view.period_label}</h2>
        <p class="body">
            {view.scope_label.map_or_else(|| "All reports.".to_string(), |s| format!("Only: {s}."))}
            " " {view.as_at} ". Each number links to the reports behind it."
        </p>
        <p class="body compliance__exports">
            "Download these figures: " <a class="link" href=view.csv_href download="">"CSV (spreadsheet)"</a>
            " or " <a class="link" href=view.json_href download="">"JSON"</a>
        </p>

        <h2 class="heading-m">"When the crime was reported"</h2>
        <table class="table">
            <caption class="table__caption table__caption--s">"Duties owed to every victim when they report, of the reports received in the period"</caption>
            <thead><tr>
                <th scope="col">"Duty"</th>
                <th scope="col">"Done"</th>
                <th scope="col">"2017 audit"</th>
                <th scope="col">"Not done"</th>
            </tr></thead>
            <tbody>
                {view.duties.into_iter().map(|d| view! {
                    <tr>
                        <th scope="row">{d.label}</th>
                        <td>{d.rate}</td>
                        <td>{d.baseline.unwrap_or_else(|| "Not measured".into())}</td>
                        <td><CountLink count=d.not_done/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="body-s">{format!("2017 figures: {}, from a sample of records read by hand.", view.baseline_source)}</p>
        <FigureTable caption="The choice victims made about a Victim Personal Statement, once it was explained" rows=view.vps_choices/>

        <h2 class="heading-m">"Deadlines"</h2>
        <ChartFigure chart=view.deadline_chart/>
        <table class="table">
            <caption class="table__caption table__caption--s">"Victims' Code deadlines that fell due in the period"</caption>
            <thead><tr>
                <th scope="col">"Deadline"</th>
                <th scope="col">"On time"</th>
                <th scope="col" class="table__header--numeric">"Met"</th>
                <th scope="col" class="table__header--numeric">"Late"</th>
                <th scope="col" class="table__header--numeric">"Overdue"</th>
                <th scope="col" class="table__header--numeric">"Not yet due"</th>
                <th scope="col">"Median lateness of late ones"</th>
            </tr></thead>
            <tbody>
                {view.deadlines.into_iter().map(|d| view! {
                    <tr>
                        <th scope="row">{d.label}</th>
                        <td>{d.on_time}</td>
                        <td class="table__cell--numeric"><CountLink count=d.met/></td>
                        <td class="table__cell--numeric"><CountLink count=d.late/></td>
                        <td class="table__cell--numeric"><CountLink count=d.overdue/></td>
                        <td class="table__cell--numeric"><CountLink count=d.pending/></td>
                        <td>{d.median_late}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>

        <h2 class="heading-m">"Reports and requests"</h2>
        <FigureTable caption="Reports received, reviews and complaints in the period" rows=view.volumes/>
        <FigureTable caption="Reports received in the period, by team or outcome" rows=view.by_outcome/>
        <ChartFigure chart=view.received_chart.clone()/>
        <table class="table">
            <caption class="table__caption table__caption--s">{view.received_chart.title}</caption>
            <thead><tr>
                <th scope="col">"Day or week"</th>
                <th scope="col" class="table__header--numeric">"Online"</th>
                <th scope="col" class="table__header--numeric">"Partner API"</th>
                <th scope="col" class="table__header--numeric">"Total"</th>
            </tr></thead>
            <tbody>
                {view.received_table.into_iter().map(|(when, online, partner, total)| view! {
                    <tr>
                        <th scope="row">{when}</th>
                        <td class="table__cell--numeric">{online}</td>
                        <td class="table__cell--numeric">{partner}</td>
                        <td class="table__cell--numeric">{total}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>

        {view.survey.map(|s| view! { <Survey survey=s/> })}
    }
}

#[component]
fn Survey(survey: SurveySection) -> impl IntoView {
    view! {
        <h2 class="heading-m">"Victims' satisfaction"</h2>
        <p class="body">"These figures are for every report, whatever crime type or team is chosen above: answers are kept apart from the case."</p>
        <FigureTable caption="The survey sent after a crime is recorded, answered in the period" rows=survey.summary/>
        {survey.questions.into_iter().map(|(question, answers)| view! {
            <table class="table">
                <caption class="table__caption table__caption--s">{question}</caption>
                <thead><tr><th scope="col">"Answer"</th><th scope="col" class="table__header--numeric">"Victims"</th></tr></thead>
                <tbody>
                    {answers.into_iter().map(|(answer, n)| view! {
                        <tr><th scope="row">{answer}</th><td class="table__cell--numeric">{n}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }).collect_view()}
        <ChartFigure chart=survey.trend.clone()/>
        <table class="table">
            <caption class="table__caption table__caption--s">{survey.trend.title.clone()}</caption>
            <thead><tr>
                <th scope="col">"Week"</th>
                {survey.trend.series.iter().map(|(name, _)| view! { <th scope="col" class="table__header--numeric">{name.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {survey.trend.bars.iter().map(|(label, values)| view! {
                    <tr>
                        <th scope="row">{label.clone()}</th>
                        {values.iter().map(|v| view! { <td class="table__cell--numeric">{*v}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3 class="heading-s">"Comments"</h3>
        {if survey.comments.is_empty() {
            view! { <p class="body">"No comments in this period."</p> }.into_any()
        } else {
            view! {
                <ul class="list compliance__comments">
                    {survey.comments.into_iter().map(|(when, words)| view! {
                        <li><span class="body-s">{when}</span><p class="body case-text">{words}</p></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn CountLink(count: Count) -> impl IntoView {
    match count.href {
        Some(href) if count.n > 0 => view! { <a class="link" href=href>{count.n}</a> }.into_any(),
        _ => view! { <span>{count.n}</span> }.into_any(),
    }
}

#[component]
fn FigureTable(#[prop(into)] caption: String, rows: Vec<FigureRow>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption table__caption--s">{caption}</caption>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{r.label}</th>
                        <td class="table__cell--numeric">
                            {match r.href {
                                Some(href) => view! { <a class="link" href=href>{r.value}</a> }.into_any(),
                                None => view! { <span>{r.value}</span> }.into_any(),
                            }}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Width of a chart's drawing, in its own units (it scales to the page).
const WIDTH: f64 = 640.0;

/// Where each part of a bar starts and how long it is, for parts `values` of a bar `length`
/// long when the parts fill it (`scale`: the total a full-length bar stands for).
pub fn parts(values: &[u64], scale: u64, length: f64) -> Vec<(f64, f64)> {
    let mut start = 0.0;
    values
        .iter()
        .map(|&v| {
            let len = if scale == 0 { 0.0 } else { length * v as f64 / scale as f64 };
            let part = (start, len);
            start += len;
            part
        })
        .collect()
}

#[component]
fn ChartFigure(chart: Chart) -> impl IntoView {
    let (title_id, desc_id) = (format!("{}-title", chart.id), format!("{}-desc", chart.id));
    let labelled = format!("{title_id} {desc_id}");
    let legend = chart.series.clone();
    let drawing = if chart.shares { across(&chart) } else { upwards(&chart) };
    view! {
        <figure class="chart">
            <svg class="chart__svg" role="img" aria-labelledby=labelled viewBox=drawing.0
                xmlns="http://www.w3.org/2000/svg">
                <title id=title_id>{chart.title.clone()}</title>
                <desc id=desc_id>{chart.description.clone()}</desc>
                {drawing.1}
            </svg>
            <figcaption class="chart__legend">
                <span class="body-s">{chart.title}": "</span>
                {legend.into_iter().map(|(name, class)| view! {
                    <span class="chart__key body-s"><span class=format!("chart__swatch {class}") aria-hidden="true"></span>{name}</span>
                }).collect_view()}
            </figcaption>
        </figure>
    }
}

/// Each bar across the drawing, its label above it, its parts as shares of its total.
fn across(chart: &Chart) -> (String, AnyView) {
    const ROW: f64 = 44.0;
    let height = ROW * chart.bars.len().max(1) as f64;
    let rows = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let y = i as f64 * ROW;
            let total: u64 = values.iter().sum();
            let rects = parts(values, total, WIDTH)
                .into_iter()
                .zip(chart.series.iter())
                .filter(|((_, len), _)| *len > 0.0)
                .map(|((x, len), (_, class))| {
                    view! { <rect class=*class x=format!("{x:.1}") y=format!("{:.1}", y + 18.0) width=format!("{len:.1}") height="20"/> }
                })
                .collect_view();
            let words = if total == 0 { format!("{label}: none due") } else { label.clone() };
            view! {
                <g>
                    <text class="chart__text" x="0" y=format!("{:.1}", y + 13.0)>{words}</text>
                    {rects}
                </g>
            }
        })
        .collect_view();
    (format!("0 0 {WIDTH} {height}"), rows.into_any())
}

/// Bars standing on a common scale from the bottom, labelled at the ends, with the largest total.
fn upwards(chart: &Chart) -> (String, AnyView) {
    const PLOT: f64 = 160.0;
    const TOP: f64 = 20.0;
    let height = PLOT + TOP + 24.0;
    let largest = chart.bars.iter().map(|(_, v)| v.iter().sum::<u64>()).max().unwrap_or(0);
    let slot = WIDTH / chart.bars.len().max(1) as f64;
    let bars = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, (_, values))| {
            let x = i as f64 * slot + slot * 0.1;
            parts(values, largest, PLOT)
                .into_iter()
                .zip(chart.series.iter())
                .filter(|((_, len), _)| *len > 0.0)
                .map(|((from, len), (_, class))| {
                    let y = TOP + PLOT - from - len;
                    view! { <rect class=*class x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", slot * 0.8) height=format!("{len:.1}")/> }
                })
                .collect_view()
        })
        .collect_view();
    let first = chart.bars.first().map(|(l, _)| l.clone()).unwrap_or_default();
    let last = chart.bars.last().map(|(l, _)| l.clone()).unwrap_or_default();
    let baseline = TOP + PLOT;
    let drawing = view! {
        <text class="chart__text" x="0" y="14">{format!("Largest: {largest}")}</text>
        <line class="chart__axis" x1="0" x2=format!("{WIDTH}") y1=format!("{baseline}") y2=format!("{baseline}")/>
        {bars}
        <text class="chart__text" x="0" y=format!("{}", baseline + 18.0)>{first}</text>
        <text class="chart__text" x=format!("{WIDTH}") y=format!("{}", baseline + 18.0) text-anchor="end">{last}</text>
    };
    (format!("0 0 {WIDTH} {height}"), drawing.into_any())
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn parts_fill_the_bar_in_order_and_a_zero_scale_draws_nothing() {
        assert_eq!(parts(&[1, 3], 4, 100.0), [(0.0, 25.0), (25.0, 75.0)]);
        assert_eq!(parts(&[2, 0, 2], 8, 80.0), [(0.0, 20.0), (20.0, 0.0), (20.0, 20.0)]);
        assert_eq!(parts(&[0, 0], 0, 80.0), [(0.0, 0.0), (0.0, 0.0)]);
    }
}
