//! The routing model: an explicit `routing_model` (endpoint flows), or the one Meta derives
//! from navigate actions for static flows.

use super::table::{CompType as T, Slot};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::flow_json::tree::Node;

use super::gates;
use super::{Ctx, Lookup, ScreenInfo, Seg};
use crate::flow_json::issue::IssueCode as C;

pub(crate) use crate::flow_json::limits::MAX_BRANCHES;

/// Navigate edges `(from index, to id, via NavigationList)` of the flow.
fn navigate_edges<'a>(screens: &[ScreenInfo<'a>]) -> Vec<(usize, &'a str, bool)> {
    let mut out = Vec::new();
    for s in screens {
        for a in s.actions.iter().filter(|a| a.name == "navigate") {
            let next = a.obj.fget("next");
            if next
                .and_then(|n| n.fget("type"))
                .and_then(Node::as_str)
                .unwrap_or("screen")
                != "screen"
            {
                continue;
            }
            if let Some(to) = next.and_then(|n| n.fget("name")).and_then(Node::as_str) {
                out.push((s.index, to, a.slot == Slot::ListClick));
            }
        }
    }
    out
}

/// The routing edges (explicit or derived) as `from id → [to ids]`.
/// A routing model: screen id → the ids it routes to.
type Routes<'a> = BTreeMap<&'a str, Vec<&'a str>>;

pub(crate) fn edges<'a>(
    ctx: &Ctx<'a>,
    screens: &[ScreenInfo<'a>],
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    if let Some(rm) = ctx.root.fget("routing_model").and_then(Node::as_object) {
        for (k, v) in rm {
            let list = m.entry(k.as_str()).or_default();
            for d in v.as_array().into_iter().flatten().filter_map(Node::as_str) {
                list.push(d);
            }
        }
    } else {
        for (from, to, _) in navigate_edges(screens) {
            if let Some(id) = screens.get(from).and_then(|s| s.id) {
                let list = m.entry(id).or_default();
                if !list.contains(&to) {
                    list.push(to);
                }
            }
        }
    }
    m
}

/// The `ids` not connected to the first one by `edges` (taken in either direction). Screens
/// are numbered once so that the walk is over vectors (a flow may have many screens).
fn disconnected<'a>(ids: &[&'a str], edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<&'a str> {
    let mut number: HashMap<&str, usize> = HashMap::with_capacity(ids.len() + edges.len());
    let num = |s: &'a str, number: &mut HashMap<&'a str, usize>| -> usize {
        let n = number.len();
        *number.entry(s).or_insert(n)
    };
    for id in ids {
        num(id, &mut number);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (a, bs) in edges {
        let x = num(a, &mut number);
        for b in bs {
            let y = num(b, &mut number);
            pairs.push((x, y));
        }
    }
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); number.len()];
    for (x, y) in pairs {
        if let Some(v) = adj.get_mut(x) {
            v.push(y);
        }
        if let Some(v) = adj.get_mut(y) {
            v.push(x);
        }
    }
    let mut seen = vec![false; number.len()];
    let mut stack: Vec<usize> = ids
        .first()
        .and_then(|f| number.get(f))
        .copied()
        .into_iter()
        .collect();
    while let Some(x) = stack.pop() {
        if let Some(s) = seen.get_mut(x) {
            if !*s {
                *s = true;
                stack.extend(adj.get(x).into_iter().flatten().copied());
            }
        }
    }
    ids.iter()
        .copied()
        .filter(|id| {
            !number
                .get(id)
                .and_then(|n| seen.get(*n))
                .copied()
                .unwrap_or(false)
        })
        .collect()
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let screens = std::mem::take(&mut ctx.screens);
    if ctx.root.fget("routing_model").is_some_and(Node::is_object) {
        explicit(ctx, &screens);
    } else if !ctx.endpoint {
        derived(ctx, &screens);
    }
    ctx.screens = screens;
}

/// An explicit `routing_model`: known screens, branch limits, loops, coverage, connectivity
/// and agreement with the navigate actions.
fn explicit<'a>(ctx: &mut Ctx<'a>, screens: &[ScreenInfo<'a>]) {
    let rp = [Seg::K("routing_model")];
    let ids: Vec<&str> = screens.iter().filter_map(|s| s.id).collect();
    let known: BTreeSet<&str> = ids.iter().copied().collect();
    let m = edges(ctx, screens);
    let mut invalid: BTreeSet<&str> = BTreeSet::new();
    for (k, v) in &m {
        if !known.contains(k) {
            invalid.insert(k);
        }
        for d in v {
            if !known.contains(d) {
                invalid.insert(d);
            }
        }
    }
    if !invalid.is_empty() {
        ctx.err(
            C::InvalidRoutingModel,
            &rp,
            format!(
                "the routing model names screens that do not exist: {}",
                invalid.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    per_screen_routes(ctx, &m);
    coverage(ctx, screens, &ids, &m);
    navigate_routes(ctx, screens, &known, &m);
}

/// Per screen: at most MAX_BRANCHES routes, no self-loop, no explicit back route.
fn per_screen_routes(ctx: &mut Ctx<'_>, m: &Routes<'_>) {
    for (k, v) in m {
        let kp = [Seg::K("routing_model"), Seg::K(k)];
        let distinct: BTreeSet<&&str> = v.iter().collect();
        if distinct.len() > MAX_BRANCHES {
            ctx.err(
                C::InvalidRoutingModel,
                &kp,
                format!(
                    "screen {k} has {} routes; the maximum is {MAX_BRANCHES}",
                    distinct.len()
                ),
            );
        }
        if v.contains(k) {
            ctx.err(
                C::InvalidRoutingModel,
                &kp,
                format!("loop detected: screen {k} routes to itself"),
            );
        }
        for d in v {
            if d < k && m.get(d).is_some_and(|back| back.contains(k)) {
                ctx.err(
                    C::InvalidRoutingModel,
                    &kp,
                    format!("screens {d} and {k} route to each other; the back route is implicit"),
                );
            }
        }
    }
}

/// Every non-terminal screen is mentioned, some screen is an entry, all are connected.
fn coverage<'a>(ctx: &mut Ctx<'a>, screens: &[ScreenInfo<'a>], ids: &[&str], m: &Routes<'_>) {
    let rp = [Seg::K("routing_model")];
    let mentioned: BTreeSet<&str> = m
        .iter()
        .flat_map(|(k, v)| std::iter::once(*k).chain(v.iter().copied()))
        .collect();
    let missing: Vec<&str> = screens
        .iter()
        .filter(|s| !s.terminal)
        .filter_map(|s| s.id)
        .filter(|id| !mentioned.contains(id))
        .collect();
    if !missing.is_empty() && ids.len() > 1 {
        ctx.err(
            C::InvalidRoutingModel,
            &rp,
            format!(
                "the following screens are missing in the routing model: {}",
                missing.join(", ")
            ),
        );
    }
    let mut inbound: BTreeSet<&str> = m
        .iter()
        .flat_map(|(k, v)| v.iter().copied().filter(move |d| d != k))
        .collect();
    if gates::NAVIGATE_ROUTES_INBOUND.at(ctx.ver) {
        inbound.extend(navigate_edges(screens).into_iter().map(|(_, to, _)| to));
    }
    if !ids.is_empty() && ids.iter().all(|id| inbound.contains(id)) {
        ctx.err(
            C::InvalidRoutingModel,
            &rp,
            "no entry screen found: every screen has an inbound route".into(),
        );
    }
    if ids.len() > 1 {
        let lost = disconnected(ids, m);
        if !lost.is_empty() {
            ctx.err(
                C::InvalidRoutingModel,
                &rp,
                format!(
                    "screens not connected with the rest of the routing model: {}",
                    lost.join(", ")
                ),
            );
        }
    }
}

/// Each navigate action has a route (either direction) in the model.
fn navigate_routes<'a>(
    ctx: &mut Ctx<'a>,
    screens: &[ScreenInfo<'a>],
    known: &BTreeSet<&str>,
    m: &Routes<'_>,
) {
    let rp = [Seg::K("routing_model")];
    let navlist_skip = gates::LIST_NAVIGATION_UNROUTED.at(ctx.ver);
    for (from, to, via_list) in navigate_edges(screens) {
        if via_list && navlist_skip {
            continue;
        }
        let Some(fid) = screens.get(from).and_then(|s| s.id) else {
            continue;
        };
        if fid == to || !known.contains(to) {
            continue;
        }
        let ok = m.get(fid).is_some_and(|v| v.contains(&to))
            || m.get(to).is_some_and(|v| v.contains(&fid));
        if !ok {
            ctx.err(
                C::InvalidRoutingModel,
                &rp,
                format!("missing direct route from {fid} to {to} while a navigate action exists"),
            );
        }
    }
}

fn derived<'a>(ctx: &mut Ctx<'a>, screens: &[ScreenInfo<'a>]) {
    if gates::LIST_NAVIGATION_UNROUTED.at(ctx.ver)
        && screens
            .iter()
            .any(|s| s.comps.iter().any(|c| c.ty == T::NavigationList))
    {
        return;
    }
    let ids: Vec<&str> = screens.iter().filter_map(|s| s.id).collect();
    let m = edges(ctx, screens);
    for s in screens {
        let Some(id) = s.id else { continue };
        let n = m.get(id).map_or(0, Vec::len);
        if n > MAX_BRANCHES {
            ctx.err(
                C::InvalidRoutingModel,
                &s.path(),
                format!("screen {id} navigates to {n} screens; the maximum is {MAX_BRANCHES} (reduce navigate actions)"),
            );
        }
    }
    if ids.len() < 2 {
        return;
    }
    let lost = disconnected(&ids, &m);
    if !lost.is_empty() {
        ctx.err(
            C::InvalidRoutingModel,
            &[Seg::K("screens")],
            format!(
                "screens not connected through navigate actions: {}",
                lost.join(", ")
            ),
        );
    }
    let targets: BTreeSet<&str> = m.values().flatten().copied().collect();
    if ids.iter().all(|id| targets.contains(id)) {
        ctx.err(
            C::InvalidRoutingModel,
            &[Seg::K("screens")],
            "no entry screen found: every screen is the target of a navigate action".into(),
        );
    }
}
