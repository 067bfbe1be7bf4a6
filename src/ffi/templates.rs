//! C surface of template checks and personalization (JSON in, JSON out).
use std::collections::BTreeMap;

use super::lifecycle::status_of;
use super::{
    ffi_boundary, ffi_result, need_out, opt_slice, slice_from, str_from, waflows_bytes,
    waflows_result, write_bytes, write_json,
};
use crate::Error;
use crate::templates::variables::{self, MissingValue};
use crate::templates::{self, Template};

/// Validates a template definition (`template_json`, the JSON form documented in the README)
/// whose flow is in `flow_status` (`WAFLOWS_FLOW_STATUS_*`). `flow_json` is the flow's Flow
/// JSON for the landing-screen check, or NULL (with `flow_json_len` 0) to skip it. On success
/// `*report_out` receives the report as JSON (`{"ok": bool, "problems": [{"code",
/// "severity", "field", "message"}]}`; free it with `waflows_bytes_free`). A template with
/// problems is still a success: read `ok`. Errors: `WAFLOWS_RESULT_INVALID_ARGUMENT` when
/// `template_json` is not a template's JSON shape or `flow_status` is unknown,
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_template_validate(
    template_json: *const u8,
    template_json_len: usize,
    flow_status: u32,
    flow_json: *const u8,
    flow_json_len: usize,
    report_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(report_out)?;
        // SAFETY: (template_json, len) readable (caller contract).
        let t = Template::from_json(unsafe { slice_from(template_json, template_json_len) }?)?;
        // SAFETY: NULL, or readable for flow_json_len bytes (caller contract).
        let flow = unsafe { opt_slice(flow_json, flow_json_len) }?;
        let report = templates::validate_template(&t, status_of(flow_status)?, flow);
        let json = report.to_json()?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(report_out, json) }
    })
}

/// Campaign check: `WAFLOWS_RESULT_OK` when a template whose flow is in `flow_status` can be
/// sent, else `WAFLOWS_RESULT_TEMPLATE_FLOW_NOT_PUBLISHED` (or `WAFLOWS_RESULT_INVALID_ARGUMENT`
/// for an unknown status). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_template_check_sendable(flow_status: u32) -> waflows_result {
    ffi_result!({ Ok(status_of(flow_status).and_then(templates::check_sendable)?) })
}

/// Lists the distinct `{{…}}` variables of `text` (UTF-8, `text_len` bytes) in order of first
/// appearance, as a JSON array of strings in `*names_out` (free with `waflows_bytes_free`).
/// For a template body this is also the order of its send body's parameters. Errors:
/// `WAFLOWS_RESULT_TEMPLATE_VARIABLE_SYNTAX`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (not UTF-8),
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_template_variables(
    text: *const u8,
    text_len: usize,
    names_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(names_out)?;
        // SAFETY: (text, text_len) readable (caller contract).
        let names = variables::variable_names(unsafe { str_from(text, text_len) }?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(names_out, &names) }
    })
}

/// Renders `text`, replacing each variable with its value from `profile_json` (a JSON object of
/// strings keyed by variable name, e.g. `{"user.name": "Ana"}`). `missing` is
/// `WAFLOWS_MISSING_ERROR`, `_EMPTY` or `_KEEP`. The rendered text goes to `*text_out` (free
/// with `waflows_bytes_free`). Errors: `WAFLOWS_RESULT_TEMPLATE_VARIABLE_SYNTAX`,
/// `WAFLOWS_RESULT_TEMPLATE_VARIABLE_MISSING`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad profile,
/// bad `missing`, not UTF-8), `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_template_render(
    text: *const u8,
    text_len: usize,
    profile_json: *const u8,
    profile_json_len: usize,
    missing: u32,
    text_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(text_out)?;
        let rule: MissingValue = super::catalogue::from_c(missing)?;
        // SAFETY: both buffers readable (caller contract).
        let (t, p) = unsafe {
            (
                str_from(text, text_len)?,
                slice_from(profile_json, profile_json_len)?,
            )
        };
        let profile: BTreeMap<String, String> = serde_json::from_slice(p).map_err(|e| {
            Error::invalid_argument(format!("profile must be a JSON object of strings: {e}"))
        })?;
        let out = variables::render(t, &profile, rule)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(text_out, out) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::ffi::bytes::Bytes;

    unsafe fn take(b: *mut waflows_bytes) -> String {
        // SAFETY: a live handle from this module.
        let s = unsafe {
            String::from_utf8_lossy(
                crate::ffi::try_ref(b.cast_const()).map_or(&[][..], Bytes::data),
            )
            .into_owned()
        };
        // SAFETY: freed once.
        unsafe { super::super::waflows_bytes_free(b) };
        s
    }

    #[test]
    fn validate_returns_the_report_json() {
        let t = br#"{"name":"a","category":"UTILITY","body":"b","button":{"text":"Go","flow_id":"1","navigate_screen":"B"}}"#;
        let flow = br#"{"screens":[{"id":"A"},{"id":"B"}]}"#;
        let mut out = std::ptr::null_mut();
        // SAFETY: valid buffers and out-parameter.
        unsafe {
            let rc = waflows_template_validate(
                t.as_ptr(),
                t.len(),
                1,
                flow.as_ptr(),
                flow.len(),
                &raw mut out,
            );
            assert_eq!(rc, waflows_result::OK);
            let json = take(out);
            assert!(
                json.contains(r#""ok":false"#) && json.contains("landing_screen_not_entry"),
                "{json}"
            );
            let rc = waflows_template_validate(
                t.as_ptr(),
                t.len(),
                1,
                std::ptr::null(),
                0,
                &raw mut out,
            );
            assert_eq!(rc, waflows_result::OK);
            assert!(take(out).contains("landing_screen_unchecked"));
            let mut untouched = std::ptr::null_mut();
            assert_eq!(
                waflows_template_validate(
                    b"{".as_ptr(),
                    1,
                    1,
                    std::ptr::null(),
                    0,
                    &raw mut untouched
                ),
                ErrorCode::InvalidArgument
            );
            assert_eq!(
                waflows_template_validate(
                    t.as_ptr(),
                    t.len(),
                    9,
                    std::ptr::null(),
                    0,
                    &raw mut untouched
                ),
                ErrorCode::InvalidArgument
            );
            assert!(untouched.is_null());
            assert_eq!(
                waflows_template_validate(
                    t.as_ptr(),
                    t.len(),
                    1,
                    std::ptr::null(),
                    0,
                    std::ptr::null_mut()
                ),
                waflows_result::NULL_PARAMETER
            );
        }
    }

    #[test]
    fn render_variables_and_sendable() {
        let mut out = std::ptr::null_mut();
        let text = b"Hi {{user.name}}{{user.x}}";
        let profile = br#"{"user.name":"Ana"}"#;
        // SAFETY: valid buffers and out-parameter.
        unsafe {
            assert_eq!(
                waflows_template_render(
                    text.as_ptr(),
                    text.len(),
                    profile.as_ptr(),
                    profile.len(),
                    MissingValue::Keep as u32,
                    &raw mut out
                ),
                waflows_result::OK
            );
            assert_eq!(take(out), "Hi Ana{{user.x}}");
            assert_eq!(
                waflows_template_render(
                    text.as_ptr(),
                    text.len(),
                    profile.as_ptr(),
                    profile.len(),
                    MissingValue::Error as u32,
                    &raw mut out
                ),
                ErrorCode::TemplateVariableMissing
            );
            assert_eq!(
                waflows_template_render(
                    text.as_ptr(),
                    text.len(),
                    profile.as_ptr(),
                    profile.len(),
                    3,
                    &raw mut out
                ),
                ErrorCode::InvalidArgument
            );
            assert_eq!(
                waflows_template_render(
                    text.as_ptr(),
                    text.len(),
                    b"[1]".as_ptr(),
                    3,
                    0,
                    &raw mut out
                ),
                ErrorCode::InvalidArgument
            );
            assert_eq!(
                waflows_template_variables(text.as_ptr(), text.len(), &raw mut out),
                waflows_result::OK
            );
            assert_eq!(take(out), r#"["user.name","user.x"]"#);
            assert_eq!(
                waflows_template_variables(b"{{".as_ptr(), 2, &raw mut out),
                ErrorCode::TemplateVariableSyntax
            );
        }
        assert_eq!(waflows_template_check_sendable(1), waflows_result::OK);
        assert_eq!(
            waflows_template_check_sendable(2),
            ErrorCode::TemplateFlowNotPublished
        );
        assert_eq!(
            waflows_template_check_sendable(42),
            ErrorCode::InvalidArgument
        );
    }
}
