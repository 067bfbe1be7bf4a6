//! Binding resolution for the preview: `${data.x}`, `${form.x}`, `${screen.S.data.x}`,
//! `${screen.S.form.x}` and (≥6.0) backtick expressions, against the data a screen would show
//! (the caller's data, or the data model's `__example__` values) and the form's initial values.
use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What every screen's bindings can see.
#[derive(Debug, Default)]
pub(crate) struct World {
    /// Screen id → its data (`${data.*}`).
    pub data: BTreeMap<String, Map<String, Value>>,
    /// Screen id → its inputs' values (`${form.*}`): init values, or what a trace recorded.
    pub form: BTreeMap<String, Map<String, Value>>,
}

/// The bindings of one screen.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub screen: &'a str,
    pub world: &'a World,
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

impl<'a> Scope<'a> {
    pub(crate) fn form(&self) -> &'a Map<String, Value> {
        self.world.form.get(self.screen).unwrap_or(&EMPTY)
    }

    /// The value behind one `${…}` path (without the `${` `}`), or `None` when it is not a
    /// binding or names nothing.
    pub(crate) fn lookup(&self, path: &str) -> Option<&'a Value> {
        let mut parts = path.split('.');
        let (root, screen) = match parts.next()? {
            "screen" => {
                let s = parts.next()?;
                (parts.next()?, s)
            }
            r => (r, self.screen),
        };
        let map = match root {
            "data" => self.world.data.get(screen)?,
            "form" => self.world.form.get(screen)?,
            _ => return None,
        };
        let mut cur = map.get(parts.next()?)?;
        for p in parts {
            cur = match cur {
                Value::Object(o) => o.get(p)?,
                Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Resolves a property value: a whole-string binding gives the bound value (`Null` when it
    /// names nothing); a backtick expression gives its value when it can be evaluated;
    /// anything else is returned as written.
    pub(crate) fn resolve(&self, v: &'a Value) -> Resolved<'a> {
        let Value::String(s) = v else {
            return Resolved::Value(v);
        };
        if let Some(path) = whole_binding(s) {
            return match self.lookup(path) {
                Some(x) => Resolved::Value(x),
                None => Resolved::Missing(s),
            };
        }
        if let Some(expr) = backtick_expression(s) {
            return match super::expr::evaluate(expr, self) {
                Some(x) => Resolved::Owned(x),
                None => Resolved::Missing(s),
            };
        }
        Resolved::Value(v)
    }

    /// A property as display text. Strings are shown as written (mixing text and a binding is
    /// not interpolation in Flow JSON); bound numbers and booleans are shown as JSON text;
    /// a binding that names nothing shows its source, so the author sees what is missing.
    pub(crate) fn text(&self, v: Option<&'a Value>) -> Option<String> {
        let v = v?;
        Some(match self.resolve(v) {
            Resolved::Value(x) => display(x),
            Resolved::Owned(x) => display(&x),
            Resolved::Missing(src) => src.to_owned(),
        })
    }

    /// A boolean property (`visible`, `enabled`, `required`, …); `None` when absent or not
    /// resolvable to a boolean.
    pub(crate) fn boolean(&self, v: Option<&'a Value>) -> Option<bool> {
        match self.resolve(v?) {
            Resolved::Value(x) => x.as_bool(),
            Resolved::Owned(x) => x.as_bool(),
            Resolved::Missing(_) => None,
        }
    }

    /// A resolved value, owned (`None` when absent or unresolvable).
    pub(crate) fn value(&self, v: Option<&'a Value>) -> Option<Value> {
        match self.resolve(v?) {
            Resolved::Value(x) => Some(x.clone()),
            Resolved::Owned(x) => Some(x),
            Resolved::Missing(_) => None,
        }
    }

    /// An `If` condition (bare expression or JSON boolean); `None` when it cannot be decided.
    pub(crate) fn condition(&self, v: Option<&'a Value>) -> Option<bool> {
        match v? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => super::expr::evaluate(s, self).and_then(|x| x.as_bool()),
            _ => None,
        }
    }
}

/// A resolved property value.
pub(crate) enum Resolved<'a> {
    /// Borrowed from the document or the data.
    Value(&'a Value),
    /// Computed by an expression.
    Owned(Value),
    /// A binding or expression that names nothing (its source text).
    Missing(&'a str),
}

/// `"${data.x}"` → `Some("data.x")`.
pub(crate) fn whole_binding(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    if inner.is_empty() || inner.contains(['{', '}', '$', ' ']) {
        return None;
    }
    Some(inner)
}

/// `` "`…`" `` → `Some("…")`.
pub(crate) fn backtick_expression(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.trim().is_empty()).then_some(inner)
}

/// How a JSON value is shown as text on the phone.
pub(crate) fn display(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(display).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn world() -> World {
        let mut w = World::default();
        w.data.insert(
            "A".into(),
            json!({"name": "Ann", "obj": {"city": "Pune"}, "n": 3, "flag": true})
                .as_object()
                .cloned()
                .unwrap(),
        );
        w.form.insert(
            "B".into(),
            json!({"age": "41"}).as_object().cloned().unwrap(),
        );
        w
    }

    #[test]
    fn resolves_local_nested_and_global_bindings() {
        let w = world();
        let s = Scope {
            screen: "A",
            world: &w,
        };
        assert_eq!(s.text(Some(&json!("${data.name}"))).unwrap(), "Ann");
        assert_eq!(s.text(Some(&json!("${data.obj.city}"))).unwrap(), "Pune");
        assert_eq!(s.text(Some(&json!("${data.n}"))).unwrap(), "3");
        assert_eq!(s.text(Some(&json!("${screen.B.form.age}"))).unwrap(), "41");
        assert_eq!(s.boolean(Some(&json!("${data.flag}"))), Some(true));
        // Names nothing: the source is shown, the boolean is undecided.
        assert_eq!(
            s.text(Some(&json!("${data.nope}"))).unwrap(),
            "${data.nope}"
        );
        assert_eq!(s.boolean(Some(&json!("${data.nope}"))), None);
        // Mixed text is not interpolated.
        assert_eq!(
            s.text(Some(&json!("Hi ${data.name}"))).unwrap(),
            "Hi ${data.name}"
        );
    }
}
