//! C surface of the Flow JSON validator: one call makes an immutable report handle; accessors
//! read its issues; the whole report exports as JSON.
use std::ffi::{CString, c_char};

use super::{
    Castable, FfiError, OwnedBox, box_handle, config_from, ffi_boundary, ffi_result, free_handle,
    need_out, slice_from, try_ref, waflows_bytes, waflows_result, write_bytes, write_json,
    write_out,
};
use crate::Error;
use crate::flow_json::{self, IssueCode, Mode, Options, Report};

/// `mode` for `waflows_flow_json_validate`: like Flow Builder (schema problems first;
/// semantic checks only when the schema passes).
pub const WAFLOWS_FLOW_JSON_MODE_BUILDER: u32 = 0;
/// `mode` for `waflows_flow_json_validate`: every check, always.
pub const WAFLOWS_FLOW_JSON_MODE_EVERYTHING: u32 = 1;

/// A validation report. Made by `waflows_flow_json_validate`, released with
/// `waflows_report_free`. Immutable: it may be read from several threads at once. Strings it
/// hands out live exactly as long as the report.
pub struct waflows_report {
    _private: [u8; 0],
}

pub(crate) struct IssueStrings {
    message: CString,
    pointer: CString,
    path: CString,
}

pub(crate) struct ReportHandle {
    report: Report,
    strings: Vec<IssueStrings>,
}

fn c_string(s: String) -> CString {
    CString::new(s.replace('\0', "\u{fffd}")).unwrap_or_default()
}

impl ReportHandle {
    fn new(report: Report) -> Self {
        let strings = report
            .issues()
            .iter()
            .map(|i| IssueStrings {
                message: c_string(i.message.clone()),
                pointer: c_string(i.pointer()),
                path: c_string(i.meta_path()),
            })
            .collect();
        ReportHandle { report, strings }
    }
}

impl Castable for waflows_report {
    type RustType = ReportHandle;
    type Ownership = OwnedBox;
}

unsafe fn report_ref<'a>(r: *const waflows_report) -> Option<&'a ReportHandle> {
    // SAFETY: `r` is NULL or a live handle from `waflows_flow_json_validate` (caller contract).
    unsafe { try_ref(r) }
}

/// Validates a Flow JSON document (`text`, `text_len` bytes; need not be NUL-terminated).
/// `mode` is `WAFLOWS_FLOW_JSON_MODE_BUILDER` or `WAFLOWS_FLOW_JSON_MODE_EVERYTHING`; with
/// `for_publish` a frozen Flow JSON version is an error instead of a warning. A bad document
/// is not a failure: `*report_out` receives a report listing its issues (free it with
/// `waflows_report_free`). Errors: `WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE` (over 10 MiB),
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (unknown `mode`), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_json_validate(
    text: *const u8,
    text_len: usize,
    mode: u32,
    for_publish: bool,
    report_out: *mut *mut waflows_report,
) -> waflows_result {
    ffi_result!({
        need_out(report_out)?;
        let mode = match mode {
            WAFLOWS_FLOW_JSON_MODE_BUILDER => Mode::Builder,
            WAFLOWS_FLOW_JSON_MODE_EVERYTHING => Mode::Everything,
            _ => {
                return Err(
                    Error::invalid_argument(format!("unknown flow json mode {mode}")).into(),
                );
            }
        };
        // SAFETY: the caller passes a valid (ptr, len) pair.
        let text = unsafe { slice_from(text, text_len) }?;
        let opts = Options::default()
            .with_mode(mode)
            .with_for_publish(for_publish);
        let report = flow_json::validate(text, &opts)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_out(report_out, box_handle(ReportHandle::new(report))) }
    })
}

/// Validates a Flow JSON document (`text`, `text_len` bytes) with the core's validation
/// options as JSON (`options_json`; NULL with length 0 for the defaults): `{"mode": "builder"
/// | "everything", "for_publish": true | false, "strict": true | false, "max_issues": n}`
/// (all optional: `"builder"`, false, false, 1000; unknown keys are refused; the keywords of
/// Python's `validate_flow_json`). `strict` takes the strict reading of every documented
/// discrepancy; at most `max_issues` issues are reported (the report says when it was
/// truncated). A bad document is not a failure: `*report_out` receives a report (free it with
/// `waflows_report_free`). Errors: `WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE` (over 10 MiB),
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad options), `WAFLOWS_RESULT_LIMIT_EXCEEDED`,
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_json_validate_with(
    text: *const u8,
    text_len: usize,
    options_json: *const u8,
    options_json_len: usize,
    report_out: *mut *mut waflows_report,
) -> waflows_result {
    ffi_result!({
        need_out(report_out)?;
        // SAFETY: valid (ptr, len) pairs; the options may be NULL.
        let (text, opts) = unsafe {
            (
                slice_from(text, text_len)?,
                config_from::<Options>(options_json, options_json_len, "options_json")?,
            )
        };
        let report = flow_json::validate(text, &opts)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_out(report_out, box_handle(ReportHandle::new(report))) }
    })
}

/// Releases a report. NULL is ignored. Call once; every string read from it dies with it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_free(report: *mut waflows_report) {
    ffi_boundary!((), {
        // SAFETY: `report` came from `waflows_flow_json_validate` and is freed once.
        unsafe { free_handle(report) }
    })
}

/// Whether the report has no error (warnings allowed). False for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_ok(report: *const waflows_report) -> bool {
    ffi_boundary!(false, {
        // SAFETY: NULL or live.
        unsafe { report_ref(report) }.is_some_and(|r| r.report.ok())
    })
}

/// The number of issues (0 for NULL). Issues are numbered `0 .. len-1` in document order.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_len(report: *const waflows_report) -> usize {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        unsafe { report_ref(report) }.map_or(0, |r| r.report.issues().len())
    })
}

/// The number of errors (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_error_count(report: *const waflows_report) -> usize {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        unsafe { report_ref(report) }.map_or(0, |r| r.report.errors().count())
    })
}

/// Issue `index`'s code (`"INVALID_PROPERTY_KEY"`, `"WAFLOWS_…"`): a static NUL-terminated
/// string, valid forever. NULL when `report` is NULL or `index` is out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_code(
    report: *const waflows_report,
    index: usize,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        // SAFETY: NULL or live.
        match unsafe { report_ref(report) }.and_then(|r| r.report.issues().get(index)) {
            Some(i) => code_cstr(i.code),
            None => std::ptr::null(),
        }
    })
}

fn code_cstr(code: IssueCode) -> *const c_char {
    code.as_c_str().as_ptr()
}

/// Issue `index`'s severity: the static string `"error"` or `"warning"`. NULL when out of
/// range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_severity(
    report: *const waflows_report,
    index: usize,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        // SAFETY: NULL or live.
        match unsafe { report_ref(report) }.and_then(|r| r.report.issues().get(index)) {
            Some(i) if i.severity == flow_json::Severity::Error => c"error".as_ptr(),
            Some(_) => c"warning".as_ptr(),
            None => std::ptr::null(),
        }
    })
}

fn issue_string(
    report: *const waflows_report,
    index: usize,
    pick: fn(&IssueStrings) -> &CString,
) -> *const c_char {
    // SAFETY: NULL or live (caller contract of the exported accessors).
    match unsafe { report_ref(report) }.and_then(|r| r.strings.get(index)) {
        Some(s) => pick(s).as_ptr(),
        None => std::ptr::null(),
    }
}

/// Issue `index`'s message (NUL-terminated UTF-8, valid until `waflows_report_free`). NULL
/// when out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_message(
    report: *const waflows_report,
    index: usize,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        issue_string(report, index, |s| &s.message)
    })
}

/// Issue `index`'s RFC 6901 JSON Pointer (`"/screens/1/layout"`, `""` for the whole
/// document; valid until `waflows_report_free`). NULL when out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_pointer(
    report: *const waflows_report,
    index: usize,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        issue_string(report, index, |s| &s.pointer)
    })
}

/// Issue `index`'s path in Meta's dotted form (`"screens[1].layout"`; valid until
/// `waflows_report_free`). NULL when out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_path(
    report: *const waflows_report,
    index: usize,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        issue_string(report, index, |s| &s.path)
    })
}

fn issue_pos(
    report: *const waflows_report,
    index: usize,
    pick: fn(&flow_json::Issue) -> u32,
) -> u32 {
    // SAFETY: NULL or live (caller contract of the exported accessors).
    unsafe { report_ref(report) }
        .and_then(|r| r.report.issues().get(index))
        .map_or(0, pick)
}

/// Issue `index`'s 1-based start line in the submitted text (0 when out of range).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_line(
    report: *const waflows_report,
    index: usize,
) -> u32 {
    ffi_boundary!(0, { issue_pos(report, index, flow_json::Issue::line) })
}

/// Issue `index`'s 1-based start column, in characters (0 when out of range).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_column(
    report: *const waflows_report,
    index: usize,
) -> u32 {
    ffi_boundary!(0, { issue_pos(report, index, flow_json::Issue::column) })
}

/// Issue `index`'s 1-based end line (inclusive; 0 when out of range).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_end_line(
    report: *const waflows_report,
    index: usize,
) -> u32 {
    ffi_boundary!(0, { issue_pos(report, index, flow_json::Issue::end_line) })
}

/// Issue `index`'s 1-based end column (inclusive, in characters; 0 when out of range).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_issue_end_column(
    report: *const waflows_report,
    index: usize,
) -> u32 {
    ffi_boundary!(0, {
        issue_pos(report, index, flow_json::Issue::end_column)
    })
}

/// The whole report as JSON (`{ok, version, error_count, warning_count, truncated, issues:
/// [...]}`, the same document as Rust's `Report::to_json` and Python's `Report.to_json()`).
/// `*json_out` receives a buffer to free with `waflows_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_to_json(
    report: *const waflows_report,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        let r = unsafe { report_ref(report) }.ok_or(FfiError::NullParameter("NULL report"))?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(json_out, r.report.to_json()) }
    })
}

/// The errors in the shape of the Graph API's `validation_errors` (a JSON array). `*json_out`
/// receives a buffer to free with `waflows_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_report_to_meta_json(
    report: *const waflows_report,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        let r = unsafe { report_ref(report) }.ok_or(FfiError::NullParameter("NULL report"))?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(json_out, &r.report.to_meta_validation_errors()) }
    })
}

/// The number of issue codes in the catalogue (`waflows_issue_code_name(0 .. count-1)`).
#[unsafe(no_mangle)]
pub extern "C" fn waflows_issue_code_count() -> usize {
    ffi_boundary!(0, { IssueCode::ALL.len() })
}

/// The `index`-th issue code of the catalogue (`"INVALID_FLOW_JSON"`, …): a static
/// NUL-terminated string, valid forever. NULL when `index` is out of range.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_issue_code_name(index: usize) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        IssueCode::ALL
            .get(index)
            .map_or(std::ptr::null(), |c| code_cstr(*c))
    })
}

/// One line describing the `index`-th issue code: a static NUL-terminated string. NULL when
/// `index` is out of range.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_issue_code_description(index: usize) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        IssueCode::ALL
            .get(index)
            .map_or(std::ptr::null(), |c| c.description_c_str().as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn validate_and_read_back() {
        let doc = br#"{"version": "7.3", "screens": [], "x": 1}"#;
        let mut r: *mut waflows_report = std::ptr::null_mut();
        // SAFETY: valid buffer and out-pointer.
        let code = unsafe {
            waflows_flow_json_validate(
                doc.as_ptr(),
                doc.len(),
                WAFLOWS_FLOW_JSON_MODE_EVERYTHING,
                false,
                &mut r,
            )
        };
        assert_eq!(code, waflows_result::OK);
        // SAFETY: `r` is live until freed below.
        unsafe {
            assert!(!waflows_report_ok(r));
            let n = waflows_report_len(r);
            assert!(n >= 2);
            let code0 = std::ffi::CStr::from_ptr(waflows_report_issue_code(r, 0))
                .to_str()
                .unwrap();
            assert!(IssueCode::from_name(code0).is_some());
            assert!(waflows_report_issue_code(r, n).is_null());
            assert_eq!(waflows_report_issue_line(r, n), 0);
            assert!(waflows_report_issue_line(r, 0) >= 1);
            waflows_report_free(r);
            waflows_report_free(std::ptr::null_mut());
        }
    }

    #[test]
    fn rejects_bad_mode_and_null_out() {
        let doc = b"{}";
        let mut r: *mut waflows_report = std::ptr::null_mut();
        // SAFETY: valid buffers.
        unsafe {
            assert_eq!(
                waflows_flow_json_validate(doc.as_ptr(), 2, 7, false, &mut r),
                ErrorCode::InvalidArgument
            );
            assert!(r.is_null());
            assert_eq!(
                waflows_flow_json_validate(doc.as_ptr(), 2, 0, false, std::ptr::null_mut()),
                waflows_result::NULL_PARAMETER
            );
            assert_eq!(
                waflows_flow_json_validate(std::ptr::null(), 2, 0, false, &mut r),
                waflows_result::NULL_PARAMETER
            );
            assert!(!waflows_report_ok(std::ptr::null()));
            assert_eq!(waflows_report_len(std::ptr::null()), 0);
        }
    }
}
