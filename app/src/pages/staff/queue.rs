//! The queue and the list of victims' requests.

use leptos::prelude::*;

use super::{FilterGroup, StaffPage, StaffQueueView, StaffRequestsView};

/// `/staff`.
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let Some(view) = use_context::<StaffQueueView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    view! {
        <StaffPage title="Reports" nav=view.nav.clone()>
            {view.notice.map(|n| view! {
                <div class="notification-banner notification-banner--success" role="alert" aria-labelledby="done-title">
                    <div class="notification-banner__header">
                        <h2 class="notification-banner__title" id="done-title">"Done"</h2>
                    </div>
                    <div class="notification-banner__content"><p class="notification-banner__heading">{n}</p></div>
                </div>
            })}
            <div class="queue">
                <div class="queue__filters">
                    <h2 class="heading-m">"Filter"</h2>
                    {view.filters.into_iter().map(|group| view! { <Filters group/> }).collect_view()}
                    {view.clear.map(|href| view! { <p class="body"><a class="link" href=href>"Clear filters"</a></p> })}
                </div>
                <div class="queue__results">
                    {view.figure.map(|(words, back)| view! {
                        <div class="inset-text">
                            <p class="body">{words}</p>
                            <p class="body"><a class="link" href=back>"Back to the compliance figures"</a></p>
                        </div>
                    })}
                    <p class="body" role="status">{view.showing}</p>
                    <table class="table queue__table">
                        <caption class="table__caption visually-hidden">"Reports, in the order chosen"</caption>
                        <thead>
                            <tr>
                                {view.headings.into_iter().map(|h| view! {
                                    <th scope="col" aria-sort=h.aria_sort>
                                        {match h.href {
                                            Some(href) => view! { <a class="link" href=href>{h.label}</a> }.into_any(),
                                            None => view! { <span>{h.label}</span> }.into_any(),
                                        }}
                                    </th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {view.rows.into_iter().map(|row| view! {
                                <tr>
                                    <td><a class="link" href=row.href>{row.reference}</a></td>
                                    <td>{row.crime_type}</td>
                                    <td>{row.received}</td>
                                    <td><strong class=format!("tag {}", row.risk_class)>{row.risk}</strong></td>
                                    <td>{row.outcome}<br/><span class="body-s">{row.state}</span></td>
                                    <td>
                                        {match row.next_due {
                                            Some(due) if row.overdue => view! { <strong class="tag tag--red">{due}</strong> }.into_any(),
                                            Some(due) => view! { <span>{due}</span> }.into_any(),
                                            None => view! { <span>"None open"</span> }.into_any(),
                                        }}
                                        {(row.requests_waiting > 0).then(|| view! {
                                            <br/><span class="body-s">{format!("{} request(s) waiting", row.requests_waiting)}</span>
                                        })}
                                    </td>
                                    <td>{row.claimed_by.unwrap_or_else(|| "Not claimed".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <nav class="pagination" aria-label="Pages of reports">
                        {view.previous.map(|href| view! { <a class="link" href=href rel="prev">"Previous page"</a> })}
                        " "
                        {view.next.map(|href| view! { <a class="link" href=href rel="next">"Next page"</a> })}
                    </nav>
                </div>
            </div>
        </StaffPage>
    }
    .into_any()
}

#[component]
fn Filters(group: FilterGroup) -> impl IntoView {
    view! {
        <h3 class="heading-s">{group.title}</h3>
        <ul class="list queue__filter-list">
            {group.links.into_iter().map(|link| {
                let label = match link.count {
                    Some(count) => format!("{} ({count})", link.label),
                    None => link.label,
                };
                view! {
                    <li>
                        {if link.current {
                            view! { <a class="link queue__filter--current" href=link.href aria-current="true"><strong>{label}</strong></a> }.into_any()
                        } else {
                            view! { <a class="link" href=link.href>{label}</a> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/staff/requests`.
#[component]
pub fn StaffRequestsPage() -> impl IntoView {
    let Some(view) = use_context::<StaffRequestsView>() else {
        return view! { <crate::pages::NotFoundPage/> }.into_any();
    };
    let empty = view.rows.is_empty();
    view! {
        <StaffPage title="Victims' requests" nav=view.nav.clone()>
            <p class="body">"Requests for an update, reviews, complaints and new information, oldest first."</p>
            {empty.then(|| view! { <p class="body">"No requests are waiting."</p> })}
            {(!empty).then(|| view! {
                <table class="table">
                    <caption class="table__caption visually-hidden">"Requests waiting for an answer"</caption>
                    <thead><tr>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Request"</th>
                        <th scope="col">"Received"</th>
                        <th scope="col">"Answer by"</th>
                    </tr></thead>
                    <tbody>
                        {view.rows.into_iter().map(|row| view! {
                            <tr>
                                <td><a class="link" href=row.href>{row.reference}</a></td>
                                <td>{row.kind}</td>
                                <td>{row.received}</td>
                                <td>{match row.due {
                                    Some(due) if row.overdue => view! { <strong class="tag tag--red">{due}</strong> }.into_any(),
                                    Some(due) => view! { <span>{due}</span> }.into_any(),
                                    None => view! { <span>"No deadline"</span> }.into_any(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </StaffPage>
    }
    .into_any()
}
