//! Bindings (`${data.x}`, `${form.x}`, `${screen.ID.data.x}`, `${screen.ID.form.x}`), nested
//! backtick expressions (≥6.0) and the `If.condition` grammar, with type inference.

use super::version::FlowVersion;

/// What a binding reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Data,
    Form,
}

/// A parsed binding (borrowing the string; no allocation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding<'a> {
    /// `Some(ID)` for a global reference `${screen.ID.…}`.
    pub screen: Option<&'a str>,
    pub source: Source,
    /// The dotted path after `data`/`form` (at least one segment).
    pub rest: &'a str,
}

impl<'a> Binding<'a> {
    /// The path segments after `data`/`form`.
    pub(crate) fn path(&self) -> std::str::Split<'a, char> {
        self.rest.split('.')
    }

    /// The first path segment (the field or component name).
    pub(crate) fn first(&self) -> &'a str {
        self.rest.split('.').next().unwrap_or_default()
    }

    /// Whether the path has more than one segment.
    pub(crate) fn nested(&self) -> bool {
        self.rest.contains('.')
    }
}

fn is_seg(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// Parses a whole string as one binding (`${…}`), following the version's pattern.
pub(crate) fn parse_binding(s: &str, ver: FlowVersion) -> Option<Binding<'_>> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains('}') || inner.contains('{') {
        return None;
    }
    let (mut first, mut rest) = inner.split_once('.')?;
    let mut screen = None;
    if first == "screen" {
        if ver < FlowVersion::new(4, 0) {
            return None;
        }
        let (id, after) = rest.split_once('.')?;
        if id.is_empty()
            || !id
                .bytes()
                .all(|c| c.is_ascii_alphabetic() || c == b'_' || c == b',')
        {
            return None;
        }
        screen = Some(id);
        (first, rest) = after.split_once('.')?;
    }
    let source = match first {
        "data" => Source::Data,
        "form" if ver >= FlowVersion::new(4, 0) || screen.is_none() => Source::Form,
        _ => return None,
    };
    if rest.is_empty() {
        return None;
    }
    if ver < FlowVersion::new(4, 0) && source == Source::Data {
        // ≤3.1 pattern: `${data.` followed by anything.
        return Some(Binding {
            screen,
            source,
            rest,
        });
    }
    if !rest.split('.').all(is_seg) {
        return None;
    }
    Some(Binding {
        screen,
        source,
        rest,
    })
}

/// Whether `s` is a nested (backtick) expression string.
pub(crate) fn is_expression(s: &str, ver: FlowVersion) -> bool {
    ver >= FlowVersion::new(6, 0) && s.len() >= 3 && s.starts_with('`') && s.ends_with('`')
}

/// A value type for bindings and expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Num,
    Bool,
    Arr,
    Obj,
    /// Wanted only: a string, or an array of strings (TextBody/TextCaption/RichText `text`
    /// from 5.1).
    Text,
    /// Unknown: compatible with everything.
    Any,
}

impl Ty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Arr => "array",
            Ty::Obj => "object",
            Ty::Text => "string or array of strings",
            Ty::Any => "any",
        }
    }

    pub(crate) fn fits(self, want: Ty) -> bool {
        self == Ty::Any
            || want == Ty::Any
            || self == want
            || (want == Ty::Text && matches!(self, Ty::Str | Ty::Arr))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Bind(&'a str),
    /// A quoted literal: the text between the quotes (escapes not yet applied).
    Str(&'a str),
    /// A number literal's text.
    Num(&'a str),
    Bool(bool),
    Op(&'static str),
    LParen,
    RParen,
}

const OPS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!",
];

fn lex(s: &str) -> Result<Vec<(Tok<'_>, usize)>, String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut out: Vec<(Tok<'_>, usize)> = Vec::new();
    while let Some(&c) = b.get(i) {
        let col = i + 1;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                let end = s
                    .get(i..)
                    .and_then(|r| r.find('}'))
                    .ok_or_else(|| format!("unterminated binding at column {col}"))?;
                out.push((Tok::Bind(s.get(i..=i + end).unwrap_or_default()), col));
                i += end + 1;
            }
            b'\'' => {
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => return Err(format!("unterminated string at column {col}")),
                        Some(b'\\') => j += 2,
                        Some(b'\'') => break,
                        Some(_) => j += 1,
                    }
                }
                out.push((Tok::Str(s.get(i + 1..j).unwrap_or_default()), col));
                i = j + 1;
            }
            b'0'..=b'9' => {
                let mut j = i;
                while b.get(j).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                    j += 1;
                }
                let lit = s.get(i..j).unwrap_or_default();
                if lit.len() > 1 && lit.starts_with('0') && !lit.starts_with("0.") {
                    return Err(format!(
                        "invalid number {lit} (leading zero) at column {col}"
                    ));
                }
                if lit.ends_with('.') || lit.matches('.').count() > 1 {
                    return Err(format!("invalid number {lit} at column {col}"));
                }
                out.push((Tok::Num(lit), col));
                i = j;
            }
            b'(' => {
                out.push((Tok::LParen, col));
                i += 1;
            }
            b')' => {
                out.push((Tok::RParen, col));
                i += 1;
            }
            _ if c.is_ascii_alphabetic() => {
                let mut j = i;
                while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                    j += 1;
                }
                match s.get(i..j) {
                    Some(w @ ("true" | "false")) => out.push((Tok::Bool(w == "true"), col)),
                    Some(w) => return Err(format!("invalid literal `{w}` at column {col}")),
                    None => return Err(format!("unexpected character at column {col}")),
                }
                i = j;
            }
            _ => {
                let rest = s.get(i..).unwrap_or_default();
                let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) else {
                    return Err(format!(
                        "unexpected character `{}` at column {col}",
                        rest.chars().next().unwrap_or('?')
                    ));
                };
                out.push((Tok::Op(op), col));
                i += op.len();
            }
        }
    }
    Ok(out)
}

/// The outcome of checking an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExprInfo {
    pub ty: Ty,
    pub dynamic: bool,
}

/// The syntax tree of an expression, as the parser read it (the simulator evaluates it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    /// A `${…}` operand (the whole text, braces included).
    Bind(&'a str),
    /// A quoted literal: the text between the quotes, backslash escapes not yet applied.
    Str(&'a str),
    /// A number literal (with its sign when written `-N`).
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `!operand`.
    Not(Box<Node<'a>>),
    /// `lhs op rhs` (`op` is one of the binary operators of the grammar).
    Bin(&'static str, Box<Node<'a>>, Box<Node<'a>>),
    /// Juxtaposed operands (string concatenation inside backticks).
    Concat(Vec<Node<'a>>),
}

fn num(lit: &str) -> f64 {
    lit.parse().unwrap_or(f64::NAN)
}

struct Parser<'a, 'r> {
    toks: Vec<(Tok<'a>, usize)>,
    pos: usize,
    concat: bool,
    resolve: &'r mut dyn FnMut(&'a str) -> Ty,
    depth: usize,
}

fn prec(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" => 3,
        "<" | "<=" | ">" | ">=" => 4,
        "+" | "-" => 5,
        "*" | "/" | "%" => 6,
        _ => return None,
    })
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Option<&(Tok<'a>, usize)> {
        self.toks.get(self.pos)
    }

    fn expr(&mut self, min: u8) -> Result<(ExprInfo, Node<'a>), String> {
        self.depth += 1;
        if self.depth > crate::flow_json::limits::MAX_EXPRESSION_DEPTH {
            return Err("expression nested too deeply".into());
        }
        let (mut lhs, mut lnode) = self.concat_seq()?;
        while let Some((Tok::Op(op), col)) = self.peek().cloned() {
            let Some(p) = prec(op) else {
                return Err(format!("operator `{op}` in wrong position at column {col}"));
            };
            if p < min {
                break;
            }
            self.pos += 1;
            if self.peek().is_none() {
                return Err(format!("missing operand after `{op}` at column {col}"));
            }
            let (rhs, rnode) = self.expr(p + 1)?;
            if !lhs.dynamic && !rhs.dynamic {
                return Err(format!(
                    "operator `{op}` at column {col} has literals on both sides"
                ));
            }
            let want = match op {
                "&&" | "||" => Some(Ty::Bool),
                "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%" => Some(Ty::Num),
                _ => None,
            };
            if let Some(w) = want {
                for side in [lhs.ty, rhs.ty] {
                    if !side.fits(w) {
                        return Err(format!(
                            "operator `{op}` at column {col} needs {} operands but found {}",
                            w.name(),
                            side.name()
                        ));
                    }
                }
            } else if !lhs.ty.fits(rhs.ty) {
                return Err(format!(
                    "type mismatch in equality at column {col}: {} vs {}",
                    lhs.ty.name(),
                    rhs.ty.name()
                ));
            }
            let ty = match op {
                "+" | "-" | "*" | "/" | "%" => Ty::Num,
                _ => Ty::Bool,
            };
            lhs = ExprInfo { ty, dynamic: true };
            lnode = Node::Bin(op, Box::new(lnode), Box::new(rnode));
        }
        self.depth -= 1;
        Ok((lhs, lnode))
    }

    fn concat_seq(&mut self) -> Result<(ExprInfo, Node<'a>), String> {
        let (first, fnode) = self.unary()?;
        let mut acc = first;
        let mut nodes = vec![fnode];
        while let Some((t, col)) = self.peek().cloned() {
            if matches!(t, Tok::Op(_) | Tok::RParen) {
                break;
            }
            if !self.concat {
                return Err(format!("missing operator between operands at column {col}"));
            }
            let (next, nnode) = self.unary()?;
            nodes.push(nnode);
            for side in [acc.ty, next.ty] {
                if matches!(side, Ty::Arr | Ty::Obj) {
                    return Err(format!(
                        "unsupported operand type {} in concatenation",
                        side.name()
                    ));
                }
            }
            acc = ExprInfo {
                ty: Ty::Str,
                dynamic: acc.dynamic || next.dynamic,
            };
        }
        let node = if nodes.len() == 1 {
            nodes.pop().unwrap_or(Node::Bool(false))
        } else {
            Node::Concat(nodes)
        };
        Ok((acc, node))
    }

    fn unary(&mut self) -> Result<(ExprInfo, Node<'a>), String> {
        let Some((t, col)) = self.peek().cloned() else {
            return Err("missing operand at the end".into());
        };
        self.pos += 1;
        match t {
            Tok::Op("!") => {
                self.depth += 1;
                if self.depth > 64 {
                    return Err("expression nested too deeply".into());
                }
                let (e, node) = self.unary()?;
                self.depth -= 1;
                if !e.ty.fits(Ty::Bool) {
                    return Err(format!("`!` at column {col} needs a boolean operand"));
                }
                Ok((
                    ExprInfo {
                        ty: Ty::Bool,
                        dynamic: e.dynamic,
                    },
                    Node::Not(Box::new(node)),
                ))
            }
            Tok::Op("-") => match self.peek().cloned() {
                Some((Tok::Num(lit), _)) => {
                    self.pos += 1;
                    Ok((
                        ExprInfo {
                            ty: Ty::Num,
                            dynamic: false,
                        },
                        Node::Num(-num(lit)),
                    ))
                }
                _ => Err(format!("`-` at column {col} must be followed by a number")),
            },
            Tok::Op(op) => Err(format!("operator `{op}` in wrong position at column {col}")),
            Tok::LParen => {
                if matches!(self.peek(), Some((Tok::RParen, _))) {
                    return Err(format!("empty parentheses at column {col}"));
                }
                let e = self.expr(0)?;
                match self.peek() {
                    Some((Tok::RParen, _)) => {
                        self.pos += 1;
                        Ok(e)
                    }
                    _ => Err(format!("missing closing parenthesis for column {col}")),
                }
            }
            Tok::RParen => Err(format!("missing opening parenthesis for column {col}")),
            Tok::Str(t) => Ok((
                ExprInfo {
                    ty: Ty::Str,
                    dynamic: false,
                },
                Node::Str(t),
            )),
            Tok::Num(lit) => Ok((
                ExprInfo {
                    ty: Ty::Num,
                    dynamic: false,
                },
                Node::Num(num(lit)),
            )),
            Tok::Bool(b) => Ok((
                ExprInfo {
                    ty: Ty::Bool,
                    dynamic: false,
                },
                Node::Bool(b),
            )),
            Tok::Bind(b) => {
                let ty = (self.resolve)(b);
                if matches!(ty, Ty::Arr | Ty::Obj) {
                    return Err(format!(
                        "unsupported operand type {} at column {col}",
                        ty.name()
                    ));
                }
                Ok((ExprInfo { ty, dynamic: true }, Node::Bind(b)))
            }
        }
    }
}

/// Checks an expression body (`concat` allows juxtaposition, as in backtick expressions).
/// `resolve` gives the type of each `${…}` operand (and may record problems itself).
pub(crate) fn check_expression<'a>(
    body: &'a str,
    concat: bool,
    resolve: &mut dyn FnMut(&'a str) -> Ty,
) -> Result<ExprInfo, String> {
    parse_expression(body, concat, resolve).map(|(info, _)| info)
}

/// Parses (and checks) an expression body into its syntax tree; the same grammar and the same
/// errors as [`check_expression`].
pub(crate) fn parse_expression<'a>(
    body: &'a str,
    concat: bool,
    resolve: &mut dyn FnMut(&'a str) -> Ty,
) -> Result<(ExprInfo, Node<'a>), String> {
    if body.trim().is_empty() {
        return Err("the expression is empty".into());
    }
    let toks = lex(body)?;
    let mut p = Parser {
        toks,
        pos: 0,
        concat,
        resolve,
        depth: 0,
    };
    let e = p.expr(0)?;
    if let Some((t, col)) = p.peek() {
        return Err(match t {
            Tok::RParen => format!("missing opening parenthesis for column {col}"),
            _ => format!("unexpected token at column {col}"),
        });
    }
    Ok(e)
}

/// Checks an `If.condition` string: boolean result, at least one dynamic operand.
pub(crate) fn check_condition<'a>(
    cond: &'a str,
    resolve: &mut dyn FnMut(&'a str) -> Ty,
) -> Result<(), String> {
    let e = check_expression(cond, false, resolve)?;
    if !e.dynamic {
        return Err("the condition must contain at least one dynamic operand".into());
    }
    if !e.ty.fits(Ty::Bool) {
        return Err(format!(
            "the condition must evaluate to boolean, not {}",
            e.ty.name()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V4: FlowVersion = FlowVersion::new(4, 0);
    const V3: FlowVersion = FlowVersion::new(3, 1);

    #[test]
    fn parses_binding_forms() {
        let b = parse_binding("${screen.A_B.form.x}", V4).unwrap();
        assert_eq!(
            (b.screen, b.source, b.first(), b.nested()),
            (Some("A_B"), Source::Form, "x", false)
        );
        let b = parse_binding("${data.a.b-c}", V4).unwrap();
        assert_eq!(b.path().collect::<Vec<_>>(), vec!["a", "b-c"]);
        assert!(b.nested());
        assert!(parse_binding("${data.a..b}", V4).is_none());
        assert!(parse_binding("${screen.A.data.x}", V3).is_none());
        assert!(parse_binding("${data.}", V4).is_none());
        assert!(parse_binding("${foo.x}", V4).is_none());
        assert!(parse_binding("x ${data.x}", V4).is_none());
        assert!(parse_binding("${data.a b}", V4).is_none());
    }

    fn any(_: &str) -> Ty {
        Ty::Any
    }

    #[test]
    fn condition_grammar() {
        let ok = [
            "${form.a} > 18 && ${form.b}",
            "(${data.x} != '')",
            "!${form.c}",
            "${data.n} == -1",
        ];
        for c in ok {
            assert_eq!(check_condition(c, &mut any), Ok(()), "{c}");
        }
        let bad = [
            "",
            "()",
            "(${data.x}",
            "${data.x})",
            "'abc",
            "1 == 1",
            "true",
            "${data.x} ${data.y}",
            "${data.x} &&",
            "${data.x} # 2",
            "${data.n} == 01",
            "&& ${data.x}",
        ];
        for c in bad {
            assert!(check_condition(c, &mut any).is_err(), "{c}");
        }
        let mut typed = |b: &str| if b.contains("num") { Ty::Num } else { Ty::Str };
        assert!(check_condition("${data.num} == 'x'", &mut typed).is_err());
        assert!(check_condition("${data.str}", &mut typed).is_err());
    }

    #[test]
    fn expressions_allow_concatenation() {
        let e = check_expression("'Hello ' ${form.first}", true, &mut any).unwrap();
        assert_eq!(e.ty, Ty::Str);
        let e = check_expression("${data.total} / ${form.size}", true, &mut any).unwrap();
        assert_eq!(e.ty, Ty::Num);
    }
}
