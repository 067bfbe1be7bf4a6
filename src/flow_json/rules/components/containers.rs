//! The containers: Form, If (4.0) and Switch (4.0) — their catalogue rows, the walk into
//! their `children` / `then` / `else` / `cases`, the `condition` and `value` kept for the
//! semantic phase, and the Form's `init-values` / `error-messages`.

use crate::flow_json::tree::Node;

use crate::flow_json::binding::{Ty, parse_binding};
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::schema::{
    Cont, Site, components, is_prop_dynamic, switch_case_ok, type_err,
};
use crate::flow_json::rules::semantic::ty_of_value;
use crate::flow_json::rules::table::{
    Comp, CompType, CompType as T, Gate, K, LAYOUT_ONLY, NAME, NEVER, Place, V0, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, DynCtx, DynInfo, ScreenInfo, Seg, join, sub};

/// Form.
pub(crate) const FORM: Comp = Comp::new(CompType::Form)
    .place(LAYOUT_ONLY)
    .per_screen(1)
    .props(&[
        NAME,
        p("children", K::Children).req().fixed(),
        p("init-values", K::NameMap),
        p("error-messages", K::NameMap),
    ]);

/// If.
pub(crate) const IF: Comp = Comp::new(CompType::If)
    .since(v(4, 0))
    .place(Place::branches(V0, NEVER))
    .props(&[
        p("condition", K::Condition).req(),
        p("then", K::Children).req().fixed(),
        p("else", K::Children).fixed(),
    ]);

/// Switch.
pub(crate) const SWITCH: Comp = Comp::new(CompType::Switch)
    .since(v(4, 0))
    .place(Place::branches(V0, NEVER))
    .props(&[
        p("value", K::SwitchValue).req(),
        p("cases", K::Cases).req().fixed(),
    ]);

/// Whether an If `condition` may be a boolean: from 6.0.
pub(crate) const BOOLEAN_CONDITIONS: Gate<bool> = Gate::new(false, &[(v(6, 0), true)]);

/// Whether the keys of a Form's `init-values` / `error-messages` must name its components, and
/// their values have those components' types: from 7.0.
pub(crate) const TYPED_FORM_MAPS: Gate<bool> = Gate::new(false, &[(v(7, 0), true)]);

/// Form/If `children` and Switch `cases`: the nested components are walked.
pub(crate) fn container_value<'a>(ctx: &mut Ctx<'a>, si: &mut ScreenInfo<'a>, site: &Site<'a, '_>) {
    let (name, path, v) = (site.prop.name, site.path, site.v);
    if site.prop.k == K::Children {
        let Some(a) = v.as_array() else {
            return site.type_err(ctx, "array");
        };
        let (cont, form) = if site.spec.ty == T::Form {
            (Cont::Form, true)
        } else {
            (Cont::If, site.in_form)
        };
        if site.spec.ty == T::If && name == "then" && a.is_empty() {
            ctx.err(
                C::InvalidPropertyValue,
                path,
                "expected the array to contain at least one component".into(),
            );
        }
        return components(ctx, si, path, a, cont, form, site.depth + 1);
    }
    let Some(cases) = v.as_object() else {
        return site.type_err(ctx, "object");
    };
    for (case, arr) in cases {
        let p = join(path, Seg::K(case.as_str()));
        if !switch_case_ok(case) {
            ctx.emit_at(
                C::PropertyNameMismatch,
                Severity::Error,
                &p,
                true,
                format!("Switch case \"{case}\" should match ^[a-zA-Z][a-zA-Z0-9-_]*$"),
            );
        }
        match arr.as_array() {
            None => type_err(ctx, &p, case, "array", arr),
            Some(a) => components(ctx, si, &p, a, Cont::Switch, site.in_form, site.depth + 1),
        }
    }
}

/// `If.condition` and `Switch.value`: kept for the semantic phase's grammar and type checks.
pub(crate) fn condition_value<'a>(ctx: &mut Ctx<'a>, si: &mut ScreenInfo<'a>, site: &Site<'a, '_>) {
    let (path, ver, v) = (site.path, ctx.ver, site.v);
    if site.prop.k == K::Condition {
        return match v {
            Node::String(s) => si.dyns.push(DynInfo {
                s,
                path: path.clone(),
                want: Ty::Bool,
                ctx: DynCtx::Condition,
            }),
            Node::Bool(_) if BOOLEAN_CONDITIONS.at(ver) => {}
            _ => site.type_err(
                ctx,
                if BOOLEAN_CONDITIONS.at(ver) {
                    "boolean or string"
                } else {
                    "string"
                },
            ),
        };
    }
    match v.as_str() {
        Some(s) if parse_binding(s, ver).is_some() => si.dyns.push(DynInfo {
            s,
            path: path.clone(),
            want: Ty::Any,
            ctx: DynCtx::SwitchValue,
        }),
        Some(_) => ctx.err(
            C::PatternMismatch,
            path,
            "`value` of Switch must be a binding like `${data.x}`".into(),
        ),
        None => site.type_err(ctx, "string"),
    }
}

/// The Form's `init-values` and `error-messages`: no picker initialised there; from 7.0 each
/// key names a component of the Form and its value has that component's type.
pub(crate) fn form_maps<'a>(ctx: &mut Ctx<'a>, si: &ScreenInfo<'a>, f: &CompInfo<'a>) {
    for key in ["init-values", "error-messages"] {
        let Some(m) = f.obj.get(key).and_then(Node::as_object) else {
            continue;
        };
        let mp = sub(&f.path, key);
        for (name, val) in m {
            let kp = sub(&mp, name.as_str());
            let comp = si
                .comps
                .iter()
                .find(|c| c.in_form && c.name == Some(name.as_str()) && c.ty != T::Form);
            if key == "init-values" && comp.is_some_and(|c| c.ty.spec().upload) {
                ctx.emit_at(
                    C::NativeComponentInFormInitValues,
                    Severity::Error,
                    &kp,
                    true,
                    format!(
                        "{} \"{name}\" cannot be initialised through `init-values`",
                        comp.map_or("", |c| c.ty.as_str())
                    ),
                );
                continue;
            }
            if !TYPED_FORM_MAPS.at(ctx.ver) {
                continue;
            }
            let Some(c) = comp else {
                ctx.emit_at(
                    C::InvalidPropertyKey,
                    Severity::Error,
                    &kp,
                    true,
                    format!("`{key}` names \"{name}\", which is not a component of the Form"),
                );
                continue;
            };
            if val.as_str().is_some_and(|s| is_prop_dynamic(s, ctx.ver)) {
                continue;
            }
            let want = if key == "error-messages" {
                Ty::Str
            } else {
                c.ty.spec().value
            };
            if !ty_of_value(val).fits(want) {
                ctx.err(
                    C::InvalidPropertyType,
                    &kp,
                    format!(
                        "expected `{key}` of \"{name}\" to be of type {} but found {}",
                        want.name(),
                        val.type_name()
                    ),
                );
            }
        }
    }
}
