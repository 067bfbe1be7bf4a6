//! The few Flow JSON lookups the relay needs, over `serde_json::Value`.
//!
//! Kept private and small on purpose: when the Flow JSON validator's model lands, this is the
//! one place to switch over to it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::{Error, ErrorCode, Result};

/// Largest Flow JSON accepted, in bytes.
pub(crate) const MAX_FLOW_JSON_BYTES: usize = 10 << 20;
/// Deepest nesting accepted in a Flow JSON document.
const MAX_FLOW_JSON_DEPTH: usize = 64;

/// One screen: whether it is terminal and the data model it declares.
#[derive(Debug, Clone)]
struct Screen {
    terminal: bool,
    /// Declared data keys → declared JSON type (`None` when the declaration names no `type`).
    data: Vec<(String, Option<String>)>,
}

/// What the relay knows about a flow.
#[derive(Debug, Clone)]
pub(crate) struct FlowView {
    screens: HashMap<String, Screen>,
    /// Screen ids in document order.
    order: Vec<String>,
    /// `routing_model`, when the Flow JSON has one.
    routing: Option<HashMap<String, HashSet<String>>>,
}

/// Why data does not fit a screen's declared model.
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
    /// Reads the screens, their `terminal` flags and data models, and the `routing_model`.
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
        if crate::codec::check_depth(flow_json, MAX_FLOW_JSON_DEPTH).is_err() {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                format!("Flow JSON nests deeper than {MAX_FLOW_JSON_DEPTH} levels"),
            ));
        }
        let doc: Value = serde_json::from_slice(flow_json)
            .map_err(|e| bad(format!("Flow JSON is not JSON: {e}")))?;
        let Some(Value::Array(screens)) = doc.get("screens") else {
            return Err(bad("Flow JSON has no \"screens\" list"));
        };
        let mut view = FlowView {
            screens: HashMap::new(),
            order: Vec::new(),
            routing: None,
        };
        for (i, s) in screens.iter().enumerate() {
            let Some(id) = s
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
            else {
                return Err(bad(format!("screen {i} has no string id")));
            };
            let terminal = s.get("terminal").and_then(Value::as_bool).unwrap_or(false);
            let data = match s.get("data") {
                Some(Value::Object(m)) => m
                    .iter()
                    .map(|(k, decl)| {
                        (
                            k.clone(),
                            decl.get("type").and_then(Value::as_str).map(str::to_owned),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if view
                .screens
                .insert(id.to_owned(), Screen { terminal, data })
                .is_some()
            {
                return Err(bad(format!("screen id {id:?} is used twice")));
            }
            view.order.push(id.to_owned());
        }
        if view.order.is_empty() {
            return Err(bad("Flow JSON has no screens"));
        }
        if let Some(Value::Object(rm)) = doc.get("routing_model") {
            let mut routing = HashMap::new();
            for (from, targets) in rm {
                let set: HashSet<String> = match targets {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                    _ => return Err(bad(format!("routing_model[{from:?}] is not a list"))),
                };
                routing.insert(from.clone(), set);
            }
            view.routing = Some(routing);
        }
        Ok(view)
    }

    pub(crate) fn has_screen(&self, id: &str) -> bool {
        self.screens.contains_key(id)
    }

    pub(crate) fn is_terminal(&self, id: &str) -> bool {
        self.screens.get(id).is_some_and(|s| s.terminal)
    }

    /// The entry screen: the first screen (document order) that no `routing_model` route leads
    /// to; without a routing model, the first screen.
    pub(crate) fn entry_screen(&self) -> Option<&str> {
        let first = self.order.first().map(String::as_str);
        let Some(routing) = &self.routing else {
            return first;
        };
        let targets: HashSet<&str> = routing.values().flatten().map(String::as_str).collect();
        self.order
            .iter()
            .map(String::as_str)
            .find(|s| !targets.contains(s))
            .or(first)
    }

    /// Whether `id` may open the flow: an existing screen that no `routing_model` route leads
    /// to (any existing screen without a routing model).
    pub(crate) fn is_entry(&self, id: &str) -> bool {
        if !self.has_screen(id) {
            return false;
        }
        match &self.routing {
            None => true,
            Some(r) => !r.values().any(|t| t.contains(id)),
        }
    }

    /// Whether `to` may follow `from`. Staying on the same screen is always allowed (that is how
    /// an `error_message` is shown). Without a routing model any existing screen may follow.
    pub(crate) fn transition_allowed(&self, from: &str, to: &str) -> bool {
        if !self.has_screen(to) {
            return false;
        }
        if from == to {
            return true;
        }
        match &self.routing {
            None => true,
            Some(r) => r.get(from).is_some_and(|t| t.contains(to)),
        }
    }

    /// Fits `data` to the screen's declared model: a declared key with a `type` must hold that
    /// JSON type (`string`, `number`, `integer`, `boolean`, `object`, `array`); `error_message`
    /// must be a string; undeclared keys are left out and listed.
    ///
    /// # Errors
    /// A message naming the first key of the wrong type.
    pub(crate) fn fit_data(
        &self,
        screen: &str,
        data: &Map<String, Value>,
    ) -> std::result::Result<DataFit, String> {
        let Some(s) = self.screens.get(screen) else {
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
            let Some((_, ty)) = s.data.iter().find(|(name, _)| name == k) else {
                fit.undeclared.push(k.clone());
                continue;
            };
            if let Some(ty) = ty {
                if !type_matches(ty, v) {
                    return Err(format!(
                        "data.{k} must be of type {ty} as screen {screen:?} declares"
                    ));
                }
            }
            fit.kept.insert(k.clone(), v.clone());
        }
        Ok(fit)
    }
}

fn type_matches(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        // Unknown declared types are not checked here (that is the validator's job).
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view(v: &Value) -> FlowView {
        FlowView::parse(v.to_string().as_bytes()).unwrap()
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
        assert!(v.is_terminal("C") && !v.is_terminal("A"));
        let fit = v
            .fit_data("B", json!({"x": "s", "other": 1}).as_object().unwrap())
            .unwrap();
        assert_eq!(Value::Object(fit.kept), json!({"x": "s"}));
        assert_eq!(fit.undeclared, vec!["other".to_string()]);
        assert!(
            v.fit_data("B", json!({"n": "1"}).as_object().unwrap())
                .is_err()
        );
        assert!(
            v.fit_data("B", json!({"error_message": 1}).as_object().unwrap())
                .is_err()
        );
    }

    #[test]
    fn rejects_unusable_documents() {
        for bad in [
            json!({}),
            json!({"screens": []}),
            json!({"screens": [{"data": {}}]}),
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
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            FlowView::parse(deep.as_bytes()).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
    }
}
