//! C surface of the flow lifecycle: stateless functions over `uint32_t` statuses, actions and
//! effect masks (see `WAFLOWS_FLOW_STATUS_*`, `WAFLOWS_LIFECYCLE_ACTION_*`,
//! `WAFLOWS_LIFECYCLE_EFFECT_*`, `WAFLOWS_ENDPOINT_*`).
use std::ffi::c_char;

use super::{ffi_boundary, ffi_result, need_out, static_cstr, str_from, waflows_result, write_out};
use crate::Error;
use crate::lifecycle::{self, Action, Context, Effect, EndpointKind, FlowStatus};

/// `DRAFT` (a `uint32_t` flow status).
pub const WAFLOWS_FLOW_STATUS_DRAFT: u32 = 0;
/// `PUBLISHED`.
pub const WAFLOWS_FLOW_STATUS_PUBLISHED: u32 = 1;
/// `DEPRECATED`.
pub const WAFLOWS_FLOW_STATUS_DEPRECATED: u32 = 2;
/// `THROTTLED`.
pub const WAFLOWS_FLOW_STATUS_THROTTLED: u32 = 3;
/// `BLOCKED`.
pub const WAFLOWS_FLOW_STATUS_BLOCKED: u32 = 4;
/// `DELETED` (the flow no longer exists).
pub const WAFLOWS_FLOW_STATUS_DELETED: u32 = 5;

/// `preview` (a `uint32_t` lifecycle action; also its bit in an allowed-actions mask).
pub const WAFLOWS_LIFECYCLE_ACTION_PREVIEW: u32 = 0;
/// `update_json`.
pub const WAFLOWS_LIFECYCLE_ACTION_UPDATE_JSON: u32 = 1;
/// `update_customer_url`.
pub const WAFLOWS_LIFECYCLE_ACTION_UPDATE_CUSTOMER_URL: u32 = 2;
/// `delete`.
pub const WAFLOWS_LIFECYCLE_ACTION_DELETE: u32 = 3;
/// `refresh`.
pub const WAFLOWS_LIFECYCLE_ACTION_REFRESH: u32 = 4;
/// `publish`.
pub const WAFLOWS_LIFECYCLE_ACTION_PUBLISH: u32 = 5;
/// `deprecate`.
pub const WAFLOWS_LIFECYCLE_ACTION_DEPRECATE: u32 = 6;
/// `throttle` (Meta).
pub const WAFLOWS_LIFECYCLE_ACTION_THROTTLE: u32 = 7;
/// `block` (Meta).
pub const WAFLOWS_LIFECYCLE_ACTION_BLOCK: u32 = 8;
/// `recover` (Meta).
pub const WAFLOWS_LIFECYCLE_ACTION_RECOVER: u32 = 9;

/// `fetch_preview` (an effect's bit position in an effects mask).
pub const WAFLOWS_LIFECYCLE_EFFECT_FETCH_PREVIEW: u32 = 0;
/// `upload_flow_json`.
pub const WAFLOWS_LIFECYCLE_EFFECT_UPLOAD_FLOW_JSON: u32 = 1;
/// `revalidate_required`.
pub const WAFLOWS_LIFECYCLE_EFFECT_REVALIDATE_REQUIRED: u32 = 2;
/// `store_customer_url`.
pub const WAFLOWS_LIFECYCLE_EFFECT_STORE_CUSTOMER_URL: u32 = 3;
/// `fetch_details`.
pub const WAFLOWS_LIFECYCLE_EFFECT_FETCH_DETAILS: u32 = 4;
/// `publish_flow`.
pub const WAFLOWS_LIFECYCLE_EFFECT_PUBLISH_FLOW: u32 = 5;
/// `deprecate_flow`.
pub const WAFLOWS_LIFECYCLE_EFFECT_DEPRECATE_FLOW: u32 = 6;
/// `remove_from_templates`.
pub const WAFLOWS_LIFECYCLE_EFFECT_REMOVE_FROM_TEMPLATES: u32 = 7;
/// `delete_flow`.
pub const WAFLOWS_LIFECYCLE_EFFECT_DELETE_FLOW: u32 = 8;
/// `limit_sends`.
pub const WAFLOWS_LIFECYCLE_EFFECT_LIMIT_SENDS: u32 = 9;
/// `suspend_sends`.
pub const WAFLOWS_LIFECYCLE_EFFECT_SUSPEND_SENDS: u32 = 10;
/// `resume_sends`.
pub const WAFLOWS_LIFECYCLE_EFFECT_RESUME_SENDS: u32 = 11;

/// The platform's URL is the Meta endpoint.
pub const WAFLOWS_ENDPOINT_PLATFORM: u32 = 0;
/// A custom URL is the Meta endpoint.
pub const WAFLOWS_ENDPOINT_CUSTOM: u32 = 1;

/// What `waflows_lifecycle_apply` needs besides the status and the action. Zero-initialise it
/// (`{0}`) for the defaults: platform endpoint, no validation errors, a static flow, published
/// flows not editable in place.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct waflows_lifecycle_context {
    /// `WAFLOWS_ENDPOINT_PLATFORM` or `WAFLOWS_ENDPOINT_CUSTOM`.
    pub endpoint: u32,
    /// The flow's latest validation report has errors.
    pub has_validation_errors: bool,
    /// The flow uses a data-exchange endpoint.
    pub uses_endpoint: bool,
    /// The endpoint URL is configured.
    pub endpoint_configured: bool,
    /// Meta lets this published flow be edited (the edit moves it back to Draft).
    pub published_edits: bool,
}

/// NUL-terminated static names (no interning, nothing allocated). A test checks them against
/// the core's `as_str`.
pub(crate) fn status_of(n: u32) -> Result<FlowStatus, Error> {
    FlowStatus::from_u32(n)
        .ok_or_else(|| Error::invalid_argument(format!("unknown flow status value {n}")))
}
fn action_of(n: u32) -> Result<Action, Error> {
    Action::from_u32(n)
        .ok_or_else(|| Error::invalid_argument(format!("unknown lifecycle action value {n}")))
}
fn endpoint_of(n: u32) -> Result<EndpointKind, Error> {
    EndpointKind::from_u32(n)
        .ok_or_else(|| Error::invalid_argument(format!("unknown endpoint kind value {n}")))
}

/// Applies `action` to a flow in `status`. `ctx` may be NULL (defaults). On success writes the
/// new status to `*status_out` and the effects mask (bit `WAFLOWS_LIFECYCLE_EFFECT_*` set for
/// each effect; carry them out in ascending bit order) to `*effects_out`; both are written only
/// on success. Errors: `WAFLOWS_RESULT_LIFECYCLE_*` naming why the action is refused
/// (`waflows_result_name` gives the name), `WAFLOWS_RESULT_INVALID_ARGUMENT` for an unknown
/// status/action/endpoint value, `WAFLOWS_RESULT_NULL_PARAMETER` for a NULL out-parameter.
/// Pure and thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_lifecycle_apply(
    status: u32,
    action: u32,
    ctx: *const waflows_lifecycle_context,
    status_out: *mut u32,
    effects_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(status_out)?;
        need_out(effects_out)?;
        // SAFETY: `ctx` is NULL or points to a readable context (caller contract).
        let c = match unsafe { ctx.as_ref() } {
            None => Context::default(),
            Some(c) => Context {
                endpoint: endpoint_of(c.endpoint)?,
                has_validation_errors: c.has_validation_errors,
                uses_endpoint: c.uses_endpoint,
                endpoint_configured: c.endpoint_configured,
                published_edits: c.published_edits,
            },
        };
        let t = lifecycle::apply(status_of(status)?, action_of(action)?, &c)?;
        // SAFETY: both checked non-NULL above; writable per caller contract.
        unsafe {
            write_out(status_out, t.status as u32)?;
            write_out(effects_out, t.effect_mask())
        }
    })
}

/// The business actions `status` allows with `endpoint` (`WAFLOWS_ENDPOINT_*`), as a mask:
/// bit `WAFLOWS_LIFECYCLE_ACTION_*` set for each. Written to `*mask_out` only on success.
/// Errors: `WAFLOWS_RESULT_INVALID_ARGUMENT` (unknown value), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Pure and thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_lifecycle_allowed_actions(
    status: u32,
    endpoint: u32,
    mask_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(mask_out)?;
        let mask = lifecycle::allowed_actions_mask(status_of(status)?, endpoint_of(endpoint)?);
        // SAFETY: checked non-NULL.
        unsafe { write_out(mask_out, mask) }
    })
}

/// Parses a status name (`"DRAFT"` or `"Draft"`, any case; `name_len` bytes, not
/// NUL-terminated) into `*status_out` (written only on success). Errors:
/// `WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_STATUS`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (not UTF-8),
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_lifecycle_status_from_name(
    name: *const u8,
    name_len: usize,
    status_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(status_out)?;
        // SAFETY: (name, name_len) is readable (caller contract).
        let s: FlowStatus = unsafe { str_from(name, name_len) }?.parse()?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(status_out, s as u32) }
    })
}

/// Parses an action name (`"publish"`) into `*action_out` (written only on success). Errors:
/// `WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_ACTION`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (not UTF-8),
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_lifecycle_action_from_name(
    name: *const u8,
    name_len: usize,
    action_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(action_out)?;
        // SAFETY: (name, name_len) is readable (caller contract).
        let a: Action = unsafe { str_from(name, name_len) }?.parse()?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(action_out, a as u32) }
    })
}

/// Meta's name of a status (`"PUBLISHED"`), a static NUL-terminated string (never free it), or
/// NULL for an unknown value. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_lifecycle_status_name(status: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        FlowStatus::from_u32(status).map_or(std::ptr::null(), |s| static_cstr(s.as_str()))
    })
}

/// The name of an action (`"update_json"`), static, or NULL for an unknown value. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_lifecycle_action_name(action: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        Action::from_u32(action).map_or(std::ptr::null(), |a| static_cstr(a.as_str()))
    })
}

/// The name of an effect bit (`"remove_from_templates"`), static, or NULL for an unknown value.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_lifecycle_effect_name(effect: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        Effect::from_u32(effect).map_or(std::ptr::null(), |e| static_cstr(e.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use std::ffi::CStr;

    fn apply_c(
        status: u32,
        action: u32,
        ctx: Option<&waflows_lifecycle_context>,
    ) -> Result<(u32, u32), ErrorCode> {
        let (mut s, mut e) = (u32::MAX, u32::MAX);
        let p = ctx.map_or(std::ptr::null(), std::ptr::from_ref);
        // SAFETY: valid pointers to locals.
        let rc = unsafe { waflows_lifecycle_apply(status, action, p, &raw mut s, &raw mut e) };
        if rc == ErrorCode::Ok {
            Ok((s, e))
        } else {
            Err(rc)
        }
    }

    #[test]
    fn constants_match_the_core_enums() {
        assert_eq!(WAFLOWS_FLOW_STATUS_DRAFT, FlowStatus::Draft as u32);
        assert_eq!(WAFLOWS_FLOW_STATUS_PUBLISHED, FlowStatus::Published as u32);
        assert_eq!(
            WAFLOWS_FLOW_STATUS_DEPRECATED,
            FlowStatus::Deprecated as u32
        );
        assert_eq!(WAFLOWS_FLOW_STATUS_THROTTLED, FlowStatus::Throttled as u32);
        assert_eq!(WAFLOWS_FLOW_STATUS_BLOCKED, FlowStatus::Blocked as u32);
        assert_eq!(WAFLOWS_FLOW_STATUS_DELETED, FlowStatus::Deleted as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_PREVIEW, Action::Preview as u32);
        assert_eq!(
            WAFLOWS_LIFECYCLE_ACTION_UPDATE_JSON,
            Action::UpdateJson as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_ACTION_UPDATE_CUSTOMER_URL,
            Action::UpdateCustomerUrl as u32
        );
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_DELETE, Action::Delete as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_REFRESH, Action::Refresh as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_PUBLISH, Action::Publish as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_DEPRECATE, Action::Deprecate as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_THROTTLE, Action::Throttle as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_BLOCK, Action::Block as u32);
        assert_eq!(WAFLOWS_LIFECYCLE_ACTION_RECOVER, Action::Recover as u32);
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_FETCH_PREVIEW,
            Effect::FetchPreview as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_UPLOAD_FLOW_JSON,
            Effect::UploadFlowJson as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_REVALIDATE_REQUIRED,
            Effect::RevalidateRequired as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_STORE_CUSTOMER_URL,
            Effect::StoreCustomerUrl as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_FETCH_DETAILS,
            Effect::FetchDetails as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_PUBLISH_FLOW,
            Effect::PublishFlow as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_DEPRECATE_FLOW,
            Effect::DeprecateFlow as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_REMOVE_FROM_TEMPLATES,
            Effect::RemoveFromTemplates as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_DELETE_FLOW,
            Effect::DeleteFlow as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_LIMIT_SENDS,
            Effect::LimitSends as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_SUSPEND_SENDS,
            Effect::SuspendSends as u32
        );
        assert_eq!(
            WAFLOWS_LIFECYCLE_EFFECT_RESUME_SENDS,
            Effect::ResumeSends as u32
        );
        assert_eq!(WAFLOWS_ENDPOINT_PLATFORM, EndpointKind::Platform as u32);
        assert_eq!(WAFLOWS_ENDPOINT_CUSTOM, EndpointKind::Custom as u32);
    }

    #[test]
    fn apply_writes_outputs_only_on_success() {
        let dep = WAFLOWS_LIFECYCLE_ACTION_DEPRECATE;
        let (s, e) = apply_c(WAFLOWS_FLOW_STATUS_PUBLISHED, dep, None).unwrap();
        assert_eq!(s, WAFLOWS_FLOW_STATUS_DEPRECATED);
        assert_eq!(
            e,
            (1 << WAFLOWS_LIFECYCLE_EFFECT_DEPRECATE_FLOW)
                | (1 << WAFLOWS_LIFECYCLE_EFFECT_REMOVE_FROM_TEMPLATES)
        );
        let (mut so, mut eo) = (77u32, 88u32);
        // SAFETY: valid pointers.
        let rc = unsafe {
            waflows_lifecycle_apply(
                WAFLOWS_FLOW_STATUS_DRAFT,
                dep,
                std::ptr::null(),
                &raw mut so,
                &raw mut eo,
            )
        };
        assert_eq!(rc, ErrorCode::LifecycleActionNotAllowed);
        assert_eq!((so, eo), (77, 88));
    }

    #[test]
    fn apply_checks_values_and_pointers() {
        assert_eq!(apply_c(6, 0, None), Err(ErrorCode::InvalidArgument));
        assert_eq!(apply_c(0, 10, None), Err(ErrorCode::InvalidArgument));
        assert_eq!(
            apply_c(u32::MAX, u32::MAX, None),
            Err(ErrorCode::InvalidArgument)
        );
        let bad = waflows_lifecycle_context {
            endpoint: 7,
            has_validation_errors: false,
            uses_endpoint: false,
            endpoint_configured: false,
            published_edits: false,
        };
        assert_eq!(apply_c(0, 0, Some(&bad)), Err(ErrorCode::InvalidArgument));
        let errs = waflows_lifecycle_context {
            endpoint: WAFLOWS_ENDPOINT_CUSTOM,
            has_validation_errors: true,
            ..bad
        };
        assert_eq!(
            apply_c(0, WAFLOWS_LIFECYCLE_ACTION_PUBLISH, Some(&errs)),
            Err(ErrorCode::LifecycleValidationErrors)
        );
        let mut s = 0u32;
        // SAFETY: NULL out-parameters are what is being tested.
        unsafe {
            assert_eq!(
                waflows_lifecycle_apply(0, 0, std::ptr::null(), std::ptr::null_mut(), &raw mut s),
                ErrorCode::NullParameter
            );
            assert_eq!(
                waflows_lifecycle_apply(0, 0, std::ptr::null(), &raw mut s, std::ptr::null_mut()),
                ErrorCode::NullParameter
            );
            assert_eq!(
                waflows_lifecycle_allowed_actions(0, 0, std::ptr::null_mut()),
                ErrorCode::NullParameter
            );
            assert_eq!(
                waflows_lifecycle_status_from_name(std::ptr::null(), 3, &raw mut s),
                ErrorCode::NullParameter
            );
        }
    }

    #[test]
    fn c_names_match_the_core_names() {
        // SAFETY: the name functions return NULL or a static NUL-terminated string.
        let name = |p: *const c_char| (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str());
        for &s in FlowStatus::ALL {
            assert_eq!(
                name(waflows_lifecycle_status_name(s as u32)),
                Some(Ok(s.as_str()))
            );
        }
        for &a in Action::ALL {
            assert_eq!(
                name(waflows_lifecycle_action_name(a as u32)),
                Some(Ok(a.as_str()))
            );
        }
        for &e in Effect::ALL {
            assert_eq!(
                name(waflows_lifecycle_effect_name(e as u32)),
                Some(Ok(e.as_str()))
            );
        }
    }

    #[test]
    fn names_round_trip() {
        let mut v = 99u32;
        // SAFETY: valid pointers and lengths.
        unsafe {
            assert_eq!(
                waflows_lifecycle_status_from_name(b"Throttled".as_ptr(), 9, &raw mut v),
                ErrorCode::Ok
            );
            assert_eq!(v, WAFLOWS_FLOW_STATUS_THROTTLED);
            assert_eq!(
                waflows_lifecycle_status_from_name(b"LIVE".as_ptr(), 4, &raw mut v),
                ErrorCode::LifecycleUnknownStatus
            );
            assert_eq!(
                waflows_lifecycle_status_from_name(b"\xff".as_ptr(), 1, &raw mut v),
                ErrorCode::InvalidArgument
            );
            assert_eq!(
                waflows_lifecycle_action_from_name(b"publish".as_ptr(), 7, &raw mut v),
                ErrorCode::Ok
            );
            assert_eq!(v, WAFLOWS_LIFECYCLE_ACTION_PUBLISH);
            assert_eq!(
                waflows_lifecycle_action_from_name(b"nope".as_ptr(), 4, &raw mut v),
                ErrorCode::LifecycleUnknownAction
            );
            let name = std::ffi::CStr::from_ptr(waflows_lifecycle_status_name(
                WAFLOWS_FLOW_STATUS_BLOCKED,
            ));
            assert_eq!(name.to_str(), Ok("BLOCKED"));
            let name = std::ffi::CStr::from_ptr(waflows_lifecycle_effect_name(
                WAFLOWS_LIFECYCLE_EFFECT_LIMIT_SENDS,
            ));
            assert_eq!(name.to_str(), Ok("limit_sends"));
        }
        assert!(waflows_lifecycle_status_name(6).is_null());
        assert!(waflows_lifecycle_action_name(10).is_null());
        assert!(waflows_lifecycle_effect_name(12).is_null());
    }
}
