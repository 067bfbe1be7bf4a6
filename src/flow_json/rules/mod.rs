//! The rules. One walk over the parsed document (`schema.rs`) checks shapes (closed objects,
//! required keys, types, enums, ranges, placement) and collects what the semantic rules need;
//! then `semantic.rs` (screens, data models, placement counts, bindings, actions) and
//! `routing.rs` (routing model) and `platform.rs` (the platform's own payload keys) run on the
//! collected facts. Every issue is tagged with its phase so that the "like Flow Builder" mode
//! can drop semantic issues when the schema phase found errors.
//!
//! Each component (or family) has one module under `components/` holding its catalogue rows,
//! its version gates and its own rules (named by its rows); `table.rs` keeps the catalogue's
//! types and assembles the rows, `items.rs` walks data-source items from their tables and
//! `formats.rs` holds the shared value formats. The generic walks read rows and name no
//! component. Where to add a component, a property, a version gate or a rule:
//! docs/flow_json.md, "Changing the validator".

pub(crate) mod components;
pub(crate) mod formats;
pub(crate) mod gates;
pub(crate) mod items;
pub(crate) mod jsregex;
pub(crate) mod platform;
pub(crate) mod routing;
pub(crate) mod schema;
pub(crate) mod semantic;
pub(crate) mod table;

use crate::flow_json::tree::{Node, Obj};
use table::CompType;
use table::CompType as T;

use super::Options;
use super::binding::Ty;
use super::issue::{Issue, IssueCode, Location, PathSeg, Severity};
use super::model::Schema;
use super::policy::Policy;
use super::version::FlowVersion;
use table::Slot;

/// A borrowed path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    K(&'a str),
    I(usize),
}

/// A borrowed path.
pub(crate) type Path<'a> = Vec<Seg<'a>>;

/// Key lookup (the tree's own: in order for small objects, by a sorted index for large ones).
pub(crate) trait Lookup<'a> {
    fn fget(&self, k: &str) -> Option<&Node<'a>>;
    fn fhas(&self, k: &str) -> bool {
        self.fget(k).is_some()
    }
}

impl<'a> Lookup<'a> for Obj<'a> {
    fn fget(&self, k: &str) -> Option<&Node<'a>> {
        self.get(k)
    }
}

impl<'a> Lookup<'a> for Node<'a> {
    fn fget(&self, k: &str) -> Option<&Node<'a>> {
        self.get(k)
    }
}

/// `p` extended by one segment (with room for a few more, so that callers can push).
pub(crate) fn join<'a>(p: &[Seg<'a>], s: Seg<'a>) -> Path<'a> {
    let mut v = Vec::with_capacity(p.len() + 4);
    v.extend_from_slice(p);
    v.push(s);
    v
}

/// `p` extended by the key `k`.
pub(crate) fn sub<'a>(p: &[Seg<'a>], k: &'a str) -> Path<'a> {
    join(p, Seg::K(k))
}

/// Which pass raised an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Schema,
    Semantic,
}

/// A component seen during the walk.
#[derive(Debug, Clone)]
pub(crate) struct CompInfo<'a> {
    pub ty: CompType,
    pub obj: &'a Obj<'a>,
    pub path: Path<'a>,
    pub in_form: bool,
    pub name: Option<&'a str>,
}

/// An action seen during the walk.
#[derive(Debug, Clone)]
pub(crate) struct ActionInfo<'a> {
    pub name: &'a str,
    pub obj: &'a Obj<'a>,
    pub path: Path<'a>,
    /// The slot it sits in (which also says which kind of component carries it).
    pub slot: Slot,
    pub in_form: bool,
}

/// Where a dynamic string was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DynCtx {
    /// A component property (or screen title).
    Prop,
    /// A Form `init-values` / `error-messages` binding (not checked from 6.0).
    FormMap,
    /// An `If.condition`.
    Condition,
    /// A `Switch.value`.
    SwitchValue,
}

/// A dynamic string (binding or expression) found in a property.
#[derive(Debug, Clone)]
pub(crate) struct DynInfo<'a> {
    pub s: &'a str,
    pub path: Path<'a>,
    pub want: Ty,
    pub ctx: DynCtx,
}

/// What the walk learned about one screen.
#[derive(Debug, Default)]
pub(crate) struct ScreenInfo<'a> {
    pub index: usize,
    pub id: Option<&'a str>,
    pub obj: Option<&'a Obj<'a>>,
    pub terminal: bool,
    /// Declared data fields (name → schema), `None` when there is no `data`.
    pub data: Option<Vec<(&'a str, Schema)>>,
    pub comps: Vec<CompInfo<'a>>,
    pub actions: Vec<ActionInfo<'a>>,
    pub dyns: Vec<DynInfo<'a>>,
    pub children: Option<&'a [Node<'a>]>,
}

impl<'a> ScreenInfo<'a> {
    pub(crate) fn path(&self) -> Path<'a> {
        vec![Seg::K("screens"), Seg::I(self.index)]
    }

    pub(crate) fn field(&self, name: &str) -> Option<&Schema> {
        self.data
            .as_ref()?
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, s)| s)
    }

    /// The component named `name` anywhere on the screen (not the Form itself).
    pub(crate) fn input(&self, name: &str) -> Option<&CompInfo<'a>> {
        self.comps
            .iter()
            .find(|c| c.name == Some(name) && c.ty != T::Form)
    }

    pub(crate) fn form_name(&self) -> Option<&'a str> {
        self.comps
            .iter()
            .find(|c| c.ty == T::Form)
            .and_then(|c| c.name)
    }
}

/// The walk's state and its output.
pub(crate) struct Ctx<'a> {
    pub ver: FlowVersion,
    pub policy: Policy,
    pub path: Path<'a>,
    pub phase: Phase,
    pub issues: Vec<(Phase, Issue)>,
    pub screens: Vec<ScreenInfo<'a>>,
    pub endpoint: bool,
    pub root: &'a Obj<'a>,
    /// Emission stops at this many issues (the report is capped lower anyway).
    pub cap: usize,
    /// `(screen id, position in `screens`)` sorted by id (stable: the first screen of a duplicated id comes
    /// first), so that looking a screen up by id is not a walk over every screen.
    pub screen_ids: Vec<(&'a str, usize)>,
}

pub(crate) fn to_owned_path(p: &[Seg<'_>]) -> Vec<PathSeg> {
    p.iter()
        .map(|s| match s {
            Seg::K(k) => PathSeg::Key((*k).to_owned()),
            Seg::I(i) => PathSeg::Index(*i),
        })
        .collect()
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(ver: FlowVersion, opts: &Options, root: &'a Obj<'a>) -> Self {
        Ctx {
            ver,
            policy: opts.policy(),
            path: Vec::new(),
            phase: Phase::Schema,
            issues: Vec::new(),
            screens: Vec::new(),
            endpoint: root.contains_key("data_api_version"),
            root,
            cap: opts.max_issues.saturating_mul(10).max(10_000),
            screen_ids: Vec::new(),
        }
    }

    /// Indexes the screens by id (after the schema walk collected them).
    pub(crate) fn index_screens(&mut self) {
        let mut ids: Vec<(&'a str, usize)> = self
            .screens
            .iter()
            .enumerate()
            .filter_map(|(pos, s)| s.id.map(|id| (id, pos)))
            .collect();
        ids.sort_by(|a, b| a.0.cmp(b.0));
        self.screen_ids = ids;
    }

    /// The position in `screens` of the first screen with this id.
    pub(crate) fn screen_pos(&self, id: &str) -> Option<usize> {
        let i = self.screen_ids.partition_point(|(k, _)| *k < id);
        match self.screen_ids.get(i) {
            Some((k, pos)) if *k == id => Some(*pos),
            _ => None,
        }
    }

    /// Emits an issue at `path` (the value, or its key when `at_key`).
    pub(crate) fn emit_at(
        &mut self,
        code: IssueCode,
        sev: Severity,
        path: &[Seg<'_>],
        at_key: bool,
        msg: String,
    ) {
        if self.issues.len() >= self.cap {
            return;
        }
        let location = Location::new(to_owned_path(path), at_key);
        self.issues.push((
            self.phase,
            Issue {
                code,
                severity: sev,
                message: msg,
                location,
                also: Vec::new(),
            },
        ));
    }

    /// An error at `path`.
    pub(crate) fn err(&mut self, code: IssueCode, path: &[Seg<'_>], msg: String) {
        self.emit_at(code, Severity::Error, path, false, msg);
    }

    /// A warning at `path`.
    pub(crate) fn warn(&mut self, code: IssueCode, path: &[Seg<'_>], msg: String) {
        self.emit_at(code, Severity::Warning, path, false, msg);
    }

    /// An error at the child `key` of the current path (its value, or its key).
    pub(crate) fn child(&mut self, code: IssueCode, key: &'a str, at_key: bool, msg: String) {
        let mut p = std::mem::take(&mut self.path);
        p.push(Seg::K(key));
        self.emit_at(code, Severity::Error, &p, at_key, msg);
        p.pop();
        self.path = p;
    }

    /// The data-model type of a declared schema.
    pub(crate) fn ty_of_schema(s: &Schema) -> Ty {
        use super::model::SchemaType as S;
        match s.ty {
            S::String => Ty::Str,
            S::Number | S::Integer => Ty::Num,
            S::Boolean => Ty::Bool,
            S::Array => Ty::Arr,
            S::Object => Ty::Obj,
            S::Any => Ty::Any,
        }
    }
}

/// Runs every rule over a parsed document whose version is known.
pub(crate) fn run<'a>(ctx: &mut Ctx<'a>) {
    schema::check_root(ctx);
    ctx.index_screens();
    ctx.phase = Phase::Semantic;
    semantic::check(ctx);
    routing::check(ctx);
    platform::check(ctx);
}
