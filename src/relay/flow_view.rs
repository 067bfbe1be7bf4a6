//! The relay's view of a flow: the crate's Flow JSON model ([`Flow`]) plus the checks the relay
//! makes when it is built and the few routing questions it asks per request.
//!
//! The model is lenient on purpose (it reads what it can); the relay is built once from a Flow
//! JSON the platform team wrote, so it is strict there: no screens, an empty or repeated screen
//! id, or a `routing_model` entry that is not a list make the configuration invalid.
//!
//! Routing policy: only an *explicit* `routing_model` constrains the relay. Without one (a
//! static flow, whose routing Meta derives from `navigate` actions), any screen of the flow may
//! follow and open it: such a flow has no endpoint in Meta's rules, so there is no routing that
//! Meta would enforce on the endpoint's answers.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::flow_json::model::Flow;
use crate::{Error, ErrorCode, Result};

/// Largest Flow JSON accepted, in bytes (the model's limit).
const MAX_FLOW_JSON_BYTES: usize = crate::flow_json::MAX_DOCUMENT_BYTES;
/// Deepest nesting accepted in a Flow JSON document.
const MAX_FLOW_JSON_DEPTH: usize = crate::limits::MAX_JSON_DEPTH;

/// What the relay knows about a flow.
#[derive(Debug, Clone)]
pub(crate) struct FlowView {
    flow: Flow,
    /// The screens that may open the flow, in document order (computed once).
    entries: Vec<String>,
    /// No Flow JSON was given (the endpoint without one): every non-empty screen name is
    /// accepted, every route allowed and data passed through unchecked.
    open: bool,
}

/// Data fitted to a screen's declared model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataFit {
    /// The data to send: declared keys (and `error_message`) only, in the given order.
    pub(crate) kept: Map<String, Value>,
    /// Keys the screen does not declare; left out of the answer.
    pub(crate) undeclared: Vec<String>,
}

fn bad(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::RelayConfigInvalid, msg)
}

impl FlowView {
    /// Reads the flow through the model and applies the relay's checks.
    ///
    /// # Errors
    /// `LimitExceeded` when the Flow JSON is too large or too deep; `RelayConfigInvalid` when
    /// it is not usable (see the module documentation).
    pub(crate) fn parse(flow_json: &[u8]) -> Result<FlowView> {
        if flow_json.len() > MAX_FLOW_JSON_BYTES {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!(
                    "Flow JSON is {} bytes; the limit is {MAX_FLOW_JSON_BYTES}",
                    flow_json.len()
                ),
            ));
        }
        if crate::limits::exceeds_depth(flow_json, MAX_FLOW_JSON_DEPTH) {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!("Flow JSON nests deeper than {MAX_FLOW_JSON_DEPTH} levels"),
            ));
        }
        let doc: Value = serde_json::from_slice(flow_json)
            .map_err(|e| bad(format!("Flow JSON is not JSON: {e}")))?;
        let flow = Flow::from_value(&doc)
            .map_err(|e| bad(format!("unusable Flow JSON: {}", e.message())))?;
        if flow.screens.is_empty() {
            return Err(bad("Flow JSON has no screens"));
        }
        let mut seen = HashSet::with_capacity(flow.screens.len());
        for (i, s) in flow.screens.iter().enumerate() {
            if s.id.is_empty() {
                return Err(bad(format!("screen {i} has an empty id")));
            }
            if !seen.insert(s.id.as_str()) {
                return Err(bad(format!("screen id {:?} is used twice", s.id)));
            }
        }
        // The model skips routing entries it cannot read; a relay must not silently allow
        // (or forbid) routes the author meant otherwise.
        if let Some(Value::Object(rm)) = doc.get("routing_model") {
            if let Some((from, _)) = rm.iter().find(|(_, targets)| !targets.is_array()) {
                return Err(bad(format!("routing_model[{from:?}] is not a list")));
            }
        }
        // Under an explicit routing model, the model's entry screens; without one, every screen
        // (the first one is what an `INIT` opens).
        let entries = if flow.routing_model().explicit {
            flow.entry_screens()
                .into_iter()
                .map(str::to_owned)
                .collect()
        } else {
            flow.screens.iter().map(|s| s.id.clone()).collect()
        };
        Ok(FlowView {
            flow,
            entries,
            open: false,
        })
    }

    /// The view used when no Flow JSON is known: any non-empty screen name exists, every
    /// transition is allowed, there is no entry screen to default to and data is not checked
    /// against a model (only `error_message` must still be a string).
    pub(crate) fn open() -> FlowView {
        FlowView {
            flow: Flow {
                version: String::new(),
                data_api_version: None,
                screens: Vec::new(),
                routing: crate::flow_json::model::RoutingModel {
                    explicit: false,
                    edges: std::collections::BTreeMap::new(),
                },
            },
            entries: Vec::new(),
            open: true,
        }
    }

    pub(crate) fn has_screen(&self, id: &str) -> bool {
        if self.open {
            return !id.is_empty();
        }
        self.flow.screen(id).is_some()
    }

    pub(crate) fn is_terminal(&self, id: &str) -> bool {
        self.flow.screen(id).is_some_and(|s| s.terminal)
    }

    /// The screen an `INIT` opens: the first entry screen of an explicit routing model
    /// ([`Flow::entry_screens`]); without one, the first screen.
    pub(crate) fn entry_screen(&self) -> Option<&str> {
        self.entries.first().map(String::as_str)
    }

    /// Whether `id` may open the flow: one of [`Flow::entry_screens`] under an explicit routing
    /// model; any existing screen without one.
    pub(crate) fn is_entry(&self, id: &str) -> bool {
        if self.open {
            return !id.is_empty();
        }
        self.entries.iter().any(|e| e == id)
    }

    /// Whether `to` may follow `from`: [`Flow::transition_allowed`] under an explicit routing
    /// model (staying on the same screen is allowed: that is how an `error_message` is shown);
    /// any existing screen without one.
    pub(crate) fn transition_allowed(&self, from: &str, to: &str) -> bool {
        if self.open {
            return !to.is_empty();
        }
        if self.flow.routing_model().explicit {
            self.flow.transition_allowed(from, to)
        } else {
            self.has_screen(to)
        }
    }

    /// Fits `data` to the screen's declared model: a declared key must match its declared
    /// schema (type, and nested `properties`/`items`/`required`); `error_message` must be a
    /// string; undeclared keys are left out and listed. A declared key may be missing.
    ///
    /// # Errors
    /// A message naming the first key that does not match.
    pub(crate) fn fit_data(
        &self,
        screen: &str,
        data: &Map<String, Value>,
    ) -> std::result::Result<DataFit, String> {
        if self.open {
            if data.get("error_message").is_some_and(|v| !v.is_string()) {
                return Err("data.error_message must be a string".into());
            }
            return Ok(DataFit {
                kept: data.clone(),
                undeclared: Vec::new(),
            });
        }
        let Some(s) = self.flow.screen(screen) else {
            return Err(format!("screen {screen:?} does not exist"));
        };
        let mut fit = DataFit {
            kept: Map::new(),
            undeclared: Vec::new(),
        };
        for (k, v) in data {
            if k == "error_message" {
                if !v.is_string() {
                    return Err("data.error_message must be a string".into());
                }
                fit.kept.insert(k.clone(), v.clone());
                continue;
            }
            let Some(field) = s.field(k) else {
                fit.undeclared.push(k.clone());
                continue;
            };
            let problems = field.schema.check(&format!("data.{k}"), v);
            if let Some(first) = problems.first() {
                let more = match problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                return Err(format!(
                    "{first}{more}, against the data model of screen {screen:?}"
                ));
            }
            fit.kept.insert(k.clone(), v.clone());
        }
        Ok(fit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view(v: &Value) -> FlowView {
        FlowView::parse(v.to_string().as_bytes()).unwrap()
    }

    /// The expected fit: the kept data and the undeclared keys, or part of the error message.
    type Want = std::result::Result<(Value, Vec<&'static str>), &'static str>;

    fn fit(v: &FlowView, screen: &str, data: &Value) -> std::result::Result<DataFit, String> {
        v.fit_data(screen, data.as_object().unwrap())
    }

    #[test]
    fn reads_screens_routing_and_entry() {
        let v = view(&json!({
            "routing_model": {"A": ["B"], "B": ["C"]},
            "screens": [
                {"id": "A", "data": {}},
                {"id": "B", "data": {"x": {"type": "string"}, "n": {"type": "number"}}},
                {"id": "C", "terminal": true, "data": {}}
            ]
        }));
        assert_eq!(v.entry_screen(), Some("A"));
        assert!(v.is_entry("A") && !v.is_entry("B") && !v.is_entry("Z"));
        assert!(v.transition_allowed("A", "B"));
        assert!(v.transition_allowed("B", "B"));
        assert!(!v.transition_allowed("A", "C"));
        assert!(!v.transition_allowed("A", "Z"));
        assert!(v.is_terminal("C") && !v.is_terminal("A") && !v.is_terminal("Z"));
        let got = fit(&v, "B", &json!({"x": "s", "other": 1})).unwrap();
        assert_eq!(Value::Object(got.kept), json!({"x": "s"}));
        assert_eq!(got.undeclared, vec!["other".to_string()]);
        assert!(fit(&v, "B", &json!({"n": "1"})).is_err());
        assert!(fit(&v, "B", &json!({"error_message": 1})).is_err());
        assert!(fit(&v, "Z", &json!({})).is_err());
    }

    #[test]
    fn fit_data_keeps_declared_keys_and_checks_their_schema() {
        let v = view(&json!({
            "routing_model": {"A": []},
            "screens": [{"id": "A", "data": {
                "n": {"type": "integer"},
                "any": {"__example__": 1},
                "o": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                "list": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}
            }}]
        }));
        // (data, Ok(kept, undeclared) or Err(substring of the message))
        let cases: Vec<(Value, Want)> = vec![
            // Missing declared keys are allowed; order of the input is kept.
            (json!({}), Ok((json!({}), vec![]))),
            (
                json!({"zz": 1, "n": 2, "error_message": "retry", "any": [true]}),
                Ok((
                    json!({"n": 2, "error_message": "retry", "any": [true]}),
                    vec!["zz"],
                )),
            ),
            (
                json!({"o": {"city": "Pune", "extra": 1}, "list": [{"id": "a"}, {}]}),
                Ok((
                    json!({"o": {"city": "Pune", "extra": 1}, "list": [{"id": "a"}, {}]}),
                    vec![],
                )),
            ),
            (
                json!({"n": 2.5}),
                Err("data.n: expected integer but found number"),
            ),
            (
                json!({"n": "2"}),
                Err("data.n: expected integer but found string"),
            ),
            (
                json!({"o": {"city": 3}}),
                Err("data.o.city: expected string but found integer"),
            ),
            (
                json!({"o": {}}),
                Err("data.o: required property `city` is missing"),
            ),
            (
                json!({"list": [{"id": 1}, {"id": 2}]}),
                Err(
                    "data.list[0].id: expected string but found integer (and 1 more), against the data model of screen \"A\"",
                ),
            ),
            (
                json!({"error_message": null}),
                Err("error_message must be a string"),
            ),
        ];
        for (data, want) in cases {
            match (fit(&v, "A", &data), want) {
                (Ok(got), Ok((kept, undeclared))) => {
                    assert_eq!(Value::Object(got.kept), kept, "{data}");
                    assert_eq!(got.undeclared, undeclared, "{data}");
                }
                (Err(got), Err(want)) => assert!(got.contains(want), "{data}: {got}"),
                (got, want) => panic!("{data}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn without_a_routing_model_any_screen_may_follow_or_open() {
        // A static flow: the model derives A → B from the navigate action, but the relay only
        // follows an explicit routing model.
        let v = view(&json!({"screens": [
            {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Footer", "label": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"}}}]}},
            {"id": "B", "terminal": true}
        ]}));
        assert_eq!(v.entry_screen(), Some("A"));
        assert!(v.is_entry("A") && v.is_entry("B") && !v.is_entry("Z"));
        assert!(v.transition_allowed("B", "A") && v.transition_allowed("A", "B"));
        assert!(!v.transition_allowed("A", "Z"));
    }

    #[test]
    fn entry_screens_come_from_the_model() {
        // A self-route is not an inbound edge; a cycle with no entry opens on the first screen.
        for (routing, entry, entries) in [
            (json!({"A": ["A", "B"], "B": []}), "A", vec!["A"]),
            (json!({"A": ["B"], "B": ["A"]}), "A", vec!["A"]),
            (json!({"B": ["A"]}), "B", vec!["B"]),
        ] {
            let v = view(&json!({"routing_model": routing, "screens": [{"id": "A"}, {"id": "B"}]}));
            assert_eq!(v.entry_screen(), Some(entry), "{routing}");
            for id in ["A", "B"] {
                assert_eq!(v.is_entry(id), entries.contains(&id), "{routing} {id}");
            }
        }
    }

    #[test]
    fn rejects_unusable_documents() {
        for bad in [
            json!({}),
            json!([]),
            json!({"screens": []}),
            json!({"screens": {}}),
            json!({"screens": [{"data": {}}]}),
            json!({"screens": [{"id": ""}]}),
            json!({"screens": [{"id": 3}]}),
            json!({"screens": [{"id": "A"}, {"id": "A"}]}),
            json!({"screens": [{"id": "A"}], "routing_model": {"A": "B"}}),
        ] {
            assert_eq!(
                FlowView::parse(bad.to_string().as_bytes())
                    .unwrap_err()
                    .code(),
                ErrorCode::RelayConfigInvalid,
                "{bad}"
            );
        }
        assert_eq!(
            FlowView::parse(b"{").unwrap_err().code(),
            ErrorCode::RelayConfigInvalid
        );
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            FlowView::parse(deep.as_bytes()).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
        let mut big = br#"{"screens":[{"id":"A"}]}"#.to_vec();
        big.resize(MAX_FLOW_JSON_BYTES, b' ');
        assert!(FlowView::parse(&big).is_ok());
        big.push(b' ');
        assert_eq!(
            FlowView::parse(&big).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
    }
}
