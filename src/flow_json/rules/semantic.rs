//! The semantic phase: screens, data models, per-screen component rules, bindings and
//! expressions, and actions (navigate payloads, update_data, media values).

use super::table::CompType as T;
use std::collections::{BTreeMap, BTreeSet};

use crate::flow_json::tree::{Node, Obj};

use super::gates;
use super::table::{COMPONENTS, K, Slot, UPLOADS_PER_SCREEN, upload_names};
use super::{ActionInfo, CompInfo, Ctx, DynCtx, Lookup, Path, ScreenInfo, Seg, join, sub};
use crate::flow_json::binding::{
    Binding, Source, Ty, check_condition, check_expression, is_expression, parse_binding,
};
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::model::{Schema, SchemaType};
use crate::flow_json::version::FlowVersion;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let screens = std::mem::take(&mut ctx.screens);
    screens_rules(ctx, &screens);
    for si in &screens {
        data_model(ctx, si);
        per_screen(ctx, si);
    }
    flow_counts(ctx, &screens);
    for (i, si) in screens.iter().enumerate() {
        dynamics(ctx, &screens, i, si);
        actions(ctx, &screens, i, si);
    }
    ctx.screens = screens;
}

// ---------------------------------------------------------------------------------------------
// Screens

fn screens_rules(ctx: &mut Ctx<'_>, screens: &[ScreenInfo<'_>]) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for si in screens {
        let Some(id) = si.id else { continue };
        let idp = sub(&si.path(), "id");
        if seen.insert(id, si.index).is_some() {
            ctx.err(
                C::DuplicateScreenIds,
                &idp,
                format!("duplicate screen id \"{id}\""),
            );
        }
        let reserved = if ctx.policy.reserved_id_any_case {
            id.eq_ignore_ascii_case("success")
        } else {
            id == "SUCCESS" || id == "success"
        };
        if reserved {
            ctx.err(
                C::ScreenIdIsReservedKeyword,
                &idp,
                format!("screen id \"{id}\" is a reserved keyword"),
            );
        }
    }
    terminal_screens(ctx, screens);
    screen_flags(ctx, screens);
    let data_exchange = screens
        .iter()
        .flat_map(|s| s.actions.iter())
        .find(|a| a.name == "data_exchange");
    if let Some(a) = data_exchange {
        if !ctx.root.fhas("data_api_version") {
            ctx.err(
                C::MissingRequiredProperty,
                &a.path,
                "property `data_api_version` is required for the data_exchange action".into(),
            );
        }
    }
    if ctx.root.fhas("data_api_version")
        && !gates::NO_DATA_CHANNEL_URI.at(ctx.ver)
        && !ctx.root.fhas("data_channel_uri")
    {
        ctx.err(
            C::MissingRequiredProperty,
            &[],
            "property `data_channel_uri` is required for endpoint flows before Flow JSON 3.0"
                .into(),
        );
    }
    if ctx.root.fhas("data_api_version") && !ctx.root.fhas("routing_model") {
        ctx.err(
            C::MissingRequiredProperty,
            &[],
            "property `routing_model` is required when data_api_version is set".into(),
        );
    }
}

/// At least one terminal screen, one of them successful, each with a Footer.
fn terminal_screens(ctx: &mut Ctx<'_>, screens: &[ScreenInfo<'_>]) {
    if !screens.is_empty() && !screens.iter().any(|s| s.terminal) {
        ctx.err(
            C::MissingTerminalScreen,
            &[Seg::K("screens")],
            "the flow has no terminal screen".into(),
        );
    }
    let terminals: Vec<&ScreenInfo<'_>> = screens.iter().filter(|s| s.terminal).collect();
    let any_success = terminals.iter().any(|s| {
        s.obj
            .and_then(|o| o.fget("success"))
            .and_then(Node::as_bool)
            .unwrap_or(true)
    });
    if !terminals.is_empty() && !any_success {
        for s in &terminals {
            ctx.err(
                C::InvalidPropertyValue,
                &sub(&s.path(), "success"),
                "at least one terminal screen must have `success` true".into(),
            );
        }
    }
    let missing_footer: Vec<&ScreenInfo<'_>> = terminals
        .iter()
        .copied()
        .filter(|s| !s.comps.iter().any(|c| c.ty == T::Footer))
        .collect();
    if !missing_footer.is_empty() {
        let names: Vec<String> = missing_footer
            .iter()
            .map(|s| s.id.unwrap_or("?").to_owned())
            .collect();
        let msg = format!("terminal screens must have a Footer: {}", names.join(", "));
        for s in &missing_footer {
            ctx.err(C::MissingFooterOnTerminalScreen, &s.path(), msg.clone());
        }
    }
}

/// `refresh_on_back` (endpoint flows only) and `sensitive` (fields of the screen, from 5.1).
fn screen_flags(ctx: &mut Ctx<'_>, screens: &[ScreenInfo<'_>]) {
    for si in screens {
        let Some(o) = si.obj else { continue };
        if o.fget("refresh_on_back").and_then(Node::as_bool) == Some(true) && !ctx.endpoint {
            ctx.err(
                C::InvalidPropertyValue,
                &sub(&si.path(), "refresh_on_back"),
                "`refresh_on_back` can be true only when data_api_version is set".into(),
            );
        }
        if let Some(a) = o
            .fget("sensitive")
            .and_then(Node::as_array)
            .filter(|_| gates::SENSITIVE_FIELDS.at(ctx.ver))
        {
            for (j, n) in a.iter().enumerate() {
                let Some(n) = n.as_str() else { continue };
                if si.input(n).is_none() {
                    let mut p = sub(&si.path(), "sensitive");
                    p.push(Seg::I(j));
                    ctx.err(
                        C::InvalidSensitiveField,
                        &p,
                        format!(
                            "sensitive field \"{n}\" is not a component of screen {}",
                            si.id.unwrap_or("?")
                        ),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Data model

use crate::flow_json::limits::{MAX_IF_NESTING, MAX_PAYLOAD_DEPTH, MAX_SCHEMA_DEPTH};

fn data_model<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>) {
    let Some(d) = si
        .obj
        .and_then(|o| o.fget("data"))
        .and_then(Node::as_object)
    else {
        return;
    };
    let dp = sub(&si.path(), "data");
    for (name, field) in d {
        let fp = sub(&dp, name.as_str());
        if name == "required" {
            if !field.is_array() {
                ctx.err(
                    C::InvalidScreenData,
                    &fp,
                    "`required` in the data model must be an array".into(),
                );
            }
            continue;
        }
        if name.chars().any(|c| matches!(c, '-' | ' ' | '`' | '\'')) {
            ctx.emit_at(
                C::InvalidScreenData,
                Severity::Error,
                &fp,
                true,
                format!("data field name \"{name}\" must not contain -, space, ` or '"),
            );
        }
        let Some(fo) = field.as_object() else {
            ctx.err(
                C::InvalidScreenData,
                &fp,
                format!("data field `{name}` must be an object schema"),
            );
            continue;
        };
        schema_shape(ctx, &fp, fo, name, 0);
        match fo.fget("__example__") {
            None => ctx.err(
                C::InvalidScreenData,
                &fp,
                format!("data field `{name}` is missing the mandatory `__example__`"),
            ),
            Some(ex) => {
                let schema = Schema::from_node(field);
                let problems = schema.check_node(name, ex);
                if let Some(first) = problems.first() {
                    ctx.err(
                        C::InvalidScreenData,
                        &sub(&fp, "__example__"),
                        format!(
                            "invalid data model schema: `__example__` does not match ({first})"
                        ),
                    );
                }
            }
        }
    }
}

fn schema_shape<'a>(ctx: &mut Ctx<'a>, p: &Path<'a>, o: &'a Obj<'a>, name: &str, depth: usize) {
    if depth > MAX_SCHEMA_DEPTH {
        return;
    }
    if depth > 0 && o.fhas("__example__") {
        ctx.emit_at(
            C::InvalidScreenData,
            Severity::Error,
            &sub(p, "__example__"),
            true,
            format!("`__example__` is only allowed at the top level of a data field (in `{name}`)"),
        );
    }
    match o.fget("type") {
        None => {
            // Nested schemas may omit `type` only when they are not the field itself.
            if depth == 0 {
                ctx.err(
                    C::InvalidScreenData,
                    p,
                    format!("missing definition of `type` for `{name}`"),
                );
            }
        }
        Some(Node::String(t)) => {
            if SchemaType::from_name(t).is_none() {
                ctx.err(
                    C::InvalidScreenData,
                    &sub(p, "type"),
                    format!("unsupported type \"{t}\" for `{name}`; use string, number, integer, boolean, object or array"),
                );
            } else if t == "array" {
                match o.fget("items") {
                    None => ctx.err(
                        C::InvalidScreenData,
                        p,
                        format!("missing schema for items of `{name}`"),
                    ),
                    Some(Node::Object(io)) => {
                        schema_shape(ctx, &sub(p, "items"), io, name, depth + 1)
                    }
                    Some(Node::Bool(_)) => {}
                    Some(_) => ctx.err(
                        C::InvalidScreenData,
                        &sub(p, "items"),
                        format!("`items` of `{name}` must be a schema object"),
                    ),
                }
            }
        }
        Some(_) => ctx.err(
            C::InvalidScreenData,
            &sub(p, "type"),
            format!("`type` of `{name}` must be a string"),
        ),
    }
    if let Some(props) = o.fget("properties").and_then(Node::as_object) {
        let pp = sub(p, "properties");
        for (k, s) in props {
            if k == "__example__" {
                // `__example__` belongs on a property's schema, not in the `properties` map
                // (where it would declare a property named `__example__`).
                ctx.emit_at(
                    C::InvalidScreenData,
                    Severity::Error,
                    &sub(&pp, "__example__"),
                    true,
                    format!("`__example__` is not allowed inside `properties` (in `{name}`); put it on the field's schema"),
                );
                continue;
            }
            if let Some(so) = s.as_object() {
                schema_shape(ctx, &sub(&pp, k.as_str()), so, name, depth + 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Per-screen component rules

/// Component counts of a subtree, with If/Switch branches counted as alternatives (maximum).
#[derive(Debug, Clone)]
struct Counts {
    /// Indexed like `table::COMPONENTS` (no allocation per node).
    by_type: [usize; super::table::COMPONENT_COUNT],
    total: usize,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            by_type: [0; super::table::COMPONENT_COUNT],
            total: 0,
        }
    }
}

impl Counts {
    fn add(&mut self, t: T) {
        if let Some(n) = self.by_type.get_mut(t.index()) {
            *n += 1;
        }
        self.total += 1;
    }
    fn merge_sum(&mut self, o: &Counts) {
        for (a, b) in self.by_type.iter_mut().zip(o.by_type.iter()) {
            *a += b;
        }
        self.total += o.total;
    }
    fn merge_max(&mut self, o: &Counts) {
        for (a, b) in self.by_type.iter_mut().zip(o.by_type.iter()) {
            *a = (*a).max(*b);
        }
        self.total = self.total.max(o.total);
    }
    fn get(&self, t: T) -> usize {
        self.by_type.get(t.index()).copied().unwrap_or(0)
    }
}

fn has_footer(arr: Option<&Node<'_>>, depth: usize) -> bool {
    if depth > crate::flow_json::limits::MAX_CONTAINER_DEPTH {
        return false;
    }
    arr.and_then(Node::as_array).is_some_and(|a| {
        a.iter().any(
            |c| match c.fget("type").and_then(Node::as_str).and_then(T::from_name) {
                Some(T::Footer) => true,
                Some(T::Form) => has_footer(c.fget("children"), depth + 1),
                _ => false,
            },
        )
    })
}

/// Walks a component list: counts, If nesting, Footer-in-branch rules, empty Switch cases.
fn walk_counts<'a>(
    ctx: &mut Ctx<'a>,
    p: &Path<'a>,
    arr: &'a [Node<'a>],
    if_depth: usize,
    depth: usize,
) -> Counts {
    let mut c = Counts::default();
    if depth > crate::flow_json::limits::MAX_CONTAINER_DEPTH {
        return c;
    }
    for (i, comp) in arr.iter().enumerate() {
        let Some(o) = comp.as_object() else { continue };
        let Some(spec) = o
            .fget("type")
            .and_then(Node::as_str)
            .and_then(super::table::component)
        else {
            continue;
        };
        if !spec.ty.is_container() {
            c.add(spec.ty);
            continue;
        }
        let cp = join(p, Seg::I(i));
        match spec.ty {
            T::Form => {
                c.add(T::Form);
                if let Some(ch) = o.fget("children").and_then(Node::as_array) {
                    let inner = walk_counts(ctx, &sub(&cp, "children"), ch, if_depth, depth + 1);
                    c.merge_sum(&inner);
                }
            }
            T::If => c.merge_sum(&if_counts(ctx, &cp, o, if_depth, depth)),
            T::Switch => c.merge_sum(&switch_counts(ctx, &cp, o, if_depth, depth)),
            t => c.add(t),
        }
    }
    c
}

/// An If: its nesting, its branches' counts (alternatives: the larger), Footers in both
/// branches or none, and only at the first level.
fn if_counts<'a>(
    ctx: &mut Ctx<'a>,
    cp: &Path<'a>,
    o: &'a Obj<'a>,
    if_depth: usize,
    depth: usize,
) -> Counts {
    if if_depth + 1 > MAX_IF_NESTING {
        ctx.err(
            C::MaximumIfNesting,
            cp,
            format!("If components can be nested at most {MAX_IF_NESTING} levels"),
        );
    }
    let then = o.fget("then").and_then(Node::as_array);
    let els = o.fget("else").and_then(Node::as_array);
    let mut branch = Counts::default();
    if let Some(t) = then {
        branch = walk_counts(ctx, &sub(cp, "then"), t, if_depth + 1, depth + 1);
    }
    if let Some(e) = els {
        let eb = walk_counts(ctx, &sub(cp, "else"), e, if_depth + 1, depth + 1);
        branch.merge_max(&eb);
    }
    let ft = has_footer(o.fget("then"), 0);
    let fe = has_footer(o.fget("else"), 0);
    if ft != fe {
        ctx.err(
            C::MissingFooterInIfElseBranches,
            cp,
            "when one branch of an If has a Footer, both `then` and `else` must have one".into(),
        );
    }
    if (ft || fe) && if_depth > 0 {
        ctx.err(
            C::InvalidPropertyValue,
            cp,
            "a Footer is only allowed at the first If level".into(),
        );
    }
    branch
}

/// A Switch: at least one case, its cases' counts (alternatives: the larger), a Footer in
/// every case or none.
fn switch_counts<'a>(
    ctx: &mut Ctx<'a>,
    cp: &Path<'a>,
    o: &'a Obj<'a>,
    if_depth: usize,
    depth: usize,
) -> Counts {
    let cases = o.fget("cases").and_then(Node::as_object);
    if cases.is_some_and(Obj::is_empty) {
        ctx.err(
            C::EmptySwitchCases,
            &sub(cp, "cases"),
            "Switch `cases` must have at least one case".into(),
        );
    }
    let mut branch = Counts::default();
    let mut with_footer = 0;
    let mut n = 0;
    for (k, arr) in cases.into_iter().flatten() {
        let Some(a) = arr.as_array() else { continue };
        n += 1;
        if has_footer(Some(arr), 0) {
            with_footer += 1;
        }
        let cb = walk_counts(
            ctx,
            &sub(&sub(cp, "cases"), k.as_str()),
            a,
            if_depth,
            depth + 1,
        );
        branch.merge_max(&cb);
    }
    if with_footer > 0 && with_footer < n {
        ctx.err(
            C::MissingFooterInSwitchBranches,
            cp,
            "when one Switch case has a Footer, every case must have one".into(),
        );
    }
    branch
}

fn per_screen<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>) {
    duplicate_names(ctx, si);
    screen_counts(ctx, si);
    lone_components(ctx, si);
    if let Some(f) = si.comps.iter().find(|c| c.ty == T::Form) {
        form_rules(ctx, si, f);
    }
    for c in &si.comps {
        item_ids(ctx, c);
        super::components::semantic(ctx, c);
    }
}

/// Two components of one screen share a `name`.
fn duplicate_names<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>) {
    let sid = si.id.unwrap_or("?");
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for c in &si.comps {
        if let Some(n) = c.name {
            if !names.insert(n) {
                ctx.err(
                    C::DuplicateFormComponentNames,
                    &sub(&c.path, "name"),
                    format!("duplicate component name \"{n}\" on screen {sid}"),
                );
            }
        }
    }
}

/// Per-type and total component counts (If/Switch branches count as alternatives).
fn screen_counts<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>) {
    let sp = si.path();
    let children_path = sub(&sub(&sp, "layout"), "children");
    let counts = match si.children {
        Some(ch) => walk_counts(ctx, &children_path, ch, 0, 0),
        None => Counts::default(),
    };
    // Per-type limits, from the rows (digest §4.4).
    for spec in COMPONENTS.iter().filter(|c| c.per_screen > 0) {
        let (t, max, n) = (spec.ty, spec.per_screen, counts.get(spec.ty));
        if n > max {
            let code = spec
                .per_screen_code
                .and_then(|c| c.of(&ctx.policy))
                .unwrap_or(C::ComponentTypeMaxNumberPerScreen);
            ctx.err(
                code,
                &sp,
                format!("the maximum number of {t} per screen is {max} but found {n}"),
            );
        }
    }
    // Uploads together (each over its own limit is reported above).
    let uploads = || {
        COMPONENTS
            .iter()
            .filter(|c| c.upload)
            .map(|c| counts.get(c.ty))
    };
    if uploads().sum::<usize>() > UPLOADS_PER_SCREEN && uploads().all(|n| n <= UPLOADS_PER_SCREEN) {
        ctx.err(
            C::ComponentTypeMaxNumberPerScreen,
            &sp,
            format!(
                "a screen can have at most {UPLOADS_PER_SCREEN} of {}",
                upload_names()
            ),
        );
    }
    let max_total = ctx.policy.max_components_per_screen;
    if counts.total > max_total {
        ctx.err(
            C::MaxAllowedComponentsPerScreen,
            &sp,
            format!(
                "the maximum number of components per screen is {max_total} but found {}",
                counts.total
            ),
        );
    }
}

/// Components that must be alone on their screen (RichText, NavigationList).
fn lone_components<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>) {
    let sp = si.path();
    let flat: Vec<&CompInfo<'a>> = si.comps.iter().filter(|c| !c.ty.is_container()).collect();
    for spec in COMPONENTS
        .iter()
        .filter(|c| c.alone.is_some() || c.not_terminal)
    {
        let lone = spec.ty;
        let t = flat.iter().filter(|c| c.ty == lone).count();
        if t == 0 {
            continue;
        }
        let first = flat
            .iter()
            .find(|c| c.ty == lone)
            .map_or(sp.clone(), |c| c.path.clone());
        if let Some(alone) = spec.alone {
            let beside = alone.beside.at(ctx.ver);
            let n = flat.iter().filter(|c| !beside.contains(&c.ty)).count();
            let max = alone.max;
            if t > max || n > t {
                let msg = if t > max {
                    format!("a screen can have at most {max} {lone}")
                } else if beside.is_empty() {
                    format!("{lone} must be the only kind of component on its screen")
                } else {
                    let names: Vec<&str> = beside.iter().map(|b| b.as_str()).collect();
                    format!(
                        "{lone} must be the only component on its screen (a {} is allowed)",
                        names.join(" or ")
                    )
                };
                ctx.err(alone.code.at(ctx.ver), &first, msg);
            }
        }
        if spec.not_terminal && si.terminal {
            ctx.err(
                C::InvalidComponentPlacement,
                &first,
                format!("{lone} is not allowed on a terminal screen"),
            );
        }
    }
}

/// Inputs outside the screen's Form, Footers outside it reading the form, `init-values`.
fn form_rules<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>, f: &CompInfo<'a>) {
    let sid = si.id.unwrap_or("?");
    if gates::INPUTS_WITHOUT_FORM.at(ctx.ver) {
        let outside: Vec<&CompInfo<'a>> = si
            .comps
            .iter()
            .filter(|c| !c.in_form && c.ty.spec().form_checked)
            .collect();
        if !outside.is_empty() {
            let types: BTreeSet<&str> = outside.iter().map(|c| c.ty.as_str()).collect();
            let msg = format!(
                "screen {sid} has a Form, so these components must be inside it: {}",
                types.into_iter().collect::<Vec<_>>().join(", ")
            );
            for c in outside {
                ctx.err(C::ComponentsOutsideForm, &c.path, msg.clone());
            }
        }
    } else {
        for a in si
            .actions
            .iter()
            .filter(|a| a.slot == Slot::FooterClick && !a.in_form)
        {
            if let Some(p) = a.obj.fget("payload") {
                if payload_strings(p).any(|s| s.contains("${form.")) {
                    ctx.err(
                        C::InvalidFooterPayloadOutsideForm,
                        &sub(&a.path, "payload"),
                        "a Footer outside the Form cannot reference `${form.…}`".into(),
                    );
                }
            }
        }
    }
    super::components::containers::form_maps(ctx, si, f);
}

/// Two items of one data source (`data-source`, `list-items`) share an `id` (a warning).
fn item_ids<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    let sources =
        c.ty.spec()
            .props
            .iter()
            .filter(|p| matches!(p.k, K::DataSource(_)));
    for key in sources.map(|p| p.name) {
        let Some(items) = c.obj.get(key).and_then(Node::as_array) else {
            continue;
        };
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (i, it) in items.iter().enumerate() {
            let Some(id) = it.fget("id").and_then(Node::as_str) else {
                continue;
            };
            if !seen.insert(id) {
                let mut p = sub(&c.path, key);
                p.push(Seg::I(i));
                ctx.warn(
                    C::WaflowsDuplicateItemId,
                    &sub(&p, "id"),
                    format!(
                        "item id \"{id}\" appears more than once in `{key}` of {}",
                        c.ty
                    ),
                );
            }
        }
    }
}

pub(crate) fn ty_of_value(v: &Node<'_>) -> Ty {
    match v {
        Node::String(_) => Ty::Str,
        Node::Number(_) => Ty::Num,
        Node::Bool(_) => Ty::Bool,
        Node::Array(_) => Ty::Arr,
        Node::Object(_) => Ty::Obj,
        Node::Null => Ty::Any,
    }
}

/// Per-flow limits, from the rows: the first component over the limit is reported.
fn flow_counts(ctx: &mut Ctx<'_>, screens: &[ScreenInfo<'_>]) {
    for spec in COMPONENTS.iter().filter(|c| c.per_flow > 0) {
        let (t, max) = (spec.ty, spec.per_flow);
        let found: Vec<&CompInfo<'_>> = screens
            .iter()
            .flat_map(|s| s.comps.iter())
            .filter(|c| c.ty == t)
            .collect();
        if let Some(c) = found.get(max) {
            ctx.err(
                C::ComponentTypeMaxNumberPerScreen,
                &c.path,
                format!(
                    "the maximum number of {t} allowed per Flow is {max} but found {}",
                    found.len()
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bindings

/// Resolves a binding on screen `cur`; `Err` carries the message.
/// The screen a binding reads from: the current one, or the one a `${screen.ID.…}` names.
fn bound_screen<'s, 'a>(
    screens: &'s [ScreenInfo<'a>],
    cur: usize,
    b: &Binding<'_>,
) -> Option<&'s ScreenInfo<'a>> {
    match b.screen {
        None => screens.get(cur),
        Some(id) => screens.iter().find(|s| s.id == Some(id)),
    }
}

pub(crate) fn resolve(
    screens: &[ScreenInfo<'_>],
    cur: usize,
    b: &Binding<'_>,
) -> Result<(Ty, Option<&'static str>), String> {
    let here = screens.get(cur).ok_or("no such screen")?;
    let target = match b.screen {
        None => here,
        Some(id) => {
            let t = bound_screen(screens, cur, b)
                .ok_or_else(|| format!("referenced screen `{id}` does not exist"))?;
            if t.index == cur {
                return Err(format!(
                    "screen {id} references itself; use the local `${{{}.…}}` form instead",
                    if b.source == Source::Data {
                        "data"
                    } else {
                        "form"
                    }
                ));
            }
            t
        }
    };
    let tid = target.id.unwrap_or("?");
    let first = b.first();
    match b.source {
        Source::Data => {
            let Some(mut s) = target.field(first) else {
                return Err(if b.screen.is_some() {
                    format!("global dynamic data `{first}` does not exist on screen {tid}")
                } else {
                    format!("missing dynamic data `{first}` in the data model of screen {tid}")
                });
            };
            for seg in b.path().skip(1) {
                match s.ty {
                    SchemaType::Array => {
                        return Err(format!(
                            "`{first}` is defined as an array; its elements cannot be bound"
                        ));
                    }
                    _ if s.properties.is_empty() => return Ok((Ty::Any, None)),
                    _ => {
                        s = s.property(seg).ok_or_else(|| format!("missing property `{seg}` of `{first}` in the data model of screen {tid}"))?;
                    }
                }
            }
            Ok((Ctx::ty_of_schema(s), None))
        }
        Source::Form => {
            if let Some(c) = target.input(first) {
                let media = c.ty.spec().upload.then_some(c.ty.as_str());
                let ty = if b.nested() {
                    Ty::Any
                } else {
                    c.ty.spec().form_value(c.obj)
                };
                return Ok((ty, media));
            }
            if target.form_name() == Some(first) {
                return Err(format!(
                    "the value of Form `{first}` cannot be used in a form binding"
                ));
            }
            Err(format!("missing Form component `{first}` on screen {tid}"))
        }
    }
}

/// The type of operand `b` of a condition or expression on screen `cur`. An operand that is
/// not a binding, or that does not resolve, is noted in `problems` and typed `Any`.
fn operand_ty(
    screens: &[ScreenInfo<'_>],
    cur: usize,
    ver: FlowVersion,
    b: &str,
    problems: &mut Vec<String>,
) -> Ty {
    match parse_binding(b, ver) {
        None => {
            problems.push(format!("invalid operand format `{b}`"));
            Ty::Any
        }
        Some(pb) => match resolve(screens, cur, &pb) {
            Ok((t, _)) => t,
            Err(m) => {
                problems.push(m);
                Ty::Any
            }
        },
    }
}

fn dynamics<'a>(ctx: &mut Ctx<'a>, screens: &[ScreenInfo<'a>], cur: usize, si: &ScreenInfo<'a>) {
    let ver = ctx.ver;
    for d in &si.dyns {
        match d.ctx {
            DynCtx::FormMap if !gates::FORM_MAP_BINDINGS_CHECKED.at(ver) => continue,
            DynCtx::Condition => {
                let mut problems: Vec<String> = Vec::new();
                let mut r = |b: &str| operand_ty(screens, cur, ver, b, &mut problems);
                let res = check_condition(d.s, &mut r);
                for m in problems {
                    ctx.err(C::InvalidScreenDynamicData, &d.path, m);
                }
                if let Err(m) = res {
                    ctx.err(
                        C::InvalidPropertyValue,
                        &d.path,
                        format!("invalid If condition: {m}"),
                    );
                }
            }
            _ => {
                if is_expression(d.s, ver) {
                    let body = d.s.get(1..d.s.len().saturating_sub(1)).unwrap_or_default();
                    expression(
                        ctx,
                        screens,
                        cur,
                        &d.path,
                        body,
                        d.want,
                        C::InvalidScreenDynamicData,
                    );
                    continue;
                }
                let Some(b) = parse_binding(d.s, ver) else {
                    continue;
                };
                match resolve(screens, cur, &b) {
                    Err(m) => ctx.err(C::InvalidScreenDynamicData, &d.path, m),
                    Ok((t, _)) => {
                        // A number or boolean bound into a string property is a type
                        // mismatch (Meta's reference lists it as INVALID_SCREEN_DYNAMIC_DATA;
                        // Flow Builder compares the types).
                        let fits = t.fits(d.want);
                        if fits && d.path.last() == Some(&Seg::K("data-source")) {
                            if let Some(m) = data_source_items_problem(screens, cur, &b) {
                                ctx.err(C::InvalidScreenDynamicData, &d.path, m);
                            }
                        }
                        if !fits {
                            ctx.err(
                                C::InvalidScreenDynamicData,
                                &d.path,
                                format!(
                                    "expected `{}` to be of type {} but found {}",
                                    d.s,
                                    d.want.name(),
                                    t.name()
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The declared schema behind a `${data.x}` (or `${screen.S.data.x}`) binding, when the binding
/// names a top-level field.
fn bound_field<'s>(
    screens: &'s [ScreenInfo<'_>],
    cur: usize,
    b: &Binding<'_>,
) -> Option<&'s Schema> {
    if b.source != Source::Data || b.path().nth(1).is_some() {
        return None;
    }
    bound_screen(screens, cur, b)?.field(b.first())
}

/// A `data-source` bound to a field needs an array of objects with string `id` and `title`
/// (digest 7). Only what the model declares is judged: items without `properties` pass.
fn data_source_items_problem(
    screens: &[ScreenInfo<'_>],
    cur: usize,
    b: &Binding<'_>,
) -> Option<String> {
    let field = b.first();
    let items = bound_field(screens, cur, b)?.items.as_deref()?;
    match items.ty {
        SchemaType::Object | SchemaType::Any => {}
        t => {
            return Some(format!(
                "`{field}` is bound to `data-source`, so its items must be objects with `id` and `title`, not {}",
                t.as_str()
            ));
        }
    }
    if items.properties.is_empty() {
        return None;
    }
    for key in ["id", "title"] {
        match items.property(key) {
            None => {
                return Some(format!(
                    "`{field}` is bound to `data-source`, so its items must declare `{key}`"
                ));
            }
            Some(p) if !matches!(p.ty, SchemaType::String | SchemaType::Any) => {
                return Some(format!(
                    "`{field}` is bound to `data-source`, so `{key}` of its items must be a string, not {}",
                    p.ty.as_str()
                ));
            }
            Some(_) => {}
        }
    }
    None
}

fn expression<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    path: &Path<'a>,
    body: &str,
    want: Ty,
    code: C,
) {
    let ver = ctx.ver;
    let mut problems: Vec<String> = Vec::new();
    let mut r = |b: &str| operand_ty(screens, cur, ver, b, &mut problems);
    let res = check_expression(body, true, &mut r);
    for m in problems {
        ctx.err(code, path, m);
    }
    match res {
        Err(m) => ctx.err(code, path, format!("invalid expression: {m}")),
        Ok(e) => {
            // Policy: a backtick expression that computes a number or boolean may fill a
            // string property (Meta's examples show arithmetic results as text); strict mode
            // wants a string.
            let fits = e.ty.fits(want)
                || (matches!(want, Ty::Str | Ty::Text)
                    && !ctx.policy.strict_expression_types
                    && matches!(e.ty, Ty::Num | Ty::Bool));
            if !fits {
                ctx.err(
                    code,
                    path,
                    format!(
                        "the expression evaluates to {} but {} is expected",
                        e.ty.name(),
                        want.name()
                    ),
                );
            }
        }
    }
}

/// Every string inside a payload value (bounded depth).
fn payload_strings<'a>(v: &'a Node<'a>) -> impl Iterator<Item = &'a str> {
    let mut stack: Vec<(&Node<'_>, usize)> = vec![(v, 0)];
    std::iter::from_fn(move || {
        while let Some((v, d)) = stack.pop() {
            match v {
                Node::String(s) => return Some(s.as_str()),
                Node::Array(a) if d < MAX_PAYLOAD_DEPTH => {
                    stack.extend(a.iter().rev().map(|x| (x, d + 1)));
                }
                Node::Object(o) if d < MAX_PAYLOAD_DEPTH => {
                    stack.extend(o.values().rev().map(|x| (x, d + 1)))
                }
                _ => {}
            }
        }
        None
    })
}

// ---------------------------------------------------------------------------------------------
// Actions

/// Keys of the platform's own payload entries, checked by `platform.rs` instead.
pub(crate) const PLATFORM_KEYS: &[&str] = &["ct-evt", "ct-up"];

fn actions<'a>(ctx: &mut Ctx<'a>, screens: &[ScreenInfo<'a>], cur: usize, si: &ScreenInfo<'a>) {
    let sid = si.id.unwrap_or("?");
    let mut complete_media = 0usize;
    for a in &si.actions {
        if a.name == "complete" && !si.terminal {
            ctx.err(
                C::InvalidCompleteAction,
                &sub(&a.path, "name"),
                "the complete action can only be configured on a terminal screen".into(),
            );
        }
        if a.name == "navigate" && si.terminal && a.slot == Slot::FooterClick {
            let strict = gates::TERMINAL_NAVIGATE_REFUSED.at(ctx.ver)
                || ctx.policy.terminal_navigate_is_error;
            let msg = "the Footer of a terminal screen should use complete (or data_exchange), not navigate".to_owned();
            if strict {
                ctx.err(C::InvalidPropertyValue, &sub(&a.path, "name"), msg);
            } else {
                ctx.warn(C::InvalidPropertyValue, &sub(&a.path, "name"), msg);
            }
        }
        if a.name == "navigate" {
            navigate(ctx, screens, cur, si, a);
        }
        if a.name == "update_data" {
            update_data(ctx, screens, cur, si, a);
        }
        let Some(payload) = a.obj.fget("payload").and_then(Node::as_object) else {
            continue;
        };
        let pp = sub(&a.path, "payload");
        // Payload bindings and media values.
        for (k, v) in payload {
            if PLATFORM_KEYS.contains(&k.as_str()) {
                continue;
            }
            let kp = sub(&pp, k.as_str());
            let mut walk = PayloadWalk {
                screens,
                cur,
                action: a,
                complete_media,
            };
            walk.value(ctx, &kp, v, 0);
            complete_media = walk.complete_media;
        }
    }
    if complete_media > 1 {
        let p = si
            .actions
            .iter()
            .find(|a| a.name == "complete")
            .map_or(si.path(), |a| sub(&a.path, "payload"));
        ctx.err(
            C::InvalidOnClickActionPayload,
            &p,
            format!(
                "a complete payload on screen {sid} may carry at most one {} value",
                upload_names()
            ),
        );
    }
}

/// A walk over one action payload value: bindings must resolve, media values are placed where
/// Meta allows them.
struct PayloadWalk<'s, 'a> {
    screens: &'s [ScreenInfo<'a>],
    cur: usize,
    action: &'s ActionInfo<'a>,
    /// Upload (media) values seen in a `complete` payload.
    complete_media: usize,
}

impl<'a> PayloadWalk<'_, 'a> {
    fn value(&mut self, ctx: &mut Ctx<'a>, p: &Path<'a>, v: &'a Node<'a>, depth: usize) {
        let (screens, cur, a, ver) = (self.screens, self.cur, self.action, ctx.ver);
        match v {
            Node::String(s) => {
                if is_expression(s, ver) {
                    if gates::PAYLOAD_EXPRESSIONS.at(ver) {
                        let body = s.get(1..s.len().saturating_sub(1)).unwrap_or_default();
                        expression(
                            ctx,
                            screens,
                            cur,
                            p,
                            body,
                            Ty::Any,
                            C::InvalidOnClickActionPayload,
                        );
                    }
                    return;
                }
                let Some(b) = parse_binding(s, ver) else {
                    return;
                };
                match resolve(screens, cur, &b) {
                    Err(m) => ctx.err(C::InvalidOnClickActionPayload, p, m),
                    Ok((_, Some(media))) => {
                        if a.name == "navigate" {
                            ctx.err(
                            C::InvalidOnClickActionPayload,
                            p,
                            format!("{media} values cannot be used in a navigate payload; read them later with `${{screen.ID.form.x}}`"),
                        );
                        } else if depth > 0 {
                            ctx.err(
                                C::InvalidOnClickActionPayload,
                                p,
                                format!("{media} values must be top-level values of the payload"),
                            );
                        } else if a.name == "complete" {
                            self.complete_media += 1;
                            media_limits(ctx, screens, cur, &b, p);
                        }
                    }
                    Ok(_) => {}
                }
            }
            Node::Array(items) if depth < MAX_PAYLOAD_DEPTH => {
                for (i, x) in items.iter().enumerate() {
                    let q = join(p, Seg::I(i));
                    self.value(ctx, &q, x, depth + 1);
                }
            }
            Node::Object(o) if depth < MAX_PAYLOAD_DEPTH => {
                for (k, x) in o {
                    self.value(ctx, &sub(p, k.as_str()), x, depth + 1);
                }
            }
            _ => {}
        }
    }
}

fn media_limits<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    b: &Binding<'_>,
    p: &Path<'a>,
) {
    let Some(c) = bound_screen(screens, cur, b).and_then(|t| t.input(b.first())) else {
        return;
    };
    super::components::media::complete_payload_limits(ctx, c, p);
}

fn static_problems(schema: &Schema, key: &str, v: &Node<'_>, ver: FlowVersion) -> Vec<String> {
    if v.as_str()
        .is_some_and(|s| is_expression(s, ver) || parse_binding(s, ver).is_some())
    {
        return Vec::new();
    }
    if v.is_array() || v.is_object() {
        // Nested dynamic values make a literal comparison meaningless; check the top type only.
        let top = Schema {
            ty: schema.ty,
            properties: Vec::new(),
            required: Vec::new(),
            items: None,
        };
        return top.check_node(key, v);
    }
    schema.check_node(key, v)
}

fn navigate<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    si: &ScreenInfo<'a>,
    a: &ActionInfo<'a>,
) {
    let Some(next) = a.obj.fget("next").and_then(Node::as_object) else {
        return;
    };
    if next.fget("type").and_then(Node::as_str).unwrap_or("screen") != "screen" {
        return;
    }
    let Some(to) = next.fget("name").and_then(Node::as_str) else {
        return;
    };
    let np = sub(&sub(&a.path, "next"), "name");
    let Some(target) = ctx.screen_pos(to).and_then(|i| screens.get(i)) else {
        ctx.err(
            C::InvalidNavigateActionNextScreenName,
            &np,
            format!("navigate action names unknown screen id \"{to}\""),
        );
        return;
    };
    if target.index == si.index {
        ctx.err(
            C::InvalidNavigateActionNextScreenName,
            &np,
            format!("navigate action on screen {to} navigates to itself"),
        );
        return;
    }
    let ver = ctx.ver;
    let strict = gates::EXACT_NAVIGATE_PAYLOADS.at(ver);
    let payload = a.obj.fget("payload").and_then(Node::as_object);
    let model: &[(&str, Schema)] = target.data.as_deref().unwrap_or_default();
    let pp = sub(&a.path, "payload");
    if strict && !payload_fields(ctx, a, &pp, to, payload, model) {
        return;
    }
    let Some(payload) = payload else { return };
    for (k, v) in payload {
        let Some((_, schema)) = model.iter().find(|(n, _)| n == k) else {
            continue;
        };
        let kp = sub(&pp, k.as_str());
        if let Some(first) = static_problems(schema, k, v, ver).first() {
            ctx.err(
                C::InvalidNavigateActionStaticData,
                &kp,
                format!("payload value does not match the data model of screen {to}: {first}"),
            );
            continue;
        }
        if !strict {
            continue;
        }
        if let Some(b) = v.as_str().and_then(|s| parse_binding(s, ver)) {
            if let Ok((t, _)) = resolve(screens, cur, &b) {
                let want = Ctx::ty_of_schema(schema);
                if !t.fits(want) {
                    ctx.err(
                        C::InvalidNavigateActionPayload,
                        &kp,
                        format!(
                            "payload field `{k}` is {} but screen {to} declares it as {}",
                            t.name(),
                            want.name()
                        ),
                    );
                }
            }
        }
    }
}

/// Where the types are compared strictly (before 6.0 and from 7.3) the payload carries
/// exactly the fields of the target's data model. `false` when there is nothing more to check.
fn payload_fields<'a>(
    ctx: &mut Ctx<'a>,
    a: &ActionInfo<'a>,
    pp: &Path<'a>,
    to: &str,
    payload: Option<&'a Obj<'a>>,
    model: &[(&str, Schema)],
) -> bool {
    if !model.is_empty() && payload.is_none() {
        ctx.err(
            C::MissingNavigationActionPayload,
            &a.path,
            format!("navigate to screen {to} needs a `payload`: the screen has a data model"),
        );
        return false;
    }
    let Some(payload) = payload else {
        return false;
    };
    if model.is_empty() {
        if payload.keys().any(|k| !PLATFORM_KEYS.contains(&k.as_str())) {
            ctx.err(
                C::InvalidNavigateActionPayload,
                pp,
                format!("the navigate payload has fields but no data model is defined in the next screen {to}"),
            );
        }
        return false;
    }
    for k in payload.keys() {
        if PLATFORM_KEYS.contains(&k.as_str()) {
            continue;
        }
        if !model.iter().any(|(n, _)| n == k) {
            ctx.emit_at(
                C::InvalidNavigateActionPayload,
                Severity::Error,
                &sub(pp, k.as_str()),
                true,
                format!("payload field `{k}` is missing in the data model of screen {to}"),
            );
        }
    }
    let missing: Vec<&str> = model
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !payload.fhas(n))
        .collect();
    if !missing.is_empty() {
        ctx.err(
            C::InvalidNavigateActionPayload,
            pp,
            format!(
                "fields expected by the data model of screen {to} are missing in the payload: {}",
                missing.join(", ")
            ),
        );
    }
    true
}

fn update_data<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    si: &ScreenInfo<'a>,
    a: &ActionInfo<'a>,
) {
    let Some(payload) = a.obj.fget("payload").and_then(Node::as_object) else {
        return;
    };
    let pp = sub(&a.path, "payload");
    let ver = ctx.ver;
    let sid = si.id.unwrap_or("?");
    for (k, v) in payload {
        let kp = sub(&pp, k.as_str());
        let Some(schema) = si.field(k) else {
            ctx.emit_at(
                C::InvalidUpdateDataActionPayload,
                Severity::Error,
                &kp,
                true,
                format!("update_data key `{k}` is not declared in the data model of screen {sid}"),
            );
            continue;
        };
        if let Some(s) = v.as_str() {
            if let Some(b) = parse_binding(s, ver) {
                if b.screen.is_none() && b.source == Source::Data && b.rest == k.as_str() {
                    ctx.err(
                        C::InvalidUpdateDataActionPayload,
                        &kp,
                        format!("updating `{k}` with its own value is redundant and not allowed"),
                    );
                    continue;
                }
                if let Ok((t, _)) = resolve(screens, cur, &b) {
                    let want = Ctx::ty_of_schema(schema);
                    if !t.fits(want) {
                        ctx.err(
                            C::InvalidUpdateDataActionPayload,
                            &kp,
                            format!(
                                "`{k}` is declared as {} but the value is {}",
                                want.name(),
                                t.name()
                            ),
                        );
                    }
                }
                continue;
            }
        }
        if let Some(first) = static_problems(schema, k, v, ver).first() {
            ctx.err(
                C::InvalidUpdateDataActionPayload,
                &kp,
                format!("update_data value does not match the data model: {first}"),
            );
        }
    }
}
