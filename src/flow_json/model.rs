//! A typed, lenient model of a Flow JSON document, for the parts of waflows that need to know a
//! flow's screens, their data models and the routing between them (the relay, ingestion).
//!
//! [`Flow::parse`] reads only the structure it needs and ignores everything else; it fails only
//! when the text is not JSON, not an object, or has no usable `screens` array. Whether the flow
//! is *correct* is the validator's job ([`crate::flow_json::validate`]).
//!
//! Routing: an explicit `routing_model` wins; without one, the model is derived from the
//! `navigate` actions of every screen, as Meta does for static flows.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::tree::{self, Node};

use crate::{Error, ErrorCode, Result};

/// The JSON type a data-model schema declares (`"type": "string"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    /// `"string"`
    String,
    /// `"number"` (an integer also satisfies it)
    Number,
    /// `"integer"`
    Integer,
    /// `"boolean"`
    Boolean,
    /// `"object"`
    Object,
    /// `"array"`
    Array,
    /// No (or an unsupported) `type`: anything is accepted.
    Any,
}

/// The one type test behind [`SchemaType::matches`] (on a `serde_json::Value`) and
/// [`SchemaType::matches_node`] (on the validator's tree): both have the same `is_…` methods.
macro_rules! type_matches {
    ($ty:expr, $v:ident) => {
        match $ty {
            SchemaType::String => $v.is_string(),
            SchemaType::Number => $v.is_number(),
            SchemaType::Integer => {
                $v.is_i64() || $v.is_u64() || $v.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            SchemaType::Boolean => $v.is_boolean(),
            SchemaType::Object => $v.is_object(),
            SchemaType::Array => $v.is_array(),
            SchemaType::Any => true,
        }
    };
}

impl SchemaType {
    /// Parses a data-model `type` string. Unknown names give `None`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<SchemaType> {
        Some(match name {
            "string" => SchemaType::String,
            "number" => SchemaType::Number,
            "integer" => SchemaType::Integer,
            "boolean" => SchemaType::Boolean,
            "object" => SchemaType::Object,
            "array" => SchemaType::Array,
            _ => return None,
        })
    }

    /// The JSON-Schema name (`"any"` for [`SchemaType::Any`]).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Number => "number",
            SchemaType::Integer => "integer",
            SchemaType::Boolean => "boolean",
            SchemaType::Object => "object",
            SchemaType::Array => "array",
            SchemaType::Any => "any",
        }
    }

    /// Whether a JSON value has this type (an integer satisfies `number`).
    #[must_use]
    pub fn matches(self, v: &Value) -> bool {
        type_matches!(self, v)
    }

    /// [`SchemaType::matches`] on the validator's document tree.
    pub(crate) fn matches_node(self, v: &Node<'_>) -> bool {
        type_matches!(self, v)
    }
}

/// A (restricted) JSON Schema, as used in a screen's data model.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Schema {
    /// The declared type.
    #[serde(rename = "type")]
    pub ty: SchemaType,
    /// Object properties, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<(String, Schema)>,
    /// Names listed in `required` (object schemas).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// The item schema (array schemas).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
}

use super::limits::{MAX_SCHEMA_DEPTH, MAX_WALK_DEPTH};

impl Schema {
    /// A schema that accepts anything.
    #[must_use]
    pub fn any() -> Schema {
        Schema {
            ty: SchemaType::Any,
            properties: Vec::new(),
            required: Vec::new(),
            items: None,
        }
    }

    /// Reads a schema leniently from its JSON form (unknown keywords are ignored).
    #[must_use]
    pub fn from_json(v: &Value) -> Schema {
        let arena = tree::Arena::new();
        Self::from_node(&Node::from_value(v, &arena))
    }

    /// [`Schema::from_json`] on the validator's document tree.
    pub(crate) fn from_node(v: &Node<'_>) -> Schema {
        Self::from_json_depth(v, 0)
    }

    fn from_json_depth(v: &Node<'_>, depth: usize) -> Schema {
        let Some(o) = v.as_object() else {
            return Schema::any();
        };
        if depth > MAX_SCHEMA_DEPTH {
            return Schema::any();
        }
        let ty = o
            .get("type")
            .and_then(Node::as_str)
            .and_then(SchemaType::from_name)
            .unwrap_or(SchemaType::Any);
        let properties = o
            .get("properties")
            .and_then(Node::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, s)| (k.to_string(), Self::from_json_depth(s, depth + 1)))
                    .collect()
            })
            .unwrap_or_default();
        let required = o
            .get("required")
            .and_then(Node::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Node::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let items = o
            .get("items")
            .filter(|i| i.is_object())
            .map(|i| Box::new(Self::from_json_depth(i, depth + 1)));
        Schema {
            ty,
            properties,
            required,
            items,
        }
    }

    /// The schema of a named object property.
    #[must_use]
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, s)| s)
    }

    /// Problems of `value` against this schema, each prefixed with `path` (e.g. `"city"`).
    /// Extra object keys are accepted (JSON-Schema default); `required` keys are checked.
    #[must_use]
    pub fn check(&self, path: &str, value: &Value) -> Vec<String> {
        let arena = tree::Arena::new();
        self.check_node(path, &Node::from_value(value, &arena))
    }

    /// [`Schema::check`] on the validator's document tree.
    pub(crate) fn check_node(&self, path: &str, value: &Node<'_>) -> Vec<String> {
        let mut out = Vec::new();
        self.check_into(path, value, &mut out, 0);
        out
    }

    pub(crate) fn check_into(
        &self,
        path: &str,
        value: &Node<'_>,
        out: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_SCHEMA_DEPTH {
            return;
        }
        if !self.ty.matches_node(value) {
            out.push(format!(
                "{path}: expected {} but found {}",
                self.ty.as_str(),
                value.type_name()
            ));
            return;
        }
        if let Some(o) = value.as_object() {
            for r in &self.required {
                if !o.contains_key(r) {
                    out.push(format!("{path}: required property `{r}` is missing"));
                }
            }
            for (k, s) in &self.properties {
                if let Some(v) = o.get(k) {
                    s.check_into(&format!("{path}.{k}"), v, out, depth + 1);
                }
            }
        }
        if let (Some(a), Some(items)) = (value.as_array(), &self.items) {
            for (i, v) in a.iter().enumerate() {
                items.check_into(&format!("{path}[{i}]"), v, out, depth + 1);
            }
        }
    }
}

/// The JSON type name of a value (`"string"`, `"number"`, `"null"`, …).
#[must_use]
pub fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// One declared field of a screen's data model.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DataField {
    /// The field name (the key under `data`).
    pub name: String,
    /// Its schema.
    pub schema: Schema,
    /// The `__example__` value, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

/// A navigate action found on a screen (`on-click-action` of any component or list item).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NavigateAction {
    /// The target screen (`next.name`).
    pub to: String,
    /// The payload keys given (in order).
    pub payload: Option<Map<String, Value>>,
}

/// One screen of a flow.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Screen {
    /// The screen id.
    pub id: String,
    /// The title, when it is a string (static or binding).
    pub title: Option<String>,
    /// `terminal: true`.
    pub terminal: bool,
    /// `success` (defaults to `true` on terminal screens).
    pub success: bool,
    /// `refresh_on_back: true`.
    pub refresh_on_back: bool,
    /// The declared data model, in document order.
    pub data: Vec<DataField>,
    /// The navigate actions on this screen, in document order.
    pub navigates: Vec<NavigateAction>,
    /// Whether any `data_exchange` action appears on this screen.
    pub has_data_exchange: bool,
    /// Whether the screen has a NavigationList.
    pub has_navigation_list: bool,
}

impl Screen {
    /// The declared field `name`, if any.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&DataField> {
        self.data.iter().find(|f| f.name == name)
    }

    /// The declared data model as `name → schema`.
    #[must_use]
    pub fn data_model(&self) -> BTreeMap<&str, &Schema> {
        self.data
            .iter()
            .map(|f| (f.name.as_str(), &f.schema))
            .collect()
    }

    /// Problems of a data object (e.g. an endpoint response's `data`) against this screen's
    /// declared data model: every declared field must be present with the declared type
    /// (nested `properties`/`items`/`required` are checked); undeclared keys are accepted.
    /// An empty vector means the data fits.
    #[must_use]
    pub fn check_data(&self, data: &Map<String, Value>) -> Vec<String> {
        let mut out = Vec::new();
        let arena = tree::Arena::new();
        for f in &self.data {
            match data.get(&f.name) {
                None => out.push(format!(
                    "{}: field declared in the data model of screen {} is missing",
                    f.name, self.id
                )),
                Some(v) => f
                    .schema
                    .check_into(&f.name, &Node::from_value(v, &arena), &mut out, 0),
            }
        }
        out
    }
}

/// The routing model: for each screen, the screens it may go forward to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoutingModel {
    /// `true` when it comes from the document's `routing_model`; `false` when derived from
    /// navigate actions.
    pub explicit: bool,
    /// Edges, keyed by source screen (every screen of the flow has a key).
    pub edges: BTreeMap<String, Vec<String>>,
}

impl RoutingModel {
    /// Whether `from → to` is an edge.
    #[must_use]
    pub fn has_edge(&self, from: &str, to: &str) -> bool {
        self.edges
            .get(from)
            .is_some_and(|v| v.iter().any(|t| t == to))
    }
}

/// A parsed flow.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Flow {
    /// `version` (empty if missing or not a string).
    pub version: String,
    /// `data_api_version`, if present.
    pub data_api_version: Option<String>,
    /// The screens, in document order.
    pub screens: Vec<Screen>,
    /// The routing model (explicit, or derived from navigate actions).
    pub routing: RoutingModel,
}

/// The checks every lenient reader of a Flow JSON text makes before it looks inside: the
/// document size cap ([`ErrorCode::FlowJsonTooLarge`]), the crate's JSON depth limit, and a
/// parse ([`ErrorCode::FlowJsonMalformed`]). [`Flow::parse`], the preview and the simulator
/// read through it (the last two keep the parsed document for the parts the model omits).
pub(crate) fn parse_document(text: &[u8]) -> Result<Value> {
    if text.len() > super::MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorCode::FlowJsonTooLarge,
            format!(
                "flow json is {} bytes; the limit is {}",
                text.len(),
                super::MAX_DOCUMENT_BYTES
            ),
        ));
    }
    crate::limits::check_json_depth(text, "flow json")?;
    serde_json::from_slice(text).map_err(|e| {
        Error::new(
            ErrorCode::FlowJsonMalformed,
            format!("flow json does not parse: {e}"),
        )
    })
}

impl Flow {
    /// Reads a flow leniently. Fails with [`ErrorCode::FlowJsonMalformed`] when the text is not
    /// JSON, not an object, has no `screens` array, or a screen has no string `id`; with
    /// [`ErrorCode::FlowJsonTooLarge`] over 10 MiB.
    ///
    /// # Errors
    /// As above.
    pub fn parse(text: &[u8]) -> Result<Flow> {
        Self::from_value(&parse_document(text)?)
    }

    /// Reads a flow from an already parsed document (same rules as [`Flow::parse`]).
    ///
    /// # Errors
    /// [`ErrorCode::FlowJsonMalformed`] when the structure is unusable.
    pub fn from_value(v: &Value) -> Result<Flow> {
        let malformed = |m: &str| Error::new(ErrorCode::FlowJsonMalformed, m.to_owned());
        let root = v
            .as_object()
            .ok_or_else(|| malformed("flow json is not an object"))?;
        let screens_v = root
            .get("screens")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("flow json has no `screens` array"))?;
        let mut screens = Vec::with_capacity(screens_v.len());
        for (i, s) in screens_v.iter().enumerate() {
            let so = s
                .as_object()
                .ok_or_else(|| malformed(&format!("screens[{i}] is not an object")))?;
            let id = so
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(&format!("screens[{i}] has no string `id`")))?;
            screens.push(Screen::from_json(id, so));
        }
        let routing = match root.get("routing_model").and_then(Value::as_object) {
            Some(rm) => {
                let mut edges: BTreeMap<String, Vec<String>> =
                    screens.iter().map(|s| (s.id.clone(), Vec::new())).collect();
                for (k, dests) in rm {
                    let list = edges.entry(k.clone()).or_default();
                    for d in dests.as_array().map(Vec::as_slice).unwrap_or_default() {
                        if let Some(d) = d.as_str() {
                            list.push(d.to_owned());
                        }
                    }
                }
                RoutingModel {
                    explicit: true,
                    edges,
                }
            }
            None => derived_routing(&screens),
        };
        Ok(Flow {
            version: root
                .get("version")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            data_api_version: root
                .get("data_api_version")
                .and_then(Value::as_str)
                .map(str::to_owned),
            screens,
            routing,
        })
    }

    /// The screen with this id.
    #[must_use]
    pub fn screen(&self, id: &str) -> Option<&Screen> {
        self.screens.iter().find(|s| s.id == id)
    }

    /// The routing model (explicit or derived).
    #[must_use]
    pub fn routing_model(&self) -> &RoutingModel {
        &self.routing
    }

    /// Whether the flow talks to an endpoint (`data_api_version` is set).
    #[must_use]
    pub fn is_endpoint_flow(&self) -> bool {
        self.data_api_version.is_some()
    }

    /// Whether the flow may go from screen `from` to screen `to`: both must exist, and either
    /// `to == from` (an endpoint may refresh the current screen) or the routing model has the
    /// edge `from → to`.
    #[must_use]
    pub fn transition_allowed(&self, from: &str, to: &str) -> bool {
        if self.screen(from).is_none() || self.screen(to).is_none() {
            return false;
        }
        from == to || self.routing.has_edge(from, to)
    }

    /// Screens nothing routes to (in document order). A flow whose graph has no such screen
    /// (every screen is a target) yields its first screen, which is where Meta starts when
    /// the flow message names no screen.
    #[must_use]
    pub fn entry_screens(&self) -> Vec<&str> {
        let targets: BTreeSet<&str> = self
            .routing
            .edges
            .iter()
            .flat_map(|(from, v)| v.iter().filter(move |t| *t != from).map(String::as_str))
            .collect();
        let mut out: Vec<&str> = self
            .screens
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| !targets.contains(id))
            .collect();
        if out.is_empty() {
            if let Some(s) = self.screens.first() {
                out.push(&s.id);
            }
        }
        out
    }
}

fn derived_routing(screens: &[Screen]) -> RoutingModel {
    let mut edges = BTreeMap::new();
    for s in screens {
        let mut dests: Vec<String> = Vec::new();
        for n in &s.navigates {
            if !dests.contains(&n.to) {
                dests.push(n.to.clone());
            }
        }
        edges.insert(s.id.clone(), dests);
    }
    RoutingModel {
        explicit: false,
        edges,
    }
}

impl Screen {
    fn from_json(id: &str, so: &Map<String, Value>) -> Screen {
        let terminal = so.get("terminal").and_then(Value::as_bool).unwrap_or(false);
        let data = so
            .get("data")
            .and_then(Value::as_object)
            .map(|d| {
                d.iter()
                    .filter(|(k, _)| k.as_str() != "required")
                    .map(|(k, v)| DataField {
                        name: k.clone(),
                        schema: Schema::from_json(v),
                        example: v.get("__example__").cloned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut screen = Screen {
            id: id.to_owned(),
            title: so.get("title").and_then(Value::as_str).map(str::to_owned),
            terminal,
            success: terminal && so.get("success").and_then(Value::as_bool).unwrap_or(true),
            refresh_on_back: so
                .get("refresh_on_back")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            data,
            navigates: Vec::new(),
            has_data_exchange: false,
            has_navigation_list: false,
        };
        if let Some(children) = so.get("layout").and_then(|l| l.get("children")) {
            screen.collect_actions(children, 0);
        }
        screen
    }

    /// Walks components (and their nested containers) to collect actions.
    fn collect_actions(&mut self, v: &Value, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match v {
            Value::Array(a) => {
                for c in a {
                    self.collect_actions(c, depth + 1);
                }
            }
            Value::Object(o) => {
                if o.get("type").and_then(Value::as_str) == Some("NavigationList") {
                    self.has_navigation_list = true;
                }
                for (k, val) in o {
                    match k.as_str() {
                        "on-click-action" | "on-select-action" | "on-unselect-action" => {
                            self.record_action(val);
                        }
                        _ => {
                            if val.is_array() || val.is_object() {
                                self.collect_actions(val, depth + 1);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn record_action(&mut self, a: &Value) {
        let Some(o) = a.as_object() else { return };
        match o.get("name").and_then(Value::as_str) {
            Some("navigate") => {
                let next = o.get("next");
                let is_screen = next
                    .and_then(|n| n.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("screen")
                    == "screen";
                if let Some(to) = next.and_then(|n| n.get("name")).and_then(Value::as_str) {
                    if is_screen {
                        self.navigates.push(NavigateAction {
                            to: to.to_owned(),
                            payload: o.get("payload").and_then(Value::as_object).cloned(),
                        });
                    }
                }
            }
            Some("data_exchange") => self.has_data_exchange = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STATIC: &str = r#"{"version":"7.3","screens":[
      {"id":"A","title":"a","layout":{"type":"SingleColumnLayout","children":[
        {"type":"Footer","label":"go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"x":"1"}}}]}},
      {"id":"B","title":"b","terminal":true,"data":{"x":{"type":"string","__example__":"e"},
        "o":{"type":"object","properties":{"n":{"type":"number"}},"__example__":{"n":1}}},
       "layout":{"type":"SingleColumnLayout","children":[
        {"type":"Footer","label":"done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;

    #[test]
    fn derives_routing_from_navigate_actions() {
        let f = Flow::parse(STATIC.as_bytes()).unwrap();
        assert!(!f.routing_model().explicit);
        assert!(f.transition_allowed("A", "B"));
        assert!(!f.transition_allowed("B", "A"));
        assert!(f.transition_allowed("B", "B"));
        assert!(!f.transition_allowed("A", "NOPE"));
        assert_eq!(f.entry_screens(), vec!["A"]);
        assert!(f.screen("B").unwrap().terminal);
        assert_eq!(f.screen("A").unwrap().navigates[0].to, "B");
    }

    #[test]
    fn explicit_routing_model_wins() {
        let doc = r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":[],"B":["A"]},
          "screens":[{"id":"A","layout":{}},{"id":"B","layout":{}}]}"#;
        let f = Flow::parse(doc.as_bytes()).unwrap();
        assert!(f.routing_model().explicit);
        assert!(f.transition_allowed("B", "A"));
        assert!(!f.transition_allowed("A", "B"));
        assert_eq!(f.entry_screens(), vec!["B"]);
        assert!(f.is_endpoint_flow());
    }

    #[test]
    fn check_data_reports_missing_and_mistyped_fields() {
        let f = Flow::parse(STATIC.as_bytes()).unwrap();
        let b = f.screen("B").unwrap();
        let ok = json!({"x": "v", "o": {"n": 2}, "extra": true});
        assert!(b.check_data(ok.as_object().unwrap()).is_empty());
        let bad = json!({"o": {"n": "two"}});
        let problems = b.check_data(bad.as_object().unwrap());
        assert_eq!(problems.len(), 2, "{problems:?}");
        // Any order: the data model is a JSON object (sorted without `preserve-order`).
        assert!(problems.iter().any(|p| p.starts_with("x:")), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("o.n: expected number but found string"))
        );
        assert_eq!(b.data_model().len(), 2);
    }

    #[test]
    fn rejects_unusable_documents() {
        for doc in [
            "",
            "[]",
            "{}",
            r#"{"screens":[1]}"#,
            r#"{"screens":[{"id":3}]}"#,
        ] {
            let e = Flow::parse(doc.as_bytes()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::FlowJsonMalformed, "{doc}");
        }
    }

    #[test]
    fn integer_satisfies_number_but_not_the_reverse() {
        assert!(SchemaType::Number.matches(&json!(3)));
        assert!(SchemaType::Integer.matches(&json!(3)));
        assert!(!SchemaType::Integer.matches(&json!(3.5)));
        assert!(!SchemaType::String.matches(&json!(3)));
    }
}
