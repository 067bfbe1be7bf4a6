//! The schema phase: closed objects, required keys, JSON types, enums, ranges, patterns and
//! placement allow-lists, driven by the tables in `table.rs`. It also collects, per screen,
//! the components, actions and dynamic strings that the semantic phase checks.

use super::table::CompType as T;
use crate::flow_json::tree::{Node, Obj};

use super::formats::{date_format_name, date_format_ok, is_uri};
use super::gates;
use super::table::{self, Comp, K, P, Req, Slot, V0, v};
use super::{ActionInfo, CompInfo, Ctx, DynCtx, DynInfo, Lookup, Path, ScreenInfo, Seg, join};
use crate::flow_json::binding::{Source, Ty, is_expression, parse_binding};
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::model::Schema;
use crate::flow_json::version::{self, FlowVersion};

use crate::flow_json::limits::MAX_CONTAINER_DEPTH;
pub(crate) use crate::flow_json::limits::{MAX_SCREENS, MAX_SCREENS_WALKED};

pub(crate) fn type_err(ctx: &mut Ctx<'_>, path: &[Seg<'_>], name: &str, want: &str, v: &Node<'_>) {
    ctx.err(
        C::InvalidPropertyType,
        path,
        format!(
            "expected `{name}` to be of type {want} but found {}",
            v.type_name()
        ),
    );
}

pub(crate) fn key_name<'a>(path: &[Seg<'a>]) -> &'a str {
    match path.last() {
        Some(Seg::K(k)) => k,
        _ => "item",
    }
}

/// Whether a string is a dynamic value for a component property in this version.
pub(crate) fn is_prop_dynamic(s: &str, ver: FlowVersion) -> bool {
    if is_expression(s, ver) {
        return true;
    }
    match parse_binding(s, ver) {
        Some(b) => {
            gates::ALL_BINDINGS_IN_PROPERTIES.at(ver)
                || (b.source == Source::Data && b.screen.is_none())
        }
        None => false,
    }
}

pub(crate) fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

pub(crate) fn check_root(ctx: &mut Ctx<'_>) {
    let root = ctx.root;
    for (k, v) in root {
        let k = k.as_str();
        match k {
            "version" | "screens" => {}
            "data_api_version" => check_data_api_version(ctx, v),
            "routing_model" => check_routing_shape(ctx, v),
            "data_channel_uri" => {
                if gates::NO_DATA_CHANNEL_URI.at(ctx.ver) {
                    ctx.child(
                        C::InvalidPropertyKey,
                        k,
                        true,
                        "property `data_channel_uri` is no longer supported since Flow JSON 3.0; configure the endpoint with `endpoint_uri` through the Flows API".into(),
                    );
                } else {
                    match v.as_str() {
                        Some(s) if is_uri(s) => {}
                        Some(_) => ctx.child(
                            C::InvalidPropertyValueFormat,
                            k,
                            false,
                            "`data_channel_uri` should be in format uri".into(),
                        ),
                        None => type_err(ctx, &[Seg::K(k)], k, "string", v),
                    }
                }
            }
            "meta" => ctx.child(
                C::InvalidFlowJson,
                k,
                true,
                "property `meta` is not allowed".into(),
            ),
            _ => ctx.child(
                C::InvalidPropertyKey,
                k,
                true,
                format!("property `{k}` is not allowed at the top level"),
            ),
        }
    }
    match root.fget("screens") {
        None => ctx.err(
            C::MissingRequiredProperty,
            &[],
            "required property `screens` is missing".into(),
        ),
        Some(Node::Array(a)) => {
            if a.is_empty() {
                ctx.err(
                    C::MinItemsRequired,
                    &[Seg::K("screens")],
                    "`screens` should have at least 1 item".into(),
                );
            }
            if a.len() > MAX_SCREENS {
                ctx.err(
                    C::MaxScreensNumber,
                    &[Seg::K("screens")],
                    format!(
                        "the maximum number of screens per flow is {MAX_SCREENS} but found {}",
                        a.len()
                    ),
                );
            }
            // Far over the limit, the rest is not worth walking (MAX_SCREENS_NUMBER says why).
            for (i, s) in a.iter().enumerate().take(MAX_SCREENS_WALKED) {
                check_screen(ctx, i, s);
            }
        }
        Some(v) => type_err(ctx, &[Seg::K("screens")], "screens", "array", v),
    }
}

fn check_data_api_version(ctx: &mut Ctx<'_>, v: &Node<'_>) {
    let Some(s) = v.as_str() else {
        type_err(
            ctx,
            &[Seg::K("data_api_version")],
            "data_api_version",
            "string",
            v,
        );
        return;
    };
    let allowed = version::lookup(ctx.ver)
        .map(|r| r.data_api_versions)
        .unwrap_or_default();
    if !allowed.contains(&s) {
        ctx.err(
            C::InvalidDataApiVersion,
            &[Seg::K("data_api_version")],
            format!(
                "data_api_version \"{s}\" is not supported with Flow JSON {}; use one of: {}",
                ctx.ver,
                allowed.join(", ")
            ),
        );
    }
}

fn check_routing_shape(ctx: &mut Ctx<'_>, v: &Node<'_>) {
    let Some(o) = v.as_object() else {
        type_err(
            ctx,
            &[Seg::K("routing_model")],
            "routing_model",
            "object",
            v,
        );
        return;
    };
    for (k, dests) in o {
        let p = [Seg::K("routing_model"), Seg::K(k.as_str())];
        match dests.as_array() {
            None => type_err(ctx, &p, k, "array", dests),
            Some(a) => {
                for (i, d) in a.iter().enumerate() {
                    if !d.is_string() {
                        let q = join(&p, Seg::I(i));
                        type_err(ctx, &q, k, "string", d);
                    }
                }
            }
        }
    }
}

/// Flow Builder's pattern for Switch case names: `^[a-zA-Z][a-zA-Z0-9-_]*$`.
pub(crate) fn switch_case_ok(case: &str) -> bool {
    let mut b = case.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// The screen-id check: letters and underscores (the Builder pattern's comma is rejected).
pub(crate) fn screen_id_ok(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|c| c.is_ascii_alphabetic() || c == b'_')
}

const SCREEN_KEYS: &[(&str, FlowVersion)] = &[
    ("id", V0),
    ("title", V0),
    ("terminal", V0),
    ("success", V0),
    ("refresh_on_back", V0),
    ("data", V0),
    ("layout", V0),
    ("sensitive", v(5, 1)),
];

fn check_screen<'a>(ctx: &mut Ctx<'a>, i: usize, v: &'a Node<'a>) {
    let mut si = ScreenInfo {
        index: i,
        ..ScreenInfo::default()
    };
    ctx.path = vec![Seg::K("screens"), Seg::I(i)];
    let Some(o) = v.as_object() else {
        let p = ctx.path.clone();
        type_err(ctx, &p, "screen", "object", v);
        ctx.screens.push(si);
        return;
    };
    si.obj = Some(o);
    for (k, val) in o {
        let k = k.as_str();
        match SCREEN_KEYS.iter().find(|(n, _)| *n == k) {
            None => ctx.child(
                C::InvalidPropertyKey,
                k,
                true,
                format!("property `{k}` is not allowed in a screen"),
            ),
            Some((_, since)) if ctx.ver < *since => ctx.child(
                C::InvalidPropertyKey,
                k,
                true,
                format!(
                    "property `{k}` is not available in Flow JSON {} (since {since})",
                    ctx.ver
                ),
            ),
            Some(_) => {}
        }
        screen_key(ctx, &mut si, i, k, val);
    }
    si.terminal = o.fget("terminal").and_then(Node::as_bool).unwrap_or(false);
    let spath = vec![Seg::K("screens"), Seg::I(i)];
    if !o.fhas("id") {
        ctx.err(
            C::MissingRequiredProperty,
            &spath,
            "required property `id` is missing".into(),
        );
    }
    if !o.fhas("title") {
        let msg = "required property `title` is missing".to_owned();
        if ctx.policy.title_required {
            ctx.err(C::MissingRequiredProperty, &spath, msg);
        } else {
            ctx.warn(C::MissingRequiredProperty, &spath, msg);
        }
    }
    if o.fhas("success") && !si.terminal {
        ctx.child(
            C::NotKeywordSchemaValidationFailed,
            "success",
            true,
            "property `success` can only be specified on a terminal screen".into(),
        );
    }
    match o.fget("layout") {
        None => ctx.err(
            C::MissingRequiredProperty,
            &spath,
            "required property `layout` is missing".into(),
        ),
        Some(l) => check_layout(ctx, &mut si, l),
    }
    ctx.screens.push(si);
}

/// One key of a screen: `id`, `title`, the booleans, `data`, `sensitive`.
fn screen_key<'a>(
    ctx: &mut Ctx<'a>,
    si: &mut ScreenInfo<'a>,
    i: usize,
    k: &'a str,
    val: &'a Node<'a>,
) {
    let here = [Seg::K("screens"), Seg::I(i), Seg::K(k)];
    match k {
        "id" => match val.as_str() {
            None => type_err(ctx, &here, k, "string", val),
            Some("") => ctx.err(
                C::MinCharsRequired,
                &here,
                "`id` should have at least 1 character".into(),
            ),
            Some(s) => {
                let underscore_only = s.bytes().all(|c| c == b'_');
                if !screen_id_ok(s)
                    || (underscore_only
                        && ctx.policy.reject_underscore_only_ids
                        && gates::UNDERSCORE_IDS_REFUSABLE.at(ctx.ver))
                {
                    ctx.err(
                        C::PatternMismatch,
                        &here,
                        format!("screen id \"{s}\" should consist only of letters and underscores"),
                    );
                }
                si.id = Some(s);
            }
        },
        "title" => match val.as_str() {
            None => type_err(ctx, &here, k, "string", val),
            Some(s) => {
                if gates::BLANK_TITLE_REFUSED.at(ctx.ver) && is_blank(s) {
                    ctx.err(
                        C::PatternMismatch,
                        &here,
                        "`title` must not be empty or whitespace".into(),
                    );
                } else if is_prop_dynamic(s, ctx.ver) {
                    si.dyns.push(DynInfo {
                        s,
                        path: here.to_vec(),
                        want: Ty::Str,
                        ctx: DynCtx::Prop,
                    });
                }
            }
        },
        "terminal" | "success" | "refresh_on_back" if !val.is_boolean() => {
            type_err(ctx, &here, k, "boolean", val);
        }
        "data" => match val.as_object() {
            None => type_err(ctx, &here, k, "object", val),
            Some(d) => {
                si.data = Some(
                    d.iter()
                        .filter(|(n, _)| n.as_str() != "required")
                        .map(|(n, s)| (n.as_str(), Schema::from_node(s)))
                        .collect(),
                );
            }
        },
        "sensitive" => match val.as_array() {
            None => type_err(ctx, &here, k, "array", val),
            Some(a) => {
                if a.is_empty() {
                    ctx.err(
                        C::MinItemsRequired,
                        &here,
                        "`sensitive` should have at least 1 item".into(),
                    );
                }
                for (j, item) in a.iter().enumerate() {
                    if !item.is_string() {
                        let p = join(&here, Seg::I(j));
                        type_err(ctx, &p, "sensitive item", "string", item);
                    }
                }
            }
        },
        _ => {}
    }
}

fn check_layout<'a>(ctx: &mut Ctx<'a>, si: &mut ScreenInfo<'a>, l: &'a Node<'a>) {
    let base = vec![Seg::K("screens"), Seg::I(si.index), Seg::K("layout")];
    let Some(o) = l.as_object() else {
        type_err(ctx, &base, "layout", "object", l);
        return;
    };
    for k in o.keys() {
        if k != "type" && k != "children" {
            let p = join(&base, Seg::K(k.as_str()));
            ctx.emit_at(
                C::InvalidPropertyKey,
                Severity::Error,
                &p,
                true,
                format!("property `{k}` is not allowed in layout"),
            );
        }
    }
    match o.fget("type") {
        None => ctx.err(
            C::MissingRequiredProperty,
            &base,
            "required property `type` is missing in layout".into(),
        ),
        Some(Node::String(t)) if t == "SingleColumnLayout" => {}
        Some(t) => {
            let p = join(&base, Seg::K("type"));
            ctx.err(
                C::InvalidPropertyValue,
                &p,
                format!("invalid layout type {t}; expected \"SingleColumnLayout\""),
            );
        }
    }
    match o.fget("children") {
        None => ctx.err(
            C::MissingRequiredProperty,
            &base,
            "required property `children` is missing in layout".into(),
        ),
        Some(Node::Array(a)) => {
            si.children = Some(&a[..]);
            let p = join(&base, Seg::K("children"));
            components(ctx, si, &p, a, Cont::Layout, false, 0);
        }
        Some(v) => {
            let p = join(&base, Seg::K("children"));
            type_err(ctx, &p, "children", "array", v);
        }
    }
}

/// The container a component list sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cont {
    Layout,
    Form,
    If,
    Switch,
}

impl Cont {
    fn name(self) -> &'static str {
        match self {
            Cont::Layout => "layout",
            Cont::Form => T::Form.as_str(),
            Cont::If => T::If.as_str(),
            Cont::Switch => T::Switch.as_str(),
        }
    }
}

pub(crate) fn components<'a>(
    ctx: &mut Ctx<'a>,
    si: &mut ScreenInfo<'a>,
    base: &Path<'a>,
    arr: &'a [Node<'a>],
    cont: Cont,
    in_form: bool,
    depth: usize,
) {
    if depth > MAX_CONTAINER_DEPTH {
        return;
    }
    // One buffer for the path of every component here and of their properties.
    let mut p: Path<'a> = Vec::with_capacity(base.len() + 8);
    p.extend_from_slice(base);
    for (i, c) in arr.iter().enumerate() {
        p.truncate(base.len());
        p.push(Seg::I(i));
        component(ctx, si, &mut p, c, cont, in_form, depth);
    }
}

/// One component at `path` (which it extends for its properties and gives back as it was).
fn component<'a>(
    ctx: &mut Ctx<'a>,
    si: &mut ScreenInfo<'a>,
    path: &mut Path<'a>,
    v: &'a Node<'a>,
    cont: Cont,
    in_form: bool,
    depth: usize,
) {
    let Some(o) = v.as_object() else {
        type_err(ctx, path, "component", "object", v);
        return;
    };
    let Some(spec) = component_spec(ctx, o, path, cont) else {
        return;
    };
    let ty = spec.ty;
    si.comps.push(CompInfo {
        ty: spec.ty,
        obj: o,
        path: path.clone(),
        in_form,
        name: o.fget("name").and_then(Node::as_str),
    });
    let range_mode = o.fget("mode").and_then(Node::as_str) == Some("range");
    // Each property's path extends the component's (values clone it only when they keep it).
    let len = path.len();
    for (k, val) in o {
        let k = k.as_str();
        if k == "type" {
            continue;
        }
        path.truncate(len);
        path.push(Seg::K(k));
        let kp = &*path;
        let Some(prop) = spec.prop(k, ctx.ver) else {
            let msg = if spec.knows(k) {
                format!(
                    "property `{k}` is not available in component {ty} in Flow JSON {}",
                    ctx.ver
                )
            } else {
                format!("property `{k}` is not allowed in component {ty}")
            };
            ctx.emit_at(C::InvalidPropertyKey, Severity::Error, kp, true, msg);
            continue;
        };
        if in_form && matches!(k, "init-value" | "error-message") {
            ctx.emit_at(
                C::InvalidPropertyKey,
                Severity::Error,
                kp,
                true,
                format!(
                    "property `{k}` of {ty} is only allowed outside a Form; use the Form's `{k}s`"
                ),
            );
            continue;
        }
        let site = Site {
            spec,
            prop,
            path: kp,
            v: val,
            in_form,
            depth,
            range_mode,
        };
        value(ctx, si, &site);
    }
    path.truncate(len);
    for prop in spec.props {
        let needed = match prop.req {
            Req::No => false,
            Req::Yes => true,
            Req::Since(s) => ctx.ver >= s,
        };
        if needed && prop.since <= ctx.ver && !o.fhas(prop.name) {
            ctx.err(
                C::MissingRequiredProperty,
                path,
                format!(
                    "required property `{}` is missing in component {ty}",
                    prop.name
                ),
            );
        }
    }
    super::components::check(ctx, spec, o, path);
}

/// The catalogue entry of a component: its `type` names a component that exists in this
/// version and may sit in `cont` (reported otherwise; `None` when its properties cannot be
/// checked).
fn component_spec<'a>(
    ctx: &mut Ctx<'a>,
    o: &'a Obj<'a>,
    path: &Path<'a>,
    cont: Cont,
) -> Option<&'static Comp> {
    // The path of `type`, for the issues below (built only when one is reported).
    let tpath = || join(path, Seg::K("type"));
    let ty = match o.fget("type") {
        None => {
            ctx.err(
                C::MissingRequiredTypeProperty,
                path,
                "required property `type` is missing in component".into(),
            );
            return None;
        }
        Some(Node::String(t)) => t.as_str(),
        Some(t) => {
            type_err(ctx, &tpath(), "type", "string", t);
            return None;
        }
    };
    let Some(spec) = table::component(ty) else {
        ctx.err(
            C::InvalidTypePropertyValue,
            &tpath(),
            format!("unknown component type \"{ty}\""),
        );
        return None;
    };
    if ctx.ver < spec.since {
        ctx.err(
            C::InvalidPropertyValue,
            &tpath(),
            format!(
                "component {ty} is not available in Flow JSON {} (since {})",
                ctx.ver, spec.since
            ),
        );
        return None;
    }
    let allowed = match cont {
        Cont::Layout => spec.place.layout,
        Cont::Form => spec.place.form,
        Cont::If => ctx.ver >= spec.place.if_,
        Cont::Switch => ctx.ver >= spec.place.switch,
    };
    if !allowed {
        ctx.err(
            C::InvalidPropertyValue,
            &tpath(),
            format!("component {ty} is not allowed inside {}", cont.name()),
        );
    } else if cont == Cont::Layout && spec.input && !gates::INPUTS_WITHOUT_FORM.at(ctx.ver) {
        ctx.err(
            C::KeywordOneOf,
            path,
            format!("property {ty} must be defined inside parent property 'Form'"),
        );
    }
    Some(spec)
}

fn want_of(k: K, comp: &Comp) -> Ty {
    match k {
        K::Str | K::Enum(_) | K::Date | K::Color => Ty::Str,
        K::Text => Ty::Text,
        K::Bool => Ty::Bool,
        K::Int | K::IntRange(..) | K::Num => Ty::Num,
        K::EnumArr(_) | K::DateArr | K::DataSource(_) | K::Images | K::StrList(_) => Ty::Arr,
        K::InitValue => comp.value,
        _ => Ty::Any,
    }
}

/// One property value being checked: where it is and what the catalogue says about it.
pub(crate) struct Site<'a, 'p> {
    pub(crate) spec: &'static Comp,
    pub(crate) prop: &'static P,
    pub(crate) path: &'p Path<'a>,
    pub(crate) v: &'a Node<'a>,
    pub(crate) in_form: bool,
    pub(crate) depth: usize,
    pub(crate) range_mode: bool,
}

impl Site<'_, '_> {
    /// A string where a typed value (or, for a dynamic property, a binding) is expected.
    pub(crate) fn not_dynamic_string(&self, ctx: &mut Ctx<'_>, want: &str) {
        let name = self.prop.name;
        if self.prop.dynamic {
            ctx.err(
                C::PatternMismatch,
                self.path,
                format!("`{name}` should be of type {want} or have the `${{data.…}}` format"),
            );
        } else {
            ctx.err(
                C::InvalidPropertyType,
                self.path,
                format!("expected `{name}` to be of type {want} but found string"),
            );
        }
    }

    pub(crate) fn type_err(&self, ctx: &mut Ctx<'_>, want: &str) {
        type_err(ctx, self.path, self.prop.name, want, self.v);
    }
}

/// A component property value: a binding (kept for the semantic phase) or a static value
/// checked by its kind.
fn value<'a>(ctx: &mut Ctx<'a>, si: &mut ScreenInfo<'a>, site: &Site<'a, '_>) {
    let (prop, path, ver) = (site.prop, site.path, ctx.ver);
    if let Some(s) = site.v.as_str() {
        if prop.dynamic
            && !matches!(prop.k, K::Condition | K::SwitchValue)
            && is_prop_dynamic(s, ver)
        {
            let c = if prop.k == K::NameMap {
                DynCtx::FormMap
            } else {
                DynCtx::Prop
            };
            si.dyns.push(DynInfo {
                s,
                path: path.clone(),
                want: want_of(prop.k, site.spec),
                ctx: c,
            });
            return;
        }
        if prop.name == "name" && gates::STATIC_NAMES.at(ver) && !static_name_ok(ctx, path, s) {
            return;
        }
    }
    match prop.k {
        K::Str => str_value(ctx, path, prop.name, site.v, prop.max_chars),
        K::Text => super::components::text::text_value(ctx, site),
        K::Bool => bool_value(ctx, site),
        K::Int | K::IntRange(..) | K::Num => number_value(ctx, site),
        K::Enum(allowed) => match site.v.as_str() {
            Some(s) if allowed.contains(&s) => {}
            Some(s) => ctx.err(
                C::InvalidEnumValue,
                path,
                format!(
                    "invalid value \"{s}\" for `{}`; expected one of: {}",
                    prop.name,
                    allowed.join(", ")
                ),
            ),
            None => site.type_err(ctx, "string"),
        },
        K::EnumArr(_) | K::DateArr => list_value(ctx, site),
        K::Date => match site.v.as_str() {
            None => site.type_err(ctx, "string"),
            Some(s) if !date_format_ok(s, ver) => ctx.err(
                C::InvalidPropertyValueFormat,
                path,
                format!("`{}` must be {}", prop.name, date_format_name(ver)),
            ),
            Some(_) => {}
        },
        K::InitValue => init_value(ctx, site),
        K::Action(slot) => action(
            ctx,
            si,
            site.spec.ty,
            slot,
            path.clone(),
            site.v,
            site.in_form,
        ),
        K::DataSource(items) => {
            super::items::data_source(
                ctx,
                si,
                site.spec,
                items,
                path.clone(),
                site.v,
                site.in_form,
            );
        }
        K::Part(part) => super::items::part_value(ctx, path.clone(), prop.name, part, site.v),
        K::StrList(list) => super::items::str_list_value(ctx, path, prop.name, list, site.v),
        K::Color => super::items::color_value(ctx, path, prop.name, site.v, prop.max_chars),
        K::Images => super::components::media::images(ctx, path.clone(), site.v),
        K::Children | K::Cases => super::components::containers::container_value(ctx, si, site),
        K::Condition | K::SwitchValue => {
            super::components::containers::condition_value(ctx, si, site);
        }
        K::StrOrRange | K::BoolOrRange | K::StrOrObj => {
            super::components::date::mode_value(ctx, site);
        }
        K::NameMap => {
            if !site.v.is_object() {
                site.type_err(ctx, "object");
            }
        }
    }
}

/// From 6.0 a component `name` is static: no binding, no backticks. `false` when reported.
fn static_name_ok(ctx: &mut Ctx<'_>, path: &[Seg<'_>], s: &str) -> bool {
    if parse_binding(s, ctx.ver).is_some() || s.contains("${") {
        ctx.err(
            C::PatternMismatch,
            path,
            "`name` must not use the binding syntax".into(),
        );
        return false;
    }
    if s.starts_with('`') && s.ends_with('`') && s.len() >= 2 {
        ctx.err(
            C::PatternMismatch,
            path,
            "`name` must not be wrapped in backticks".into(),
        );
        return false;
    }
    true
}

fn bool_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    match site.v {
        Node::Bool(_) => {}
        Node::String(_) => site.not_dynamic_string(ctx, "boolean"),
        _ => site.type_err(ctx, "boolean"),
    }
}

/// Integers (with a range) and numbers.
fn number_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    let (prop, path, name) = (site.prop, site.path, site.prop.name);
    let want = if prop.k == K::Num {
        "number"
    } else {
        "integer"
    };
    let n = match site.v {
        Node::Number(n) => n,
        Node::String(_) => return site.not_dynamic_string(ctx, want),
        _ => return site.type_err(ctx, want),
    };
    let is_int = n.is_i64() || n.is_u64();
    if prop.k != K::Num && !is_int {
        site.type_err(ctx, want);
    } else if let K::IntRange(lo, hi) = prop.k {
        let x = n.as_i64().unwrap_or(i64::MAX);
        let lo = prop.min_by.map_or(lo, |m| m.of(&ctx.policy));
        if x < lo {
            ctx.err(
                C::MinimumValueRequired,
                path,
                format!("the minimum value for `{name}` is {lo}"),
            );
        } else if x > hi {
            ctx.err(
                C::MaximumValueRequired,
                path,
                format!("the maximum value for `{name}` is {hi}"),
            );
        }
    }
}

/// Arrays of enum values or of dates.
fn list_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    let (name, path, ver) = (site.prop.name, site.path, ctx.ver);
    let Some(a) = site.v.as_array() else {
        return match site.v {
            Node::String(_) => site.not_dynamic_string(ctx, "array"),
            _ => site.type_err(ctx, "array"),
        };
    };
    for (i, item) in a.iter().enumerate() {
        let p = join(path, Seg::I(i));
        match (item.as_str(), site.prop.k) {
            (None, _) => type_err(ctx, &p, name, "string", item),
            (Some(s), K::EnumArr(allowed)) if !allowed.contains(&s) => ctx.err(
                C::InvalidEnumValue,
                &p,
                format!(
                    "invalid value \"{s}\" in `{name}`; expected one of: {}",
                    allowed.join(", ")
                ),
            ),
            (Some(s), K::DateArr) if !date_format_ok(s, ver) => ctx.err(
                C::InvalidPropertyValueFormat,
                &p,
                format!(
                    "the date \"{s}\" in `{name}` must be {}",
                    date_format_name(ver)
                ),
            ),
            _ => {}
        }
    }
}

/// A component's `init-value`: its type follows the component.
fn init_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    let (name, path, v) = (site.prop.name, site.path, site.v);
    match want_of(K::InitValue, site.spec) {
        Ty::Arr => match v.as_array() {
            Some(a) => {
                for (i, item) in a.iter().enumerate() {
                    if !item.is_string() {
                        let p = join(path, Seg::I(i));
                        type_err(ctx, &p, name, "string", item);
                    }
                }
            }
            None => match v {
                Node::String(_) => site.not_dynamic_string(ctx, "array"),
                _ => site.type_err(ctx, "array"),
            },
        },
        Ty::Bool => bool_value(ctx, site),
        _ => str_value(ctx, path, name, v, 0),
    }
}

pub(crate) fn str_value(ctx: &mut Ctx<'_>, path: &[Seg<'_>], name: &str, v: &Node<'_>, max: u16) {
    let Some(s) = v.as_str() else {
        type_err(ctx, path, name, "string", v);
        return;
    };
    if gates::BLANK_STRINGS_REFUSED.at(ctx.ver) && is_blank(s) {
        ctx.err(
            C::PatternMismatch,
            path,
            format!("`{name}` must not be empty or whitespace"),
        );
        return;
    }
    if max > 0 && !is_prop_dynamic(s, ctx.ver) {
        let n = s.chars().count();
        if n > usize::from(max) {
            let sev = if ctx.policy.char_limits_are_errors {
                Severity::Error
            } else {
                Severity::Warning
            };
            ctx.emit_at(
                C::WaflowsTextTooLong,
                sev,
                path,
                false,
                format!("`{name}` has {n} characters; Meta documents a limit of {max}"),
            );
        }
    }
}

/// The actions a slot admits in version `ver` (the slot's gate, `table.rs`).
fn allowed_actions(slot: Slot, ver: FlowVersion) -> &'static [&'static str] {
    slot.actions().at(ver)
}

pub(crate) fn action<'a>(
    ctx: &mut Ctx<'a>,
    si: &mut ScreenInfo<'a>,
    comp: T,
    slot: Slot,
    path: Path<'a>,
    v: &'a Node<'a>,
    in_form: bool,
) {
    let Some(o) = v.as_object() else {
        type_err(ctx, &path, key_name(&path), "object", v);
        return;
    };
    let sub = |k: &'a str| join(&path, Seg::K(k));
    let name = match o.fget("name") {
        None => {
            ctx.err(
                C::MissingRequiredProperty,
                &path,
                "required property `name` is missing in action".into(),
            );
            return;
        }
        Some(Node::String(n)) => n.as_str(),
        Some(n) => {
            type_err(ctx, &sub("name"), "name", "string", n);
            return;
        }
    };
    let allowed = allowed_actions(slot, ctx.ver);
    if !allowed.contains(&name) {
        ctx.err(
            C::InvalidEnumValue,
            &sub("name"),
            format!(
                "action \"{name}\" is not allowed in `{}` of {comp}; expected one of: {}",
                key_name(&path),
                allowed.join(", ")
            ),
        );
        return;
    }
    action_keys(ctx, o, name, &path);
    if let Some(p) = o.fget("payload") {
        if !p.is_object() && name != "open_url" {
            type_err(ctx, &sub("payload"), "payload", "object", p);
        }
    } else if matches!(
        slot,
        Slot::SelectionSelect | Slot::DateSelect | Slot::UpdateOnly
    ) {
        ctx.err(
            C::MissingRequiredProperty,
            &path,
            format!("required property `payload` is missing in action {name}"),
        );
    }
    if name == "navigate" {
        navigate_next(ctx, o, &path);
    }
    if name == "open_url" {
        open_url(ctx, o, &path);
    }
    si.actions.push(ActionInfo {
        name,
        obj: o,
        path,
        slot,
        in_form,
    });
}

/// The keys an action may carry: `payload` (not for open_url), `next` (navigate), `url`
/// (open_url).
fn action_keys<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, name: &str, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    for k in o.keys() {
        let k = k.as_str();
        match k {
            "name" => {}
            "payload" if name == "open_url" => {
                ctx.emit_at(
                    C::InvalidPropertyKey,
                    Severity::Error,
                    &sub(k),
                    true,
                    "property `payload` is not allowed in action open_url".into(),
                );
            }
            "payload" => {}
            "next" if name != "navigate" => ctx.emit_at(
                C::NotKeywordSchemaValidationFailed,
                Severity::Error,
                &sub(k),
                true,
                format!("property `next` cannot be specified for action {name}"),
            ),
            "next" => {}
            "url" if name == "open_url" => {}
            _ => ctx.emit_at(
                C::InvalidPropertyKey,
                Severity::Error,
                &sub(k),
                true,
                format!("property `{k}` is not allowed in action {name}"),
            ),
        }
    }
}

/// navigate's `next`: `{"type": "screen", "name": ...}`.
fn navigate_next<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    match o.fget("next") {
        None => ctx.err(
            C::MissingRequiredProperty,
            path,
            "required property `next` is missing in action navigate".into(),
        ),
        Some(Node::Object(n)) => {
            let np = sub("next");
            for k in n.keys() {
                if k != "type" && k != "name" {
                    let p = join(&np, Seg::K(k.as_str()));
                    ctx.emit_at(
                        C::InvalidPropertyKey,
                        Severity::Error,
                        &p,
                        true,
                        format!("property `{k}` is not allowed in `next`"),
                    );
                }
            }
            for req in ["type", "name"] {
                let p = join(&np, Seg::K(req));
                match n.get(req) {
                    None => ctx.err(
                        C::MissingRequiredProperty,
                        &np,
                        format!("required property `{req}` is missing in `next`"),
                    ),
                    Some(Node::String(s)) => {
                        if req == "type" && s != "screen" {
                            ctx.err(
                                C::InvalidEnumValue,
                                &p,
                                format!(
                                    "invalid value \"{s}\" for `type`; expected one of: screen"
                                ),
                            );
                        }
                    }
                    Some(x) => type_err(ctx, &p, req, "string", x),
                }
            }
        }
        Some(x) => type_err(ctx, &sub("next"), "next", "object", x),
    }
}

/// open_url's `url`: a URI.
fn open_url<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    match o.fget("url") {
        None => ctx.err(
            C::MissingRequiredProperty,
            path,
            "required property `url` is missing in action open_url".into(),
        ),
        Some(Node::String(u)) => {
            if !is_uri(u) {
                ctx.err(
                    C::InvalidPropertyValueFormat,
                    &sub("url"),
                    "`url` should be in format uri".into(),
                );
            }
        }
        Some(x) => type_err(ctx, &sub("url"), "url", "string", x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_ids() {
        for (s, ok) in [
            ("WELCOME", true),
            ("a_b", true),
            ("A1", false),
            ("A-B", false),
            ("A,B", false),
            ("", false),
        ] {
            assert_eq!(screen_id_ok(s), ok, "{s}");
        }
    }

    #[test]
    fn dynamic_values_follow_the_version() {
        let v31 = FlowVersion::new(3, 1);
        let v40 = FlowVersion::new(4, 0);
        let v60 = FlowVersion::new(6, 0);
        assert!(is_prop_dynamic("${data.x}", v31));
        assert!(!is_prop_dynamic("${form.x}", v31));
        assert!(is_prop_dynamic("${form.x}", v40));
        assert!(is_prop_dynamic("${screen.A.data.x}", v40));
        assert!(!is_prop_dynamic("`${form.x} + 1`", v40));
        assert!(is_prop_dynamic("`${form.x} + 1`", v60));
        assert!(!is_prop_dynamic("Hi ${data.x}", v60));
    }

    #[test]
    fn allowed_actions_per_slot_and_version() {
        let v51 = FlowVersion::new(5, 1);
        let v60 = FlowVersion::new(6, 0);
        assert_eq!(
            allowed_actions(Slot::FooterClick, v60),
            ["navigate", "data_exchange", "complete"]
        );
        assert!(!allowed_actions(Slot::LinkClick, v51).contains(&"open_url"));
        assert!(allowed_actions(Slot::LinkClick, v60).contains(&"open_url"));
        assert!(allowed_actions(Slot::UpdateOnly, v51).is_empty());
        assert_eq!(allowed_actions(Slot::UpdateOnly, v60), ["update_data"]);
        assert_eq!(allowed_actions(Slot::DateSelect, v60), ["data_exchange"]);
    }
}
