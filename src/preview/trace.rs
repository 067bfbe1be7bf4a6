//! A simulator trace as a page: the screens the user saw, in order, each with the inputs as
//! they were when the user left it, the messages the phone showed there, and at the end the
//! outcome (`complete` payload, CleverTap records, the refusal).
use maud::html;
use serde_json::Value;

use super::{Budget, Doc, page};
use crate::simulator::Trace;
use crate::simulator::eval::ScreenScope;
use crate::{Error, ErrorCode, Result};

/// Most views a trace page renders.
pub const MAX_TRACE_VIEWS: usize = 500;

/// Renders a simulator trace (from [`crate::simulator::simulate`], or its JSON read back) as
/// one offline page, with the same components, escaping and Content-Security-Policy as
/// [`super::render`].
///
/// ```
/// use waflows::simulator::{simulate, Endpoint, Script};
///
/// let flow = br#"{"version": "7.2", "screens": [{"id": "A", "title": "Hello", "terminal": true,
///   "layout": {"type": "SingleColumnLayout", "children": [
///     {"type": "TextInput", "name": "who", "label": "Name"},
///     {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
///      "payload": {"who": "${form.who}"}}}]}}]}"#;
/// let script: Script = serde_json::from_str(
///     r#"{"steps": [{"fill": {"who": "<b>Ana</b>"}}, {"tap": "footer"}]}"#,
/// ).unwrap();
/// let trace = simulate(flow, &script, Endpoint::None)?;
/// let html = waflows::preview::render_trace(flow, &trace)?;
/// assert!(html.contains("&lt;b&gt;Ana&lt;/b&gt;"));
/// assert!(html.contains("Content-Security-Policy"));
/// # Ok::<(), waflows::Error>(())
/// ```
///
/// # Errors
/// - [`ErrorCode::FlowJsonTooLarge`] / [`ErrorCode::FlowJsonMalformed`]: the flow cannot be read;
/// - [`ErrorCode::PreviewScreenUnknown`]: a view names a screen the flow does not have (the
///   trace is of another flow);
/// - [`ErrorCode::PreviewTooLarge`]: more than [`MAX_TRACE_VIEWS`] views, or the page would
///   exceed [`super::MAX_OUTPUT_BYTES`];
/// - [`ErrorCode::PreviewTooDeep`]: components nest deeper than [`super::MAX_COMPONENT_DEPTH`].
pub fn render_trace(flow_json: &[u8], trace: &Trace) -> Result<String> {
    if trace.views.len() > MAX_TRACE_VIEWS {
        return Err(Error::new(
            ErrorCode::PreviewTooLarge,
            format!(
                "the trace shows {} screens; a trace page renders at most {MAX_TRACE_VIEWS}",
                trace.views.len()
            ),
        ));
    }
    let doc = Doc::parse(flow_json)?;
    let mut world = doc.world(None)?;
    let mut budget = Budget::new();
    let mut steps = Vec::with_capacity(trace.views.len());
    for (n, view) in trace.views.iter().enumerate() {
        let i = doc.index_of(&view.id).ok_or_else(|| {
            Error::new(
                ErrorCode::PreviewScreenUnknown,
                format!(
                    "the trace shows screen `{}`, which is not a screen of this flow",
                    view.id
                ),
            )
        })?;
        world.screens.insert(
            view.id.clone(),
            ScreenScope {
                data: view.data.clone(),
                form: view.form.clone(),
            },
        );
        let label = match view.step {
            Some(s) => format!("{}. step {} · {}", n + 1, s + 1, view.reason),
            None => format!("{}. {}", n + 1, view.reason),
        };
        budget.spend(label.len() + 64)?;
        let phone = doc.phone(
            i,
            &world,
            Some(html! { span.tag.step { (label) } }),
            &mut budget,
        )?;
        // The messages shown while this view was on screen.
        let until = trace.views.get(n + 1).and_then(|v| v.step);
        let msgs: Vec<&str> = trace
            .messages
            .iter()
            .filter(|m| {
                m.screen == view.id
                    && m.step >= view.step
                    && until.is_none_or(|u| m.step.is_some_and(|s| s < u))
            })
            .map(|m| m.message.as_str())
            .collect();
        budget.spend(msgs.iter().map(|m| m.len() + 16).sum())?;
        steps.push(html! {
            div.trace-step {
                (phone)
                @if !msgs.is_empty() {
                    ul.msgs { @for m in &msgs { li { (m) } } }
                }
            }
        });
    }
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let complete = trace
        .complete
        .as_ref()
        .map(|c| pretty(&Value::Object(c.clone())));
    let records: Vec<String> = trace.records.iter().map(|r| pretty(&r.record)).collect();
    budget.spend(
        complete.as_ref().map_or(0, String::len)
            + records.iter().map(String::len).sum::<usize>()
            + trace.opened_urls.iter().map(String::len).sum::<usize>(),
    )?;
    let outcome = if let Some(r) = &trace.refused {
        format!("refused: {r}")
    } else if trace.complete.is_some() {
        "completed".to_owned()
    } else if trace.closed {
        "closed".to_owned()
    } else {
        "ran to the end of the script".to_owned()
    };
    let subtitle = format!(
        "{} screen{} shown · {} step{} · {} request{} · {outcome}",
        trace.views.len(),
        if trace.views.len() == 1 { "" } else { "s" },
        trace.steps_run,
        if trace.steps_run == 1 { "" } else { "s" },
        trace.requests.len(),
        if trace.requests.len() == 1 { "" } else { "s" },
    );
    let body = html! {
        div.row.wrap { @for s in &steps { (s) } }
        section.outcome {
            @if let Some(r) = &trace.refused {
                p.refused { "Refused: " (r) }
            }
            @if !trace.opened_urls.is_empty() {
                h2 { "Opened URLs" }
                pre { @for u in &trace.opened_urls { (u) "\n" } }
            }
            @if let Some(c) = &complete {
                h2 { "complete (response_json)" }
                pre { (c) }
            }
            @if !records.is_empty() {
                h2 { "CleverTap records" }
                @for r in &records { pre { (r) } }
            }
        }
    };
    page("Flow simulation", &subtitle, body, &budget)
}
