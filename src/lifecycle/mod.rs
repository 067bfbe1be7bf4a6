//! The flow lifecycle: which actions each status allows, and what happens when one is applied.
//!
//! This module owns one pure function, [`apply`]: `(status, action, context)` → the new status
//! and the [`Effect`]s the host must carry out (call Meta's publish API, remove the flow from
//! every template using it, …), or an [`Error`] whose code names why the action is refused.
//! It never calls Meta, never stores anything and never reads a clock: the host does the I/O
//! the effects describe.
//!
//! Statuses are Meta's (`DRAFT`, `PUBLISHED`, `DEPRECATED`, `THROTTLED`, `BLOCKED`) plus
//! [`FlowStatus::Deleted`] for a flow that no longer exists. Actions are the business's
//! (`preview`, `update_json`, `update_customer_url`, `delete`, `refresh`, `publish`, `deprecate`)
//! and Meta's own observations (`throttle`, `block`, `recover`, reported by the
//! `FLOW_STATUS_CHANGE` webhook; see [`action_for_status_change`]).
//!
//! ```
//! use waflows::lifecycle::{apply, Action, Context, Effect, FlowStatus};
//!
//! let ctx = Context::default();
//! let t = apply(FlowStatus::Draft, Action::Publish, &ctx).unwrap();
//! assert_eq!(t.status, FlowStatus::Published);
//! let t = apply(t.status, Action::Deprecate, &ctx).unwrap();
//! assert_eq!(t.status, FlowStatus::Deprecated);
//! assert!(t.effects.contains(&Effect::RemoveFromTemplates));
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::{Error, ErrorCode, Result};

crate::catalogue! {
    /// The status of a flow, as Meta's Flows API reports it (plus `Deleted`).
    ///
    /// Parsing accepts Meta's upper-case names (`"DRAFT"`) and the display names (`"Draft"`),
    /// case-insensitively. The numeric value is the C ABI's `waflows_flow_status`.
    #[non_exhaustive]
    pub enum FlowStatus as "flow status", unknown = LifecycleUnknownStatus {
        /// Editable; not yet sendable (except with `mode: "draft"` for tests).
        Draft = 0 => "DRAFT",
        /// Live: usable in templates and campaigns.
        Published = 1 => "PUBLISHED",
        /// Retired (irreversible); read-only; cannot be used in templates or campaigns.
        Deprecated = 2 => "DEPRECATED",
        /// Restricted by Meta's monitoring: at most 10 new flow messages per hour.
        Throttled = 3 => "THROTTLED",
        /// Restricted by Meta: cannot be sent, and users cannot open received messages.
        Blocked = 4 => "BLOCKED",
        /// The flow was deleted (only a Draft can be). Nothing is allowed any more.
        Deleted = 5 => "DELETED",
    }
}

impl FlowStatus {
    /// The display name used in the product's listing (`"Published"`).
    #[must_use]
    pub const fn display_name(self) -> &'static str {
        match self {
            FlowStatus::Draft => "Draft",
            FlowStatus::Published => "Published",
            FlowStatus::Deprecated => "Deprecated",
            FlowStatus::Throttled => "Throttled",
            FlowStatus::Blocked => "Blocked",
            FlowStatus::Deleted => "Deleted",
        }
    }

    /// Whether a message using this flow can be sent in `mode: "published"` (Throttled: at most
    /// 10 new flow messages per hour).
    #[must_use]
    pub const fn is_sendable(self) -> bool {
        matches!(self, FlowStatus::Published | FlowStatus::Throttled)
    }
}

crate::catalogue! {
    /// Something done to a flow: by the business (through the platform) or by Meta on its own.
    ///
    /// The numeric value is the C ABI's `uint32_t` action and the bit position in
    /// [`allowed_actions`]'s C mask.
    #[non_exhaustive]
    pub enum Action as "lifecycle action", unknown = LifecycleUnknownAction {
        /// Open the preview (web preview URL).
        Preview = 0 => "preview",
        /// Replace the Flow JSON.
        UpdateJson = 1 => "update_json",
        /// Change the customer data-exchange URL the platform relays to.
        UpdateCustomerUrl = 2 => "update_customer_url",
        /// Delete the flow (Draft only).
        Delete = 3 => "delete",
        /// Fetch status, validation results and error details again from Meta.
        Refresh = 4 => "refresh",
        /// Publish the flow.
        Publish = 5 => "publish",
        /// Deprecate the flow (irreversible).
        Deprecate = 6 => "deprecate",
        /// Meta throttled the flow (monitoring).
        Throttle = 7 => "throttle",
        /// Meta blocked the flow (monitoring or integrity).
        Block = 8 => "block",
        /// Meta's monitoring lifted one step of restriction (Blocked → Throttled → Published).
        Recover = 9 => "recover",
    }
}

impl Action {
    /// `true` for the actions only Meta takes (`throttle`, `block`, `recover`); they are never in
    /// [`allowed_actions`], which lists what the business may do.
    #[must_use]
    pub const fn is_meta(self) -> bool {
        match self {
            Action::Throttle | Action::Block | Action::Recover => true,
            Action::Preview
            | Action::UpdateJson
            | Action::UpdateCustomerUrl
            | Action::Delete
            | Action::Refresh
            | Action::Publish
            | Action::Deprecate => false,
        }
    }
}

crate::catalogue! {
    /// Which URL Meta calls for the flow's data exchange.
    #[non_exhaustive]
    pub enum EndpointKind as "endpoint kind", unknown = InvalidArgument {
        /// The platform's own URL is the Meta endpoint: it decrypts, ingests and relays to the
        /// customer data-exchange URL (so that URL exists and can be edited).
        Platform = 0 => "platform",
        /// The business registered its own URL with Meta; there is no customer data-exchange URL.
        Custom = 1 => "custom",
    }
}

impl Default for EndpointKind {
    /// [`EndpointKind::Platform`].
    fn default() -> Self {
        EndpointKind::Platform
    }
}

crate::catalogue! {
    /// What the host must do after a transition. The numeric value is the bit position in the
    /// C ABI's effect mask; [`Transition::effects`] lists effects in ascending order, which is
    /// also the order to carry them out in.
    #[non_exhaustive]
    pub enum Effect as "lifecycle effect", unknown = InvalidArgument {
        /// Fetch (or invalidate and fetch) the preview URL from Meta.
        FetchPreview = 0 => "fetch_preview",
        /// Upload the new Flow JSON to Meta (`POST /{flow-id}/assets`).
        UploadFlowJson = 1 => "upload_flow_json",
        /// The stored validation result is stale: fetch `validation_errors` again.
        RevalidateRequired = 2 => "revalidate_required",
        /// Store the new customer data-exchange URL in the relay configuration (no Meta call).
        StoreCustomerUrl = 3 => "store_customer_url",
        /// Fetch the flow's details (status, validation errors, health) from Meta.
        FetchDetails = 4 => "fetch_details",
        /// Call Meta's publish API (`POST /{flow-id}/publish`).
        PublishFlow = 5 => "publish_flow",
        /// Call Meta's deprecate API (`POST /{flow-id}/deprecate`).
        DeprecateFlow = 6 => "deprecate_flow",
        /// Remove the flow from every template that uses it.
        RemoveFromTemplates = 7 => "remove_from_templates",
        /// Call Meta's delete API (`DELETE /{flow-id}`) and drop the flow from the listing.
        DeleteFlow = 8 => "delete_flow",
        /// Sending is rate-limited by Meta: at most 10 new flow messages per hour.
        LimitSends = 9 => "limit_sends",
        /// Sending is refused by Meta: pause campaigns using the flow.
        SuspendSends = 10 => "suspend_sends",
        /// Sending is unrestricted again.
        ResumeSends = 11 => "resume_sends",
    }
}

/// What [`apply`] needs to know besides the status and the action.
///
/// The default is: platform endpoint, no validation errors, a static flow (no endpoint), and
/// published flows not editable in place. Built with [`Context::default`] and the `with_*`
/// methods (the struct may gain fields, so it is not built literally outside the crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Context {
    /// Which URL Meta calls for data exchange.
    pub endpoint: EndpointKind,
    /// The flow's latest validation report has errors (a flow with errors cannot be published).
    /// Pass the `has errors` answer of the Flow JSON validator or of Meta's `validation_errors`.
    pub has_validation_errors: bool,
    /// The flow uses a data-exchange endpoint (its Flow JSON declares `data_api_version` or a
    /// `data_exchange` action).
    pub uses_endpoint: bool,
    /// The flow's endpoint URL is configured (only checked when `uses_endpoint`).
    pub endpoint_configured: bool,
    /// Meta lets this flow be edited while Published (newer flows do: the edit moves it back to
    /// Draft; older ones answer 139001 and must be cloned). Off by default, matching the
    /// product's status table, which offers no JSON edits once published.
    pub published_edits: bool,
}

impl Context {
    /// Sets which URL Meta calls for data exchange.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: EndpointKind) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Sets whether the flow's latest validation report has errors.
    #[must_use]
    pub fn with_validation_errors(mut self, yes: bool) -> Self {
        self.has_validation_errors = yes;
        self
    }

    /// Sets whether the flow uses a data-exchange endpoint.
    #[must_use]
    pub fn with_uses_endpoint(mut self, yes: bool) -> Self {
        self.uses_endpoint = yes;
        self
    }

    /// Sets whether the flow's endpoint URL is configured.
    #[must_use]
    pub fn with_endpoint_configured(mut self, yes: bool) -> Self {
        self.endpoint_configured = yes;
        self
    }

    /// Sets whether Meta lets this flow be edited while Published.
    #[must_use]
    pub fn with_published_edits(mut self, yes: bool) -> Self {
        self.published_edits = yes;
        self
    }
}

/// The outcome of a successful [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The status after the action.
    pub status: FlowStatus,
    /// What the host must carry out, in order.
    pub effects: Vec<Effect>,
}

impl Transition {
    fn to(status: FlowStatus, effects: &[Effect]) -> Result<Transition> {
        Ok(Transition {
            status,
            effects: effects.to_vec(),
        })
    }

    /// The effects as a C ABI bit mask (bit `e as u32` set for each effect `e`).
    #[must_use]
    pub fn effect_mask(&self) -> u32 {
        self.effects
            .iter()
            .fold(0, |m, e| m | (1u32 << (*e as u32)))
    }
}

fn not_allowed(status: FlowStatus, action: Action, why: &str) -> Result<Transition> {
    Err(Error::new(
        ErrorCode::LifecycleActionNotAllowed,
        format!(
            "cannot {} a flow that is {}: {why}",
            action_phrase(action),
            status.display_name()
        ),
    ))
}

fn action_phrase(action: Action) -> &'static str {
    match action {
        Action::Preview => "preview",
        Action::UpdateJson => "update the Flow JSON of",
        Action::UpdateCustomerUrl => "update the customer data-exchange URL of",
        Action::Delete => "delete",
        Action::Refresh => "refresh",
        Action::Publish => "publish",
        Action::Deprecate => "deprecate",
        Action::Throttle => "throttle",
        Action::Block => "block",
        Action::Recover => "recover",
    }
}

fn customer_url(status: FlowStatus, ctx: &Context) -> Result<Transition> {
    match ctx.endpoint {
        EndpointKind::Platform => Transition::to(status, &[Effect::StoreCustomerUrl]),
        EndpointKind::Custom => Err(Error::new(
            ErrorCode::LifecyclePlatformEndpointRequired,
            "cannot update the customer data-exchange URL: the flow's Meta endpoint is a custom \
             URL, so there is no customer URL to relay to (it exists only with the platform's endpoint)",
        )),
    }
}

fn publish(ctx: &Context) -> Result<Transition> {
    if ctx.has_validation_errors {
        return Err(Error::new(
            ErrorCode::LifecycleValidationErrors,
            "cannot publish: the flow's validation report has errors; fix them and refresh first",
        ));
    }
    if ctx.uses_endpoint && !ctx.endpoint_configured {
        return Err(Error::new(
            ErrorCode::LifecycleEndpointMissing,
            "cannot publish: the flow uses a data-exchange endpoint and no endpoint URL is configured",
        ));
    }
    Transition::to(FlowStatus::Published, &[Effect::PublishFlow])
}

/// Applies `action` to a flow in `status`.
///
/// Returns the new status and the effects the host must carry out, or an error whose code says
/// why the action is refused: [`ErrorCode::LifecycleActionNotAllowed`],
/// [`ErrorCode::LifecycleValidationErrors`], [`ErrorCode::LifecycleEndpointMissing`],
/// [`ErrorCode::LifecyclePlatformEndpointRequired`] or [`ErrorCode::LifecycleAlreadyDeprecated`]
/// (Meta 139003, safe to ignore). Pure: same inputs, same answer.
///
/// # Errors
/// As listed above.
#[allow(clippy::too_many_lines)] // One arm per (status, action) pair, on purpose.
pub fn apply(status: FlowStatus, action: Action, ctx: &Context) -> Result<Transition> {
    use Action as A;
    use Effect as E;
    use FlowStatus as S;
    // One arm per pair, no `_`: a new status or action does not compile until decided here.
    match (status, action) {
        // Every live status can be previewed and refreshed (Deprecated too: audit).
        (S::Draft | S::Published | S::Deprecated | S::Throttled | S::Blocked, A::Preview) => {
            Transition::to(status, &[E::FetchPreview])
        }
        (S::Draft | S::Published | S::Deprecated | S::Throttled | S::Blocked, A::Refresh) => {
            Transition::to(status, &[E::FetchDetails])
        }

        (S::Draft, A::UpdateJson) => {
            Transition::to(S::Draft, &[E::UploadFlowJson, E::RevalidateRequired])
        }
        (S::Published, A::UpdateJson) => {
            if ctx.published_edits {
                // Meta's newer behaviour: the edit moves the flow back to Draft; delivered
                // messages keep the old version (Meta keeps the last 5).
                Transition::to(S::Draft, &[E::UploadFlowJson, E::RevalidateRequired])
            } else {
                not_allowed(
                    status,
                    action,
                    "deprecate it and create (or clone) a new flow instead",
                )
            }
        }
        // UNVERIFIED in Meta's docs: whether a Throttled or Blocked flow can be edited. We
        // assume Meta treats them like published flows under restriction and refuses edits
        // (the product's status table offers none either).
        (S::Throttled | S::Blocked, A::UpdateJson) => not_allowed(
            status,
            action,
            "a restricted flow cannot be edited; deprecate it or wait for it to recover",
        ),
        (S::Deprecated, A::UpdateJson) => {
            not_allowed(status, action, "deprecated flows are read-only")
        }

        (S::Draft | S::Published | S::Throttled | S::Blocked, A::UpdateCustomerUrl) => {
            customer_url(status, ctx)
        }
        (S::Deprecated, A::UpdateCustomerUrl) => {
            not_allowed(status, action, "deprecated flows are read-only")
        }

        (S::Draft, A::Delete) => Transition::to(S::Deleted, &[E::DeleteFlow]),
        (S::Published | S::Throttled | S::Blocked, A::Delete) => not_allowed(
            status,
            action,
            "only a Draft can be deleted; deprecate it instead",
        ),
        (S::Deprecated, A::Delete) => not_allowed(status, action, "only a Draft can be deleted"),

        (S::Draft, A::Publish) => publish(ctx),
        (S::Published, A::Publish) => not_allowed(status, action, "it is already published"),
        (S::Throttled | S::Blocked, A::Publish) => not_allowed(
            status,
            action,
            "it is published and restricted by Meta; it recovers on its own",
        ),
        (S::Deprecated, A::Publish) => not_allowed(status, action, "deprecation is irreversible"),

        (S::Published | S::Throttled | S::Blocked, A::Deprecate) => {
            Transition::to(S::Deprecated, &[E::DeprecateFlow, E::RemoveFromTemplates])
        }
        (S::Draft, A::Deprecate) => not_allowed(
            status,
            action,
            "only a published flow can be deprecated; delete the draft instead",
        ),
        (S::Deprecated, A::Deprecate) => Err(Error::new(
            ErrorCode::LifecycleAlreadyDeprecated,
            "the flow is already deprecated (nothing to do)",
        )),

        // Meta's monitoring (FLOW_STATUS_CHANGE webhooks). Only published flows are monitored.
        (S::Published, A::Throttle) => Transition::to(S::Throttled, &[E::LimitSends]),
        // Meta documents Published → Throttled → Blocked. A direct Published → Blocked (an
        // integrity block, 139000) is accepted too, so the host never falls out of sync with
        // what Meta reports.
        (S::Published | S::Throttled, A::Block) => Transition::to(S::Blocked, &[E::SuspendSends]),
        (S::Blocked, A::Recover) => Transition::to(S::Throttled, &[E::LimitSends]),
        (S::Throttled, A::Recover) => Transition::to(S::Published, &[E::ResumeSends]),
        (S::Throttled, A::Throttle) => not_allowed(status, action, "it is already throttled"),
        (S::Blocked, A::Throttle) => not_allowed(
            status,
            action,
            "a blocked flow recovers to Throttled (use recover)",
        ),
        (S::Blocked, A::Block) => not_allowed(status, action, "it is already blocked"),
        (S::Published, A::Recover) => not_allowed(status, action, "it is not restricted"),
        (S::Draft | S::Deprecated, A::Throttle | A::Block | A::Recover) => {
            not_allowed(status, action, "Meta monitors only published flows")
        }

        (
            S::Deleted,
            A::Preview
            | A::UpdateJson
            | A::UpdateCustomerUrl
            | A::Delete
            | A::Refresh
            | A::Publish
            | A::Deprecate
            | A::Throttle
            | A::Block
            | A::Recover,
        ) => not_allowed(status, action, "the flow no longer exists"),
    }
}

/// The business actions (never Meta's) that `status` allows with this endpoint kind: the
/// product's status table. An action listed here may still be refused by a precondition
/// (`publish` with validation errors, or with an endpoint flow whose URL is missing).
///
/// Derived from [`apply`] with a context that satisfies every precondition, so the two cannot
/// disagree.
#[must_use]
pub fn allowed_actions(status: FlowStatus, endpoint: EndpointKind) -> BTreeSet<Action> {
    let ctx = Context {
        endpoint,
        has_validation_errors: false,
        uses_endpoint: false,
        endpoint_configured: true,
        published_edits: false,
    };
    Action::ALL
        .iter()
        .copied()
        .filter(|a| !a.is_meta() && apply(status, *a, &ctx).is_ok())
        .collect()
}

/// [`allowed_actions`] as a C ABI bit mask (bit `a as u32` set for each allowed action `a`).
#[must_use]
pub fn allowed_actions_mask(status: FlowStatus, endpoint: EndpointKind) -> u32 {
    allowed_actions(status, endpoint)
        .iter()
        .fold(0, |m, a| m | (1u32 << (*a as u32)))
}

/// Maps a Meta `FLOW_STATUS_CHANGE` webhook (`old_status` → `new_status`) to the Meta action to
/// [`apply`]: `PUBLISHED → THROTTLED` is `throttle`, `→ BLOCKED` is `block`, `BLOCKED →
/// THROTTLED` and `THROTTLED → PUBLISHED` are `recover`. Any other change (`DRAFT → PUBLISHED`,
/// a deprecation, …) is the business's own action and gives `None`.
#[must_use]
pub fn action_for_status_change(old: FlowStatus, new: FlowStatus) -> Option<Action> {
    use FlowStatus as S;
    match (old, new) {
        (S::Published, S::Throttled) => Some(Action::Throttle),
        (S::Published | S::Throttled, S::Blocked) => Some(Action::Block),
        (S::Blocked, S::Throttled) | (S::Throttled, S::Published) => Some(Action::Recover),
        _ => None,
    }
}

/// One row of the product's flow listing.
///
/// JSON form (field names fixed): `{"name", "flow_id", "status", "has_validation_errors",
/// "meta_data_exchange_url", "customer_data_exchange_url", "last_updated", "created_by"}`, with
/// `status` as Meta's upper-case name (display names are accepted when reading) and
/// `last_updated` in Unix seconds. Missing URLs are `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowListing {
    /// The flow's name.
    pub name: String,
    /// Meta's flow id.
    pub flow_id: String,
    /// The lifecycle status.
    pub status: FlowStatus,
    /// Whether the latest validation report has errors.
    pub has_validation_errors: bool,
    /// The URL Meta calls (the platform's or a custom one); `None` for static flows.
    #[serde(default)]
    pub meta_data_exchange_url: Option<String>,
    /// The customer URL the platform relays to (platform endpoint only).
    #[serde(default)]
    pub customer_data_exchange_url: Option<String>,
    /// Last update, Unix seconds.
    pub last_updated: crate::UnixTime,
    /// Who created the flow.
    pub created_by: String,
}

impl FlowListing {
    /// Parses one row from JSON.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidArgument`] when the JSON does not have the row's shape.
    pub fn from_json(json: &[u8]) -> Result<FlowListing> {
        crate::limits::check_json_depth(json, "flow listing row")?;
        serde_json::from_slice(json)
            .map_err(|e| Error::invalid_argument(format!("flow listing row: {e}")))
    }

    /// The row's JSON form.
    ///
    /// # Errors
    /// `InvalidArgument` if serialisation fails (never an empty string).
    pub fn to_json(&self) -> Result<String> {
        crate::limits::to_json_string(self, "flow listing row")
    }

    /// The business actions this row's status allows, for the flow's endpoint kind (the host
    /// knows it; the row does not say).
    #[must_use]
    pub fn allowed_actions(&self, endpoint: EndpointKind) -> BTreeSet<Action> {
        allowed_actions(self.status, endpoint)
    }
}

/// Cuts user-supplied text quoted in an error message to a readable length.
pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        Context::default()
    }

    #[test]
    fn parses_meta_and_display_names() {
        for (text, want) in [
            ("DRAFT", FlowStatus::Draft),
            ("Draft", FlowStatus::Draft),
            ("published", FlowStatus::Published),
            ("DEPRECATED", FlowStatus::Deprecated),
            ("Throttled", FlowStatus::Throttled),
            ("BLOCKED", FlowStatus::Blocked),
            ("DELETED", FlowStatus::Deleted),
        ] {
            assert_eq!(text.parse::<FlowStatus>().ok(), Some(want), "{text}");
        }
        for bad in ["", "DRAFTS", "Publish", " DRAFT", "ÉTÉ"] {
            let e = bad.parse::<FlowStatus>().unwrap_err();
            assert_eq!(e.code(), ErrorCode::LifecycleUnknownStatus, "{bad:?}");
        }
        assert_eq!(
            "nope".parse::<Action>().unwrap_err().code(),
            ErrorCode::LifecycleUnknownAction
        );
        assert_eq!(
            "UPDATE_JSON".parse::<Action>().ok(),
            Some(Action::UpdateJson)
        );
        assert_eq!(
            "x".parse::<EndpointKind>().unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn catalogues_are_well_formed() {
        crate::catalogue::assert_well_formed::<FlowStatus>();
        crate::catalogue::assert_well_formed::<Action>();
        crate::catalogue::assert_well_formed::<Effect>();
        crate::catalogue::assert_well_formed::<EndpointKind>();
        assert_eq!(FlowStatus::from_number(6), None);
        assert_eq!(Action::from_number(10), None);
        assert_eq!(Effect::from_number(12), None);
        assert_eq!(EndpointKind::from_number(2), None);
    }

    #[test]
    fn allowed_actions_follow_the_status_table() {
        use Action as A;
        let p = EndpointKind::Platform;
        let c = EndpointKind::Custom;
        let set = |v: &[Action]| v.iter().copied().collect::<BTreeSet<_>>();
        let table: [(FlowStatus, EndpointKind, BTreeSet<Action>); 10] = [
            (
                FlowStatus::Draft,
                p,
                set(&[
                    A::Preview,
                    A::UpdateJson,
                    A::UpdateCustomerUrl,
                    A::Delete,
                    A::Refresh,
                    A::Publish,
                ]),
            ),
            (
                FlowStatus::Draft,
                c,
                set(&[A::Preview, A::UpdateJson, A::Delete, A::Refresh, A::Publish]),
            ),
            (
                FlowStatus::Published,
                p,
                set(&[A::Preview, A::UpdateCustomerUrl, A::Refresh, A::Deprecate]),
            ),
            (
                FlowStatus::Published,
                c,
                set(&[A::Preview, A::Refresh, A::Deprecate]),
            ),
            (FlowStatus::Deprecated, p, set(&[A::Preview, A::Refresh])),
            (FlowStatus::Deprecated, c, set(&[A::Preview, A::Refresh])),
            (
                FlowStatus::Throttled,
                p,
                set(&[A::Preview, A::UpdateCustomerUrl, A::Refresh, A::Deprecate]),
            ),
            (
                FlowStatus::Blocked,
                p,
                set(&[A::Preview, A::UpdateCustomerUrl, A::Refresh, A::Deprecate]),
            ),
            (
                FlowStatus::Blocked,
                c,
                set(&[A::Preview, A::Refresh, A::Deprecate]),
            ),
            (FlowStatus::Deleted, p, set(&[])),
        ];
        for (status, endpoint, want) in table {
            assert_eq!(
                allowed_actions(status, endpoint),
                want,
                "{status} {endpoint:?}"
            );
        }
        assert_eq!(allowed_actions_mask(FlowStatus::Deprecated, p), 0b1_0001);
    }

    #[test]
    fn publish_checks_preconditions_in_order() {
        let with = |errs, uses, configured| Context {
            has_validation_errors: errs,
            uses_endpoint: uses,
            endpoint_configured: configured,
            ..ctx()
        };
        let code = |c: Context| {
            apply(FlowStatus::Draft, Action::Publish, &c)
                .map(|t| t.status)
                .map_err(|e| e.code())
        };
        assert_eq!(code(with(false, false, false)), Ok(FlowStatus::Published));
        assert_eq!(code(with(false, true, true)), Ok(FlowStatus::Published));
        assert_eq!(
            code(with(true, false, false)),
            Err(ErrorCode::LifecycleValidationErrors)
        );
        assert_eq!(
            code(with(true, true, false)),
            Err(ErrorCode::LifecycleValidationErrors)
        );
        assert_eq!(
            code(with(false, true, false)),
            Err(ErrorCode::LifecycleEndpointMissing)
        );
    }

    #[test]
    fn deprecation_removes_the_flow_from_templates() {
        for from in [
            FlowStatus::Published,
            FlowStatus::Throttled,
            FlowStatus::Blocked,
        ] {
            let t = apply(from, Action::Deprecate, &ctx()).unwrap();
            assert_eq!(t.status, FlowStatus::Deprecated);
            assert_eq!(
                t.effects,
                vec![Effect::DeprecateFlow, Effect::RemoveFromTemplates]
            );
            assert_eq!(t.effect_mask(), (1 << 6) | (1 << 7));
        }
        let e = apply(FlowStatus::Deprecated, Action::Deprecate, &ctx()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LifecycleAlreadyDeprecated);
        let e = apply(FlowStatus::Draft, Action::Deprecate, &ctx()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LifecycleActionNotAllowed);
        assert!(e.message().contains("Draft"), "{e}");
    }

    #[test]
    fn published_edits_return_to_draft_only_when_enabled() {
        let e = apply(FlowStatus::Published, Action::UpdateJson, &ctx()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LifecycleActionNotAllowed);
        let on = Context {
            published_edits: true,
            ..ctx()
        };
        let t = apply(FlowStatus::Published, Action::UpdateJson, &on).unwrap();
        assert_eq!(t.status, FlowStatus::Draft);
        assert_eq!(
            t.effects,
            vec![Effect::UploadFlowJson, Effect::RevalidateRequired]
        );
        for s in [
            FlowStatus::Throttled,
            FlowStatus::Blocked,
            FlowStatus::Deprecated,
        ] {
            assert!(apply(s, Action::UpdateJson, &on).is_err(), "{s}");
        }
    }

    #[test]
    fn customer_url_needs_the_platform_endpoint() {
        let custom = Context {
            endpoint: EndpointKind::Custom,
            ..ctx()
        };
        for s in [
            FlowStatus::Draft,
            FlowStatus::Published,
            FlowStatus::Throttled,
            FlowStatus::Blocked,
        ] {
            let t = apply(s, Action::UpdateCustomerUrl, &ctx()).unwrap();
            assert_eq!((t.status, t.effects), (s, vec![Effect::StoreCustomerUrl]));
            let e = apply(s, Action::UpdateCustomerUrl, &custom).unwrap_err();
            assert_eq!(e.code(), ErrorCode::LifecyclePlatformEndpointRequired);
        }
    }

    #[test]
    fn meta_monitoring_walks_the_documented_ladder() {
        let c = ctx();
        let t = apply(FlowStatus::Published, Action::Throttle, &c).unwrap();
        assert_eq!(t.status, FlowStatus::Throttled);
        let t = apply(t.status, Action::Block, &c).unwrap();
        assert_eq!(t.status, FlowStatus::Blocked);
        let t = apply(t.status, Action::Recover, &c).unwrap();
        assert_eq!(
            (t.status, t.effects),
            (FlowStatus::Throttled, vec![Effect::LimitSends])
        );
        let t = apply(t.status, Action::Recover, &c).unwrap();
        assert_eq!(
            (t.status, t.effects),
            (FlowStatus::Published, vec![Effect::ResumeSends])
        );
        assert!(apply(FlowStatus::Draft, Action::Throttle, &c).is_err());
        assert!(apply(FlowStatus::Published, Action::Recover, &c).is_err());
    }

    #[test]
    fn status_changes_map_to_meta_actions() {
        use FlowStatus as S;
        assert_eq!(
            action_for_status_change(S::Published, S::Throttled),
            Some(Action::Throttle)
        );
        assert_eq!(
            action_for_status_change(S::Throttled, S::Blocked),
            Some(Action::Block)
        );
        assert_eq!(
            action_for_status_change(S::Published, S::Blocked),
            Some(Action::Block)
        );
        assert_eq!(
            action_for_status_change(S::Blocked, S::Throttled),
            Some(Action::Recover)
        );
        assert_eq!(
            action_for_status_change(S::Throttled, S::Published),
            Some(Action::Recover)
        );
        assert_eq!(action_for_status_change(S::Draft, S::Published), None);
        assert_eq!(action_for_status_change(S::Published, S::Deprecated), None);
        // Every mapped change is one apply() accepts and lands on `new`.
        for &old in FlowStatus::ALL {
            for &new in FlowStatus::ALL {
                if let Some(a) = action_for_status_change(old, new) {
                    assert_eq!(
                        apply(old, a, &ctx()).map(|t| t.status),
                        Ok(new),
                        "{old}->{new}"
                    );
                }
            }
        }
    }

    #[test]
    fn effects_are_listed_in_ascending_order() {
        let ctxs = [
            ctx(),
            Context {
                published_edits: true,
                uses_endpoint: true,
                endpoint_configured: true,
                ..ctx()
            },
        ];
        for &s in FlowStatus::ALL {
            for &a in Action::ALL {
                for c in &ctxs {
                    if let Ok(t) = apply(s, a, c) {
                        assert!(
                            t.effects.windows(2).all(|w| w[0] < w[1]),
                            "{s} {a}: {:?}",
                            t.effects
                        );
                        assert!(!t.effects.is_empty(), "{s} {a}");
                    }
                }
            }
        }
    }

    #[test]
    fn deleted_and_deprecated_are_absorbing() {
        let all_on = Context {
            published_edits: true,
            endpoint_configured: true,
            ..ctx()
        };
        for &a in Action::ALL {
            assert!(apply(FlowStatus::Deleted, a, &all_on).is_err(), "{a}");
            if let Ok(t) = apply(FlowStatus::Deprecated, a, &all_on) {
                assert_eq!(t.status, FlowStatus::Deprecated, "{a}");
            }
        }
    }

    #[test]
    fn listing_row_round_trips_and_accepts_display_names() {
        let row = FlowListing {
            name: "Stay feedback".into(),
            flow_id: "1234567890".into(),
            status: FlowStatus::Throttled,
            has_validation_errors: false,
            meta_data_exchange_url: Some("https://relay.example/flows".into()),
            customer_data_exchange_url: None,
            last_updated: 1_700_000_000,
            created_by: "ana@example.com".into(),
        };
        let json = row.to_json().unwrap();
        assert!(json.contains(r#""status":"THROTTLED""#), "{json}");
        assert!(
            json.contains(r#""customer_data_exchange_url":null"#),
            "{json}"
        );
        assert_eq!(FlowListing::from_json(json.as_bytes()), Ok(row.clone()));
        let display = json.replace("THROTTLED", "Throttled");
        assert_eq!(FlowListing::from_json(display.as_bytes()), Ok(row));
        let bad = FlowListing::from_json(br#"{"name":"x","status":"LIVE"}"#).unwrap_err();
        assert_eq!(bad.code(), ErrorCode::InvalidArgument);
        assert!(FlowListing::from_json(b"[").is_err());
    }

    #[test]
    fn error_messages_quote_bounded_input() {
        let long = "x".repeat(10_000);
        let e = Error::from(long.parse::<FlowStatus>().unwrap_err());
        assert!(e.message().len() < 200, "{}", e.message().len());
    }
}

/// The Rust examples of docs/lifecycle.md run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/lifecycle.md")]
struct DocsDoctests;
