//! The interpreter: a screen stack, form state per screen, actions and the phone's checks.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::checks;
use super::endpoint::Endpoint;
use super::eval::{Scope, ScreenScope, display};
use super::script::{
    ComponentView, Exchange, MAX_OUTPUT_BYTES, MAX_REQUESTS, MAX_SCREENS_SHOWN, MAX_STEPS, Message,
    OptionView, RecordEntry, ScreenView, Script, StartAction, Step, SummaryLine, Tap, Trace,
};
use crate::flow_json::{Flow, FlowVersion, version};
use crate::ingest;
use crate::{Error, ErrorCode, Result};

/// Deepest component nesting walked (Form, If, Switch).
const MAX_LAYOUT_DEPTH: usize = 32;
/// The text shown instead of a sensitive value.
pub const MASK: &str = "••••";

const INPUTS: &[&str] = &[
    "TextInput",
    "TextArea",
    "Dropdown",
    "RadioButtonsGroup",
    "CheckboxGroup",
    "ChipsSelector",
    "DatePicker",
    "CalendarPicker",
    "OptIn",
    "PhotoPicker",
    "DocumentPicker",
];

fn script_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorScriptInvalid, msg)
}

fn limit_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorLimitExceeded, msg)
}

fn answer_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorAnswerInvalid, msg)
}

/// A flow ready to simulate: the document, its typed model and its version.
#[derive(Debug, Clone)]
pub struct SimFlow {
    raw: Vec<u8>,
    screens: Vec<Map<String, Value>>,
    index: HashMap<String, usize>,
    model: Flow,
    version: FlowVersion,
}

impl SimFlow {
    /// Reads a flow. Any version the validator knows (2.1–7.3) runs.
    ///
    /// # Errors
    /// [`ErrorCode::FlowJsonMalformed`] / [`ErrorCode::FlowJsonTooLarge`] as
    /// [`Flow::parse`]; [`ErrorCode::SimulatorFlowUnsupported`] for a version the validator
    /// does not know or a flow without screens.
    pub fn parse(flow_json: &[u8]) -> Result<SimFlow> {
        // The checks of `Flow::parse`, with one parse of the text shared by the model and the
        // raw screens (the largest flows are megabytes of base64 images).
        let mut doc: Value = crate::flow_json::model::parse_document(flow_json)?;
        let model = Flow::from_value(&doc)?;
        let v = FlowVersion::parse(&model.version)
            .filter(|v| version::lookup(*v).is_some())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::SimulatorFlowUnsupported,
                    format!(
                        "Flow JSON version {:?} is not one the simulator knows ({})",
                        model.version,
                        version::known_list()
                    ),
                )
            })?;
        if model.screens.is_empty() {
            return Err(Error::new(
                ErrorCode::SimulatorFlowUnsupported,
                "the flow has no screens",
            ));
        }
        let mut screens = Vec::new();
        let mut index = HashMap::new();
        if let Some(Value::Array(list)) = doc.get_mut("screens").map(Value::take) {
            for s in list {
                if let Value::Object(o) = s {
                    if let Some(id) = o.get("id").and_then(Value::as_str) {
                        index.entry(id.to_owned()).or_insert(screens.len());
                        screens.push(o);
                    }
                }
            }
        }
        Ok(SimFlow {
            raw: flow_json.to_vec(),
            screens,
            index,
            model,
            version: v,
        })
    }

    /// The typed model.
    #[must_use]
    pub fn model(&self) -> &Flow {
        &self.model
    }

    /// The Flow JSON version.
    #[must_use]
    pub fn version(&self) -> FlowVersion {
        self.version
    }

    /// The document's bytes (for building a relay on the same flow).
    #[must_use]
    pub fn json(&self) -> &[u8] {
        &self.raw
    }

    fn screen(&self, id: &str) -> Option<&Map<String, Value>> {
        self.index.get(id).and_then(|i| self.screens.get(*i))
    }

    fn data_api_version(&self) -> String {
        self.model
            .data_api_version
            .clone()
            .unwrap_or_else(|| "3.0".to_owned())
    }
}

/// A visible component.
#[derive(Clone, Copy)]
struct Comp<'f> {
    raw: &'f Map<String, Value>,
    kind: &'f str,
    form: Option<&'f Map<String, Value>>,
}

impl<'f> Comp<'f> {
    fn name(&self) -> Option<&'f str> {
        self.raw.get("name").and_then(Value::as_str)
    }

    fn is_input(&self) -> bool {
        INPUTS.contains(&self.kind)
    }
}

struct Frame {
    id: String,
    scope: ScreenScope,
    view: usize,
}

/// A step's outcome: `None` = went on, `Some(reason)` = refused.
type Outcome = Result<Option<String>>;

/// A running simulation. Build it with [`Simulation::open`], feed it steps, then take the
/// [`Trace`] with [`Simulation::finish`].
pub struct Simulation<'f, 'e> {
    flow: &'f SimFlow,
    endpoint: Endpoint<'e>,
    wa_id: String,
    flow_token: String,
    now: Option<u64>,
    stack: Vec<Frame>,
    visited: BTreeMap<String, ScreenScope>,
    trace: Trace,
    out_bytes: usize,
    /// What each view counts in `out_bytes`: (components and form, data).
    view_cost: Vec<(usize, usize)>,
    step: Option<usize>,
}

impl std::fmt::Debug for Simulation<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation")
            .field("screen", &self.stack.last().map(|s| &s.id))
            .field("steps_run", &self.trace.steps_run)
            .finish_non_exhaustive()
    }
}

impl<'f, 'e> Simulation<'f, 'e> {
    /// Opens the flow as the script's `start` says (sending `INIT` for `data_exchange`).
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorScriptInvalid`] for an unknown start screen; endpoint and
    /// expression errors as for steps.
    pub fn open(flow: &'f SimFlow, script: &Script, endpoint: Endpoint<'e>) -> Result<Self> {
        let mut sim = Simulation {
            flow,
            endpoint,
            wa_id: script.wa_id.clone(),
            flow_token: script.flow_token.clone(),
            now: script.now,
            stack: Vec::new(),
            visited: BTreeMap::new(),
            trace: Trace::default(),
            out_bytes: 0,
            view_cost: Vec::new(),
            step: None,
        };
        match script.start.action {
            StartAction::Navigate => {
                let id = match &script.start.screen {
                    Some(s) => s.clone(),
                    None => flow
                        .model
                        .entry_screens()
                        .first()
                        .map(|s| (*s).to_owned())
                        .unwrap_or_default(),
                };
                if flow.screen(&id).is_none() {
                    return Err(script_err(format!(
                        "start screen {id:?} is not in the flow"
                    )));
                }
                let data = match &script.start.data {
                    Some(d) => d.clone(),
                    None => sim.examples(&id),
                };
                sim.push(&id, data, "open")?;
            }
            StartAction::DataExchange => {
                let mut req = Map::new();
                req.insert("data".into(), json!({}));
                req.insert("flow_token".into(), json!(sim.flow_token));
                req.insert("action".into(), json!("INIT"));
                req.insert("version".into(), json!(flow.data_api_version()));
                if let Some(reason) = sim.exchange(Value::Object(req), None)? {
                    sim.trace.refused = Some(reason);
                }
            }
        }
        Ok(sim)
    }

    fn examples(&self, id: &str) -> Map<String, Value> {
        self.flow
            .model
            .screen(id)
            .map(|s| {
                s.data
                    .iter()
                    .filter_map(|f| f.example.clone().map(|e| (f.name.clone(), e)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The trace so far.
    #[must_use]
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The id of the screen on top of the stack.
    #[must_use]
    pub fn current_screen(&self) -> Option<&str> {
        self.stack.last().map(|f| f.id.as_str())
    }

    /// Runs one step. Returns `Ok(None)` when it went through, `Ok(Some(reason))` when the
    /// phone refused it (the reason is also in the trace; later steps should not run).
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorLimitExceeded`] past a cap, [`ErrorCode::SimulatorScriptInvalid`]
    /// for a value of the wrong shape, [`ErrorCode::SimulatorAnswerInvalid`] for an unusable
    /// endpoint answer, [`ErrorCode::SimulatorExpressionInvalid`] for a bad expression.
    pub fn step(&mut self, step: &Step) -> Outcome {
        if self.trace.refused.is_some() {
            return Ok(self.trace.refused.clone());
        }
        let index = self.trace.steps_run;
        if index >= MAX_STEPS {
            return Err(limit_err(format!("more than {MAX_STEPS} steps")));
        }
        self.trace.steps_run += 1;
        self.step = Some(index);
        let out = if self.trace.closed || self.stack.is_empty() {
            Ok(Some("the flow is closed".to_owned()))
        } else {
            match step {
                Step::Fill(m) | Step::Select(m) => self.fill(m),
                Step::Tap(t) => self.tap(t),
                Step::Back(true) => self.back(),
                Step::Back(false) => Ok(None),
            }
        };
        if let Ok(Some(reason)) = &out {
            self.trace.refused = Some(reason.clone());
            self.trace.refused_step = Some(index);
        }
        self.snapshot()?;
        out
    }

    /// Ends the run and returns the trace.
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorLimitExceeded`] when the trace would exceed
    /// [`MAX_OUTPUT_BYTES`].
    pub fn finish(mut self) -> Result<Trace> {
        self.snapshot()?;
        Ok(self.trace)
    }

    // --- screens -------------------------------------------------------------------------

    fn budget(&mut self, n: usize) -> Result<()> {
        self.out_bytes = self.out_bytes.saturating_add(n);
        if self.out_bytes > MAX_OUTPUT_BYTES {
            return Err(limit_err(format!(
                "the trace exceeds {MAX_OUTPUT_BYTES} bytes"
            )));
        }
        Ok(())
    }

    fn scope_of<'s>(&'s self, frame: &'s Frame) -> Scope<'s> {
        Scope::new(self.flow.version, &frame.scope).with_screens(&self.visited)
    }

    fn top(&self) -> Result<&Frame> {
        self.stack
            .last()
            .ok_or_else(|| script_err("no screen is shown"))
    }

    /// Shows a new screen on top of the stack.
    fn push(&mut self, id: &str, data: Map<String, Value>, reason: &str) -> Result<()> {
        if self.trace.views.len() >= MAX_SCREENS_SHOWN {
            return Err(limit_err(format!(
                "more than {MAX_SCREENS_SHOWN} screens shown"
            )));
        }
        if let Some(top) = self.stack.last() {
            self.visited.insert(top.id.clone(), top.scope.clone());
        }
        let mut frame = Frame {
            id: id.to_owned(),
            scope: ScreenScope {
                data,
                form: Map::new(),
            },
            view: 0,
        };
        frame.scope.form = self.init_values(&frame)?;
        self.stack.push(frame);
        self.record_view(reason)
    }

    fn record_view(&mut self, reason: &str) -> Result<()> {
        let (id, title) = {
            let frame = self.top()?;
            let raw = self.flow.screen(&frame.id);
            let title = match raw.and_then(|r| r.get("title")).and_then(Value::as_str) {
                Some(t) => self.scope_of(frame).text(t)?,
                None => String::new(),
            };
            (frame.id.clone(), title)
        };
        self.trace.screens.push(id.clone());
        self.trace.views.push(ScreenView {
            id,
            title,
            reason: reason.to_owned(),
            step: self.step,
            components: Vec::new(),
            data: Map::new(),
            form: Map::new(),
        });
        let n = self.trace.views.len() - 1;
        if let Some(f) = self.stack.last_mut() {
            f.view = n;
        }
        self.snapshot()
    }

    /// Refreshes the components of the top screen's latest view.
    fn snapshot(&mut self) -> Result<()> {
        let Some(frame) = self.stack.last() else {
            return Ok(());
        };
        let comps = self.visible(frame)?;
        let views = self.component_views(frame, &comps)?;
        let size: usize = views
            .iter()
            .map(|c| {
                c.text.as_ref().map_or(0, String::len)
                    + c.value.as_ref().map_or(0, |v| display(v).len())
                    + c.options
                        .iter()
                        .map(|o| o.title.len() + o.id.len())
                        .sum::<usize>()
                    + 32
            })
            .sum();
        let vi = frame.view;
        // The screen's data is copied into the view when it changed (opening, update_data,
        // refresh); the form with sensitive values masked.
        let data_changed = self
            .trace
            .views
            .get(vi)
            .is_some_and(|v| v.data != frame.scope.data);
        let data = if data_changed {
            let n = serde_json::to_vec(&frame.scope.data).map_or(0, |v| v.len());
            Some((frame.scope.data.clone(), n))
        } else {
            None
        };
        let masked = self.masked_fields(frame, &comps);
        let form: Map<String, Value> = frame
            .scope
            .form
            .iter()
            .map(|(k, v)| {
                let v = if masked.contains(k) {
                    json!(MASK)
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        // Each view is counted once, at its current size (a snapshot replaces the previous
        // one of the same view).
        let form_size: usize = form
            .iter()
            .map(|(k, v)| k.len() + display(v).len() + 8)
            .sum();
        let (old_comps, old_data) = self.view_cost.get(vi).copied().unwrap_or_default();
        let new_data = data.as_ref().map_or(old_data, |(_, n)| *n);
        let new_comps = size + form_size;
        self.out_bytes = self.out_bytes.saturating_sub(old_comps + old_data);
        if self.view_cost.len() <= vi {
            self.view_cost.resize(vi + 1, (0, 0));
        }
        if let Some(c) = self.view_cost.get_mut(vi) {
            *c = (new_comps, new_data);
        }
        self.budget(new_comps + new_data)?;
        if let Some(v) = self.trace.views.get_mut(vi) {
            v.components = views;
            v.form = form;
            if let Some((d, _)) = data {
                v.data = d;
            }
        }
        Ok(())
    }

    fn screen_raw(&self, frame: &Frame) -> Result<&'f Map<String, Value>> {
        self.flow
            .screen(&frame.id)
            .ok_or_else(|| script_err(format!("screen {:?} is not in the flow", frame.id)))
    }

    /// The visible components of a screen, in layout order (If/Switch resolved).
    fn visible(&self, frame: &Frame) -> Result<Vec<Comp<'f>>> {
        let raw = self.screen_raw(frame)?;
        let scope = self.scope_of(frame);
        let mut out = Vec::new();
        if let Some(children) = raw.get("layout").and_then(|l| l.get("children")) {
            walk(children, &scope, None, &mut out, 0)?;
        }
        Ok(out)
    }

    fn init_values(&self, frame: &Frame) -> Result<Map<String, Value>> {
        let comps = self.visible(frame)?;
        let scope = self.scope_of(frame);
        let mut form = Map::new();
        let mut seen_forms: Vec<*const Map<String, Value>> = Vec::new();
        for c in &comps {
            if let Some(f) = c.form {
                let p: *const Map<String, Value> = f;
                if !seen_forms.contains(&p) {
                    seen_forms.push(p);
                    if let Some(Value::Object(iv)) =
                        f.get("init-values").map(|v| scope.resolve(v)).transpose()?
                    {
                        form.extend(iv);
                    }
                }
            }
            if let (Some(name), Some(iv)) = (c.name(), c.raw.get("init-value")) {
                let v = scope.resolve(iv)?;
                if !v.is_null() {
                    form.insert(name.to_owned(), v);
                }
            }
        }
        // Only inputs hold form values.
        let names: Vec<&str> = comps
            .iter()
            .filter(|c| c.is_input())
            .filter_map(Comp::name)
            .collect();
        form.retain(|k, _| names.contains(&k.as_str()));
        Ok(form)
    }

    /// The names of the fields shown masked: the screen's `sensitive` list and password /
    /// passcode inputs.
    fn masked_fields(&self, frame: &Frame, comps: &[Comp<'_>]) -> Vec<String> {
        let mut out = self.sensitive(&frame.id);
        for c in comps {
            if let (Some(name), Some("password" | "passcode")) =
                (c.name(), c.raw.get("input-type").and_then(Value::as_str))
            {
                out.push(name.to_owned());
            }
        }
        out
    }

    fn sensitive(&self, id: &str) -> Vec<String> {
        self.flow
            .screen(id)
            .and_then(|s| s.get("sensitive"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn options(&self, scope: &Scope<'_>, c: &Comp<'f>) -> Result<Vec<OptionView>> {
        let src = match c.raw.get("data-source").or_else(|| c.raw.get("list-items")) {
            Some(v) => scope.resolve(v)?,
            None => return Ok(Vec::new()),
        };
        let mut out = Vec::new();
        for item in src.as_array().map(Vec::as_slice).unwrap_or_default() {
            let Some(id) = item.get("id") else { continue };
            let id = display(id);
            let title = item
                .get("title")
                .or_else(|| item.get("main-content").and_then(|m| m.get("title")))
                .map(display)
                .unwrap_or_default();
            let enabled = item.get("enabled").and_then(Value::as_bool).unwrap_or(true);
            out.push(OptionView { id, title, enabled });
        }
        Ok(out)
    }

    fn component_views(&self, frame: &Frame, comps: &[Comp<'f>]) -> Result<Vec<ComponentView>> {
        let scope = self.scope_of(frame);
        let sensitive = self.sensitive(&frame.id);
        let mut out = Vec::with_capacity(comps.len());
        for c in comps {
            let text = component_text(&scope, c)?;
            let name = c.name().map(str::to_owned);
            let masked = name.as_ref().is_some_and(|n| sensitive.contains(n))
                || matches!(
                    c.raw.get("input-type").and_then(Value::as_str),
                    Some("password" | "passcode")
                );
            let value = if c.is_input() {
                name.as_ref()
                    .and_then(|n| frame.scope.form.get(n))
                    .map(|v| if masked { json!(MASK) } else { v.clone() })
            } else {
                None
            };
            let options = if matches!(
                c.kind,
                "Dropdown"
                    | "RadioButtonsGroup"
                    | "CheckboxGroup"
                    | "ChipsSelector"
                    | "NavigationList"
            ) {
                self.options(&scope, c)?
            } else {
                Vec::new()
            };
            out.push(ComponentView {
                kind: c.kind.to_owned(),
                name,
                text,
                value,
                options,
                required: scope.flag(c.raw.get("required"), false)?,
                enabled: scope.flag(c.raw.get("enabled"), true)?,
                error: field_error(&scope, c)?,
            });
        }
        Ok(out)
    }

    // --- steps ---------------------------------------------------------------------------

    fn find(&self, name: &str) -> Result<Option<Comp<'f>>> {
        let frame = self.top()?;
        Ok(self
            .visible(frame)?
            .into_iter()
            .find(|c| c.name() == Some(name)))
    }

    fn fill(&mut self, values: &Map<String, Value>) -> Outcome {
        for (name, value) in values {
            let screen = self.top()?.id.clone();
            let Some(c) = self.find(name)? else {
                return Ok(Some(format!(
                    "screen {screen} shows no field named {name:?}"
                )));
            };
            if !c.is_input() {
                return Ok(Some(format!(
                    "{name:?} on screen {screen} is a {}, not an input",
                    c.kind
                )));
            }
            let frame = self.top()?;
            let scope = self.scope_of(frame);
            let label = label_of(&scope, &c)?;
            if !scope.flag(c.raw.get("enabled"), true)? {
                return Ok(Some(format!("{label} is disabled")));
            }
            let value = normalise(&c, name, value)?;
            if let Some(reason) = self.fill_check(&scope, &c, &label, &value)? {
                return Ok(Some(reason));
            }
            let previous = frame.scope.form.get(name).cloned();
            let top = self
                .stack
                .last_mut()
                .ok_or_else(|| script_err("no screen is shown"))?;
            let selected = super::eval::truthy(Some(&value))
                && !matches!(&value, Value::Array(a) if a.is_empty());
            if value.is_null() {
                top.scope.form.remove(name);
            } else {
                top.scope.form.insert(name.clone(), value.clone());
            }
            // A selection fires on-select-action; clearing one fires on-unselect-action.
            let changed = previous.as_ref() != Some(&value);
            let action = if selected {
                c.raw.get("on-select-action")
            } else {
                c.raw.get("on-unselect-action")
            };
            if let (true, Some(a)) = (changed, action) {
                if let Some(reason) = self.run_action(a, false)? {
                    return Ok(Some(reason));
                }
                if self.trace.closed {
                    return Ok(None);
                }
            }
        }
        Ok(None)
    }

    /// What the phone does not even let the user enter.
    fn fill_check(
        &self,
        scope: &Scope<'_>,
        c: &Comp<'f>,
        label: &str,
        value: &Value,
    ) -> Result<Option<String>> {
        match c.kind {
            "Dropdown" | "RadioButtonsGroup" | "CheckboxGroup" | "ChipsSelector" => {
                let opts = self.options(scope, c)?;
                let picked: Vec<String> = match value {
                    Value::Array(a) => a.iter().map(display).collect(),
                    Value::Null => Vec::new(),
                    v => vec![display(v)],
                };
                for p in &picked {
                    match opts.iter().find(|o| &o.id == p) {
                        None => return Ok(Some(format!("{label} has no option {p:?}"))),
                        Some(o) if !o.enabled => {
                            return Ok(Some(format!(
                                "{label}: option {:?} is not available",
                                o.title
                            )));
                        }
                        Some(_) => {}
                    }
                }
                if let Some(max) = checks::count(c.raw.get("max-selected-items")) {
                    if picked.len() as u64 > max {
                        return Ok(Some(format!(
                            "{label}: select at most {max} (tried {})",
                            picked.len()
                        )));
                    }
                }
            }
            "TextInput" | "TextArea" => {
                let s = display(value);
                let max = checks::count(c.raw.get("max-chars"))
                    .or_else(|| checks::count(c.raw.get("max-length")));
                if let Some(max) = max {
                    if s.chars().count() as u64 > max {
                        return Ok(Some(format!("{label}: at most {max} characters")));
                    }
                }
            }
            "DatePicker" => {
                if let Value::String(s) = value {
                    if let Some(r) = date_problem(scope, c, label, s)? {
                        return Ok(Some(r));
                    }
                }
            }
            "CalendarPicker" => {
                let dates: Vec<&str> = match value {
                    Value::String(s) => vec![s.as_str()],
                    Value::Object(o) => ["start-date", "end-date"]
                        .iter()
                        .filter_map(|k| o.get(*k).and_then(Value::as_str))
                        .collect(),
                    _ => Vec::new(),
                };
                for d in &dates {
                    if let Some(r) = date_problem(scope, c, label, d)? {
                        return Ok(Some(r));
                    }
                }
                if let (Some(a), Some(b)) = (
                    dates.first().and_then(|d| checks::day_number(d)),
                    dates.get(1).and_then(|d| checks::day_number(d)),
                ) {
                    let days = b - a + 1;
                    if days < 1 {
                        return Ok(Some(format!("{label}: the range ends before it starts")));
                    }
                    let days = days.unsigned_abs();
                    if let Some(min) = checks::count(c.raw.get("min-days")) {
                        if days < min {
                            return Ok(Some(format!("{label}: choose at least {min} days")));
                        }
                    }
                    if let Some(max) = checks::count(c.raw.get("max-days")) {
                        if days > max {
                            return Ok(Some(format!("{label}: choose at most {max} days")));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(None)
    }

    fn tap(&mut self, tap: &Tap) -> Outcome {
        let frame = self.top()?;
        let screen = frame.id.clone();
        let comps = self.visible(frame)?;
        let scope = self.scope_of(frame);
        match tap {
            Tap::Name(n) if n.eq_ignore_ascii_case("footer") => {
                let Some(footer) = comps.iter().find(|c| c.kind == "Footer") else {
                    return Ok(Some(format!("screen {screen} has no footer")));
                };
                if !scope.flag(footer.raw.get("enabled"), true)? {
                    return Ok(Some(format!("the footer of screen {screen} is disabled")));
                }
                let Some(action) = footer.raw.get("on-click-action") else {
                    return Ok(Some(format!("the footer of screen {screen} has no action")));
                };
                self.run_action(action, true)
            }
            Tap::Name(n) => {
                let c = comps.iter().find(|c| {
                    c.name() == Some(n.as_str())
                        || (c.kind == "EmbeddedLink"
                            && c.raw
                                .get("text")
                                .and_then(Value::as_str)
                                .is_some_and(|t| t == n || scope.text(t).is_ok_and(|r| r == *n)))
                });
                let Some(c) = c else {
                    return Ok(Some(format!(
                        "screen {screen} shows nothing named {n:?} to tap"
                    )));
                };
                if !scope.flag(c.raw.get("enabled"), true)? {
                    return Ok(Some(format!("{n:?} is disabled")));
                }
                let Some(action) = c.raw.get("on-click-action") else {
                    return Ok(Some(format!(
                        "{n:?} on screen {screen} does nothing when tapped"
                    )));
                };
                self.run_action(action, false)
            }
            Tap::Item(item) => {
                let Some(c) = comps
                    .iter()
                    .find(|c| c.name() == Some(item.component.as_str()))
                else {
                    return Ok(Some(format!(
                        "screen {screen} shows no component named {:?}",
                        item.component
                    )));
                };
                let src = match c.raw.get("list-items").or_else(|| c.raw.get("data-source")) {
                    Some(v) => scope.resolve(v)?,
                    None => Value::Null,
                };
                let found = src.as_array().and_then(|a| {
                    a.iter()
                        .find(|i| i.get("id").map(display).as_deref() == Some(item.item.as_str()))
                        .cloned()
                });
                let Some(found) = found else {
                    return Ok(Some(format!(
                        "{:?} has no item {:?}",
                        item.component, item.item
                    )));
                };
                if found.get("enabled").and_then(Value::as_bool) == Some(false) {
                    return Ok(Some(format!("item {:?} is disabled", item.item)));
                }
                let action = found
                    .get("on-click-action")
                    .cloned()
                    .or_else(|| c.raw.get("on-click-action").cloned());
                let Some(action) = action else {
                    return Ok(Some(format!(
                        "item {:?} does nothing when tapped",
                        item.item
                    )));
                };
                self.run_action(&action, false)
            }
        }
    }

    fn back(&mut self) -> Outcome {
        if self.stack.len() <= 1 {
            // Back on the first screen closes the flow without a response.
            self.trace.closed = true;
            return Ok(None);
        }
        if let Some(left) = self.stack.pop() {
            self.visited.insert(left.id, left.scope);
        }
        let id = self.top()?.id.clone();
        let refresh = self
            .flow
            .model
            .screen(&id)
            .is_some_and(|s| s.refresh_on_back)
            && self.flow.model.is_endpoint_flow();
        self.record_view("back")?;
        if refresh {
            let mut req = Map::new();
            req.insert("data".into(), json!({}));
            req.insert("flow_token".into(), json!(self.flow_token));
            req.insert("screen".into(), json!(id));
            req.insert("action".into(), json!("BACK"));
            req.insert("version".into(), json!(self.flow.data_api_version()));
            return self.exchange(Value::Object(req), Some(id));
        }
        Ok(None)
    }

    // --- actions -------------------------------------------------------------------------

    /// The phone's checks before a footer action fires.
    fn validate(&mut self) -> Result<Vec<(String, String)>> {
        let frame = self.top()?;
        let comps = self.visible(frame)?;
        let scope = self.scope_of(frame);
        let mut out = Vec::new();
        for c in comps.iter().filter(|c| c.is_input()) {
            let Some(name) = c.name() else { continue };
            if !scope.flag(c.raw.get("enabled"), true)? {
                continue;
            }
            let label = label_of(&scope, c)?;
            let value = frame.scope.form.get(name);
            let empty = match value {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.is_empty(),
                Some(Value::Array(a)) => a.is_empty(),
                Some(Value::Bool(b)) => !b,
                _ => false,
            };
            if empty {
                if scope.flag(c.raw.get("required"), false)? {
                    out.push((name.to_owned(), format!("{label} is required")));
                }
                continue;
            }
            let Some(v) = value else { continue };
            match c.kind {
                "TextInput" => {
                    let s = display(v);
                    let it = c
                        .raw
                        .get("input-type")
                        .and_then(Value::as_str)
                        .unwrap_or("text");
                    if let Some(p) = checks::input_type_problem(it, &s) {
                        out.push((name.to_owned(), format!("{label}: {p}")));
                        continue;
                    }
                    if let Some(min) = checks::count(c.raw.get("min-chars")) {
                        if (s.chars().count() as u64) < min {
                            out.push((
                                name.to_owned(),
                                format!("{label}: at least {min} characters"),
                            ));
                        }
                    }
                }
                "CheckboxGroup" | "ChipsSelector" => {
                    let n = v.as_array().map_or(1, Vec::len) as u64;
                    if let Some(min) = checks::count(c.raw.get("min-selected-items")) {
                        if n < min {
                            out.push((name.to_owned(), format!("{label}: select at least {min}")));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn run_action(&mut self, action: &Value, validate: bool) -> Outcome {
        let Some(name) = action.get("name").and_then(Value::as_str) else {
            return Err(script_err("an action has no name"));
        };
        if validate && matches!(name, "navigate" | "data_exchange" | "complete") {
            let problems = self.validate()?;
            if let Some((_, first)) = problems.first().cloned() {
                let screen = self.top()?.id.clone();
                for (field, message) in problems {
                    self.message(&screen, Some(field), message)?;
                }
                return Ok(Some(first));
            }
        }
        let frame = self.top()?;
        let screen = frame.id.clone();
        let payload = match action.get("payload") {
            Some(p) => match self.scope_of(frame).resolve(p)? {
                Value::Object(m) => m,
                Value::Null => Map::new(),
                _ => return Err(script_err(format!("the {name} payload is not an object"))),
            },
            None => Map::new(),
        };
        self.capture_summary_source();
        match name {
            "navigate" => {
                let next = action.get("next");
                let target = next.and_then(|n| n.get("name")).and_then(Value::as_str);
                let kind = next
                    .and_then(|n| n.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("screen");
                match (kind, target) {
                    ("screen", Some(t)) if self.flow.screen(t).is_some() => {
                        self.push(t, payload, "navigate")?;
                        Ok(None)
                    }
                    (_, t) => Ok(Some(format!(
                        "navigate to {:?} cannot be followed (not a screen of this flow)",
                        t.unwrap_or("")
                    ))),
                }
            }
            "data_exchange" => {
                let mut req = Map::new();
                req.insert("data".into(), Value::Object(payload));
                req.insert("flow_token".into(), json!(self.flow_token));
                req.insert("screen".into(), json!(screen));
                req.insert("action".into(), json!("data_exchange"));
                req.insert("version".into(), json!(self.flow.data_api_version()));
                self.exchange(Value::Object(req), Some(screen))
            }
            "complete" => {
                self.complete(&screen, payload)?;
                Ok(None)
            }
            "update_data" => {
                let top = self
                    .stack
                    .last_mut()
                    .ok_or_else(|| script_err("no screen is shown"))?;
                for (k, v) in payload {
                    top.scope.data.insert(k, v);
                }
                Ok(None)
            }
            "open_url" => {
                let url = match action.get("url") {
                    Some(Value::String(u)) => self.scope_of(self.top()?).text(u)?,
                    _ => return Ok(Some("open_url has no url".to_owned())),
                };
                self.budget(url.len())?;
                self.trace.opened_urls.push(url);
                Ok(None)
            }
            other => Ok(Some(format!(
                "the phone does not know the action {other:?}"
            ))),
        }
    }

    fn message(&mut self, screen: &str, field: Option<String>, message: String) -> Result<()> {
        self.budget(message.len() + 64)?;
        self.trace.messages.push(Message {
            step: self.step,
            screen: screen.to_owned(),
            field,
            message,
        });
        Ok(())
    }

    /// Keeps the top screen's state for `${screen.ID.…}` and the summary.
    fn capture_summary_source(&mut self) {
        if let Some(top) = self.stack.last() {
            self.visited.insert(top.id.clone(), top.scope.clone());
        }
    }

    /// Sends a request and applies the answer. `from` is the screen it concerns.
    fn exchange(&mut self, request: Value, from: Option<String>) -> Outcome {
        if self.trace.requests.len() >= MAX_REQUESTS {
            return Err(limit_err(format!(
                "more than {MAX_REQUESTS} endpoint requests"
            )));
        }
        let is_data_exchange =
            request.get("action").and_then(Value::as_str) == Some("data_exchange");
        let answer = self
            .endpoint
            .ask(&request, self.now.unwrap_or(0), &self.wa_id)?;
        let req_size = serde_json::to_vec(&request).map_or(0, |v| v.len());
        let resp_size = serde_json::to_vec(&answer.body).map_or(0, |v| v.len());
        self.budget(req_size * 2 + resp_size)?;
        // Ingestion: the relay's own records, or (scripted / callback answers, which stand in
        // for the platform endpoint) the data_exchange payload's ct-evt / ct-up.
        let screen_for_records = from.clone().unwrap_or_default();
        let records = match answer.records {
            Some(r) => r,
            None if is_data_exchange => {
                let data = request
                    .get("data")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let ex = ingest::extract_map(&data, &ingest::Options::default());
                for p in &ex.problems {
                    self.trace.ingest_problems.push(p.to_string());
                }
                ex.records(Some(&self.wa_id), self.now_ts()).0
            }
            None => Vec::new(),
        };
        for r in records {
            self.trace.records.push(RecordEntry {
                source: "data_exchange".into(),
                screen: screen_for_records.clone(),
                record: r.to_json(),
            });
        }
        self.trace.requests.push(request.clone());
        self.trace.exchanges.push(Exchange {
            step: self.step,
            request,
            response: answer.body.clone(),
            status: answer.status,
        });
        if answer.status != 200 {
            let msg = match answer.status {
                427 => answer
                    .body
                    .get("error_msg")
                    .and_then(Value::as_str)
                    .unwrap_or("The flow token was rejected")
                    .to_owned(),
                s => format!("Something went wrong (the endpoint answered HTTP {s})"),
            };
            let screen = from.unwrap_or_default();
            self.message(&screen, None, msg.clone())?;
            return Ok(Some(msg));
        }
        self.apply_answer(answer.body, from)
    }

    fn apply_answer(&mut self, body: Value, from: Option<String>) -> Outcome {
        let Value::Object(mut o) = body else {
            return Err(answer_err("the endpoint answer is not a JSON object"));
        };
        let data = match o.remove("data") {
            Some(Value::Object(d)) => d,
            None => Map::new(),
            Some(_) => return Err(answer_err("the answer's data is not an object")),
        };
        let Some(Value::String(target)) = o.remove("screen") else {
            return Err(answer_err("the endpoint answer has no screen"));
        };
        if target == "SUCCESS" {
            let params = data
                .get("extension_message_response")
                .and_then(|e| e.get("params"))
                .and_then(Value::as_object)
                .cloned()
                .ok_or_else(|| {
                    answer_err("a SUCCESS answer needs data.extension_message_response.params")
                })?;
            let screen = from.unwrap_or_default();
            self.finish_flow(&screen, params)?;
            return Ok(None);
        }
        if self.flow.screen(&target).is_none() {
            return Err(answer_err(format!(
                "the endpoint answered screen {target:?}, which is not in the flow"
            )));
        }
        if let Some(screen) = self.flow.model.screen(&target) {
            for f in &screen.data {
                if let Some(v) = data.get(&f.name) {
                    let problems = f.schema.check(&f.name, v);
                    if let Some(p) = problems.first() {
                        return Err(answer_err(format!(
                            "payload-schema-error: the answer for screen {target}: {p}"
                        )));
                    }
                }
            }
        }
        let error_message = data
            .get("error_message")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let current = self.stack.last().map(|f| f.id.clone());
        if current.as_deref() == Some(target.as_str()) {
            // The same screen: its data is replaced (form state kept).
            if let Some(top) = self.stack.last_mut() {
                top.scope.data = data;
            }
            self.record_view("refresh")?;
        } else {
            // The first screen (the answer to INIT) must be an entry screen of the routing
            // model: nothing routes to it. UNVERIFIED — Meta documents the routing check for
            // transitions only; a client that opens a flow in the middle of its graph would
            // break the model's guarantees, so the simulator refuses it like a transition.
            let allowed = match current.as_deref() {
                None => self.flow.model.entry_screens().contains(&target.as_str()),
                Some(cur) => self.flow.model.transition_allowed(cur, &target),
            };
            if !allowed {
                return Err(answer_err(match current {
                    Some(cur) => format!(
                        "invalid-screen-transition: the routing model does not allow {cur} → {target}"
                    ),
                    None => format!(
                        "invalid-screen-transition: {target} is not an entry screen of the routing model"
                    ),
                }));
            }
            self.push(&target, data, "endpoint")?;
        }
        if let Some(m) = error_message {
            self.message(&target, None, m)?;
        }
        Ok(None)
    }

    fn now_ts(&self) -> Option<crate::UnixTime> {
        self.now
    }

    fn complete(&mut self, screen: &str, payload: Map<String, Value>) -> Result<()> {
        self.finish_flow(screen, payload)
    }

    /// Ends the flow with `params` as the response: builds `response_json` (with the flow
    /// token), the chat summary, and ingests it as the completion webhook would be.
    fn finish_flow(&mut self, screen: &str, params: Map<String, Value>) -> Result<()> {
        let mut rj = Map::new();
        rj.insert("flow_token".into(), json!(self.flow_token));
        for (k, v) in params {
            rj.insert(k, v);
        }
        let rj_text = serde_json::to_string(&rj)
            .map_err(|e| answer_err(format!("response_json does not serialise: {e}")))?;
        self.budget(rj_text.len() * 2)?;
        let mut msg = json!({
            "context": {"from": "15550009999", "id": "wamid.simulated-flow-message"},
            "from": self.wa_id,
            "id": "wamid.simulated-reply",
            "type": "interactive",
            "interactive": {"type": "nfm_reply", "nfm_reply": {
                "name": "flow", "body": "Sent", "response_json": rj_text}}
        });
        if let (Some(ts), Some(m)) = (self.now, msg.as_object_mut()) {
            m.insert("timestamp".into(), json!(ts.to_string()));
        }
        let webhook = json!({"object": "whatsapp_business_account", "entry": [{"id": "0",
            "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
                "contacts": [{"wa_id": self.wa_id, "profile": {"name": ""}}],
                "messages": [msg]}}]}]});
        let body = serde_json::to_vec(&webhook)
            .map_err(|e| answer_err(format!("webhook does not serialise: {e}")))?;
        let ingested = ingest::ingest_webhook(&body)?;
        for r in ingested.records {
            self.trace.records.push(RecordEntry {
                source: "complete".into(),
                screen: screen.to_owned(),
                record: r.to_json(),
            });
        }
        for p in ingested.problems {
            self.trace.ingest_problems.push(p.to_string());
        }
        self.trace.summary = self.summary()?;
        self.trace.complete = Some(rj);
        self.trace.closed = true;
        Ok(())
    }

    /// The chat summary: every filled input of the screens on the stack, sensitive ones masked.
    fn summary(&self) -> Result<Vec<SummaryLine>> {
        let mut out = Vec::new();
        for frame in &self.stack {
            let sensitive = self.sensitive(&frame.id);
            let scope = self.scope_of(frame);
            for c in self.visible(frame)?.iter().filter(|c| c.is_input()) {
                let Some(name) = c.name() else { continue };
                let Some(v) = frame.scope.form.get(name) else {
                    continue;
                };
                let text = match v {
                    Value::Array(a) => a.iter().map(display).collect::<Vec<_>>().join(", "),
                    v => display(v),
                };
                let masked = sensitive.iter().any(|s| s == name)
                    || matches!(
                        c.raw.get("input-type").and_then(Value::as_str),
                        Some("password" | "passcode")
                    );
                out.push(SummaryLine {
                    screen: frame.id.clone(),
                    field: name.to_owned(),
                    label: label_of(&scope, c)?,
                    value: if masked { MASK.to_owned() } else { text },
                });
            }
        }
        Ok(out)
    }
}

fn walk<'f>(
    children: &'f Value,
    scope: &Scope<'_>,
    form: Option<&'f Map<String, Value>>,
    out: &mut Vec<Comp<'f>>,
    depth: usize,
) -> Result<()> {
    if depth > MAX_LAYOUT_DEPTH {
        return Err(limit_err(format!(
            "components nested deeper than {MAX_LAYOUT_DEPTH} levels"
        )));
    }
    let Some(list) = children.as_array() else {
        return Ok(());
    };
    for child in list {
        let Some(raw) = child.as_object() else {
            continue;
        };
        let kind = raw.get("type").and_then(Value::as_str).unwrap_or("");
        if !scope.flag(raw.get("visible"), true)? {
            continue;
        }
        match kind {
            "Form" => {
                if let Some(c) = raw.get("children") {
                    walk(c, scope, Some(raw), out, depth + 1)?;
                }
            }
            "If" => {
                let cond = raw.get("condition").and_then(Value::as_str).unwrap_or("");
                let branch = if scope.condition(cond)? {
                    "then"
                } else {
                    "else"
                };
                if let Some(c) = raw.get(branch) {
                    walk(c, scope, form, out, depth + 1)?;
                }
            }
            "Switch" => {
                let key = match raw.get("value") {
                    Some(Value::String(s)) => scope.text(s)?,
                    _ => String::new(),
                };
                if let Some(c) = raw.get("cases").and_then(|c| c.get(&key)) {
                    walk(c, scope, form, out, depth + 1)?;
                }
            }
            _ => out.push(Comp { raw, kind, form }),
        }
    }
    Ok(())
}

/// The text a component shows (text, label, or its first line).
fn component_text(scope: &Scope<'_>, c: &Comp<'_>) -> Result<Option<String>> {
    for key in ["text", "label", "title", "alt-text", "description"] {
        match c.raw.get(key) {
            Some(Value::String(s)) => return Ok(Some(scope.text(s)?)),
            Some(Value::Array(a)) => {
                let mut parts = Vec::with_capacity(a.len());
                for p in a {
                    if let Value::String(s) = p {
                        parts.push(scope.text(s)?);
                    }
                }
                return Ok(Some(parts.join("\n")));
            }
            _ => {}
        }
    }
    Ok(None)
}

fn label_of(scope: &Scope<'_>, c: &Comp<'_>) -> Result<String> {
    Ok(component_text(scope, c)?
        .filter(|t| !t.is_empty())
        .or_else(|| c.name().map(str::to_owned))
        .unwrap_or_else(|| c.kind.to_owned()))
}

/// `error-message` on the component, or the enclosing Form's `error-messages` entry.
fn field_error(scope: &Scope<'_>, c: &Comp<'_>) -> Result<Option<String>> {
    if let Some(Value::String(s)) = c.raw.get("error-message") {
        let t = scope.text(s)?;
        if !t.is_empty() {
            return Ok(Some(t));
        }
    }
    if let (Some(form), Some(name)) = (c.form, c.name()) {
        if let Some(em) = form.get("error-messages") {
            if let Value::Object(m) = scope.resolve(em)? {
                if let Some(v) = m.get(name) {
                    let t = display(v);
                    if !t.is_empty() {
                        return Ok(Some(t));
                    }
                }
            }
        }
    }
    Ok(None)
}

/// Puts a scripted value in the shape the component holds.
fn normalise(c: &Comp<'_>, name: &str, v: &Value) -> Result<Value> {
    let bad = |want: &str| {
        script_err(format!(
            "fill {name:?}: a {} takes {want}, not {}",
            c.kind,
            crate::flow_json::model::json_type_name(v)
        ))
    };
    Ok(match c.kind {
        "TextInput" | "TextArea" => match v {
            Value::String(_) | Value::Null => v.clone(),
            Value::Number(n) => Value::String(n.to_string()),
            _ => return Err(bad("text")),
        },
        "Dropdown" | "RadioButtonsGroup" => match v {
            Value::String(_) | Value::Null => v.clone(),
            _ => return Err(bad("an option id")),
        },
        "CheckboxGroup" | "ChipsSelector" => match v {
            Value::Array(a) if a.iter().all(Value::is_string) => v.clone(),
            Value::Null => Value::Array(Vec::new()),
            _ => return Err(bad("a list of option ids")),
        },
        "OptIn" => match v {
            Value::Bool(_) => v.clone(),
            Value::Null => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        "DatePicker" => match v {
            Value::String(s) if checks::day_number(s).is_some() => v.clone(),
            Value::Null => v.clone(),
            _ => return Err(bad("a date \"YYYY-MM-DD\"")),
        },
        "CalendarPicker" => match v {
            Value::String(s) if checks::day_number(s).is_some() => v.clone(),
            Value::Object(o)
                if ["start-date", "end-date"].iter().all(|k| {
                    o.get(*k)
                        .and_then(Value::as_str)
                        .is_some_and(|s| checks::day_number(s).is_some())
                }) =>
            {
                v.clone()
            }
            Value::Null => v.clone(),
            _ => {
                return Err(bad(
                    "a date \"YYYY-MM-DD\" or {\"start-date\", \"end-date\"}",
                ));
            }
        },
        _ => v.clone(),
    })
}

fn date_problem(scope: &Scope<'_>, c: &Comp<'_>, label: &str, s: &str) -> Result<Option<String>> {
    let Some(day) = checks::day_number(s) else {
        return Ok(Some(format!("{label}: {s:?} is not a date")));
    };
    let bound = |key: &str| -> Result<Option<i64>> {
        Ok(match c.raw.get(key) {
            Some(Value::String(b)) => checks::day_number(&scope.text(b)?),
            _ => None,
        })
    };
    if let Some(min) = bound("min-date")? {
        if day < min {
            return Ok(Some(format!(
                "{label}: {s} is before the earliest date allowed"
            )));
        }
    }
    if let Some(max) = bound("max-date")? {
        if day > max {
            return Ok(Some(format!(
                "{label}: {s} is after the latest date allowed"
            )));
        }
    }
    let unavailable = match c.raw.get("unavailable-dates") {
        Some(v) => scope.resolve(v)?,
        None => Value::Null,
    };
    if let Some(list) = unavailable.as_array() {
        if list
            .iter()
            .filter_map(Value::as_str)
            .any(|u| checks::day_number(u) == Some(day))
        {
            return Ok(Some(format!("{label}: {s} is not available")));
        }
    }
    if let Some(days) = c.raw.get("include-days").and_then(Value::as_array) {
        let wd = checks::weekday(day);
        if !days.iter().any(|d| d.as_str() == Some(wd)) {
            return Ok(Some(format!(
                "{label}: {s} is a {wd}, which cannot be chosen"
            )));
        }
    }
    Ok(None)
}

/// Runs a whole script: opens the flow, runs every step until one is refused or the flow
/// closes, and returns the trace.
///
/// # Errors
/// Typed errors of [`SimFlow::parse`], [`Simulation::open`] and [`Simulation::step`].
pub fn simulate(flow_json: &[u8], script: &Script, endpoint: Endpoint<'_>) -> Result<Trace> {
    if script.steps.len() > MAX_STEPS {
        return Err(limit_err(format!(
            "the script has {} steps; the limit is {MAX_STEPS}",
            script.steps.len()
        )));
    }
    let flow = SimFlow::parse(flow_json)?;
    let mut sim = Simulation::open(&flow, script, endpoint)?;
    for step in &script.steps {
        if sim.step(step)?.is_some() {
            break;
        }
    }
    sim.finish()
}
