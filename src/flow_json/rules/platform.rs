//! The platform's own payload keys, which Meta does not check:
//! `ct-evt` (`{evtName: string, evtData: {k: string|binding}}`) and `ct-up` (`{k: string|binding}`)
//! are ingested only from `data_exchange` and `complete` payloads; `next_screen` in a
//! `data_exchange` payload must name a screen that the routing model allows from here.
//! Bindings inside `ct-evt`/`ct-up` are resolved here (and only here, so they are reported
//! once, with a `WAFLOWS_` code).

use crate::flow_json::tree::Node;

use super::semantic::resolve;
use super::{ActionInfo, Ctx, Lookup, Path, ScreenInfo, Seg, join};
use crate::flow_json::binding::{is_expression, parse_binding};
use crate::flow_json::issue::IssueCode as C;

fn sub<'a>(p: &Path<'a>, k: &'a str) -> Path<'a> {
    join(p, Seg::K(k))
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let screens = std::mem::take(&mut ctx.screens);
    let edges = super::routing::edges(ctx, &screens);
    for (cur, si) in screens.iter().enumerate() {
        for a in &si.actions {
            let Some(payload) = a.obj.fget("payload").and_then(Node::as_object) else {
                continue;
            };
            let pp = sub(&a.path, "payload");
            for key in ["ct-evt", "ct-up"] {
                let Some(v) = payload.get(key) else { continue };
                let kp = sub(&pp, key);
                if a.name == "navigate" {
                    ctx.emit_at(
                        C::WaflowsIngestionKeyInNavigate,
                        crate::flow_json::issue::Severity::Warning,
                        &kp,
                        true,
                        format!("`{key}` in a navigate payload is never ingested; use it in data_exchange or complete"),
                    );
                }
                if key == "ct-evt" {
                    ct_evt(ctx, &screens, cur, a, kp, v);
                } else {
                    match v.as_object() {
                        None => ctx.err(
                            C::WaflowsInvalidIngestionValue,
                            &kp,
                            "`ct-up` must be an object of profile attributes".into(),
                        ),
                        Some(o) => {
                            for (k, val) in o {
                                value(ctx, &screens, cur, sub(&kp, k.as_str()), val);
                            }
                        }
                    }
                }
            }
            if a.name == "data_exchange" {
                if let Some(ns) = payload.fget("next_screen") {
                    next_screen(ctx, si, &edges, sub(&pp, "next_screen"), ns);
                }
            }
        }
    }
    ctx.screens = screens;
}

fn ct_evt<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    _a: &ActionInfo<'a>,
    p: Path<'a>,
    v: &'a Node<'a>,
) {
    let Some(o) = v.as_object() else {
        ctx.err(
            C::WaflowsInvalidCtEvt,
            &p,
            "`ct-evt` must be an object with `evtName` and `evtData`".into(),
        );
        return;
    };
    match o.fget("evtName") {
        Some(name @ Node::String(s)) if !s.trim().is_empty() => {
            if s.contains("${") {
                value(ctx, screens, cur, sub(&p, "evtName"), name);
            }
        }
        Some(_) => ctx.err(
            C::WaflowsInvalidCtEvt,
            &sub(&p, "evtName"),
            "`evtName` must be a non-empty string".into(),
        ),
        None => ctx.err(
            C::WaflowsInvalidCtEvt,
            &p,
            "`ct-evt` needs a string `evtName`".into(),
        ),
    }
    match o.fget("evtData") {
        None => {}
        Some(Node::Object(d)) => {
            for (k, val) in d {
                value(ctx, screens, cur, sub(&sub(&p, "evtData"), k.as_str()), val);
            }
        }
        Some(_) => ctx.err(
            C::WaflowsInvalidCtEvt,
            &sub(&p, "evtData"),
            "`evtData` must be an object".into(),
        ),
    }
}

fn value<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    cur: usize,
    p: Path<'a>,
    v: &'a Node<'a>,
) {
    let Some(s) = v.as_str() else {
        ctx.err(
            C::WaflowsInvalidIngestionValue,
            &p,
            format!(
                "ingested values must be strings or bindings, not {}",
                v.type_name()
            ),
        );
        return;
    };
    if is_expression(s, ctx.ver) {
        return;
    }
    if let Some(b) = parse_binding(s, ctx.ver) {
        if let Err(m) = resolve(screens, cur, &b) {
            ctx.err(C::WaflowsUnresolvedIngestionBinding, &p, m);
        }
    } else if s.contains("${") {
        ctx.err(
            C::WaflowsUnresolvedIngestionBinding,
            &p,
            format!("\"{s}\" is not a valid binding"),
        );
    }
}

fn next_screen<'a>(
    ctx: &mut Ctx<'a>,
    si: &ScreenInfo<'a>,
    edges: &std::collections::BTreeMap<&'a str, Vec<&'a str>>,
    p: Path<'a>,
    v: &'a Node<'a>,
) {
    let Some(to) = v.as_str() else {
        ctx.err(
            C::WaflowsUnknownNextScreen,
            &p,
            "`next_screen` must be a screen id string".into(),
        );
        return;
    };
    if parse_binding(to, ctx.ver).is_some() || is_expression(to, ctx.ver) {
        return;
    }
    if ctx.screen_pos(to).is_none() {
        ctx.err(
            C::WaflowsUnknownNextScreen,
            &p,
            format!("`next_screen` \"{to}\" names no screen of this flow"),
        );
        return;
    }
    let Some(from) = si.id else { return };
    if from == to {
        return;
    }
    if !edges.get(from).is_some_and(|v| v.contains(&to)) {
        ctx.err(
            C::WaflowsNextScreenNotRouted,
            &p,
            format!("the routing model does not allow screen {from} to go to {to}"),
        );
    }
}
