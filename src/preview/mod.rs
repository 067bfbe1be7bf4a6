//! Offline preview: one self-contained HTML page that shows a flow's screens as WhatsApp
//! would, side by side, with the routing model drawn as arrows (the *storyboard*).
//!
//! The page needs nothing but itself: the CSS is inline, icons are inline SVG, images are
//! `data:` URIs built from the flow's base64 (after checking that they are PNG, JPEG, GIF or
//! WebP). Flow text is untrusted: every string goes through maud's escaping, links have no
//! `href`, and the page carries a Content-Security-Policy ([`CONTENT_SECURITY_POLICY`]) that
//! forbids scripts and every remote load.
//!
//! Bindings (`${data.x}`, `${form.x}`, `${screen.S.data.x}`, …) are resolved against the
//! data given in [`Options::data`], else the data model's `__example__` values; inputs show
//! their `init-value` / the Form's `init-values`.
//!
//! ```
//! let flow = br#"{"version":"7.3","screens":[{"id":"HELLO","title":"Hi","terminal":true,
//!   "layout":{"type":"SingleColumnLayout","children":[
//!     {"type":"TextHeading","text":"Hello <b>world</b>"},
//!     {"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
//! let html = waflows::preview::render(flow, &waflows::preview::Options::default())?;
//! assert!(html.contains("Hello &lt;b&gt;world&lt;/b&gt;"));
//! assert!(html.contains("Content-Security-Policy"));
//! # Ok::<(), waflows::Error>(())
//! ```
use std::collections::{BTreeMap, HashMap, VecDeque};

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::flow_json::FlowVersion;
use crate::flow_json::model::Flow;
use crate::simulator::eval::ScreenScope;
use crate::{Error, ErrorCode, Result};

mod bind;
mod components;
mod markdown;
mod media;
mod trace;

pub use components::MAX_COMPONENT_DEPTH;
pub use trace::{MAX_TRACE_VIEWS, render_trace};

/// The page's Content-Security-Policy: no script, no remote load of any kind; images only from
/// `data:` URIs, styles only inline.
/// cbindgen:ignore
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Largest page [`render`] produces (32 MiB); a bigger one fails with
/// [`ErrorCode::PreviewTooLarge`].
/// cbindgen:ignore
pub const MAX_OUTPUT_BYTES: usize = 32 * 1024 * 1024;

/// Most routing arrows drawn in one storyboard; more fail with [`ErrorCode::PreviewTooLarge`].
/// cbindgen:ignore
pub const MAX_ARROWS: usize = 2_000;

const CSS: &str = include_str!("preview.css");
const PHONE_WIDTH: usize = 360;
const COLUMN_GAP: usize = 56;

/// What to render. The JSON form (C, Python) has the same keys; unknown keys are an error.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// Render only this screen (default: every screen).
    #[serde(default)]
    pub screen: Option<String>,
    /// Screen data by screen id: `{"SCREEN": {"field": value}}`. Fields given replace the
    /// `__example__` values of that screen's data model; fields left out keep them.
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
    /// Draw the routing model as arrows between the screens (default `true`). Without it the
    /// screens are laid out in rows.
    #[serde(default = "default_true")]
    pub storyboard: bool,
}

fn default_true() -> bool {
    true
}

impl Default for Options {
    fn default() -> Self {
        Options {
            screen: None,
            data: None,
            storyboard: true,
        }
    }
}

impl Options {
    /// The defaults: every screen, `__example__` data, storyboard arrows.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Renders only screen `id`.
    #[must_use]
    pub fn screen(mut self, id: impl Into<String>) -> Self {
        self.screen = Some(id.into());
        self
    }

    /// Uses `data` (`{"SCREEN": {"field": value}}`) instead of the `__example__` values.
    #[must_use]
    pub fn data(mut self, data: Map<String, Value>) -> Self {
        self.data = Some(data);
        self
    }

    /// Draws (or not) the routing arrows.
    #[must_use]
    pub fn storyboard(mut self, on: bool) -> Self {
        self.storyboard = on;
        self
    }

    /// Reads options from their JSON form (`{"screen": …, "data": …, "storyboard": …}`).
    ///
    /// # Errors
    /// [`ErrorCode::InvalidArgument`] when the JSON is not an options object.
    pub fn from_json(text: &[u8]) -> Result<Options> {
        serde_json::from_slice(text)
            .map_err(|e| Error::invalid_argument(format!("preview options: {e}")))
    }
}

/// Renders the preview page of a Flow JSON document.
///
/// # Errors
/// - [`ErrorCode::FlowJsonTooLarge`] / [`ErrorCode::FlowJsonMalformed`]: the flow cannot be read;
/// - [`ErrorCode::PreviewScreenUnknown`]: [`Options::screen`] names no screen;
/// - [`ErrorCode::PreviewDataInvalid`]: [`Options::data`] names an unknown screen or gives a
///   screen something other than an object;
/// - [`ErrorCode::PreviewTooDeep`]: components nest deeper than [`MAX_COMPONENT_DEPTH`];
/// - [`ErrorCode::PreviewTooLarge`]: the page would exceed [`MAX_OUTPUT_BYTES`] or the
///   storyboard [`MAX_ARROWS`].
pub fn render(flow_json: &[u8], opts: &Options) -> Result<String> {
    let doc = Doc::parse(flow_json)?;
    let world = doc.world(opts.data.as_ref())?;
    let order: Vec<usize> = match &opts.screen {
        Some(id) => vec![doc.index_of(id).ok_or_else(|| {
            Error::new(
                ErrorCode::PreviewScreenUnknown,
                format!("the flow has no screen `{id}`"),
            )
        })?],
        None => doc.display_order(),
    };
    let mut budget = Budget::new();
    let mut phones = Vec::with_capacity(order.len());
    for &i in &order {
        phones.push(doc.phone(i, &world, None, &mut budget)?);
    }
    let arrows = if opts.storyboard && opts.screen.is_none() && order.len() > 1 {
        Some(doc.arrows(&order, &mut budget)?)
    } else {
        None
    };
    let subtitle = format!(
        "{} screen{} · Flow JSON {} · routing {} · data from {}",
        order.len(),
        if order.len() == 1 { "" } else { "s" },
        if doc.flow.version.is_empty() {
            "(no version)"
        } else {
            &doc.flow.version
        },
        if doc.flow.routing.explicit {
            "model"
        } else {
            "derived from navigate actions"
        },
        if opts.data.is_some() {
            "the given data"
        } else {
            "__example__"
        },
    );
    let body = html! {
        @match arrows {
            Some((top, bottom, width)) => {
                div.board style=(format!("width:{width}px")) {
                    (top)
                    div.row { @for p in &phones { (p) } }
                    (bottom)
                }
            }
            None => div.row.wrap { @for p in &phones { (p) } },
        }
    };
    page("Flow preview", &subtitle, body, &budget)
}

/// Running size of the page being built, checked against [`MAX_OUTPUT_BYTES`].
pub(crate) struct Budget(usize);

impl Budget {
    fn new() -> Self {
        Budget(CSS.len() + 1024)
    }
    pub(crate) fn spend(&mut self, n: usize) -> Result<()> {
        self.0 = self.0.saturating_add(n);
        if self.0 > MAX_OUTPUT_BYTES {
            return Err(Error::new(
                ErrorCode::PreviewTooLarge,
                format!("the preview page would exceed {MAX_OUTPUT_BYTES} bytes"),
            ));
        }
        Ok(())
    }
}

fn page(title: &str, subtitle: &str, body: Markup, budget: &Budget) -> Result<String> {
    let out = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("waflows ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.page-head {
                    h1 { (title) }
                    p { (subtitle) }
                }
                (body)
            }
        }
    }
    .into_string();
    if out.len() > MAX_OUTPUT_BYTES.max(budget.0) {
        return Err(Error::new(
            ErrorCode::PreviewTooLarge,
            format!("the preview page would exceed {MAX_OUTPUT_BYTES} bytes"),
        ));
    }
    Ok(out)
}

/// A parsed flow: the typed model plus the raw screens (for their layouts).
pub(crate) struct Doc {
    flow: Flow,
    raw: Value,
    entries: std::collections::HashSet<String>,
}

impl Doc {
    pub(crate) fn parse(flow_json: &[u8]) -> Result<Doc> {
        // The checks of `Flow::parse`, with one parse of the text shared by the model and the
        // layouts (the largest flows are megabytes of base64 images).
        let raw: Value = crate::flow_json::model::parse_document(flow_json)?;
        let flow = Flow::from_value(&raw)?;
        let entries = flow
            .entry_screens()
            .into_iter()
            .map(str::to_owned)
            .collect();
        Ok(Doc { flow, raw, entries })
    }

    fn raw_screen(&self, i: usize) -> Option<&Map<String, Value>> {
        self.raw.get("screens")?.get(i)?.as_object()
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.flow.screens.iter().position(|s| s.id == id)
    }

    /// Each screen's data (given, else `__example__`) and its inputs' initial values.
    pub(crate) fn world(&self, given: Option<&Map<String, Value>>) -> Result<bind::World> {
        if let Some(given) = given {
            for (id, v) in given {
                if self.index_of(id).is_none() {
                    return Err(Error::new(
                        ErrorCode::PreviewDataInvalid,
                        format!("data is given for `{id}`, which is not a screen of the flow"),
                    ));
                }
                if !v.is_object() {
                    return Err(Error::new(
                        ErrorCode::PreviewDataInvalid,
                        format!("the data for screen `{id}` is not an object"),
                    ));
                }
            }
        }
        // A flow without a known version is read with the newest grammar.
        let version = FlowVersion::parse(&self.flow.version).unwrap_or(FlowVersion::new(7, 3));
        let mut world = bind::World {
            version,
            screens: BTreeMap::new(),
        };
        for s in &self.flow.screens {
            let mut data: Map<String, Value> = s
                .data
                .iter()
                .filter_map(|f| f.example.clone().map(|e| (f.name.clone(), e)))
                .collect();
            if let Some(Value::Object(g)) = given.and_then(|g| g.get(&s.id)) {
                for (k, v) in g {
                    data.insert(k.clone(), v.clone());
                }
            }
            world.screens.insert(
                s.id.clone(),
                ScreenScope {
                    data,
                    form: Map::new(),
                },
            );
        }
        let mut forms = Vec::with_capacity(self.flow.screens.len());
        for (i, s) in self.flow.screens.iter().enumerate() {
            let mut form = Map::new();
            let scope = bind::Scope::new(&world, &s.id);
            let layout = self.raw_screen(i).and_then(|r| r.get("layout"));
            components::collect_inits(layout.and_then(|l| l.get("children")), scope, &mut form, 0);
            forms.push((s.id.clone(), form));
        }
        for (id, form) in forms {
            if let Some(st) = world.screens.get_mut(&id) {
                st.form = form;
            }
        }
        Ok(world)
    }

    /// Entry screens first, then breadth-first along the routing model, then the rest in
    /// document order.
    fn display_order(&self) -> Vec<usize> {
        let index: HashMap<&str, usize> = self
            .flow
            .screens
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut seen = vec![false; self.flow.screens.len()];
        let mut out = Vec::with_capacity(seen.len());
        let mut queue: VecDeque<usize> = self
            .flow
            .entry_screens()
            .iter()
            .filter_map(|id| index.get(id).copied())
            .collect();
        let mut start = 0;
        loop {
            while let Some(i) = queue.pop_front() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                out.push(i);
                let id = &self.flow.screens[i].id;
                for to in self.flow.routing.edges.get(id).into_iter().flatten() {
                    if let Some(&j) = index.get(to.as_str()) {
                        if !seen[j] {
                            queue.push_back(j);
                        }
                    }
                }
            }
            match (start..seen.len()).find(|&i| !seen[i]) {
                Some(i) => {
                    start = i;
                    queue.push_back(i);
                }
                None => break,
            }
        }
        out
    }

    /// One phone: the screen id above a frame with the title bar, the body and the footer.
    /// `step` labels a trace step.
    fn phone(
        &self,
        i: usize,
        world: &bind::World,
        step: Option<Markup>,
        budget: &mut Budget,
    ) -> Result<Markup> {
        let s = &self.flow.screens[i];
        let raw = self.raw_screen(i);
        let scope = bind::Scope::new(world, &s.id);
        let title = scope
            .text(raw.and_then(|r| r.get("title")))
            .unwrap_or_default();
        budget.spend(title.len() + s.id.len() * 3 + 512)?;
        let body = components::render_screen(raw.and_then(|r| r.get("layout")), scope, budget)?;
        let entry = self.entries.contains(&s.id);
        Ok(html! {
            section.phone id=(format!("screen-{}", s.id)) data-screen=(s.id) {
                div.sid {
                    (s.id)
                    @if let Some(step) = step { (step) }
                    @if entry { span.tag { "entry" } }
                    @if s.terminal {
                        @if s.success { span.tag.end { "terminal" } } @else { span.tag.fail { "terminal · failure" } }
                    }
                    @if s.has_data_exchange { span.tag { "endpoint" } }
                }
                div.frame {
                    div.bar {
                        span.x { "✕" }
                        h2.title { (title) }
                        span.menu { "⋮" }
                    }
                    div.content { (body.body) }
                    @if let Some(f) = body.footer {
                        div.foot {
                            (f)
                            div.managed { "Managed by the business. " b { "Learn more" } }
                        }
                    }
                }
            }
        })
    }

    /// The routing arrows: forward edges arc above the phones, backward edges below.
    /// Returns (top svg, bottom svg, board width).
    fn arrows(&self, order: &[usize], budget: &mut Budget) -> Result<(Markup, Markup, usize)> {
        let col: HashMap<&str, usize> = order
            .iter()
            .enumerate()
            .map(|(c, &i)| (self.flow.screens[i].id.as_str(), c))
            .collect();
        let mut edges: Vec<(usize, usize, &str, &str)> = Vec::new();
        for &i in order {
            let from = self.flow.screens[i].id.as_str();
            for to in self.flow.routing.edges.get(from).into_iter().flatten() {
                if let (Some(&a), Some(&b)) = (col.get(from), col.get(to.as_str())) {
                    if a != b && !edges.iter().any(|e| e.0 == a && e.1 == b) {
                        if edges.len() >= MAX_ARROWS {
                            return Err(Error::new(
                                ErrorCode::PreviewTooLarge,
                                format!("the storyboard would draw more than {MAX_ARROWS} arrows"),
                            ));
                        }
                        edges.push((a, b, from, to.as_str()));
                    }
                }
            }
        }
        budget.spend(edges.len() * 256)?;
        let width = order.len() * PHONE_WIDTH + order.len().saturating_sub(1) * COLUMN_GAP;
        let center = |c: usize| c * (PHONE_WIDTH + COLUMN_GAP) + PHONE_WIDTH / 2;
        // Spread the ends of the arrows leaving / entering the same phone.
        let mut out_n: BTreeMap<usize, usize> = BTreeMap::new();
        let mut in_n: BTreeMap<usize, usize> = BTreeMap::new();
        for e in &edges {
            *out_n.entry(e.0).or_default() += 1;
            *in_n.entry(e.1).or_default() += 1;
        }
        let mut out_k: BTreeMap<usize, usize> = BTreeMap::new();
        let mut in_k: BTreeMap<usize, usize> = BTreeMap::new();
        let spread = |k: usize, n: usize| -> f64 {
            if n <= 1 {
                60.0
            } else {
                20.0 + 120.0 * k as f64 / (n - 1) as f64
            }
        };
        let arc = |span: usize| (26 + 24 * span.saturating_sub(1)).min(260);
        let top_h = edges
            .iter()
            .filter(|e| e.0 < e.1)
            .map(|e| arc(e.1 - e.0))
            .max()
            .map_or(0, |h| h + 16);
        let bottom_h = edges
            .iter()
            .filter(|e| e.0 > e.1)
            .map(|e| arc(e.0 - e.1))
            .max()
            .map_or(0, |h| h + 16);
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        for &(a, b, from, to) in &edges {
            let ko = out_k.entry(a).or_default();
            let so = spread(*ko, out_n[&a]);
            *ko += 1;
            let ki = in_k.entry(b).or_default();
            let si = spread(*ki, in_n[&b]);
            *ki += 1;
            let sign = if a < b { 1.0 } else { -1.0 };
            let x1 = center(a) as f64 + sign * so;
            let x2 = center(b) as f64 - sign * si;
            let tip = format!("{from} → {to}");
            if a < b {
                let base = top_h as f64;
                let peak = base - arc(b - a) as f64;
                let d = format!(
                    "M{x1:.0} {base:.0} C{x1:.0} {peak:.0} {x2:.0} {peak:.0} {x2:.0} {:.0}",
                    base - 1.0
                );
                top.push((d, tip, false));
            } else {
                let peak = arc(a - b) as f64;
                let d = format!("M{x1:.0} 0 C{x1:.0} {peak:.0} {x2:.0} {peak:.0} {x2:.0} 1");
                bottom.push((d, tip, true));
            }
        }
        let svg = |paths: &[(String, String, bool)], h: usize, id: &str| -> Markup {
            if paths.is_empty() {
                return html! {};
            }
            html! {
                svg class=(if id == "arrow-fwd" { "arrows top" } else { "arrows bottom" }) width=(width) height=(h) viewBox=(format!("0 0 {width} {h}")) role="img" aria-label="routing model" {
                    defs {
                        marker id=(id) viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                            path d="M0 0L10 5L0 10z" style="fill:#54656f;stroke:none" {}
                        }
                    }
                    @for (d, tip, back) in paths {
                        path.back[*back] d=(d) marker-end=(format!("url(#{id})")) { title { (tip) } }
                    }
                }
            }
        };
        Ok((
            svg(&top, top_h, "arrow-fwd"),
            svg(&bottom, bottom_h, "arrow-back"),
            width,
        ))
    }
}

#[cfg(test)]
mod tests;
