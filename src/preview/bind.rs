//! Binding resolution for the preview, on the simulator's evaluator
//! ([`crate::simulator::eval`]): `${data.x}`, `${form.x}`, `${screen.S.data.x}`,
//! `${screen.S.form.x}` and (≥6.0) backtick expressions, against the data a screen would show
//! (the caller's data, or the data model's `__example__` values) and its inputs' initial values.
//!
//! The preview never fails on an expression: one that names missing data or does not evaluate
//! is shown as its source text, so the author sees what the page could not fill in.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::flow_json::FlowVersion;
use crate::simulator::eval::{self, ScreenScope};

pub(crate) use crate::simulator::eval::display;

/// What every screen's bindings can see.
#[derive(Debug)]
pub(crate) struct World {
    /// The flow's version (bindings and expressions are read with its grammar).
    pub version: FlowVersion,
    /// Screen id → its data (`${data.*}`) and inputs' values (`${form.*}`).
    pub screens: BTreeMap<String, ScreenScope>,
}

/// The bindings of one screen.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    inner: eval::Scope<'a>,
    form: &'a serde_json::Map<String, Value>,
}

/// A resolved property value.
pub(crate) enum Resolved<'a> {
    /// Not a string: the document's own value.
    Value(&'a Value),
    /// A string's value: a literal, a bound value or an expression's result.
    Owned(Value),
    /// A binding or expression that names nothing or does not evaluate (its source text).
    Missing(&'a str),
}

impl<'a> Scope<'a> {
    /// The scope of screen `id` (which must be a key of `world.screens`; an unknown id sees
    /// empty data).
    pub(crate) fn new(world: &'a World, id: &str) -> Scope<'a> {
        static EMPTY: std::sync::LazyLock<ScreenScope> =
            std::sync::LazyLock::new(ScreenScope::default);
        let current = world.screens.get(id).unwrap_or(&EMPTY);
        Scope {
            inner: eval::Scope::new(world.version, current).with_screens(&world.screens),
            form: &current.form,
        }
    }

    /// The screen's inputs' values (`${form.*}`).
    pub(crate) fn form(&self) -> &'a serde_json::Map<String, Value> {
        self.form
    }

    pub(crate) fn resolve(&self, v: &'a Value) -> Resolved<'a> {
        match v {
            Value::String(s) => match self.inner.eval(s) {
                Ok(Some(x)) => Resolved::Owned(x),
                Ok(None) | Err(_) => Resolved::Missing(s),
            },
            other => Resolved::Value(other),
        }
    }

    /// A property as display text (a binding that names nothing shows its source).
    pub(crate) fn text(&self, v: Option<&'a Value>) -> Option<String> {
        Some(match self.resolve(v?) {
            Resolved::Value(x) => display(x),
            Resolved::Owned(x) => display(&x),
            Resolved::Missing(src) => src.to_owned(),
        })
    }

    /// A boolean property (`visible`, `enabled`, …): `None` when absent, plain text or
    /// unresolvable (the preview then shows the component as if `true`).
    pub(crate) fn boolean(&self, v: Option<&'a Value>) -> Option<bool> {
        let v = v?;
        match self.resolve(v) {
            Resolved::Value(Value::Bool(b)) => Some(*b),
            Resolved::Value(_) | Resolved::Missing(_) => None,
            Resolved::Owned(Value::String(t)) if Some(t.as_str()) == v.as_str() => None,
            Resolved::Owned(x) => Some(eval::truthy(Some(&x))),
        }
    }

    /// A resolved value, every string inside it evaluated (`None` when absent or a lone
    /// binding names nothing).
    pub(crate) fn value(&self, v: Option<&'a Value>) -> Option<Value> {
        let v = v?;
        match v {
            Value::String(_) => match self.resolve(v) {
                Resolved::Owned(x) => Some(x),
                Resolved::Value(x) => Some(x.clone()),
                Resolved::Missing(_) => None,
            },
            Value::Array(_) | Value::Object(_) => {
                Some(self.inner.resolve(v).unwrap_or_else(|_| v.clone()))
            }
            other => Some(other.clone()),
        }
    }

    /// An `If` condition (bare expression or JSON boolean); `None` when it does not evaluate.
    pub(crate) fn condition(&self, v: Option<&'a Value>) -> Option<bool> {
        match v? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => self.inner.condition(s).ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn world() -> World {
        let mut screens = BTreeMap::new();
        screens.insert(
            "A".to_owned(),
            ScreenScope {
                data: json!({"name": "Ann", "obj": {"city": "Pune"}, "n": 3, "flag": true})
                    .as_object()
                    .cloned()
                    .unwrap(),
                form: serde_json::Map::new(),
            },
        );
        screens.insert(
            "B".to_owned(),
            ScreenScope {
                data: serde_json::Map::new(),
                form: json!({"age": "41"}).as_object().cloned().unwrap(),
            },
        );
        World {
            version: FlowVersion::new(7, 3),
            screens,
        }
    }

    #[test]
    fn resolves_local_nested_global_bindings_and_expressions() {
        let w = world();
        let s = Scope::new(&w, "A");
        assert_eq!(s.text(Some(&json!("${data.name}"))).unwrap(), "Ann");
        assert_eq!(s.text(Some(&json!("${data.obj.city}"))).unwrap(), "Pune");
        assert_eq!(s.text(Some(&json!("${data.n}"))).unwrap(), "3");
        assert_eq!(s.text(Some(&json!("${screen.B.form.age}"))).unwrap(), "41");
        assert_eq!(
            s.text(Some(&json!("`'Hi ' ${data.name}`"))).unwrap(),
            "Hi Ann"
        );
        assert_eq!(s.boolean(Some(&json!("`${data.n} > 2`"))), Some(true));
        assert_eq!(s.condition(Some(&json!("${data.n} > 5"))), Some(false));
        assert_eq!(s.boolean(Some(&json!("${data.flag}"))), Some(true));
        // Names nothing: the source is shown, the boolean is undecided.
        assert_eq!(
            s.text(Some(&json!("${data.nope}"))).unwrap(),
            "${data.nope}"
        );
        assert_eq!(s.boolean(Some(&json!("${data.nope}"))), None);
        // Mixed text is not interpolation.
        assert_eq!(
            s.text(Some(&json!("Hi ${data.name}"))).unwrap(),
            "Hi ${data.name}"
        );
    }
}
