//! Positions: maps JSON Pointers to byte ranges in the submitted text, and byte offsets to
//! 1-based line/column (columns count characters).
//!
//! The document tree's fast scanner records the span of every member while parsing
//! ([`resolve_tree`] walks the tree along each issue's path). For a tree `serde_json` built
//! (the scanner's fallback for valid JSON: nesting over 100 levels), which has no spans, a
//! small scanner walks the text once ([`resolve`]), descending only into the members that lie
//! on the path of some wanted pointer and skipping everything else. Either runs only when a
//! report has issues, and only after the text was accepted as JSON.

use super::issue::{Location, PathSeg};
use super::tree::{Node, Span as TreeSpan};

/// Byte offset → (line, column) for one text.
pub(crate) struct LineIndex<'a> {
    text: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { text, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    fn chars(&self, from: usize, to: usize) -> usize {
        self.text
            .get(from..to)
            .map_or(0, |s| s.iter().filter(|b| (**b & 0xC0) != 0x80).count())
    }

    /// (line, column) of the character that starts at or contains `offset`.
    pub(crate) fn start_pos(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len().saturating_sub(1));
        let line = self.line_of(offset);
        let ls = self.starts.get(line).copied().unwrap_or(0);
        // Column of the character containing `offset`: characters that start in [ls, offset].
        let col = self.chars(ls, offset + 1).max(1);
        (to_u32(line + 1), to_u32(col))
    }

    /// (line, column) of the last character of a range ending (exclusively) at `end`.
    pub(crate) fn end_pos(&self, start: usize, end: usize) -> (u32, u32) {
        let last = end.saturating_sub(1).max(start);
        self.start_pos(last)
    }

    /// The byte offset serde_json means with its (line, column) (column counts bytes).
    pub(crate) fn offset_of_serde(&self, line: usize, column: usize) -> usize {
        let ls = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        (ls + column.saturating_sub(1)).min(self.text.len().saturating_sub(1))
    }
}

/// (line, column) of each offset of a sorted, deduplicated list, in one forward pass that
/// reads the text only up to the last offset (no index of every line is built).
pub(crate) fn positions(text: &[u8], sorted: &[usize]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(sorted.len());
    let last = text.len().saturating_sub(1);
    let mut pos = 0usize; // text[..pos] has been read
    let mut lines = 0usize; // newlines in text[..pos]
    let mut chars = 0usize; // characters that start in text[line start..pos]
    for &off in sorted {
        let off = off.min(last);
        if off > pos {
            let chunk = text.get(pos..off).unwrap_or_default();
            let nl = count_newlines(chunk);
            if nl > 0 {
                lines += nl;
                let line_start = pos + memchr::memrchr(b'\n', chunk).map_or(0, |r| r + 1);
                chars = char_starts(text.get(line_start..off).unwrap_or_default());
            } else {
                chars += char_starts(chunk);
            }
            pos = off;
        }
        let here = usize::from(text.get(off).is_some_and(|b| (*b & 0xC0) != 0x80));
        out.push((to_u32(lines + 1), to_u32((chars + here).max(1))));
    }
    out
}

/// Characters that start in `s` (bytes that are not UTF-8 continuation bytes). Counted in
/// blocks of 255 into a byte so that the compiler vectorises the loop.
fn char_starts(s: &[u8]) -> usize {
    s.chunks(255)
        .map(|c| {
            usize::from(
                c.iter()
                    .fold(0u8, |n, b| n.wrapping_add(u8::from((*b & 0xC0) != 0x80))),
            )
        })
        .sum()
}

fn count_newlines(s: &[u8]) -> usize {
    s.chunks(255)
        .map(|c| {
            usize::from(
                c.iter()
                    .fold(0u8, |n, b| n.wrapping_add(u8::from(*b == b'\n'))),
            )
        })
        .sum()
}

/// The offset of the `,` that precedes `off` across whitespace only (a trailing comma).
pub(crate) fn comma_before(text: &[u8], off: usize) -> Option<usize> {
    let head = text.get(..off)?;
    let i = head.iter().rposition(|b| !b.is_ascii_whitespace())?;
    (head.get(i) == Some(&b',')).then_some(i)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Fills in the positions of `locs` (those not already positioned).
pub(crate) fn resolve(text: &[u8], locs: &mut [&mut Location]) {
    if locs.is_empty() {
        return;
    }
    if text.is_empty() {
        for l in locs.iter_mut() {
            l.line = 1;
            l.column = 1;
            l.end_line = 1;
            l.end_column = 1;
        }
        return;
    }
    // The wanted paths as a trie: the scanner descends only into members on some path and
    // compares raw key bytes with the trie's keys (no pointer strings, no hashing).
    let mut trie = Trie::default();
    let mut any = false;
    for l in locs.iter() {
        if l.line == 0 {
            trie.insert(&l.path);
            any = true;
        }
    }
    if any {
        trie.sort();
        let mut sc = Scanner {
            b: text,
            i: 0,
            done: false,
        };
        sc.ws();
        let start = sc.i;
        sc.scan(&mut trie, 0, start, 0);
    }
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(locs.len());
    for l in locs.iter() {
        if l.line != 0 {
            ranges.push((0, 0));
            continue;
        }
        ranges.push(match trie.nearest(&l.path) {
            Some(sp) if l.at_key => (sp.key, sp.end),
            Some(sp) => (sp.start, sp.end),
            None => (0, text.len()),
        });
    }
    apply(text, locs, &ranges);
}

/// Fills in the positions of `locs` (those not already positioned) from the spans the
/// document tree recorded while parsing (`root_span` is the root's): no second scan of the
/// text. A path to a missing member gets the span of its nearest existing ancestor, as with
/// [`resolve`].
pub(crate) fn resolve_tree(
    text: &[u8],
    root: &Node<'_>,
    root_span: TreeSpan,
    table: &[TreeSpan],
    locs: &mut [&mut Location],
) {
    if locs.is_empty() {
        return;
    }
    let ranges: Vec<(usize, usize)> = locs
        .iter()
        .map(|l| {
            if l.line != 0 {
                return (0, 0);
            }
            let sp = nearest_in_tree(root, root_span, table, &l.path);
            let at = |n: u32| n as usize;
            if l.at_key {
                (at(sp.key), at(sp.end))
            } else {
                (at(sp.start), at(sp.end))
            }
        })
        .collect();
    apply(text, locs, &ranges);
}

fn nearest_in_tree(
    root: &Node<'_>,
    root_span: TreeSpan,
    table: &[TreeSpan],
    path: &[PathSeg],
) -> TreeSpan {
    let mut node = root;
    let mut best = root_span;
    for seg in path {
        let next = match (seg, node) {
            (PathSeg::Key(k), Node::Object(o)) => o.member(k, table),
            (PathSeg::Index(i), Node::Array(a)) => a.member(*i, table),
            _ => None,
        };
        let Some((n, Some(sp))) = next else { break };
        node = n;
        best = sp;
    }
    best
}

/// Line and column of each range's first and last character.
fn apply(text: &[u8], locs: &mut [&mut Location], ranges: &[(usize, usize)]) {
    if text.is_empty() {
        return;
    }
    // Line/column of every needed offset in one forward pass (a minified document is one
    // long line: computing each column from its line start would be quadratic).
    let last = text.len().saturating_sub(1);
    let mut offsets: Vec<usize> = Vec::with_capacity(ranges.len() * 2);
    for (l, (s, e)) in locs.iter().zip(ranges) {
        if l.line == 0 {
            offsets.push((*s).min(last));
            offsets.push(e.saturating_sub(1).max(*s).min(last));
        }
    }
    offsets.sort_unstable();
    offsets.dedup();
    let positions = positions(text, &offsets);
    let pos_of = |off: usize| -> (u32, u32) {
        offsets
            .binary_search(&off)
            .ok()
            .and_then(|i| positions.get(i).copied())
            .unwrap_or((1, 1))
    };
    for (l, &(s, e)) in locs.iter_mut().zip(ranges) {
        if l.line != 0 {
            continue;
        }
        let (line, column) = pos_of(s.min(last));
        let (end_line, end_column) = pos_of(e.saturating_sub(1).max(s).min(last));
        l.line = line;
        l.column = column;
        l.end_line = end_line;
        l.end_column = end_column;
        l.start = s;
        l.end = e;
    }
}

pub(crate) fn fill(idx: &LineIndex<'_>, l: &mut Location, start: usize, end: usize) {
    let (line, column) = idx.start_pos(start);
    let (end_line, end_column) = idx.end_pos(start, end);
    l.line = line;
    l.column = column;
    l.end_line = end_line;
    l.end_column = end_column;
    l.start = start;
    l.end = end;
}

#[derive(Debug, Clone, Copy)]
struct Span {
    key: usize,
    start: usize,
    end: usize,
}

/// One member of a wanted path: an object key (as its decoded UTF-8 bytes) or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Key(Vec<u8>),
}

#[derive(Debug, Default)]
struct TrieNode {
    /// Children, sorted by step once the trie is built (binary search while scanning).
    kids: Vec<(Step, usize)>,
    /// Where the scanner found this member.
    span: Option<Span>,
    /// Some location points here (not only through it).
    target: bool,
    /// Found, or known to be missing.
    settled: bool,
}

/// The wanted paths, node 0 being the document itself.
#[derive(Debug)]
struct Trie {
    nodes: Vec<TrieNode>,
    /// Targets neither found nor known to be missing: the scan stops when none is left.
    pending: usize,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            nodes: vec![TrieNode::default()],
            pending: 0,
        }
    }
}

fn step_of(seg: &PathSeg) -> Step {
    match seg {
        PathSeg::Key(k) => Step::Key(k.as_bytes().to_vec()),
        PathSeg::Index(i) => Step::Index(*i),
    }
}

fn step_matches(step: &Step, seg: &PathSeg) -> bool {
    match (step, seg) {
        (Step::Key(a), PathSeg::Key(b)) => a.as_slice() == b.as_bytes(),
        (Step::Index(a), PathSeg::Index(b)) => a == b,
        _ => false,
    }
}

impl Trie {
    fn insert(&mut self, path: &[PathSeg]) {
        let mut at = 0usize;
        for seg in path {
            let found = self.nodes.get(at).and_then(|n| {
                n.kids
                    .iter()
                    .find(|(st, _)| step_matches(st, seg))
                    .map(|(_, k)| *k)
            });
            at = match found {
                Some(k) => k,
                None => {
                    let k = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    if let Some(n) = self.nodes.get_mut(at) {
                        n.kids.push((step_of(seg), k));
                    }
                    k
                }
            };
        }
        if let Some(n) = self.nodes.get_mut(at) {
            if !n.target {
                n.target = true;
                self.pending += 1;
            }
        }
    }

    /// Marks `node` settled (found or missing), counting it off when it is a target.
    fn settle(&mut self, node: usize) {
        if let Some(n) = self.nodes.get_mut(node) {
            if !n.settled {
                n.settled = true;
                if n.target {
                    self.pending = self.pending.saturating_sub(1);
                }
            }
        }
    }

    /// After a container was read to its end: the wanted members it lacks, and everything
    /// below them, are missing.
    fn settle_missing_kids(&mut self, node: usize) {
        let mut stack: Vec<usize> = self
            .nodes
            .get(node)
            .map(|n| n.kids.iter().map(|(_, k)| *k).collect())
            .unwrap_or_default();
        while let Some(k) = stack.pop() {
            let Some(n) = self.nodes.get(k) else { continue };
            if n.span.is_some() || n.settled {
                continue;
            }
            stack.extend(n.kids.iter().map(|(_, k)| *k));
            self.settle(k);
        }
    }

    fn sort(&mut self) {
        for n in &mut self.nodes {
            n.kids.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
    }

    fn kid_key(&self, node: usize, key: &[u8]) -> Option<usize> {
        let kids = &self.nodes.get(node)?.kids;
        kids.binary_search_by(|(st, _)| match st {
            Step::Index(_) => std::cmp::Ordering::Less,
            Step::Key(k) => k.as_slice().cmp(key),
        })
        .ok()
        .and_then(|i| kids.get(i))
        .map(|(_, k)| *k)
    }

    fn kid_index(&self, node: usize, index: usize) -> Option<usize> {
        let kids = &self.nodes.get(node)?.kids;
        kids.binary_search_by(|(st, _)| match st {
            Step::Index(i) => i.cmp(&index),
            Step::Key(_) => std::cmp::Ordering::Greater,
        })
        .ok()
        .and_then(|i| kids.get(i))
        .map(|(_, k)| *k)
    }

    /// The span of the path, or of its nearest existing ancestor (a pointer to a missing
    /// member).
    fn nearest(&self, path: &[PathSeg]) -> Option<Span> {
        let mut at = 0usize;
        let mut best = self.nodes.first()?.span;
        for seg in path {
            let next = match seg {
                PathSeg::Key(k) => self.kid_key(at, k.as_bytes()),
                PathSeg::Index(i) => self.kid_index(at, *i),
            };
            let Some(n) = next else { break };
            at = n;
            match self.nodes.get(at).and_then(|n| n.span) {
                Some(sp) => best = Some(sp),
                None => break,
            }
        }
        best
    }

    fn set_span(&mut self, node: usize, span: Span) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.span = Some(span);
        }
        self.settle(node);
    }

    fn is_leaf(&self, node: usize) -> bool {
        self.nodes.get(node).is_none_or(|n| n.kids.is_empty())
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// Every target is settled: the rest of the text is not read. (A key that occurs twice
    /// in one object is then positioned at its first occurrence, where serde_json keeps the
    /// last value; such a document is ambiguous anyway.)
    done: bool,
}

/// Depth cap of the scanner (the validator refuses deeper documents before this runs).
const MAX_SCAN_DEPTH: usize = 200;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// At a `"`: moves past the closing quote; returns the raw bytes between the quotes.
    fn string(&mut self) -> (usize, usize) {
        self.i += 1;
        let s = self.i;
        while let Some(rest) = self.b.get(self.i..) {
            match memchr::memchr2(b'\\', b'"', rest) {
                None => break,
                Some(n) => {
                    self.i += n;
                    if rest.get(n) == Some(&b'\\') {
                        self.i += 2;
                    } else {
                        let e = self.i;
                        self.i += 1;
                        return (s, e);
                    }
                }
            }
        }
        self.i = self.b.len();
        (s, self.b.len())
    }

    /// Skips one value (iteratively). The text is valid JSON (serde_json accepted it).
    fn skip(&mut self) {
        match self.peek() {
            None => return,
            Some(b'"') => {
                self.string();
                return;
            }
            Some(b'{' | b'[') => {}
            Some(_) => {
                // A number or literal: up to the next delimiter.
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                return;
            }
        }
        // Nesting is balanced in valid JSON, so the matching bracket is found by counting
        // only the brackets of this container's kind outside strings (memchr finds them).
        let (open, close) = if self.peek() == Some(b'{') {
            (b'{', b'}')
        } else {
            (b'[', b']')
        };
        let mut depth = 0usize;
        while let Some(rest) = self.b.get(self.i..) {
            let Some(n) = memchr::memchr3(b'"', open, close, rest) else {
                self.i = self.b.len();
                return;
            };
            self.i += n;
            match rest.get(n) {
                Some(b'"') => {
                    self.string();
                }
                Some(c) if *c == open => {
                    depth += 1;
                    self.i += 1;
                }
                _ => {
                    depth = depth.saturating_sub(1);
                    self.i += 1;
                    if depth == 0 {
                        return;
                    }
                }
            }
        }
    }

    /// Scans the value at the cursor, which is trie node `node` (whose key started at `key`).
    fn scan(&mut self, trie: &mut Trie, node: usize, key: usize, depth: usize) {
        let start = self.i;
        if trie.is_leaf(node) || depth >= MAX_SCAN_DEPTH {
            self.skip();
        } else {
            match self.peek() {
                Some(b'{') => self.object(trie, node, depth),
                Some(b'[') => self.array(trie, node, depth),
                _ => self.skip(),
            }
        }
        trie.set_span(
            node,
            Span {
                key,
                start,
                end: self.i.max(start + 1),
            },
        );
    }

    fn object(&mut self, trie: &mut Trie, node: usize, depth: usize) {
        self.i += 1;
        loop {
            if self.done {
                return;
            }
            self.ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    self.i += 1;
                    trie.settle_missing_kids(node);
                    return;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => return,
            }
            let kstart = self.i;
            let (ks, ke) = self.string();
            let raw = self.b.get(ks..ke).unwrap_or_default();
            let kid = if raw.contains(&b'\\') {
                let quoted = self.b.get(kstart..self.i).unwrap_or_default();
                let decoded = serde_json::from_slice::<String>(quoted).unwrap_or_default();
                trie.kid_key(node, decoded.as_bytes())
            } else {
                trie.kid_key(node, raw)
            };
            self.ws();
            if self.peek() == Some(b':') {
                self.i += 1;
            }
            self.ws();
            match kid {
                Some(k) => self.scan(trie, k, kstart, depth + 1),
                None => self.skip(),
            }
            self.done = self.done || trie.pending == 0;
        }
    }

    fn array(&mut self, trie: &mut Trie, node: usize, depth: usize) {
        self.i += 1;
        let mut n = 0usize;
        loop {
            if self.done {
                return;
            }
            self.ws();
            match self.peek() {
                Some(b']') => {
                    self.i += 1;
                    trie.settle_missing_kids(node);
                    return;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                None => return,
                _ => {}
            }
            let vstart = self.i;
            match trie.kid_index(node, n) {
                Some(k) => self.scan(trie, k, vstart, depth + 1),
                None => self.skip(),
            }
            self.done = self.done || trie.pending == 0;
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(path: Vec<PathSeg>, at_key: bool) -> Location {
        Location::new(path, at_key)
    }

    #[test]
    fn finds_values_and_keys() {
        let text = b"{\n  \"a\": [1, {\"b\\u0020c\": \"x\"}],\n  \"\xc3\xa9\": true\n}";
        let mut l1 = loc(
            vec![
                PathSeg::Key("a".into()),
                PathSeg::Index(1),
                PathSeg::Key("b c".into()),
            ],
            false,
        );
        let mut l2 = loc(vec![PathSeg::Key("é".into())], true);
        let mut l3 = loc(vec![PathSeg::Key("a".into()), PathSeg::Index(7)], false);
        resolve(text, &mut [&mut l1, &mut l2, &mut l3]);
        assert_eq!(
            (l1.line, l1.column, l1.end_line, l1.end_column),
            (2, 25, 2, 27)
        );
        assert_eq!((l2.line, l2.column, l2.end_column), (3, 3, 11));
        // A missing index falls back to its parent (the array).
        assert_eq!((l3.line, l3.column), (2, 8));
    }

    /// The path of every value in a document, each after those of its members (a depth-first
    /// walk); `members` lists a value's members with their path segment.
    fn paths_of<'v, T>(
        root: &'v T,
        members: impl Fn(&'v T) -> Vec<(PathSeg, &'v T)>,
    ) -> Vec<Vec<PathSeg>> {
        let mut paths = Vec::new();
        let mut stack = vec![(Vec::new(), root)];
        while let Some((p, v)) = stack.pop() {
            for (seg, x) in members(v) {
                let mut q = p.clone();
                q.push(seg);
                stack.push((q, x));
            }
            paths.push(p);
        }
        paths
    }

    /// Every member of a document, positioned in one batch: the text of each span parses to
    /// the value serde_json finds at the same pointer, and a key span starts at the quoted key.
    #[test]
    fn every_span_holds_the_value_at_its_pointer() {
        let text = "{\"a\" : [1, {\"b\\u0020c\": \"x\\\"y\", \"d/e~\": [[], {}]}],\n \"\u{e9}\": true,\
                    \"n\":-1.5e3,\"z\":{\"k\":[null,\"\u{1d11e}\",{\"q\":[0]}]}}";
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        let paths = paths_of(&doc, |v| match v {
            serde_json::Value::Object(o) => o
                .into_iter()
                .map(|(k, x)| (PathSeg::Key(k.clone()), x))
                .collect(),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (PathSeg::Index(i), x))
                .collect(),
            _ => Vec::new(),
        });
        assert!(paths.len() > 15);
        let mut locs: Vec<Location> = paths.iter().map(|p| loc(p.clone(), false)).collect();
        let mut keys: Vec<Location> = paths
            .iter()
            .filter(|p| matches!(p.last(), Some(PathSeg::Key(_))))
            .map(|p| loc(p.clone(), true))
            .collect();
        let mut all: Vec<&mut Location> = locs.iter_mut().chain(keys.iter_mut()).collect();
        resolve(text.as_bytes(), &mut all);
        for l in &locs {
            let ptr = super::super::issue::pointer_of(&l.path);
            let want = doc.pointer(&ptr).unwrap();
            let got: serde_json::Value =
                serde_json::from_slice(&text.as_bytes()[l.start..l.end]).unwrap();
            assert_eq!(&got, want, "{ptr}");
        }
        // Each location alone (the scan stops early) is positioned as in the batch, and so
        // is a pointer to a missing member (its parent's span).
        for l in locs.iter().chain(&keys) {
            let mut alone = loc(l.path.clone(), l.at_key);
            let mut missing = loc(
                l.path.iter().cloned().chain([PathSeg::Index(99)]).collect(),
                false,
            );
            resolve(text.as_bytes(), &mut [&mut alone, &mut missing]);
            assert_eq!((alone.start, alone.end), (l.start, l.end), "{:?}", l.path);
            assert_eq!((alone.line, alone.column), (l.line, l.column));
            assert_eq!(
                (alone.end_line, alone.end_column),
                (l.end_line, l.end_column)
            );
            if !l.at_key {
                assert_eq!(
                    (missing.start, missing.end),
                    (l.start, l.end),
                    "{:?}",
                    l.path
                );
            }
        }
        for l in &keys {
            let Some(PathSeg::Key(k)) = l.path.last() else {
                unreachable!()
            };
            let quoted = &text.as_bytes()[l.start..];
            let close = quoted[1..]
                .iter()
                .position(|b| *b == b'"')
                .map(|i| i + 2)
                .unwrap();
            // The key may hold an escaped quote: decode the longest prefix that parses.
            let got: String = (close..=quoted.len())
                .find_map(|e| serde_json::from_slice::<String>(&quoted[..e]).ok())
                .unwrap();
            assert_eq!(&got, k);
        }
    }

    #[test]
    fn batch_positions_match_single_positions() {
        let text = "{\"a\": \"\u{e9}\u{e9}\", \"b\": [1, 2]}\n  {\"\u{1d11e}\": 3}".as_bytes();
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..text.len()).collect();
        let batch = positions(text, &offsets);
        for (off, pos) in offsets.iter().zip(&batch) {
            assert_eq!(*pos, idx.start_pos(*off), "offset {off}");
        }
        // Longer than the 255-byte counting blocks, with lines of every length.
        let long: String = (0..60)
            .map(|i| {
                format!(
                    "{}\u{e9}\u{1d11e}{}\n",
                    "x".repeat(i * 7),
                    "\u{e9}".repeat(i)
                )
            })
            .collect();
        let long = long.as_bytes();
        let lidx = LineIndex::new(long);
        let all: Vec<usize> = (0..long.len()).collect();
        for (off, pos) in all.iter().zip(positions(long, &all)) {
            assert_eq!(pos, lidx.start_pos(*off), "offset {off}");
        }
        let every_97: Vec<usize> = (0..long.len()).step_by(97).collect();
        for (off, pos) in every_97.iter().zip(positions(long, &every_97)) {
            assert_eq!(pos, lidx.start_pos(*off), "offset {off}");
        }
        let sparse = [3usize, 9, 30, 40];
        let got = positions(text, &sparse);
        for (off, pos) in sparse.iter().zip(&got) {
            assert_eq!(*pos, idx.start_pos(*off), "offset {off}");
        }
    }

    #[test]
    fn serde_offsets_are_clamped_into_the_text() {
        let idx = LineIndex::new(b"{\n\"a\"");
        assert_eq!(idx.offset_of_serde(2, 99), 4);
        assert_eq!(idx.start_pos(4), (2, 3));
    }

    /// Every member (and key, and a missing child) of a document: the spans the tree recorded
    /// while parsing give the positions the scan of the text gives for that location alone.
    fn tree_agrees_with_the_scan(text: &[u8]) -> usize {
        let arena = super::super::tree::Arena::new();
        let Ok(doc) = super::super::tree::Doc::parse(text, &arena) else {
            return 0;
        };
        let Some(root_span) = doc.span else { return 0 };
        let paths = paths_of(&doc.root, |v| match v {
            Node::Object(o) => o
                .into_iter()
                .map(|(k, x)| (PathSeg::Key(k.to_string()), x))
                .collect(),
            Node::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (PathSeg::Index(i), x))
                .collect(),
            _ => Vec::new(),
        });
        // About 60 members a document (each scan reads the text again).
        let step = (paths.len() / 60).max(1);
        let mut batch: Vec<Location> = Vec::new();
        for p in paths.iter().step_by(step) {
            for at_key in [false, true] {
                let missing: Vec<PathSeg> = p.iter().cloned().chain([PathSeg::Index(3)]).collect();
                for path in [p.clone(), missing] {
                    let mut scanned = loc(path.clone(), at_key);
                    resolve(text, &mut [&mut scanned]);
                    batch.push(scanned);
                }
            }
        }
        let mut from_tree: Vec<Location> = batch
            .iter()
            .map(|l| loc(l.path.clone(), l.at_key))
            .collect();
        let mut refs: Vec<&mut Location> = from_tree.iter_mut().collect();
        resolve_tree(text, &doc.root, root_span, &doc.table, &mut refs);
        for (a, b) in batch.iter().zip(&from_tree) {
            assert_eq!(a, b, "{:?} at_key={}", a.path, a.at_key);
        }
        batch.len()
    }

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn positions_from_the_tree_are_those_of_the_scan() {
        let text = "{\"a\" : [1, {\"b\\u0020c\": \"x\\\"y\", \"d/e~\": [[], {}]}],\n \"\u{e9}\": true,\
                    \"n\":-1.5e3,\"z\":{\"k\":[null,\"\u{1d11e}\",{\"q\":[0]}]}}";
        assert!(tree_agrees_with_the_scan(text.as_bytes()) > 60);
        // A repeated key: the tree points at the last occurrence, whose value the rules read
        // (the scan, stopping at the first match, pointed at the first one).
        let text = br#"{"n": 1, "n": [2]}"#;
        let arena = super::super::tree::Arena::new();
        let doc = super::super::tree::Doc::parse(text, &arena).unwrap();
        let mut l = loc(vec![PathSeg::Key("n".into()), PathSeg::Index(0)], false);
        let mut k = loc(vec![PathSeg::Key("n".into())], true);
        resolve_tree(
            text,
            &doc.root,
            doc.span.unwrap(),
            &doc.table,
            &mut [&mut l, &mut k],
        );
        assert_eq!((l.start, l.end, k.start, k.end), (15, 16, 9, 17));
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/fixtures/flow_json/cases");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if let Ok(t) = std::fs::read(e.path().join("flow.json")) {
                n += tree_agrees_with_the_scan(&t);
            }
        }
        assert!(n > 10_000, "{n}");
    }
}
