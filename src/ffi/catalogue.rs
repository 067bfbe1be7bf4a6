//! Every catalogue (see `crate::catalogue`) exported to C from its one declaration.
//!
//! - The C enums (`waflows_result`, `waflows_flow_status`, …) are rendered from the catalogues
//!   into `include/waflows_catalogue.h` (included by `waflows.h`) by [`c_header`]; `make header`
//!   writes it and a unit test fails when it is stale.
//! - Four generic functions read any catalogue by its `waflows_catalogue` id: name of a number,
//!   number of a name, size and the number at an index. Every name is a static NUL-terminated
//!   string built at compile time: nothing is allocated, so nothing is leaked.
use std::ffi::{CStr, c_char};
use std::fmt::Write as _;

use super::{ffi_boundary, ffi_result, need_out, str_from, waflows_result, write_out};
use crate::Error;
use crate::catalogue::{Catalogue, UnknownName};

/// How one catalogue looks from C.
struct CInfo {
    /// The C type name (`waflows_result`).
    c_type: &'static str,
    /// The constant prefix (`WAFLOWS_RESULT`).
    prefix: &'static str,
    /// The C enum's documentation.
    doc: &'static str,
    len: usize,
    name_of: fn(u32) -> Option<&'static CStr>,
    number_at: fn(usize) -> Option<u32>,
    parse: fn(&str) -> Result<u32, UnknownName>,
    render: fn(&CInfo, &mut String),
    #[cfg(test)]
    check: fn(),
}

fn info<T: Catalogue + serde::Serialize + serde::de::DeserializeOwned>(
    c_type: &'static str,
    prefix: &'static str,
    doc: &'static str,
) -> CInfo {
    CInfo {
        c_type,
        prefix,
        doc,
        len: T::ALL.len(),
        name_of: |n| T::from_number(n).map(T::as_c_str),
        number_at: |i| T::ALL.get(i).map(|v| v.number()),
        parse: |s| s.parse::<T>().map(T::number),
        render: render_enum::<T>,
        #[cfg(test)]
        check: crate::catalogue::assert_well_formed::<T>,
    }
}

/// Declares the exported catalogues once: the `waflows_catalogue` id enum and the table that
/// maps each id to its Rust catalogue and C names.
macro_rules! exported {
    ($( $(#[doc = $doc:literal])* $id:ident = $num:literal => $name:literal :
        $t:ty, $c_type:literal, $prefix:literal; )*) => {
        crate::catalogue! {
            /// The catalogues the C ABI exports (`waflows_catalogue_*` take one of these).
            #[non_exhaustive]
            pub enum CatalogueId as "catalogue", unknown = InvalidArgument {
                $( $(#[doc = $doc])* $id = $num => $name, )*
            }
        }

        fn info_of(id: CatalogueId) -> CInfo {
            match id {
                $(CatalogueId::$id => info::<$t>($c_type, $prefix, concat!($($doc, "\n",)* "")),)*
            }
        }
    };
}

exported! {
    /// Result codes of every fallible function (`waflows_result`).
    Result = 0 => "result": super::waflows_result, "waflows_result", "WAFLOWS_RESULT";
    /// Flow statuses (`waflows_flow_status`), Meta's names (`"PUBLISHED"`).
    FlowStatus = 1 => "flow_status":
        crate::lifecycle::FlowStatus, "waflows_flow_status", "WAFLOWS_FLOW_STATUS";
    /// Lifecycle actions (`waflows_lifecycle_action`); also bit positions in an allowed-actions
    /// mask.
    LifecycleAction = 2 => "lifecycle_action":
        crate::lifecycle::Action, "waflows_lifecycle_action", "WAFLOWS_LIFECYCLE_ACTION";
    /// Lifecycle effects (`waflows_lifecycle_effect`): bit positions in an effects mask.
    LifecycleEffect = 3 => "lifecycle_effect":
        crate::lifecycle::Effect, "waflows_lifecycle_effect", "WAFLOWS_LIFECYCLE_EFFECT";
    /// Which URL Meta calls for the flow's data exchange (`waflows_endpoint`).
    Endpoint = 4 => "endpoint":
        crate::lifecycle::EndpointKind, "waflows_endpoint", "WAFLOWS_ENDPOINT";
    /// Ingestion policies (`waflows_ingest_policy`).
    IngestPolicy = 5 => "ingest_policy":
        crate::ingest::Policy, "waflows_ingest_policy", "WAFLOWS_INGEST_POLICY";
    /// Ingestion problem codes (`waflows_ingest_problem`), the `code` of each problem.
    IngestProblem = 6 => "ingest_problem":
        crate::ingest::ProblemCode, "waflows_ingest_problem", "WAFLOWS_INGEST_PROBLEM";
    /// What ingestion did with problematic data (`waflows_ingest_outcome`).
    IngestOutcome = 7 => "ingest_outcome":
        crate::ingest::Outcome, "waflows_ingest_outcome", "WAFLOWS_INGEST_OUTCOME";
    /// How the WhatsApp id becomes the CleverTap identity (`waflows_identity_style`).
    IdentityStyle = 8 => "identity_style":
        crate::ingest::IdentityStyle, "waflows_identity_style", "WAFLOWS_IDENTITY_STYLE";
    /// Relay setups (`waflows_relay_setup`).
    RelaySetup = 9 => "relay_setup":
        crate::relay::Setup, "waflows_relay_setup", "WAFLOWS_RELAY_SETUP";
    /// Relay reply kinds (`waflows_reply_kind`).
    ReplyKind = 10 => "reply_kind":
        crate::relay::ReplyKind, "waflows_reply_kind", "WAFLOWS_REPLY_KIND";
    /// Relay decision kinds (`waflows_decision_type`, what `waflows_decision_kind` returns; the
    /// type is not named after the function, which C would take for a redeclaration).
    DecisionKind = 11 => "decision_kind":
        crate::relay::DecisionKind, "waflows_decision_type", "WAFLOWS_DECISION";
    /// Template problem codes (`waflows_template_problem`).
    TemplateProblem = 12 => "template_problem":
        crate::templates::ProblemCode, "waflows_template_problem", "WAFLOWS_TEMPLATE_PROBLEM";
    /// Template problem severities (`waflows_template_severity`).
    TemplateSeverity = 13 => "template_severity":
        crate::templates::Severity, "waflows_template_severity", "WAFLOWS_TEMPLATE_SEVERITY";
    /// Missing-value rules of `waflows_template_render` (`waflows_missing_value`).
    MissingValue = 14 => "missing_value":
        crate::templates::variables::MissingValue, "waflows_missing_value", "WAFLOWS_MISSING";
    /// `mode` of an interactive flow message (`waflows_message_mode`).
    MessageMode = 15 => "message_mode":
        crate::messages::Mode, "waflows_message_mode", "WAFLOWS_MESSAGE_MODE";
    /// `flow_action` of an interactive flow message (`waflows_message_flow_action`).
    MessageFlowAction = 16 => "message_flow_action":
        crate::messages::FlowAction, "waflows_message_flow_action", "WAFLOWS_MESSAGE_FLOW_ACTION";
    /// How `flow_action_payload.data` is written (`waflows_message_data_encoding`).
    MessageDataEncoding = 17 => "message_data_encoding":
        crate::messages::DataEncoding, "waflows_message_data_encoding",
        "WAFLOWS_MESSAGE_DATA_ENCODING";
}

/// The C header text for every exported catalogue (what `include/waflows_catalogue.h` holds).
#[must_use]
pub fn c_header() -> String {
    let mut out = String::from(
        "/*\n * waflows catalogues (result codes, statuses, actions, …) as C enums.\n \
         * Generated from the Rust catalogues by `make header`: do not edit.\n \
         * Included by waflows.h; include that instead.\n */\n\n\
         #ifndef WAFLOWS_CATALOGUE_H\n#define WAFLOWS_CATALOGUE_H\n\n#include <stdint.h>\n",
    );
    render_enum::<CatalogueId>(
        &info::<CatalogueId>(
            "waflows_catalogue",
            "WAFLOWS_CATALOGUE",
            "The catalogues the C ABI exports (`waflows_catalogue_*` take one of these).\n",
        ),
        &mut out,
    );
    for &id in CatalogueId::ALL {
        let i = info_of(id);
        (i.render)(&i, &mut out);
    }
    out.push_str("\n#endif /* WAFLOWS_CATALOGUE_H */\n");
    out
}

fn comment(out: &mut String, indent: &str, doc: &str) {
    for line in doc.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.is_empty() {
            let _ = writeln!(out, "{indent}//");
        } else {
            let _ = writeln!(out, "{indent}// {line}");
        }
    }
}

/// `KeyIsPublic` → `KEY_IS_PUBLIC` (cbindgen's ScreamingSnakeCase).
fn screaming_snake(ident: &str) -> String {
    let mut s = String::with_capacity(ident.len() + 8);
    for (i, ch) in ident.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            s.push('_');
        }
        s.push(ch.to_ascii_uppercase());
    }
    s
}

fn render_enum<T: Catalogue>(i: &CInfo, out: &mut String) {
    out.push('\n');
    comment(out, "", i.doc);
    let _ = writeln!(
        out,
        "enum {}\n#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L\n  : uint32_t\n\
         #endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L\n {{",
        i.c_type
    );
    for &v in T::ALL {
        comment(out, "  ", v.doc());
        let _ = writeln!(
            out,
            "  {}_{} = {},",
            i.prefix,
            screaming_snake(v.variant_name()),
            v.number()
        );
    }
    let t = i.c_type;
    let _ = writeln!(
        out,
        "}};\n#ifndef __cplusplus\n#if __STDC_VERSION__ >= 202311L\ntypedef enum {t} {t};\n#else\n\
         typedef uint32_t {t};\n#endif // __STDC_VERSION__ >= 202311L\n#endif // __cplusplus"
    );
}

/// Reads a catalogue value that arrived from C as a number: an unknown number is
/// `InvalidArgument` naming the catalogue.
pub(crate) fn from_c<T: Catalogue>(n: u32) -> Result<T, Error> {
    T::from_number(n)
        .ok_or_else(|| Error::invalid_argument(format!("unknown {} value {n}", T::LABEL)))
}

fn catalogue_of(catalogue: u32) -> Result<CInfo, Error> {
    CatalogueId::from_number(catalogue)
        .map(info_of)
        .ok_or_else(|| Error::invalid_argument(format!("unknown waflows_catalogue {catalogue}")))
}

/// The stable name of `number` in `catalogue` (`waflows_catalogue`), e.g. `"PUBLISHED"` for
/// (`WAFLOWS_CATALOGUE_FLOW_STATUS`, `WAFLOWS_FLOW_STATUS_PUBLISHED`): a static NUL-terminated
/// string (never free it), or NULL when the catalogue or the number is unknown. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_catalogue_name(catalogue: u32, number: u32) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        catalogue_of(catalogue)
            .ok()
            .and_then(|i| (i.name_of)(number))
            .map_or(std::ptr::null(), CStr::as_ptr)
    })
}

/// Parses a name of `catalogue` (ASCII case-insensitive; `name_len` bytes, not NUL-terminated)
/// into its number, written to `*number_out` only on success. Errors:
/// `WAFLOWS_RESULT_NULL_PARAMETER` (NULL `number_out`, or NULL `name` with a non-zero length),
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (unknown catalogue, name not UTF-8, or a name not in the
/// catalogue, except:) `WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_STATUS` / `_ACTION` for an unknown
/// flow status / lifecycle action name. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_catalogue_from_name(
    catalogue: u32,
    name: *const u8,
    name_len: usize,
    number_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(number_out)?;
        let i = catalogue_of(catalogue)?;
        // SAFETY: (name, name_len) is readable (caller contract).
        let n = (i.parse)(unsafe { str_from(name, name_len) }?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(number_out, n) }
    })
}

/// How many values `catalogue` has (0 for an unknown catalogue). Use with
/// `waflows_catalogue_number_at` to list them. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_catalogue_len(catalogue: u32) -> usize {
    ffi_boundary!(0, { catalogue_of(catalogue).map_or(0, |i| i.len) })
}

/// The number of the `index`-th value of `catalogue` (declaration order), written to
/// `*number_out` only on success. Errors: `WAFLOWS_RESULT_INVALID_ARGUMENT` (unknown catalogue,
/// `index` ≥ `waflows_catalogue_len`), `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_catalogue_number_at(
    catalogue: u32,
    index: usize,
    number_out: *mut u32,
) -> waflows_result {
    ffi_result!({
        need_out(number_out)?;
        let i = catalogue_of(catalogue)?;
        let n = (i.number_at)(index)
            .ok_or_else(|| Error::invalid_argument(format!("index {index} out of range")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(number_out, n) }
    })
}

/// The C name (`"WAFLOWS_FLOW_STATUS"`) prefix of a catalogue, for tests.
#[cfg(test)]
fn prefix_of(id: CatalogueId) -> &'static str {
    info_of(id).prefix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn committed_header_is_fresh() {
        let committed = include_str!("../../include/waflows_catalogue.h");
        assert!(
            committed == c_header(),
            "include/waflows_catalogue.h is stale: run `make header`"
        );
    }

    #[test]
    fn catalogue_ids_are_well_formed() {
        crate::catalogue::assert_well_formed::<CatalogueId>();
        for &id in CatalogueId::ALL {
            assert!(prefix_of(id).starts_with("WAFLOWS_"));
            (info_of(id).check)();
        }
    }

    #[test]
    fn generic_functions_cover_every_catalogue() {
        for &id in CatalogueId::ALL {
            let cat = id.number();
            let len = waflows_catalogue_len(cat);
            assert!(len > 0);
            for index in 0..len {
                let mut n = u32::MAX;
                // SAFETY: valid out-pointer.
                let rc = unsafe { waflows_catalogue_number_at(cat, index, &raw mut n) };
                assert_eq!(rc, waflows_result::OK);
                let name = waflows_catalogue_name(cat, n);
                assert!(!name.is_null());
                // SAFETY: static NUL-terminated string.
                let name = unsafe { CStr::from_ptr(name) }.to_bytes();
                let mut back = u32::MAX;
                // SAFETY: valid pointers.
                let rc = unsafe {
                    waflows_catalogue_from_name(cat, name.as_ptr(), name.len(), &raw mut back)
                };
                assert_eq!(rc, waflows_result::OK);
                assert_eq!(back, n);
            }
            let mut n = 7;
            // SAFETY: valid out-pointer.
            let rc = unsafe { waflows_catalogue_number_at(cat, len, &raw mut n) };
            assert_eq!(
                (rc, n),
                (waflows_result::from(ErrorCode::InvalidArgument), 7)
            );
        }
        assert!(waflows_catalogue_name(u32::MAX, 0).is_null());
        assert_eq!(waflows_catalogue_len(u32::MAX), 0);
        let mut n = 7;
        // SAFETY: valid pointers.
        let rc = unsafe { waflows_catalogue_from_name(0, b"nope".as_ptr(), 4, &raw mut n) };
        assert_eq!(
            (rc, n),
            (waflows_result::from(ErrorCode::InvalidArgument), 7)
        );
        // SAFETY: NULL name with a non-zero length is refused before any read.
        let rc = unsafe { waflows_catalogue_from_name(0, std::ptr::null(), 4, &raw mut n) };
        assert_eq!(rc, waflows_result::NULL_PARAMETER);
        // SAFETY: NULL out-parameter.
        let rc = unsafe { waflows_catalogue_from_name(0, b"ok".as_ptr(), 2, std::ptr::null_mut()) };
        assert_eq!(rc, waflows_result::NULL_PARAMETER);
    }

    #[test]
    fn c_names_match_the_old_cbindgen_spelling() {
        assert_eq!(screaming_snake("KeyIsPublic"), "KEY_IS_PUBLIC");
        assert_eq!(screaming_snake("Ok"), "OK");
        let h = c_header();
        assert!(h.contains("  WAFLOWS_RESULT_DECRYPTION_FAILED = 101,\n"));
        assert!(h.contains("typedef uint32_t waflows_result;"));
        assert!(h.contains("  WAFLOWS_FLOW_STATUS_PUBLISHED = 1,\n"));
        assert!(h.contains("  WAFLOWS_LIFECYCLE_EFFECT_REMOVE_FROM_TEMPLATES = 7,\n"));
    }
}
