//! A borrowed JSON document tree for the validator: what a `serde_json::Value` parse gives,
//! without allocating a `String` for every key and string or hashing every key into an
//! `IndexMap`, and with the position of every member recorded during the parse.
//!
//! Two parsers build it:
//!
//! - a strict scanner ([`Fast`]) for the common case, which also records where each member
//!   sits ([`Span`], one table per document), so that issues are positioned without reading
//!   the text again. It accepts a subset of what `serde_json` accepts and gives up on
//!   everything else: every syntax error (a lone escaped surrogate is one), and nesting over
//!   100 levels. Numbers other than plain unsigned integers go through `serde_json`'s own number parser;
//! - `serde_json` itself (the [`Deserialize`] impl below) whenever the scanner gives up, so
//!   every syntax error, its position and the recursion limit are exactly `serde_json`'s
//!   (such a tree has no spans, and the validator scans the text for positions instead).
//!
//! Either way the tree holds what `serde_json` would:
//!
//! - strings and keys without escapes borrow from the text ([`Str`]); those with escapes are
//!   unescaped into the arena;
//! - an object is a slice of pairs in document order ([`Obj`]). Lookup follows
//!   `serde_json`'s map (with `preserve_order`) exactly: for a repeated key the last value
//!   wins and the key keeps its first position, so iteration yields every key once;
//! - numbers are [`Num`]s: what a `serde_json::Number` holds (built the way `Value` builds
//!   them, `float_roundtrip`), as plain data.
//!
//! Every container's members, every unescaped string and every sorted key index live in one
//! [`Arena`] (a bump allocator) that the caller owns: building the tree allocates a few large
//! blocks instead of a vector per container, and dropping it frees those blocks without
//! walking the tree (nothing in a [`Node`] needs dropping; a compile-time check says so).
//!
//! [`Node::to_value`] turns a subtree into an owned `Value`. The differential tests (below,
//! and the `json_tree` fuzz target) compare the tree with `serde_json`'s `Value` on valid
//! and broken text, and the span tests in `span.rs` compare the recorded positions with a
//! scan of the text.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Objects up to this many keys are searched in order (comparing short keys is cheaper than
/// hashing them); larger ones carry a sorted index.
const LINEAR: usize = 16;

/// Where a document's tree lives: see the module comment.
pub(crate) type Arena = bumpalo::Bump;

/// An arena sized for the tree of a `len`-byte document (most trees then fit its first block).
pub(crate) fn arena_for(len: usize) -> Arena {
    // A pretty-printed flow's tree takes about as many bytes as its text; a compact one up to
    // twice as many. Bigger documents get a first block of 1 MiB and grow from there.
    Arena::with_capacity(len.saturating_mul(2).clamp(1 << 10, 1 << 20))
}

/// A string of the document: a slice of the text when it had no escapes, otherwise its
/// unescaped form in the arena.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Str<'a>(&'a str);

impl<'a> Str<'a> {
    /// The text.
    pub(crate) fn as_str(&self) -> &'a str {
        self.0
    }
}

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<Str<'_>> for str {
    fn eq(&self, other: &Str<'_>) -> bool {
        self == other.0
    }
}

impl PartialEq<Str<'_>> for &str {
    fn eq(&self, other: &Str<'_>) -> bool {
        *self == other.0
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl From<Str<'_>> for String {
    fn from(s: Str<'_>) -> String {
        s.0.to_owned()
    }
}

/// A JSON number as `serde_json::Number` holds it (a non-negative integer, a negative one or
/// a finite float), with the same methods and answers, but `Copy`: a tree's members are then
/// copied into the arena as plain bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    Pos(u64),
    Neg(i64),
    Float(f64),
}

impl Num {
    pub(crate) fn is_u64(self) -> bool {
        matches!(self, Num::Pos(_))
    }

    pub(crate) fn is_i64(self) -> bool {
        match self {
            Num::Pos(v) => i64::try_from(v).is_ok(),
            Num::Neg(_) => true,
            Num::Float(_) => false,
        }
    }

    pub(crate) fn is_f64(self) -> bool {
        matches!(self, Num::Float(_))
    }

    #[cfg(test)]
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Num::Pos(v) => Some(v),
            _ => None,
        }
    }

    pub(crate) fn as_i64(self) -> Option<i64> {
        match self {
            Num::Pos(v) => i64::try_from(v).ok(),
            Num::Neg(v) => Some(v),
            Num::Float(_) => None,
        }
    }

    #[allow(clippy::cast_precision_loss)] // as serde_json::Number::as_f64
    pub(crate) fn as_f64(self) -> Option<f64> {
        Some(match self {
            Num::Pos(v) => v as f64,
            Num::Neg(v) => v as f64,
            Num::Float(f) => f,
        })
    }

    /// The `serde_json::Number` (equal to what `serde_json` parses from the same text).
    pub(crate) fn to_number(self) -> Number {
        match self {
            Num::Pos(v) => v.into(),
            Num::Neg(v) => v.into(),
            // A float here came from `serde_json` and is finite; `from_f64` cannot fail.
            Num::Float(f) => Number::from_f64(f).unwrap_or_else(|| 0.into()),
        }
    }
}

impl From<&Number> for Num {
    fn from(n: &Number) -> Num {
        if let Some(v) = n.as_u64() {
            Num::Pos(v)
        } else if let Some(v) = n.as_i64() {
            Num::Neg(v)
        } else {
            Num::Float(n.as_f64().unwrap_or(0.0))
        }
    }
}

impl From<u64> for Num {
    fn from(v: u64) -> Num {
        Num::Pos(v)
    }
}

impl From<i64> for Num {
    fn from(v: i64) -> Num {
        u64::try_from(v).map_or(Num::Neg(v), Num::Pos)
    }
}

/// One JSON value of a parsed document.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Num),
    String(Str<'a>),
    Array(Arr<'a>),
    Object(Obj<'a>),
}

/// Where a member of the document sits in the text (byte offsets): its key's opening quote
/// (for an array element or the root: the value's start), the value's first byte, and the
/// byte after the value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub key: u32,
    pub start: u32,
    pub end: u32,
}

// The arena never runs destructors: a node must own nothing (it would leak).
const _: () = assert!(!std::mem::needs_drop::<Node<'static>>());

/// A JSON array; dereferences to its elements.
#[derive(Clone, Copy, Default)]
pub(crate) struct Arr<'a> {
    items: &'a [Node<'a>],
    /// Where the spans of the elements start in the document's span table ([`NO_SPANS`]
    /// when the tree was not built by the fast scanner).
    first: u32,
}

/// `first` of a container without recorded positions.
const NO_SPANS: u32 = u32::MAX;

/// A JSON object: its pairs in document order, each key once (see the module comment).
#[derive(Clone, Copy, Default)]
pub(crate) struct Obj<'a> {
    entries: &'a [(Str<'a>, Node<'a>)],
    /// Where the spans of the pairs start in the document's span table (as for [`Arr`]).
    first: u32,
    /// For objects over [`LINEAR`] keys: entry numbers sorted by key. (A thin pointer: a
    /// slice would make every node 8 bytes larger.)
    sorted: Option<&'a &'a [u32]>,
}

/// Trees are equal when their values are (positions are not compared).
impl PartialEq for Arr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl PartialEq for Obj<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<'a> std::ops::Deref for Arr<'a> {
    type Target = [Node<'a>];
    fn deref(&self) -> &[Node<'a>] {
        self.items
    }
}

impl<'s, 'a> IntoIterator for &'s Arr<'a> {
    type Item = &'s Node<'a>;
    type IntoIter = std::slice::Iter<'s, Node<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a> Arr<'a> {
    /// Element `i` and its span (`None` for the span when the tree has no positions).
    pub(crate) fn member(&self, i: usize, table: &[Span]) -> Option<(&Node<'a>, Option<Span>)> {
        Some((self.items.get(i)?, span_at(table, self.first, i)))
    }

    fn plain(items: &'a [Node<'a>]) -> Arr<'a> {
        Arr {
            items,
            first: NO_SPANS,
        }
    }
}

/// A parsed document: the root and, when the fast scanner built the tree, its span (every
/// member below then has its span too).
pub(crate) struct Doc<'a> {
    pub root: Node<'a>,
    pub span: Option<Span>,
    /// The spans of every member, found through [`Obj::member`] and [`Arr::member`].
    pub table: Vec<Span>,
    /// How deep containers nest (the root container is at 1), when the scanner built the
    /// tree (`None` otherwise).
    pub depth: Option<usize>,
}

impl<'a> Doc<'a> {
    /// Parses a document like [`Node::parse`], keeping the positions the scanner recorded.
    pub(crate) fn parse(text: &'a [u8], arena: &'a Arena) -> serde_json::Result<Doc<'a>> {
        match Fast::document_with_span(text, arena) {
            Some((root, span, table, depth)) => Ok(Doc {
                root,
                span: Some(span),
                table,
                depth: Some(depth),
            }),
            None => Ok(Doc {
                root: Node::parse_serde(text, arena)?,
                span: None,
                table: Vec::new(),
                depth: None,
            }),
        }
    }
}

impl<'a> Node<'a> {
    /// Parses a document: the strict scanner below when it accepts the text, otherwise
    /// `serde_json` (so every error, with its position, is `serde_json`'s).
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn parse(text: &'a [u8], arena: &'a Arena) -> serde_json::Result<Node<'a>> {
        match Fast::document(text, arena) {
            Some(n) => Ok(n),
            None => Self::parse_serde(text, arena),
        }
    }

    /// The `serde_json` route alone (what `serde_json::from_slice` does, into the arena).
    pub(crate) fn parse_serde(text: &'a [u8], arena: &'a Arena) -> serde_json::Result<Node<'a>> {
        let mut de = serde_json::Deserializer::from_slice(text);
        let mut scratch = Scratch::default();
        let node = Seed {
            arena,
            scratch: &mut scratch,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(node)
    }

    /// The member `k` of an object (`None` for a missing key or a non-object).
    pub(crate) fn get(&self, k: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(o) => o.get(k),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&'a [Node<'a>]> {
        match self {
            Node::Array(a) => Some(a.items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&Obj<'a>> {
        match self {
            Node::Object(o) => Some(o),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_number(&self) -> Option<Num> {
        match self {
            Node::Number(n) => Some(*n),
            _ => None,
        }
    }

    #[cfg(test)]
    pub(crate) fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Num::as_u64)
    }

    pub(crate) fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Num::as_i64)
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Num::as_f64)
    }

    pub(crate) fn is_boolean(&self) -> bool {
        matches!(self, Node::Bool(_))
    }

    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Node::Number(_))
    }

    pub(crate) fn is_u64(&self) -> bool {
        self.as_number().is_some_and(Num::is_u64)
    }

    pub(crate) fn is_i64(&self) -> bool {
        self.as_number().is_some_and(Num::is_i64)
    }

    pub(crate) fn is_string(&self) -> bool {
        matches!(self, Node::String(_))
    }

    pub(crate) fn is_array(&self) -> bool {
        matches!(self, Node::Array(_))
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// A tree borrowing from a `serde_json::Value` (for the public entry points that take
    /// one; the rules are written once, against [`Node`]).
    pub(crate) fn from_value(v: &'a Value, arena: &'a Arena) -> Node<'a> {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.into()),
            Value::String(s) => Node::String(Str(s)),
            Value::Array(a) => Node::Array(Arr::plain(
                arena.alloc_slice_fill_iter(a.iter().map(|x| Node::from_value(x, arena))),
            )),
            Value::Object(o) => Node::Object(Obj::from_map(o, arena)),
        }
    }

    /// The JSON type name (`"string"`, `"integer"` for a number without a fraction part as
    /// `serde_json` reads it, `"number"` otherwise, …).
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            Node::Number(n) if n.is_f64() => "number",
            Node::Number(_) => "integer",
            Node::String(_) => "string",
            Node::Array(_) => "array",
            Node::Object(_) => "object",
        }
    }

    /// The owned `serde_json::Value` of this subtree (equal to what `serde_json` parses).
    pub(crate) fn to_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n.to_number()),
            Node::String(s) => Value::String(s.as_str().to_owned()),
            Node::Array(a) => Value::Array(a.iter().map(|x| x.to_value()).collect()),
            Node::Object(o) => Value::Object(o.to_map()),
        }
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_value(), f)
    }
}

/// Compact JSON, like `Value`'s `Display`.
impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
    }
}

impl<'s, 'a> IntoIterator for &'s Obj<'a> {
    type Item = (&'s Str<'a>, &'s Node<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'s, (Str<'a>, Node<'a>)>,
        fn(&'s (Str<'a>, Node<'a>)) -> (&'s Str<'a>, &'s Node<'a>),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl fmt::Debug for Obj<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_map(), f)
    }
}

impl<'a> Obj<'a> {
    /// The value of key `k` (the last one written, as `serde_json`'s map keeps it).
    pub(crate) fn get(&self, k: &str) -> Option<&'a Node<'a>> {
        match self.sorted {
            None => self
                .entries
                .iter()
                .find(|(key, _)| key.as_str() == k)
                .map(|(_, v)| v),
            Some(idx) => {
                let at = idx
                    .binary_search_by(|&i| self.key_at(i).cmp(k))
                    .ok()
                    .and_then(|p| idx.get(p))?;
                self.entries.get(*at as usize).map(|(_, v)| v)
            }
        }
    }

    /// The value of key `k` and its span (`None` for the span when the tree has no
    /// positions).
    pub(crate) fn member(&self, k: &str, table: &[Span]) -> Option<(&'a Node<'a>, Option<Span>)> {
        let i = match self.sorted {
            None => self.entries.iter().position(|(key, _)| key.as_str() == k)?,
            Some(idx) => {
                let p = idx.binary_search_by(|&i| self.key_at(i).cmp(k)).ok()?;
                *idx.get(p)? as usize
            }
        };
        let (_, v) = self.entries.get(i)?;
        Some((v, span_at(table, self.first, i)))
    }

    fn key_at(&self, i: u32) -> &'a str {
        self.entries.get(i as usize).map_or("", |(k, _)| k.as_str())
    }

    pub(crate) fn contains_key(&self, k: &str) -> bool {
        self.get(k).is_some()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pairs in document order.
    pub(crate) fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&Str<'a>, &Node<'a>)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &Str<'a>> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub(crate) fn values(&self) -> impl DoubleEndedIterator<Item = &Node<'a>> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    pub(crate) fn to_map(self) -> Map<String, Value> {
        self.entries
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_value()))
            .collect()
    }

    /// A map's pairs (already one per key).
    fn from_map(m: &'a Map<String, Value>, arena: &'a Arena) -> Obj<'a> {
        let entries = arena.alloc_slice_fill_iter(
            m.iter()
                .map(|(k, v)| (Str(k.as_str()), Node::from_value(v, arena))),
        );
        Obj::build(entries, NO_SPANS, None, arena)
    }

    /// The object of the pairs as written (the end of `pairs`, from `base`, which it takes):
    /// a repeated key keeps its first position and takes its last value (`IndexMap::insert`,
    /// which `serde_json`'s map uses); so does its span, when `spans` holds one per pair. Its
    /// `first` span is for the caller to set.
    fn from_pairs(
        pairs: &mut Vec<(Str<'a>, Node<'a>)>,
        base: usize,
        spans: Option<(&mut Vec<Span>, usize)>,
        arena: &'a Arena,
    ) -> Obj<'a> {
        let mine = pairs.get(base..).unwrap_or_default();
        // A large object's sorted key index finds a repeated key and, when there is none,
        // serves its lookups.
        let mut idx = (mine.len() > LINEAR).then(|| sorted_index(mine));
        let repeat = match &idx {
            Some(idx) => idx
                .windows(2)
                .any(|w| matches!(w, [a, b] if key(mine, *a) == key(mine, *b))),
            None => has_repeat_small(mine),
        };
        if repeat {
            idx = None;
            let written: Vec<(Str<'a>, Node<'a>)> = pairs.drain(base..).collect();
            match spans {
                Some((spans, from)) => {
                    let sp: Vec<Span> = spans.drain(from..).collect();
                    let (merged, sp) = merge_repeats(written, sp);
                    pairs.extend(merged);
                    spans.extend(sp);
                }
                None => pairs.extend(merge_repeats(written, Vec::new()).0),
            }
        }
        let entries = arena.alloc_slice_copy(pairs.get(base..).unwrap_or_default());
        pairs.truncate(base);
        Obj::build(entries, NO_SPANS, idx, arena)
    }

    /// The object of pairs with one key each (`idx`: their sorted key index, if known).
    fn build(
        entries: &'a [(Str<'a>, Node<'a>)],
        first: u32,
        idx: Option<Vec<u32>>,
        arena: &'a Arena,
    ) -> Obj<'a> {
        let sorted = (entries.len() > LINEAR).then(|| {
            let idx = idx.unwrap_or_else(|| sorted_index(entries));
            let idx: &'a [u32] = arena.alloc_slice_copy(&idx);
            &*arena.alloc(idx)
        });
        Obj {
            entries,
            first,
            sorted,
        }
    }
}

fn span_at(table: &[Span], first: u32, i: usize) -> Option<Span> {
    if first == NO_SPANS {
        return None;
    }
    table.get((first as usize).checked_add(i)?).copied()
}

fn key<'s>(entries: &'s [(Str<'_>, Node<'_>)], i: u32) -> &'s str {
    entries.get(i as usize).map_or("", |(k, _)| k.as_str())
}

fn sorted_index(entries: &[(Str<'_>, Node<'_>)]) -> Vec<u32> {
    // Objects are capped far below u32::MAX by the 10 MiB document limit.
    let mut idx: Vec<u32> = (0..u32::try_from(entries.len()).unwrap_or(u32::MAX)).collect();
    idx.sort_by(|&a, &b| key(entries, a).cmp(key(entries, b)));
    idx
}

fn has_repeat_small(entries: &[(Str<'_>, Node<'_>)]) -> bool {
    // Keys with different fingerprints (length, first and last byte) differ: only when two
    // share one (rare in a flow's objects) are the keys compared.
    let mut seen = 0u64;
    let mut shared = false;
    for (k, _) in entries {
        let b = k.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        let h = (b.len() as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(u64::from(first.unwrap_or(0)).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
            .wrapping_add(u64::from(last.unwrap_or(0)).wrapping_mul(0x1656_67B1_9E37_79F9));
        let bit = 1u64 << (h >> 58);
        shared |= seen & bit != 0;
        seen |= bit;
    }
    shared
        && entries.iter().enumerate().any(|(i, (k, _))| {
            entries
                .get(..i)
                .is_some_and(|before| before.iter().any(|(b, _)| b.as_str() == k.as_str()))
        })
}

/// The slow path for a repeated key (rare): first position, last value (and its span).
#[allow(clippy::type_complexity)]
fn merge_repeats<'a>(
    entries: Vec<(Str<'a>, Node<'a>)>,
    spans: Vec<Span>,
) -> (Vec<(Str<'a>, Node<'a>)>, Vec<Span>) {
    let with_spans = spans.len() == entries.len();
    let mut out: Vec<(Str<'a>, Node<'a>)> = Vec::with_capacity(entries.len());
    let mut out_spans: Vec<Span> = Vec::new();
    let mut at: std::collections::HashMap<Str<'a>, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (n, (k, v)) in entries.into_iter().enumerate() {
        let sp = spans.get(n).copied().unwrap_or_default();
        match at.get(k.as_str()) {
            Some(&i) => {
                if let Some(slot) = out.get_mut(i) {
                    slot.1 = v;
                }
                if let Some(slot) = out_spans.get_mut(i) {
                    *slot = sp;
                }
            }
            None => {
                at.insert(k, out.len());
                out.push((k, v));
                if with_spans {
                    out_spans.push(sp);
                }
            }
        }
    }
    (out, out_spans)
}

/// A key through `serde_json`: borrowed from the text, or unescaped into the arena.
struct KeySeed<'a>(&'a Arena);

impl<'de> DeserializeSeed<'de> for KeySeed<'de> {
    type Value = Str<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Str<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'de> {
    type Value = Str<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'de>, E> {
        Ok(Str(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
        Ok(Str(self.0.alloc_str(s)))
    }
}

/// Children of the containers being parsed, so that each container's members are copied
/// into the arena once, at their final count, instead of growing a vector element by element.
#[derive(Default)]
struct Scratch<'a> {
    items: Vec<Node<'a>>,
    pairs: Vec<(Str<'a>, Node<'a>)>,
}

/// One value through `serde_json`, into the arena.
struct Seed<'s, 'a> {
    arena: &'a Arena,
    scratch: &'s mut Scratch<'a>,
}

impl<'s, 'a> Seed<'s, 'a> {
    fn again(&mut self) -> Seed<'_, 'a> {
        Seed {
            arena: self.arena,
            scratch: &mut *self.scratch,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Node<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// The same calls `serde_json::Value`'s visitor answers, with the same results.
impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node<'de>, E> {
        Ok(if n.is_finite() {
            Node::Number(Num::Float(n))
        } else {
            Node::Null
        })
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Str(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Str(self.arena.alloc_str(s))))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let start = self.scratch.items.len();
        while let Some(x) = seq.next_element_seed(self.again())? {
            self.scratch.items.push(x);
        }
        let items = self
            .arena
            .alloc_slice_copy(self.scratch.items.get(start..).unwrap_or_default());
        self.scratch.items.truncate(start);
        Ok(Node::Array(Arr::plain(items)))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Node<'de>, A::Error> {
        let start = self.scratch.pairs.len();
        while let Some(k) = map.next_key_seed(KeySeed(self.arena))? {
            let v = map.next_value_seed(self.again())?;
            self.scratch.pairs.push((k, v));
        }
        Ok(Node::Object(Obj::from_pairs(
            &mut self.scratch.pairs,
            start,
            None,
            self.arena,
        )))
    }
}

/// 0x0101…01: multiplied by a byte, that byte in every lane of a word.
const ONES: u64 = u64::from_le_bytes([1; 8]);

/// Containers nested deeper than this are left to `serde_json` (whose limit is 127).
const FAST_DEPTH: usize = 100;

/// Bytes that end the plain run of a string: the quote, a backslash, control characters.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// A strict scanner for the common case. It accepts a subset of what `serde_json` accepts
/// and builds the same tree; anything else (every syntax error, numbers out of range, nesting
/// over 100 levels) makes it give up, and `serde_json` parses the
/// text instead. Numbers other than plain unsigned integers are handed to `serde_json`'s
/// own number parser, so their values are `serde_json`'s by construction. It records the
/// span of every member (see [`Doc`]).
struct Fast<'a> {
    /// The text, checked as UTF-8 once (invalid UTF-8 is always a `serde_json` error: outside
    /// a string any byte over 0x7f is a syntax error, inside one it is an encoding error).
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    /// The deepest `depth` reached.
    deepest: usize,
    /// The spans of the members of finished containers, each container's contiguous.
    table: Vec<Span>,
    /// The spans of the members of the containers being read.
    pending: Vec<Span>,
    /// Where the tree goes.
    arena: &'a Arena,
    /// The members of the containers being read (see [`Scratch`]).
    scratch: Scratch<'a>,
    /// A string with escapes, being unescaped.
    unescaped: Vec<u8>,
}

impl<'a> Fast<'a> {
    #[cfg(any(test, feature = "fuzzing"))]
    fn document(b: &'a [u8], arena: &'a Arena) -> Option<Node<'a>> {
        Self::document_with_span(b, arena).map(|(v, _, _, _)| v)
    }

    fn document_with_span(
        b: &'a [u8],
        arena: &'a Arena,
    ) -> Option<(Node<'a>, Span, Vec<Span>, usize)> {
        let s = std::str::from_utf8(b).ok()?;
        // Sized once for a typical document (a member per 12 bytes of pretty-printed text, a
        // few dozen open members at a time), so that they rarely grow while parsing.
        let mut f = Fast {
            s,
            b,
            i: 0,
            depth: 0,
            deepest: 0,
            table: Vec::with_capacity(b.len() / 12 + 16),
            pending: Vec::with_capacity(64),
            arena,
            scratch: Scratch {
                items: Vec::with_capacity(32),
                pairs: Vec::with_capacity(64),
            },
            unescaped: Vec::new(),
        };
        let (v, span) = f.spanned(None)?;
        f.ws();
        (f.i == b.len()).then_some((v, span, f.table, f.deepest))
    }

    /// Moves the spans of the container's members (from `base` in `pending`) to the table;
    /// returns where they start there.
    fn settle(&mut self, base: usize) -> Option<u32> {
        let first = u32::try_from(self.table.len()).ok()?;
        self.table.extend(self.pending.drain(base..));
        Some(first)
    }

    /// The value after the cursor (and whitespace) with its span; `key` is where its key
    /// started, for an object member.
    fn spanned(&mut self, key: Option<usize>) -> Option<(Node<'a>, Span)> {
        self.ws();
        let start = self.i;
        let v = self.value()?;
        // Documents are at most 10 MiB (checked before parsing), so offsets fit in u32.
        let at = |n: usize| u32::try_from(n).ok();
        let span = Span {
            key: at(key.unwrap_or(start))?,
            start: at(start)?,
            end: at(self.i)?,
        };
        Some((v, span))
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// After a member: a `,` (another member follows: `false`) or `close` (the container
    /// ends: `true`), either consumed; anything else is a syntax error (`None`).
    #[inline]
    fn comma_or(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let end = self.peek()?;
        if end != b',' && end != close {
            return None;
        }
        self.i += 1;
        Some(end == close)
    }

    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ') => self.spaces(),
                Some(b'\n' | b'\r' | b'\t') => self.i += 1,
                _ => return,
            }
        }
    }

    /// Skips a run of spaces (indentation), eight bytes at a time.
    fn spaces(&mut self) {
        while let Some(w) = self.word(self.i) {
            let x = w ^ ONES.wrapping_mul(u64::from(b' '));
            if x != 0 {
                self.i += (x.trailing_zeros() / 8) as usize;
                return;
            }
            self.i += 8;
        }
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    /// Eight bytes from `at`, little-endian, if there are eight.
    fn word(&self, at: usize) -> Option<u64> {
        let w: [u8; 8] = self.b.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(u64::from_le_bytes(w))
    }

    fn value(&mut self) -> Option<Node<'a>> {
        self.ws();
        match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string().map(Node::String),
            b't' => self.literal(b"true", Node::Bool(true)),
            b'f' => self.literal(b"false", Node::Bool(false)),
            b'n' => self.literal(b"null", Node::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8], v: Node<'a>) -> Option<Node<'a>> {
        let end = self.i.checked_add(word.len())?;
        if self.b.get(self.i..end)? == word {
            self.i = end;
            Some(v)
        } else {
            None
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        self.i += 1;
        (self.depth <= FAST_DEPTH).then_some(())
    }

    fn array(&mut self) -> Option<Node<'a>> {
        self.enter()?;
        let at = self.scratch.items.len();
        let base = self.pending.len();
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
        } else {
            loop {
                let (v, span) = self.spanned(None)?;
                self.scratch.items.push(v);
                self.pending.push(span);
                if self.comma_or(b']')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        let first = self.settle(base)?;
        let items = self
            .arena
            .alloc_slice_copy(self.scratch.items.get(at..).unwrap_or_default());
        self.scratch.items.truncate(at);
        Some(Node::Array(Arr { items, first }))
    }

    fn object(&mut self) -> Option<Node<'a>> {
        self.enter()?;
        let at = self.scratch.pairs.len();
        let base = self.pending.len();
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.i;
                let k = self.string()?;
                self.ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.i += 1;
                let (v, span) = self.spanned(Some(key))?;
                self.scratch.pairs.push((k, v));
                self.pending.push(span);
                if self.comma_or(b'}')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        let mut obj = Obj::from_pairs(
            &mut self.scratch.pairs,
            at,
            Some((&mut self.pending, base)),
            self.arena,
        );
        obj.first = self.settle(base)?;
        Some(Node::Object(obj))
    }

    /// A string starting at the quote under the cursor.
    fn string(&mut self) -> Option<Str<'a>> {
        let start = self.i + 1;
        let mut j = start;
        // Short strings (most keys and values): eight bytes at a time, twice at most. The
        // lowest flagged byte is the first quote, backslash or control character (the classic
        // "has zero byte" test; false flags only ever sit above a true one, and bytes over
        // 0x7f are never flagged).
        let mut found = false;
        for _ in 0..2 {
            let Some(w) = self.word(j) else { break };
            let high = ONES.wrapping_mul(0x80);
            let zero = |v: u64| v.wrapping_sub(ONES) & !v & high;
            let quote = w ^ ONES.wrapping_mul(u64::from(b'"'));
            let slash = w ^ ONES.wrapping_mul(u64::from(b'\\'));
            let control = w.wrapping_sub(ONES.wrapping_mul(0x20)) & !w & high;
            let hit = zero(quote) | zero(slash) | control;
            if hit != 0 {
                j += (hit.trailing_zeros() / 8) as usize;
                found = true;
                break;
            }
            j += 8;
        }
        // Long strings (base64 images): the quote or backslash by `memchr`, then one
        // vectorised pass for control characters, which JSON forbids in strings.
        if !found {
            let rest = self.b.get(j..)?;
            let n = memchr::memchr2(b'"', b'\\', rest)?;
            if rest
                .get(..n)?
                .iter()
                .fold(false, |bad, &c| bad | (c < 0x20))
            {
                return None;
            }
            j += n;
        }
        while !*STRING_STOP.get(usize::from(*self.b.get(j)?))? {
            j += 1;
        }
        match self.b.get(j)? {
            b'"' => {
                let s = self.s.get(start..j)?;
                self.i = j + 1;
                Some(Str(s))
            }
            b'\\' => self.escaped(start, j),
            _ => None,
        }
    }

    /// The rest of a string with escapes, from `j` (a backslash); `start` is its first byte.
    fn escaped(&mut self, start: usize, mut j: usize) -> Option<Str<'a>> {
        let mut out = std::mem::take(&mut self.unescaped);
        out.clear();
        out.extend_from_slice(self.b.get(start..j)?);
        loop {
            match *self.b.get(j)? {
                b'"' => break,
                b'\\' => {
                    let c = match *self.b.get(j + 1)? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let mut code = self.hex4(j + 2)?;
                            j += 6;
                            if (0xD800..0xDC00).contains(&code) {
                                // A surrogate pair (how `ensure_ascii` writers escape emoji);
                                // anything else around a surrogate is left to serde_json.
                                if self.b.get(j..j + 2)? != b"\\u" {
                                    return None;
                                }
                                let low = self.hex4(j + 2)?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                j += 6;
                            }
                            let ch = char::from_u32(code)?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(c);
                    j += 2;
                }
                c if c < 0x20 => return None,
                c => {
                    out.push(c);
                    j += 1;
                }
            }
        }
        self.i = j + 1;
        let s = std::str::from_utf8(&out)
            .ok()
            .map(|s| Str(self.arena.alloc_str(s)));
        self.unescaped = out;
        s
    }

    /// The four hex digits at `at` (of a `\u` escape).
    fn hex4(&self, at: usize) -> Option<u32> {
        let hex = std::str::from_utf8(self.b.get(at..at.checked_add(4)?)?).ok()?;
        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Option<Node<'a>> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let mut plain = !negative;
        if self.peek() == Some(b'.') {
            plain = false;
            self.i += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            plain = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = self.b.get(start..self.i)?;
        if plain && text.len() <= 19 {
            // At most 19 digits: fits a u64, which is what serde_json makes of it.
            let n = text.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return Some(Node::Number(n.into()));
        }
        serde_json::from_slice::<Number>(text)
            .ok()
            .map(|n| Node::Number((&n).into()))
    }
}

#[cfg(any(test, feature = "fuzzing"))]
/// Both parses of `text` agree: the same value with the same key order (compared on the
/// serialized form, since map equality ignores order), or the same error and position.
pub(crate) fn differential(text: &[u8]) -> Result<(), String> {
    let arena = Arena::new();
    let ours = Node::parse(text, &arena);
    let theirs = serde_json::from_slice::<Value>(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            let a = a.to_value();
            let (sa, sb) = (a.to_string(), b.to_string());
            if a == b && sa == sb {
                Ok(())
            } else {
                Err(format!("tree {sa}\nserde_json {sb}"))
            }
        }
        (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
        (a, b) => Err(format!("tree {a:?}\nserde_json {b:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let arena = Arena::new();
        if let Some(fast) = Fast::document(text.as_bytes(), &arena) {
            let serde = Node::parse_serde(text.as_bytes(), &arena).expect("fast path accepted it");
            assert_eq!(fast, serde, "{text}");
        }
        let ours = Node::parse(text.as_bytes(), &arena);
        let theirs = serde_json::from_str::<Value>(text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a.to_value(), b, "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
            (a, b) => panic!("{text}: tree {a:?}, serde_json {b:?}"),
        }
    }

    #[test]
    fn agrees_with_serde_json_on_small_cases() {
        for t in [
            "null",
            "true",
            "[1, -1, 1.5, 1e400, -0, 0.1, 18446744073709551615, 18446744073709551616]",
            r#"{"a": "b\"c", "\u00e9": "\ud83d\ude00", "": []}"#,
            r#"{"a": 1, "b": 2, "a": 3}"#,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            "[1, 2",
            "\"\\ud800\"",
            "\"a\u{1}b\"",
            "1 2",
            "-",
            "01",
            "[[[[]]]]",
        ] {
            same(t);
        }
        same(&format!("{}{}", "[".repeat(200), "]".repeat(200)));
    }

    #[test]
    fn the_fast_path_takes_ordinary_documents() {
        let arena = Arena::new();
        for t in [
            r#"{"a": [1, 0, 12345678901234567890, -3, 2.5, -0, 1e3, 1E-2, true, false, null]}"#,
            r#"{"s": "plain", "e": "tab\tquote\"slash\/u\u00e9\u20ac", "x": {}, "y": []}"#,
            "  [ \"caf\u{e9}\" ]\r\n",
            r#"{"a": 1, "a": 2}"#,
            r#"["\ud83d\ude00", "x\uD834\uDD1Ey"]"#,
        ] {
            let fast = Fast::document(t.as_bytes(), &arena).expect(t);
            assert_eq!(
                fast.to_value(),
                serde_json::from_str::<Value>(t).unwrap(),
                "{t}"
            );
        }
        for t in [
            r#"{"a": 1,}"#,
            "[1 2]",
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00\ud83d""#,
            "1e400",
            "[01]",
            "tru",
            "{} x",
            "",
            "\"a\u{1}\"",
        ] {
            assert!(Fast::document(t.as_bytes(), &arena).is_none(), "{t}");
            same(t);
        }
    }

    #[test]
    fn repeated_keys_keep_first_position_and_last_value() {
        let arena = Arena::new();
        let mut big = String::from("{");
        for i in 0..40 {
            big.push_str(&format!("\"k{}\": {i}, ", i % 30));
        }
        big.push_str("\"z\": 0}");
        same(&big);
        let n = Node::parse(big.as_bytes(), &arena).unwrap();
        let o = n.as_object().unwrap();
        assert_eq!(o.len(), 31);
        assert_eq!(o.get("k3").and_then(Node::as_u64), Some(33));
        assert_eq!(o.get("k29").and_then(Node::as_u64), Some(29));
        assert_eq!(o.keys().next().map(Str::as_str), Some("k0"));
        assert!(o.get("k30").is_none());
        let small = Node::parse(br#"{"b": 1, "a": 2, "b": 3}"#, &arena).unwrap();
        let keys: Vec<&str> = small.as_object().unwrap().keys().map(Str::as_str).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(small.get("b").and_then(Node::as_u64), Some(3));
    }

    #[test]
    fn from_value_is_the_same_tree() {
        let arena = Arena::new();
        let mut big = String::from("{");
        for i in 0..40 {
            big.push_str(&format!(
                "\"k{}\": [{i}, -1, 0.5, null, true, \"s\\n\"], ",
                40 - i
            ));
        }
        big.push_str("\"z\": {}}");
        let v: Value = serde_json::from_str(&big).unwrap();
        let n = Node::parse(big.as_bytes(), &arena).unwrap();
        // Without `preserve-order` a `Value`'s keys are sorted, so the trees are equal as
        // values (order-free); with it, member for member in document order.
        assert_eq!(Node::from_value(&v, &arena).to_value(), n.to_value());
        #[cfg(feature = "preserve-order")]
        assert_eq!(Node::from_value(&v, &arena), n);
        assert_eq!(n.get("k7").map(Node::type_name), Some("array"));
        assert_eq!(
            n.get("k7")
                .and_then(Node::as_array)
                .map(|a| a.iter().map(Node::type_name).collect::<Vec<_>>()),
            Some(vec![
                "integer", "integer", "number", "null", "boolean", "string"
            ])
        );
    }

    #[test]
    fn nodes_stay_small() {
        // Every member is copied into the arena: the size of a node is the parse's cost.
        assert!(
            std::mem::size_of::<Node<'_>>() <= 40,
            "{}",
            std::mem::size_of::<Node<'_>>()
        );
    }

    #[test]
    fn unescaped_strings_borrow_the_text() {
        let arena = Arena::new();
        let text = br#"{"plain": "text", "esc\n": "a\tb"}"#;
        let n = Node::parse(text, &arena).unwrap();
        let o = n.as_object().unwrap();
        let kinds: Vec<(bool, bool)> = o
            .iter()
            .map(|(k, v)| {
                let Node::String(s) = v else { panic!() };
                (
                    text.as_ptr_range().contains(&k.0.as_ptr()),
                    text.as_ptr_range().contains(&s.0.as_ptr()),
                )
            })
            .collect();
        assert_eq!(kinds, [(true, true), (false, false)]);
    }

    /// Every file of the shared corpus and of the validator fixtures parses to the same value
    /// as with `serde_json`, through the fast path.
    #[test]
    #[allow(clippy::disallowed_methods, clippy::print_stderr)]
    fn agrees_with_serde_json_on_the_corpus_and_the_fixtures() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let corpus = std::env::var_os("CORPUS").map_or_else(
            || root.join("../shared/corpus/valid"),
            std::path::PathBuf::from,
        );
        let mut files = Vec::new();
        let mut dirs = vec![root.join("tests/fixtures/flow_json/cases"), corpus];
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                eprintln!("SKIPPED: {} is not present", d.display());
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 400, "fixtures missing: {}", files.len());
        let mut fast = 0;
        for f in &files {
            let text = std::fs::read(f).unwrap();
            let arena = Arena::new();
            if let Err(e) = differential(&text) {
                panic!("{}: {e}", f.display());
            }
            if let Some(n) = Fast::document(&text, &arena) {
                fast += 1;
                assert_eq!(
                    Node::parse_serde(&text, &arena).unwrap(),
                    n,
                    "{}",
                    f.display()
                );
            }
        }
        // A few fixtures are syntax errors on purpose; everything else takes the fast path.
        assert!(fast + 10 >= files.len(), "{fast} of {}", files.len());
        eprintln!("{} files, {fast} through the fast path", files.len());
    }

    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-z\"\\\\/\u{0}-\u{1f}\u{e9}\u{20ac}\u{1f600}]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[a-c\\\\\u{e9}]{0,2}", inner), 0..20)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    /// Texts near JSON: a serialized value (compact or pretty) with a few bytes changed,
    /// or a short string over JSON's own symbols.
    fn json_text() -> impl Strategy<Value = Vec<u8>> {
        let edited = (
            json_value(),
            any::<bool>(),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..3),
        )
            .prop_map(|(v, pretty, edits)| {
                let mut t = if pretty {
                    serde_json::to_vec_pretty(&v).unwrap_or_default()
                } else {
                    serde_json::to_vec(&v).unwrap_or_default()
                };
                for (at, byte, kind) in edits {
                    let i = at.index(t.len() + 1);
                    match kind {
                        0 => t.insert(i, byte),
                        1 if i < t.len() => {
                            t.remove(i);
                        }
                        _ => {
                            if let Some(b) = t.get_mut(i) {
                                *b = byte;
                            }
                        }
                    }
                }
                t
            });
        let symbols = "[\\[\\]{}\":,0-9eE.+\\- \n\ttrufalsn\\\\u/bx\u{e9}]{0,40}"
            .prop_map(String::into_bytes);
        prop_oneof![3 => edited, 1 => symbols]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_with_serde_json_on_arbitrary_text(text in json_text()) {
            if let Err(e) = differential(&text) {
                prop_assert!(false, "{}\n{e}", String::from_utf8_lossy(&text));
            }
        }

        #[test]
        fn the_fast_path_builds_what_serde_json_builds(v in json_value(), pretty in any::<bool>()) {
            let arena = Arena::new();
            let text = if pretty { serde_json::to_vec_pretty(&v) } else { serde_json::to_vec(&v) };
            let text = text.unwrap_or_default();
            let serde = Node::parse_serde(&text, &arena);
            prop_assert!(serde.is_ok());
            // serde_json writes nothing the fast path declines (depth is at most 5 here).
            let fast = Fast::document(&text, &arena);
            prop_assert!(fast.is_some(), "{}", String::from_utf8_lossy(&text));
            prop_assert_eq!(fast, serde.ok());
        }
    }
}
