//! The log's filters as a plain GET form: status class, endpoint, only failures, and a time
//! range in UTC. Submitting it shows the newest page that matches.

use crate::model::requests::{FilterOption, RequestLogQuery};
use leptos::prelude::*;

/// The filter form for the log at `action`, showing `query`'s values.
#[component]
pub fn Filters(
    /// The log's path.
    #[prop(into)]
    action: String,
    /// The filters in force.
    query: RequestLogQuery,
    /// The endpoints to choose from.
    endpoints: Vec<FilterOption>,
    /// Filter values that could not be read.
    problems: Vec<String>,
) -> impl IntoView {
    let statuses = [
        ("", "Any status"),
        ("2xx", "2xx (worked)"),
        ("4xx", "4xx (refused)"),
        ("5xx", "5xx (failed in the sandbox)"),
    ];
    let status = query.status.clone();
    let endpoint = query.endpoint.clone();
    let clear = action.clone();
    view! {
        <section class="panel" aria-labelledby="filters-title">
            <div class="panel-header"><h2 id="filters-title">"Filter"</h2></div>
            {(!problems.is_empty()).then(|| view! {
                <div class="message error" id="filter-problems">
                    <p><strong>"Some filters could not be used"</strong></p>
                    <ul>{problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                </div>
            })}
            <form class="log-filters" method="get" action=action>
                <div class="field">
                    <label for="filter-status">"Status"</label>
                    <select id="filter-status" name="status">
                        {statuses
                            .into_iter()
                            .map(|(value, label)| view! { <option value=value selected=status == value>{label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-endpoint">"Endpoint"</label>
                    <select id="filter-endpoint" name="endpoint">
                        <option value="" selected=endpoint.is_empty()>"Any endpoint"</option>
                        {endpoints
                            .into_iter()
                            .map(|option| {
                                let selected = option.value == endpoint;
                                view! { <option value=option.value selected=selected>{option.label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-from">"From (UTC)"</label>
                    <input id="filter-from" name="from" type="datetime-local" value=query.from aria-describedby="filter-time-hint" />
                </div>
                <div class="field">
                    <label for="filter-to">"To (UTC)"</label>
                    <input id="filter-to" name="to" type="datetime-local" value=query.to aria-describedby="filter-time-hint" />
                </div>
                <div class="checkbox">
                    <input id="filter-failures" name="failures" type="checkbox" value="1" checked=query.failures />
                    <label for="filter-failures">"Only failures (status 400 and up)"</label>
                </div>
                <p class="field-hint" id="filter-time-hint">
                    "Times are in UTC, not your computer's time zone; “To” includes the whole minute."
                </p>
                <p class="filter-actions">
                    <button type="submit" class="button primary small">"Apply filters"</button>
                    " " <a href=clear>"Clear filters"</a>
                </p>
            </form>
        </section>
    }
}
