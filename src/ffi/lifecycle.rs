//! C surface of the flow lifecycle: stateless functions over `uint32_t` statuses, actions and
//! effect masks (the `waflows_flow_status`, `waflows_lifecycle_action`, `waflows_lifecycle_effect`
//! and `waflows_endpoint` enums of `waflows_catalogue.h`: `WAFLOWS_FLOW_STATUS_*`, `WAFLOWS_LIFECYCLE_ACTION_*`,
//! `WAFLOWS_LIFECYCLE_EFFECT_*`, `WAFLOWS_ENDPOINT_*`).
use std::ffi::c_char;

use super::{ffi_boundary, ffi_result, need_out, str_from, waflows_result, write_out};
use crate::Error;
use crate::lifecycle::{self, Action, Context, Effect, EndpointKind, FlowStatus};

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

pub(crate) fn status_of(n: u32) -> Result<FlowStatus, Error> {
    super::catalogue::from_c(n)
}
fn action_of(n: u32) -> Result<Action, Error> {
    super::catalogue::from_c(n)
}
fn endpoint_of(n: u32) -> Result<EndpointKind, Error> {
    super::catalogue::from_c(n)
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
        FlowStatus::from_number(status).map_or(std::ptr::null(), |s| s.as_c_str().as_ptr())
    })
}

/// The name of an action (`"update_json"`), static, or NULL for an unknown value. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_lifecycle_action_name(action: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        Action::from_number(action).map_or(std::ptr::null(), |a| a.as_c_str().as_ptr())
    })
}

/// The name of an effect bit (`"remove_from_templates"`), static, or NULL for an unknown value.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_lifecycle_effect_name(effect: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        Effect::from_number(effect).map_or(std::ptr::null(), |e| e.as_c_str().as_ptr())
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
        if rc == waflows_result::OK {
            Ok((s, e))
        } else {
            Err(rc
                .error_code()
                .unwrap_or_else(|| panic!("C-only result {rc:?}")))
        }
    }

    #[test]
    fn constants_match_the_core_enums() {
        assert_eq!((FlowStatus::Draft as u32), FlowStatus::Draft as u32);
        assert_eq!((FlowStatus::Published as u32), FlowStatus::Published as u32);
        assert_eq!(
            (FlowStatus::Deprecated as u32),
            FlowStatus::Deprecated as u32
        );
        assert_eq!((FlowStatus::Throttled as u32), FlowStatus::Throttled as u32);
        assert_eq!((FlowStatus::Blocked as u32), FlowStatus::Blocked as u32);
        assert_eq!((FlowStatus::Deleted as u32), FlowStatus::Deleted as u32);
        assert_eq!((Action::Preview as u32), Action::Preview as u32);
        assert_eq!((Action::UpdateJson as u32), Action::UpdateJson as u32);
        assert_eq!(
            (Action::UpdateCustomerUrl as u32),
            Action::UpdateCustomerUrl as u32
        );
        assert_eq!((Action::Delete as u32), Action::Delete as u32);
        assert_eq!((Action::Refresh as u32), Action::Refresh as u32);
        assert_eq!((Action::Publish as u32), Action::Publish as u32);
        assert_eq!((Action::Deprecate as u32), Action::Deprecate as u32);
        assert_eq!((Action::Throttle as u32), Action::Throttle as u32);
        assert_eq!((Action::Block as u32), Action::Block as u32);
        assert_eq!((Action::Recover as u32), Action::Recover as u32);
        assert_eq!((Effect::FetchPreview as u32), Effect::FetchPreview as u32);
        assert_eq!(
            (Effect::UploadFlowJson as u32),
            Effect::UploadFlowJson as u32
        );
        assert_eq!(
            (Effect::RevalidateRequired as u32),
            Effect::RevalidateRequired as u32
        );
        assert_eq!(
            (Effect::StoreCustomerUrl as u32),
            Effect::StoreCustomerUrl as u32
        );
        assert_eq!((Effect::FetchDetails as u32), Effect::FetchDetails as u32);
        assert_eq!((Effect::PublishFlow as u32), Effect::PublishFlow as u32);
        assert_eq!((Effect::DeprecateFlow as u32), Effect::DeprecateFlow as u32);
        assert_eq!(
            (Effect::RemoveFromTemplates as u32),
            Effect::RemoveFromTemplates as u32
        );
        assert_eq!((Effect::DeleteFlow as u32), Effect::DeleteFlow as u32);
        assert_eq!((Effect::LimitSends as u32), Effect::LimitSends as u32);
        assert_eq!((Effect::SuspendSends as u32), Effect::SuspendSends as u32);
        assert_eq!((Effect::ResumeSends as u32), Effect::ResumeSends as u32);
        assert_eq!(
            (EndpointKind::Platform as u32),
            EndpointKind::Platform as u32
        );
        assert_eq!((EndpointKind::Custom as u32), EndpointKind::Custom as u32);
    }

    #[test]
    fn apply_writes_outputs_only_on_success() {
        let dep = Action::Deprecate as u32;
        let (s, e) = apply_c(FlowStatus::Published as u32, dep, None).unwrap();
        assert_eq!(s, (FlowStatus::Deprecated as u32));
        assert_eq!(
            e,
            (1 << (Effect::DeprecateFlow as u32)) | (1 << (Effect::RemoveFromTemplates as u32))
        );
        let (mut so, mut eo) = (77u32, 88u32);
        // SAFETY: valid pointers.
        let rc = unsafe {
            waflows_lifecycle_apply(
                FlowStatus::Draft as u32,
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
            endpoint: (EndpointKind::Custom as u32),
            has_validation_errors: true,
            ..bad
        };
        assert_eq!(
            apply_c(0, Action::Publish as u32, Some(&errs)),
            Err(ErrorCode::LifecycleValidationErrors)
        );
        let mut s = 0u32;
        // SAFETY: NULL out-parameters are what is being tested.
        unsafe {
            assert_eq!(
                waflows_lifecycle_apply(0, 0, std::ptr::null(), std::ptr::null_mut(), &raw mut s),
                waflows_result::NULL_PARAMETER
            );
            assert_eq!(
                waflows_lifecycle_apply(0, 0, std::ptr::null(), &raw mut s, std::ptr::null_mut()),
                waflows_result::NULL_PARAMETER
            );
            assert_eq!(
                waflows_lifecycle_allowed_actions(0, 0, std::ptr::null_mut()),
                waflows_result::NULL_PARAMETER
            );
            assert_eq!(
                waflows_lifecycle_status_from_name(std::ptr::null(), 3, &raw mut s),
                waflows_result::NULL_PARAMETER
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
                waflows_result::OK
            );
            assert_eq!(v, (FlowStatus::Throttled as u32));
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
                waflows_result::OK
            );
            assert_eq!(v, (Action::Publish as u32));
            assert_eq!(
                waflows_lifecycle_action_from_name(b"nope".as_ptr(), 4, &raw mut v),
                ErrorCode::LifecycleUnknownAction
            );
            let name =
                std::ffi::CStr::from_ptr(waflows_lifecycle_status_name(FlowStatus::Blocked as u32));
            assert_eq!(name.to_str(), Ok("BLOCKED"));
            let name =
                std::ffi::CStr::from_ptr(waflows_lifecycle_effect_name(Effect::LimitSends as u32));
            assert_eq!(name.to_str(), Ok("limit_sends"));
        }
        assert!(waflows_lifecycle_status_name(6).is_null());
        assert!(waflows_lifecycle_action_name(10).is_null());
        assert!(waflows_lifecycle_effect_name(12).is_null());
    }
}
