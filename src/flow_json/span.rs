//! Positions: maps JSON Pointers to byte ranges in the submitted text, and byte offsets to
//! 1-based line/column (columns count characters).
//!
//! serde_json gives no spans, so a small scanner walks the text once, descending only into the
//! members that lie on the path of some wanted pointer and skipping everything else. It runs
//! only when a report has issues, and only after serde_json accepted the text.

use std::collections::{HashMap, HashSet};

use super::issue::{Location, PathSeg, pointer_of};

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

    /// (line, column) of each offset of a sorted, deduplicated list, in one forward pass.
    pub(crate) fn positions(&self, sorted: &[usize]) -> Vec<(u32, u32)> {
        let mut out = Vec::with_capacity(sorted.len());
        let mut line = usize::MAX;
        let mut pos = 0usize;
        let mut count = 0usize;
        let last = self.text.len().saturating_sub(1);
        for &off in sorted {
            let off = off.min(last);
            let l = self.line_of(off);
            if l != line {
                line = l;
                pos = self.starts.get(l).copied().unwrap_or(0);
                count = 0;
            }
            // Characters that start in [line start, off].
            if off + 1 > pos {
                count += self.chars(pos, off + 1);
                pos = off + 1;
            }
            out.push((to_u32(line + 1), to_u32(count.max(1))));
        }
        out
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
    let mut wanted: HashSet<String> = HashSet::new();
    for l in locs.iter() {
        if l.line != 0 {
            continue;
        }
        for i in 0..=l.path.len() {
            if let Some(p) = l.path.get(..i) {
                wanted.insert(pointer_of(p));
            }
        }
    }
    let mut found: HashMap<String, Span> = HashMap::new();
    if !wanted.is_empty() {
        let mut sc = Scanner { b: text, i: 0 };
        sc.ws();
        let mut ptr = String::new();
        let start = sc.i;
        sc.scan(&mut ptr, &wanted, &mut found, start, 0);
    }
    let idx = LineIndex::new(text);
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(locs.len());
    for l in locs.iter() {
        if l.line != 0 {
            ranges.push((0, 0));
            continue;
        }
        let span = nearest(&found, &l.path);
        ranges.push(match span {
            Some(sp) if l.at_key => (sp.key, sp.end),
            Some(sp) => (sp.start, sp.end),
            None => (0, text.len()),
        });
    }
    // Line/column of every needed offset in one forward pass (a minified document is one
    // long line: computing each column from its line start would be quadratic).
    let last = text.len().saturating_sub(1);
    let mut offsets: Vec<usize> = Vec::with_capacity(ranges.len() * 2);
    for (l, (s, e)) in locs.iter().zip(&ranges) {
        if l.line == 0 {
            offsets.push((*s).min(last));
            offsets.push(e.saturating_sub(1).max(*s).min(last));
        }
    }
    offsets.sort_unstable();
    offsets.dedup();
    let positions = idx.positions(&offsets);
    let pos_of = |off: usize| -> (u32, u32) {
        offsets
            .binary_search(&off)
            .ok()
            .and_then(|i| positions.get(i).copied())
            .unwrap_or((1, 1))
    };
    for (l, (s, e)) in locs.iter_mut().zip(ranges) {
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

/// The span of the path, or of its nearest existing ancestor (a pointer to a missing member).
fn nearest(found: &HashMap<String, Span>, path: &[PathSeg]) -> Option<Span> {
    let mut n = path.len();
    loop {
        if let Some(sp) = path.get(..n).and_then(|p| found.get(&pointer_of(p))) {
            return Some(*sp);
        }
        if n == 0 {
            return None;
        }
        n -= 1;
    }
}

#[derive(Debug, Clone, Copy)]
struct Span {
    key: usize,
    start: usize,
    end: usize,
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
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

    /// Skips one value (iteratively).
    fn skip(&mut self) {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek() {
                None => return,
                Some(b'"') => {
                    self.string();
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                Some(b'}' | b']') => {
                    depth = depth.saturating_sub(1);
                    self.i += 1;
                }
                Some(b',' | b':') => {
                    self.i += 1;
                    continue;
                }
                Some(_) => {
                    while let Some(c) = self.peek() {
                        if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                            break;
                        }
                        self.i += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    fn scan(
        &mut self,
        ptr: &mut String,
        wanted: &HashSet<String>,
        found: &mut HashMap<String, Span>,
        key: usize,
        depth: usize,
    ) {
        let start = self.i;
        match self.peek() {
            Some(b'{') if depth < MAX_SCAN_DEPTH => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => {
                            self.i += 1;
                            continue;
                        }
                        _ => break,
                    }
                    let kstart = self.i;
                    let (ks, ke) = self.string();
                    let raw = self.b.get(ks..ke).unwrap_or_default();
                    let name = decode_key(raw, self.b.get(kstart..self.i).unwrap_or_default());
                    self.ws();
                    if self.peek() == Some(b':') {
                        self.i += 1;
                    }
                    self.ws();
                    let len = ptr.len();
                    ptr.push('/');
                    push_escaped(ptr, &name);
                    if wanted.contains(ptr.as_str()) {
                        self.scan(ptr, wanted, found, kstart, depth + 1);
                    } else {
                        self.skip();
                    }
                    ptr.truncate(len);
                }
            }
            Some(b'[') if depth < MAX_SCAN_DEPTH => {
                self.i += 1;
                let mut n = 0usize;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => {
                            self.i += 1;
                            continue;
                        }
                        None => break,
                        _ => {}
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&n.to_string());
                    let vstart = self.i;
                    if wanted.contains(ptr.as_str()) {
                        self.scan(ptr, wanted, found, vstart, depth + 1);
                    } else {
                        self.skip();
                    }
                    ptr.truncate(len);
                    n += 1;
                }
            }
            _ => self.skip(),
        }
        found.insert(
            ptr.clone(),
            Span {
                key,
                start,
                end: self.i.max(start + 1),
            },
        );
    }
}

fn decode_key(raw: &[u8], quoted: &[u8]) -> String {
    if raw.contains(&b'\\') {
        serde_json::from_slice::<String>(quoted).unwrap_or_default()
    } else {
        String::from_utf8_lossy(raw).into_owned()
    }
}

fn push_escaped(s: &mut String, k: &str) {
    for ch in k.chars() {
        match ch {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
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

    #[test]
    fn batch_positions_match_single_positions() {
        let text = "{\"a\": \"\u{e9}\u{e9}\", \"b\": [1, 2]}\n  {\"\u{1d11e}\": 3}".as_bytes();
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..text.len()).collect();
        let batch = idx.positions(&offsets);
        for (off, pos) in offsets.iter().zip(&batch) {
            assert_eq!(*pos, idx.start_pos(*off), "offset {off}");
        }
        let sparse = [3usize, 9, 30, 40];
        let got = idx.positions(&sparse);
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
}
