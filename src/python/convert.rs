//! Python objects ⇄ JSON and the core's serde types.
//!
//! Outputs and typed inputs go through `pythonize` (`pythonize` for values the core
//! serialises, `depythonize` for configuration the core deserialises), so the Python shapes are
//! the core's serde shapes, as the C JSON is.
//!
//! Free-form JSON *values* a caller hands in (a response to encrypt, a payload, `data`,
//! `params`) are read by [`from_py_named`] instead, for three reasons a test pins down:
//! `depythonize` into `serde_json::Value` silently turns a `set` into a list and NaN or
//! infinity into `null`, and accepts any `Sequence`/`Mapping`; it cannot say *where* the bad
//! value is; and this path is the codec round trip benchmarked against `cryptography`
//! (`make bench-python`). [`from_py_named`] accepts exactly dict (str keys), list, tuple, str, int
//! (64-bit), float (finite), bool and None, names the offending path
//! (`response['data']['when']`), applies the same depth limit as JSON text, and can call a
//! `default=` hook for other objects, as `json.dumps` does.
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::codec::MAX_JSON_DEPTH;
use crate::{Error, ErrorCode};

/// Any serialisable core value as the equivalent Python object (`pythonize`).
pub(crate) fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    v: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v)
        .map_err(|e| Error::new(ErrorCode::Panic, format!("output conversion failed: {e}")).into())
}

/// A JSON object as a Python dict.
pub(crate) fn map_to_py<'py>(
    py: Python<'py>,
    m: &Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    Ok(to_py(py, m)?.downcast_into::<PyDict>()?)
}

/// Reads a core configuration type from a Python dict through its serde `Deserialize`
/// (`depythonize`). `what` names the Python API in messages.
pub(crate) fn from_py_config<T: DeserializeOwned>(
    what: &str,
    obj: &Bound<'_, PyAny>,
) -> PyResult<T> {
    pythonize::depythonize::<T>(obj)
        .map_err(|e| Error::invalid_argument(format!("{what}: {e}")).into())
}

/// Keyword arguments as the dict a core configuration type reads (None = absent, the
/// documented default). `depythonize` reads a bool as Python truthiness (`"no"` would be
/// True), so bool-typed keys are checked here to be a real `bool`.
pub(crate) fn config_dict<'py>(
    py: Python<'py>,
    what: &str,
    kwargs: &[(&str, Option<&Bound<'py, PyAny>>)],
) -> PyResult<Bound<'py, PyDict>> {
    const BOOL_KEYS: &[&str] = &["coerce_subscription_booleans", "for_publish", "strict"];
    const COUNT_KEYS: &[&str] = &["max_issues", "max_body_bytes"];
    let d = PyDict::new(py);
    for (k, v) in kwargs {
        if let Some(v) = v.filter(|v| !v.is_none()) {
            if BOOL_KEYS.contains(k) && v.downcast::<PyBool>().is_err() {
                return Err(Error::invalid_argument(format!(
                    "{what}: {k} must be a bool, not {}",
                    type_name(v)
                ))
                .into());
            }
            // `depythonize` reads a bool as an int and reports a negative count as an
            // `OverflowError` text: counts are checked here to be a real non-negative int.
            if COUNT_KEYS.contains(k)
                && (v.downcast::<PyBool>().is_ok()
                    || v.downcast::<PyInt>().is_err()
                    || v.extract::<u64>().is_err())
            {
                return Err(Error::invalid_argument(format!(
                    "{what}: {k} must be a non-negative int, not {}",
                    super::short_repr(v)
                ))
                .into());
            }
            d.set_item(*k, super::tokens::plain_bytes(v)?)?;
        }
    }
    Ok(d)
}

/// A `default=` hook: called with an object that is not JSON, returns a replacement.
pub(crate) type Default<'a, 'py> = Option<&'a Bound<'py, PyAny>>;

/// Converts a Python value to JSON (see the module documentation). `what` is the name of the
/// argument as the caller wrote it (`"response"`), the start of every error path; `default`
/// is the optional `json.dumps`-style hook.
pub(crate) fn from_py_named(
    obj: &Bound<'_, PyAny>,
    what: &str,
    default: Default<'_, '_>,
) -> PyResult<Value> {
    let mut path = Path(vec![Seg::Name(what.to_owned())]);
    convert(obj, &mut path, default, 0)
}

enum Seg {
    Name(String),
    Key(String),
    Index(usize),
}

struct Path(Vec<Seg>);

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in &self.0 {
            match s {
                Seg::Name(n) => f.write_str(n)?,
                // Python's repr of a str key, shortened: a path never carries a huge key.
                Seg::Key(k) => write!(f, "[{}]", super::py_repr_str(k))?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

fn bad(path: &Path, msg: impl std::fmt::Display) -> PyErr {
    Error::invalid_argument(format!("{path}: {msg}")).into()
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

fn convert(
    obj: &Bound<'_, PyAny>,
    path: &mut Path,
    default: Default<'_, '_>,
    depth: usize,
) -> PyResult<Value> {
    if depth > MAX_JSON_DEPTH {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!("{path}: nests deeper than {MAX_JSON_DEPTH} levels"),
        )
        .into());
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // Exact-type checks first: the common case costs one pointer comparison each.
    if let Ok(s) = obj.downcast_exact::<PyString>() {
        return Ok(Value::String(
            s.to_str()
                .map_err(|_| bad(path, "str is not valid Unicode (lone surrogate)"))?
                .to_owned(),
        ));
    }
    if let Ok(b) = obj.downcast_exact::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return int(obj, path);
    }
    if let Ok(d) = obj.downcast_exact::<PyDict>() {
        return dict(d, path, default, depth);
    }
    if let Ok(l) = obj.downcast_exact::<PyList>() {
        return seq(l.iter(), l.len(), path, default, depth);
    }
    if let Ok(f) = obj.downcast_exact::<PyFloat>() {
        return float(f.value(), path);
    }
    if let Ok(t) = obj.downcast_exact::<PyTuple>() {
        return seq(t.iter(), t.len(), path, default, depth);
    }
    // Subclasses of the JSON types (an IntEnum, a str Enum, an OrderedDict) are what they
    // derive from, as for json.dumps. bool is checked before int (bool derives from int).
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Value::String(
            s.to_str()
                .map_err(|_| bad(path, "str is not valid Unicode (lone surrogate)"))?
                .to_owned(),
        ));
    }
    if obj.downcast::<PyBool>().is_ok() {
        return Ok(Value::Bool(obj.is_truthy()?));
    }
    if obj.downcast::<PyInt>().is_ok() {
        return int(obj, path);
    }
    if let Ok(d) = obj.downcast::<PyDict>() {
        return dict(d, path, default, depth);
    }
    if let Ok(l) = obj.downcast::<PyList>() {
        return seq(l.iter(), l.len(), path, default, depth);
    }
    if let Ok(f) = obj.downcast::<PyFloat>() {
        return float(f.value(), path);
    }
    if let Ok(t) = obj.downcast::<PyTuple>() {
        return seq(t.iter(), t.len(), path, default, depth);
    }
    let name = type_name(obj);
    match default {
        Some(hook) => {
            let replaced = hook
                .call1((obj,))
                .map_err(|e| bad(path, format!("default() raised for a {name}: {e}")))?;
            convert(&replaced, path, default, depth + 1)
        }
        None => Err(bad(
            path,
            format!("a {name} is not JSON (convert it first, or pass default=)"),
        )),
    }
}

fn int(obj: &Bound<'_, PyAny>, path: &Path) -> PyResult<Value> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::from(u));
    }
    Err(bad(
        path,
        "the integer is outside JSON's 64-bit range (send it as a str)",
    ))
}

fn float(x: f64, path: &Path) -> PyResult<Value> {
    serde_json::Number::from_f64(x)
        .map(Value::Number)
        .ok_or_else(|| {
            bad(
                path,
                format!("{x} is not JSON (NaN and infinity have no JSON form)"),
            )
        })
}

fn dict(
    d: &Bound<'_, PyDict>,
    path: &mut Path,
    default: Default<'_, '_>,
    depth: usize,
) -> PyResult<Value> {
    let mut m = Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let Ok(key) = k.downcast::<PyString>() else {
            let shown = k.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string());
            let shown: String = shown.chars().take(40).collect();
            return Err(bad(
                path,
                format!(
                    "key {shown} is a {}: JSON object keys must be str",
                    type_name(&k)
                ),
            ));
        };
        let key = key
            .to_str()
            .map_err(|_| bad(path, "a key is not valid Unicode (lone surrogate)"))?
            .to_owned();
        path.0.push(Seg::Key(key));
        let value = convert(&v, path, default, depth + 1)?;
        let Some(Seg::Key(key)) = path.0.pop() else {
            unreachable!("the path is a stack")
        };
        m.insert(key, value);
    }
    Ok(Value::Object(m))
}

fn seq<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    len: usize,
    path: &mut Path,
    default: Default<'_, '_>,
    depth: usize,
) -> PyResult<Value> {
    let mut out = Vec::with_capacity(len);
    for (i, x) in items.enumerate() {
        path.0.push(Seg::Index(i));
        out.push(convert(&x, path, default, depth + 1)?);
        path.0.pop();
    }
    Ok(Value::Array(out))
}

/// Accepts a dict or list (converted) or JSON text as `bytes | bytearray | memoryview | str`,
/// and returns the JSON bytes. `what` names the argument in messages.
pub(crate) fn json_bytes_named(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if obj.downcast::<PyDict>().is_ok()
        || obj.downcast::<PyList>().is_ok()
        || obj.downcast::<PyTuple>().is_ok()
    {
        let v = from_py_named(obj, what, None)?;
        return serde_json::to_vec(&v)
            .map_err(|e| Error::invalid_argument(format!("{what}: {e}")).into());
    }
    super::bytes_like_named(obj, what)
}

/// [`json_bytes_named`] for an argument called `value`.
pub(crate) fn json_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    json_bytes_named(obj, "value")
}
