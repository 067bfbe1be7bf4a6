//! The expression evaluator: resolves bindings (`${data.x}`, `${form.x}`,
//! `${screen.ID.data.x}`, `${screen.ID.form.x}`) and nested backtick expressions (Flow JSON 6.0+)
//! against a [`Scope`] (the current screen's data and form state, plus the other screens').
//!
//! The grammar is the validator's (`flow_json::binding`): this module walks the syntax tree that
//! parser produces, so the simulator and the validator cannot disagree on what parses.
//!
//! Semantics (Meta documents the grammar, not every runtime detail; where it is silent this
//! module does what a JavaScript runtime on the phone most likely does — UNVERIFIED):
//! - a string that is exactly one binding evaluates to the bound JSON value (any type); a binding
//!   to something the scope does not hold is *missing* (`None` from [`Scope::eval`]);
//! - a string wrapped in backticks (from 6.0) is an expression; juxtaposed operands concatenate
//!   as text; numbers print without a trailing `.0`;
//! - arithmetic and ordering operators need numbers; a string that parses as a number counts as
//!   one (form fields hold what the user typed); `/` and `%` by zero or null give 0 (Meta's
//!   documented runtime rule); an ordering
//!   comparison with a missing operand is false (JavaScript's `undefined > 5`);
//! - `!`, `&&`, `||` use JavaScript truthiness (a missing value is false);
//! - `==` / `!=` compare numerically when one side is a number (`3 == '3'`, as JavaScript),
//!   everything else by JSON equality;
//! - any other string is a literal.
//!
//! Every entry point is bounded: expressions over [`MAX_EXPRESSION_BYTES`], nesting over 64
//! levels, values nested over [`MAX_VALUE_DEPTH`] and texts over [`MAX_TEXT_BYTES`] end with a
//! typed error ([`ErrorCode::SimulatorLimitExceeded`] or
//! [`ErrorCode::SimulatorExpressionInvalid`]), never a panic.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use crate::flow_json::FlowVersion;
use crate::flow_json::binding::{self, Node, Source, Ty};
use crate::{Error, ErrorCode, Result};

/// Longest expression (or binding) string evaluated, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// Deepest JSON value [`Scope::resolve`] walks.
pub const MAX_VALUE_DEPTH: usize = 64;
/// Longest text one expression may produce, in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// One screen's state: its data (`${data.…}`) and its form (`${form.…}`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenScope {
    /// The screen's data (from `__example__`, a navigate payload or an endpoint answer).
    #[serde(default)]
    pub data: Map<String, Value>,
    /// The screen's form values, by component name.
    #[serde(default)]
    pub form: Map<String, Value>,
}

/// What bindings and expressions are evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'s> {
    version: FlowVersion,
    current: &'s ScreenScope,
    screens: Option<&'s BTreeMap<String, ScreenScope>>,
}

fn expr_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorExpressionInvalid, msg)
}

fn limit_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorLimitExceeded, msg)
}

/// A short, char-safe excerpt of untrusted text for error messages.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

impl<'s> Scope<'s> {
    /// A scope for a flow of `version` on a screen whose state is `current`.
    #[must_use]
    pub fn new(version: FlowVersion, current: &'s ScreenScope) -> Self {
        Scope {
            version,
            current,
            screens: None,
        }
    }

    /// Adds the other screens' states, for `${screen.ID.…}` (4.0+).
    #[must_use]
    pub fn with_screens(mut self, screens: &'s BTreeMap<String, ScreenScope>) -> Self {
        self.screens = Some(screens);
        self
    }

    /// The flow version bindings are read with.
    #[must_use]
    pub fn version(&self) -> FlowVersion {
        self.version
    }

    /// Looks up one binding (`${data.x.y}`, `${form.x}`, `${screen.S.data.x}`); `Ok(None)` when
    /// the scope holds no such value.
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorExpressionInvalid`] when `binding` is not a binding of this version.
    pub fn lookup(&self, binding_text: &str) -> Result<Option<&'s Value>> {
        if binding_text.len() > MAX_EXPRESSION_BYTES {
            return Err(limit_err(format!(
                "binding is {} bytes; the limit is {MAX_EXPRESSION_BYTES}",
                binding_text.len()
            )));
        }
        let b = binding::parse_binding(binding_text, self.version).ok_or_else(|| {
            expr_err(format!(
                "`{}` is not a binding in Flow JSON {}",
                excerpt(binding_text),
                self.version
            ))
        })?;
        let state: &'s ScreenScope = match b.screen {
            None => self.current,
            Some(id) => match self.screens.and_then(|m| m.get(id)) {
                Some(s) => s,
                None => return Ok(None),
            },
        };
        let root = match b.source {
            Source::Data => &state.data,
            Source::Form => &state.form,
        };
        let mut segs = b.path();
        let Some(first) = segs.next() else {
            return Ok(None);
        };
        let mut cur = match root.get(first) {
            Some(v) => v,
            None => return Ok(None),
        };
        for seg in segs {
            let next = match cur {
                Value::Object(o) => o.get(seg),
                Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(v) => cur = v,
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    /// Evaluates one string property: a whole binding gives the bound value (`None` when
    /// missing), a backtick expression (6.0+) its result, anything else the literal string.
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorExpressionInvalid`] for an expression that does not parse or
    /// fails at run time; [`ErrorCode::SimulatorLimitExceeded`] over a cap.
    pub fn eval(&self, s: &str) -> Result<Option<Value>> {
        if binding::is_expression(s, self.version) {
            let body = s.get(1..s.len() - 1).unwrap_or_default();
            return self.expression(body, true).map(Some);
        }
        if s.starts_with("${") && s.ends_with('}') {
            if let Some(v) = self.lookup_if_binding(s)? {
                return Ok(v.cloned());
            }
        }
        Ok(Some(Value::String(s.to_owned())))
    }

    /// `Some(lookup)` when `s` is a binding of this version, `None` when it is plain text.
    fn lookup_if_binding(&self, s: &str) -> Result<Option<Option<&'s Value>>> {
        if s.len() > MAX_EXPRESSION_BYTES {
            return Err(limit_err(format!(
                "binding is {} bytes; the limit is {MAX_EXPRESSION_BYTES}",
                s.len()
            )));
        }
        if binding::parse_binding(s, self.version).is_none() {
            return Ok(None);
        }
        self.lookup(s).map(Some)
    }

    /// Evaluates a string property as the text the phone shows (missing → empty).
    ///
    /// # Errors
    /// As [`Scope::eval`].
    pub fn text(&self, s: &str) -> Result<String> {
        Ok(self.eval(s)?.as_ref().map(display).unwrap_or_default())
    }

    /// Evaluates an `If.condition` (no backticks; no concatenation) to a boolean.
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorExpressionInvalid`] when it does not parse.
    pub fn condition(&self, cond: &str) -> Result<bool> {
        let v = self.expression(cond, false)?;
        Ok(truthy(Some(&v)))
    }

    /// Evaluates a property that may be a boolean or a binding/expression giving one
    /// (`visible`, `enabled`, `required`, …); a missing value gives `default`.
    ///
    /// # Errors
    /// As [`Scope::eval`].
    pub fn flag(&self, v: Option<&Value>, default: bool) -> Result<bool> {
        match v {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) => match self.eval(s)? {
                // A binding to a missing value is falsy (a hidden field stays hidden).
                None => Ok(false),
                Some(Value::String(t)) if t == *s => Ok(default),
                Some(v) => Ok(truthy(Some(&v))),
            },
            Some(other) => Ok(truthy(Some(other))),
        }
    }

    /// Resolves every string inside a JSON value (an action payload, `init-values`, …).
    /// Object keys whose value is a binding to something missing are left out (UNVERIFIED:
    /// the phone most likely omits an unanswered optional field rather than sending `null`).
    ///
    /// # Errors
    /// As [`Scope::eval`]; [`ErrorCode::SimulatorLimitExceeded`] past [`MAX_VALUE_DEPTH`].
    pub fn resolve(&self, v: &Value) -> Result<Value> {
        Ok(self.resolve_depth(v, 0)?.unwrap_or(Value::Null))
    }

    fn resolve_depth(&self, v: &Value, depth: usize) -> Result<Option<Value>> {
        if depth > MAX_VALUE_DEPTH {
            return Err(limit_err(format!(
                "value nested deeper than {MAX_VALUE_DEPTH} levels"
            )));
        }
        Ok(match v {
            Value::String(s) => self.eval(s)?,
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for x in a {
                    out.push(self.resolve_depth(x, depth + 1)?.unwrap_or(Value::Null));
                }
                Some(Value::Array(out))
            }
            Value::Object(o) => {
                let mut out = Map::new();
                for (k, x) in o {
                    if let Some(r) = self.resolve_depth(x, depth + 1)? {
                        out.insert(k.clone(), r);
                    }
                }
                Some(Value::Object(out))
            }
            other => Some(other.clone()),
        })
    }

    /// Evaluates an expression body with the validator's grammar.
    fn expression(&self, body: &str, concat: bool) -> Result<Value> {
        if body.len() > MAX_EXPRESSION_BYTES {
            return Err(limit_err(format!(
                "expression is {} bytes; the limit is {MAX_EXPRESSION_BYTES}",
                body.len()
            )));
        }
        let mut any = |_: &str| Ty::Any;
        let (_, node) = binding::parse_expression(body, concat, &mut any).map_err(|m| {
            if m.contains("too deeply") {
                limit_err(format!("expression `{}`: {m}", excerpt(body)))
            } else {
                expr_err(format!("expression `{}`: {m}", excerpt(body)))
            }
        })?;
        let v = self.node(&node, 0)?;
        Ok(v.unwrap_or(Value::Null))
    }

    fn node(&self, n: &Node<'_>, depth: usize) -> Result<Option<Value>> {
        if depth > 128 {
            return Err(limit_err("expression nested too deeply"));
        }
        Ok(match n {
            Node::Bind(b) => self.lookup(b)?.cloned(),
            Node::Str(raw) => Some(Value::String(unescape(raw))),
            Node::Num(x) => Some(number(*x)?),
            Node::Bool(b) => Some(Value::Bool(*b)),
            Node::Not(inner) => {
                let v = self.node(inner, depth + 1)?;
                Some(Value::Bool(!truthy(v.as_ref())))
            }
            Node::Concat(parts) => {
                let mut s = String::new();
                for p in parts {
                    if let Some(v) = self.node(p, depth + 1)? {
                        s.push_str(&display(&v));
                    }
                    if s.len() > MAX_TEXT_BYTES {
                        return Err(limit_err(format!(
                            "expression text exceeds {MAX_TEXT_BYTES} bytes"
                        )));
                    }
                }
                Some(Value::String(s))
            }
            Node::Bin(op, l, r) => {
                let lv = self.node(l, depth + 1)?;
                // Short-circuit like JavaScript.
                match *op {
                    "&&" if !truthy(lv.as_ref()) => return Ok(Some(Value::Bool(false))),
                    "||" if truthy(lv.as_ref()) => return Ok(Some(Value::Bool(true))),
                    _ => {}
                }
                let rv = self.node(r, depth + 1)?;
                Some(binary(op, lv.as_ref(), rv.as_ref())?)
            }
        })
    }
}

fn binary(op: &str, l: Option<&Value>, r: Option<&Value>) -> Result<Value> {
    match op {
        "&&" | "||" => Ok(Value::Bool(truthy(r))),
        "==" | "!=" => {
            let numeric = is_number(l) || is_number(r);
            let eq = match (l.and_then(as_number), r.and_then(as_number)) {
                (Some(a), Some(b)) if numeric => a == b,
                _ => l.unwrap_or(&Value::Null) == r.unwrap_or(&Value::Null),
            };
            Ok(Value::Bool(if op == "==" { eq } else { !eq }))
        }
        // An ordering comparison with a missing operand (a field not filled yet) is false,
        // as in JavaScript (`undefined > 5`); the phone evaluates `If` conditions before the
        // user typed anything. UNVERIFIED beyond JavaScript semantics.
        "<" | "<=" | ">" | ">=" if is_missing(l) || is_missing(r) => Ok(Value::Bool(false)),
        _ => {
            let a = operand(op, l)?;
            if matches!(op, "/" | "%") && is_missing(r) {
                return Ok(Value::from(0));
            }
            let b = operand(op, r)?;
            match op {
                "<" => Ok(Value::Bool(a < b)),
                "<=" => Ok(Value::Bool(a <= b)),
                ">" => Ok(Value::Bool(a > b)),
                ">=" => Ok(Value::Bool(a >= b)),
                "+" => number(a + b),
                "-" => number(a - b),
                "*" => number(a * b),
                // Meta: "division or modulo by zero/null yields 0 at runtime".
                "/" | "%" if b == 0.0 => Ok(Value::from(0)),
                "/" => number(a / b),
                "%" => number(a % b),
                _ => Err(expr_err(format!("unknown operator `{op}`"))),
            }
        }
    }
}

/// Whether `v` is absent or `null`.
fn is_missing(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Null))
}

/// Whether `v` is a JSON number (`==` then compares numerically, as JavaScript does).
fn is_number(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Number(_)))
}

fn operand(op: &str, v: Option<&Value>) -> Result<f64> {
    v.and_then(as_number).ok_or_else(|| {
        expr_err(format!(
            "operator `{op}` needs numbers but found {}",
            v.map_or("a missing value", crate::flow_json::model::json_type_name)
        ))
    })
}

/// A number, or a string that parses as one (what a user typed into a number field).
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A finite f64 as a JSON number (integral values as integers).
fn number(x: f64) -> Result<Value> {
    if !x.is_finite() {
        return Err(expr_err("arithmetic result is not a finite number"));
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        // Exact: |x| < 2^53 and integral.
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Value::Number(Number::from(x as i64)));
    }
    Number::from_f64(x)
        .map(Value::Number)
        .ok_or_else(|| expr_err("arithmetic result is not a finite number"))
}

/// JavaScript truthiness of a JSON value (missing and `null` are false).
#[must_use]
pub fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// The text the phone shows for a value: strings as they are, numbers without a trailing
/// `.0`, booleans as `true`/`false`, `null` as empty, arrays and objects as compact JSON.
#[must_use]
pub fn display(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                i.to_string()
            }
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Applies backslash escapes of a quoted literal (`\'` → `'`, `\\` → `\`, `\x` → `x`).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope_of(v: &Value) -> ScreenScope {
        serde_json::from_value(v.clone()).unwrap()
    }

    const V7: FlowVersion = FlowVersion::new(7, 2);

    #[test]
    fn bindings_resolve_against_data_form_and_other_screens() {
        let cur = scope_of(&json!({"data": {"name": "Jay", "o": {"n": [1, 2]}},
                                    "form": {"age": "42"}}));
        let mut others = BTreeMap::new();
        others.insert("A".to_owned(), scope_of(&json!({"form": {"x": "from A"}})));
        let s = Scope::new(V7, &cur).with_screens(&others);
        assert_eq!(s.eval("${data.name}").unwrap(), Some(json!("Jay")));
        assert_eq!(s.eval("${data.o.n.1}").unwrap(), Some(json!(2)));
        assert_eq!(s.eval("${form.age}").unwrap(), Some(json!("42")));
        assert_eq!(s.eval("${screen.A.form.x}").unwrap(), Some(json!("from A")));
        assert_eq!(s.eval("${screen.B.form.x}").unwrap(), None);
        assert_eq!(s.eval("${data.nope}").unwrap(), None);
        assert_eq!(
            s.eval("plain ${data.name}").unwrap(),
            Some(json!("plain ${data.name}"))
        );
        // Pre-4.0 flows have no global references: the text stays literal.
        let old = Scope::new(FlowVersion::new(3, 1), &cur);
        assert_eq!(
            old.eval("${screen.A.form.x}").unwrap(),
            Some(json!("${screen.A.form.x}"))
        );
    }

    #[test]
    fn nested_expressions_follow_the_grammar() {
        let cur = scope_of(&json!({"data": {"price": 12.5, "qty": "3", "first": "Ana"},
                                    "form": {"ok": true}}));
        let s = Scope::new(FlowVersion::new(6, 0), &cur);
        assert_eq!(
            s.eval("`${data.price} * ${data.qty}`").unwrap(),
            Some(json!(37.5))
        );
        assert_eq!(
            s.eval("`'Hi ' ${data.first} '!'`").unwrap(),
            Some(json!("Hi Ana!"))
        );
        assert_eq!(s.eval("`${data.qty} + 1`").unwrap(), Some(json!(4)));
        assert_eq!(s.text("`'n=' ${data.qty}`").unwrap(), "n=3");
        assert!(s.condition("${data.price} > 10 && ${form.ok}").unwrap());
        assert!(!s.condition("!${form.ok}").unwrap());
        assert!(s.condition("(${data.first} == 'Ana')").unwrap());
        assert!(s.condition("${data.qty} == '3'").unwrap());
        assert!(s.condition("${data.price} == 12.5").unwrap());
        assert!(!s.condition("${data.first} == 3").unwrap());
        assert!(!s.condition("${form.missing}").unwrap());
        // Ordering against a field not filled yet is false (JavaScript), arithmetic on it an
        // error.
        assert!(!s.condition("${form.missing} > 5").unwrap());
        assert!(!s.condition("${form.missing} <= 5").unwrap());
        assert!(s.eval("`${form.missing} * 2`").is_err());
        // Before 6.0 backticks are plain text.
        let v5 = Scope::new(FlowVersion::new(5, 0), &cur);
        assert_eq!(
            v5.eval("`${data.qty} + 1`").unwrap(),
            Some(json!("`${data.qty} + 1`"))
        );
    }

    #[test]
    fn runtime_failures_are_typed() {
        let cur = scope_of(&json!({"data": {"z": 0, "s": "abc"}}));
        let s = Scope::new(V7, &cur);
        let code = |r: Result<Option<Value>>| r.unwrap_err().code();
        // Division or modulo by zero (or a missing value) gives 0, as Meta documents.
        assert_eq!(s.eval("`1 / ${data.z}`").unwrap(), Some(json!(0)));
        assert_eq!(s.eval("`7 % ${data.nope}`").unwrap(), Some(json!(0)));
        assert_eq!(
            s.eval("`7 % ${data.s}`").unwrap_err().code(),
            ErrorCode::SimulatorExpressionInvalid
        );
        assert_eq!(
            code(s.eval("`${data.s} * 2`")),
            ErrorCode::SimulatorExpressionInvalid
        );
        assert_eq!(
            code(s.eval("`${data.s} ++ 2`")),
            ErrorCode::SimulatorExpressionInvalid
        );
        let deep = format!("`{}${{data.z}}{}`", "(".repeat(500), ")".repeat(500));
        assert_eq!(code(s.eval(&deep)), ErrorCode::SimulatorLimitExceeded);
        let nots = format!("{}${{data.z}}", "!".repeat(100_000));
        assert_eq!(
            s.condition(&nots).unwrap_err().code(),
            ErrorCode::SimulatorLimitExceeded
        );
        let long = format!("`{}`", "'a' ".repeat(2000));
        assert_eq!(code(s.eval(&long)), ErrorCode::SimulatorLimitExceeded);
    }

    /// Each cap of the evaluator on both sides: at the cap it evaluates, one past it ends with
    /// `simulator_limit_exceeded`.
    #[test]
    fn caps_hold_on_both_sides() {
        let big = "a".repeat(MAX_TEXT_BYTES / 2);
        let cur = scope_of(&json!({"data": {"a": big, "b": "b"}}));
        let s = Scope::new(V7, &cur);
        let limit = |r: Result<Option<Value>>| r.unwrap_err().code();

        // Expression source: MAX_EXPRESSION_BYTES between the backticks.
        let body = |n: usize| {
            let mut b = "${data.b}".to_owned();
            while b.len() + 4 <= n {
                b.push_str(" 'x'");
            }
            b.push_str(&" ".repeat(n - b.len()));
            format!("`{b}`")
        };
        assert!(s.eval(&body(MAX_EXPRESSION_BYTES)).is_ok());
        assert_eq!(
            limit(s.eval(&body(MAX_EXPRESSION_BYTES + 1))),
            ErrorCode::SimulatorLimitExceeded
        );

        // Text produced: two halves fit exactly, one more byte does not.
        assert_eq!(
            s.text("`${data.a} ${data.a}`").unwrap().len(),
            MAX_TEXT_BYTES
        );
        assert_eq!(
            limit(s.eval("`${data.a} ${data.a} ${data.b}`")),
            ErrorCode::SimulatorLimitExceeded
        );

        // Expression nesting: the validator's grammar depth (64).
        let parens = |n: usize| format!("`{}${{data.b}}{}`", "(".repeat(n), ")".repeat(n));
        let deepest = (1..200)
            .take_while(|n| s.eval(&parens(*n)).is_ok())
            .last()
            .unwrap();
        assert!(deepest >= 60, "{deepest}");
        assert_eq!(
            limit(s.eval(&parens(deepest + 1))),
            ErrorCode::SimulatorLimitExceeded
        );

        // Value depth walked by resolve: MAX_VALUE_DEPTH.
        let nested = |n: usize| {
            let mut v = json!("${data.b}");
            for _ in 0..n {
                v = Value::Array(vec![v]);
            }
            v
        };
        assert!(s.resolve(&nested(MAX_VALUE_DEPTH)).is_ok());
        assert_eq!(
            s.resolve(&nested(MAX_VALUE_DEPTH + 1)).unwrap_err().code(),
            ErrorCode::SimulatorLimitExceeded
        );
    }

    #[test]
    fn resolve_drops_missing_bindings_and_keeps_literals() {
        let cur = scope_of(&json!({"form": {"a": "x"}}));
        let s = Scope::new(V7, &cur);
        let p = json!({"a": "${form.a}", "b": "${form.b}", "n": 3, "l": ["${form.a}", "${form.b}"],
                       "ct-evt": {"evtName": "E", "evtData": {"a": "${form.a}"}}});
        assert_eq!(
            s.resolve(&p).unwrap(),
            json!({"a": "x", "n": 3, "l": ["x", null],
                   "ct-evt": {"evtName": "E", "evtData": {"a": "x"}}})
        );
        assert!(s.flag(Some(&json!("${form.a}")), false).unwrap());
        assert!(!s.flag(Some(&json!("${form.b}")), false).unwrap());
        assert!(s.flag(None, true).unwrap());
    }
}
