//! The C ABI: `waflows_*` functions, generated into `include/waflows.h` by cbindgen.
//!
//! Conventions (rustls-ffi style):
//! - Fallible functions return [`waflows_result`]; other outputs go through `*_out`
//!   parameters, which are written **only on success**.
//! - Input bytes are `(const uint8_t *x, size_t x_len)` and are never NUL-terminated.
//! - Every pointer is NULL-checked (`WAFLOWS_RESULT_NULL_PARAMETER`).
//! - Handles are opaque, created by the library and released exactly once by their
//!   NULL-tolerant `_free`. Never pass them to `free()`.
//! - Every exported body runs inside `ffi_boundary!`: a bug returns `WAFLOWS_RESULT_PANIC`
//!   (or NULL/0) instead of unwinding into the host.
//! - There is no thread-local "last error": the code is the error; `waflows_result_name` and
//!   `waflows_result_http_status` describe it.
#![allow(unsafe_code, non_camel_case_types, clippy::missing_safety_doc)]

mod bytes;
mod catalogue;
mod codec;
mod flow_json;
mod handle;
mod ingest;
mod lifecycle;
mod messages;
mod relay;
mod result;
mod simulator;
mod templates;
mod tokens;
// endpoint
mod endpoint;
// media and the flows webhook
mod media;
mod webhooks;

mod preview;

pub use bytes::*;
pub use catalogue::*;
pub use codec::*;
pub use flow_json::*;
pub use ingest::*;
pub use lifecycle::*;
pub use messages::*;
pub use relay::*;
pub(crate) use result::FfiError;
pub use result::waflows_result;
pub use simulator::*;
pub use templates::*;
pub use tokens::*;
// endpoint
pub use endpoint::*;
// media and the flows webhook
pub use media::*;
pub use webhooks::*;

pub(crate) use handle::{
    Castable, OwnedArc, OwnedBox, arc_handle, box_handle, clone_arc, free_handle, handle_ref,
    try_ref,
};

pub use preview::*;

use crate::{Error, ErrorCode};
use std::ffi::c_char;

/// Runs `$body` (which evaluates to the function's return value) and turns a panic into
/// `$on_panic`. Every exported function uses it.
macro_rules! ffi_boundary {
    ($on_panic:expr, $body:block) => {{
        match $crate::ffi::catch(|| $body) {
            Some(v) => v,
            None => $on_panic,
        }
    }};
    ($body:block) => {
        ffi_boundary!($crate::ffi::waflows_result::PANIC, $body)
    };
}
pub(crate) use ffi_boundary;

/// The usual exported body: `$body` is a block evaluating to `Result<(), FfiError>`; it runs
/// inside the panic boundary and its error becomes the returned `waflows_result`.
macro_rules! ffi_result {
    ($body:block) => {
        $crate::ffi::ffi_boundary!({
            let run = || -> ::std::result::Result<(), $crate::ffi::FfiError> { $body };
            $crate::ffi::code_of(run())
        })
    };
}
pub(crate) use ffi_result;

std::thread_local! {
    /// How many `ffi_boundary!` bodies this thread is inside (panics there are caught).
    static BOUNDARY_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `f`, catching a panic (`None`). A panic inside the boundary is a bug that the caller
/// sees as `WAFLOWS_RESULT_PANIC`: it must not print a message and backtrace on the host's
/// stderr, so the first call installs a panic hook that stays silent while this thread is
/// inside the boundary and otherwise forwards to the hook that was installed before.
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if BOUNDARY_DEPTH.with(std::cell::Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    BOUNDARY_DEPTH.with(|d| d.set(d.get().saturating_add(1)));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    BOUNDARY_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    r.ok()
}

/// Turns a `Result<(), FfiError>` into the C result code.
pub(crate) fn code_of(r: Result<(), FfiError>) -> waflows_result {
    match r {
        Ok(()) => waflows_result::OK,
        Err(e) => e.result(),
    }
}

/// The largest buffer any `waflows_*` function accepts: 1 GiB (`WAFLOWS_MAX_INPUT_LEN`). A
/// longer `(ptr, len)` argument is `WAFLOWS_RESULT_INVALID_ARGUMENT` before anything is read
/// (lengths above `isize::MAX` cannot describe a real buffer at all). Each area's own limits
/// (Flow JSON 10 MiB, webhook 4 MiB, …) are smaller and give their own errors.
pub const WAFLOWS_MAX_INPUT_LEN: usize = 1 << 30;

/// The most entries a list argument (app secrets, token secrets) may have
/// (`WAFLOWS_MAX_LIST_LEN`); more is `WAFLOWS_RESULT_INVALID_ARGUMENT`.
pub const WAFLOWS_MAX_LIST_LEN: usize = 1024;

/// Checks a length that came from C against [`WAFLOWS_MAX_INPUT_LEN`].
pub(crate) fn check_len(len: usize) -> Result<(), FfiError> {
    // WAFLOWS_MAX_INPUT_LEN < isize::MAX on every supported target, so this also keeps
    // `slice::from_raw_parts` within its contract.
    if len > WAFLOWS_MAX_INPUT_LEN || isize::try_from(len).is_err() {
        return Err(Error::invalid_argument(format!(
            "buffer length {len} is over the {WAFLOWS_MAX_INPUT_LEN}-byte limit"
        ))
        .into());
    }
    Ok(())
}

/// Borrows `(ptr, len)` as a byte slice. NULL with `len == 0` is the empty slice; NULL with a
/// non-zero length is `NullParameter`; a length over [`WAFLOWS_MAX_INPUT_LEN`] is
/// `InvalidArgument` (checked before the pointer is touched).
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that outlive the returned slice.
pub(crate) unsafe fn slice_from<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], FfiError> {
    check_len(len)?;
    if ptr.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(FfiError::NullParameter("NULL buffer with non-zero length"));
    }
    // SAFETY: the caller guarantees `ptr` points to `len` readable bytes; `len` is bounded
    // above, so the slice is within `isize::MAX`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `(ptr, len)` as UTF-8 text.
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn str_from<'a>(ptr: *const u8, len: usize) -> Result<&'a str, FfiError> {
    // SAFETY: forwarded contract.
    let b = unsafe { slice_from(ptr, len) }?;
    std::str::from_utf8(b)
        .map_err(|_| Error::invalid_argument("text argument is not valid UTF-8").into())
}

/// Writes `v` to `out` when `out` is non-NULL.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(out: *mut T, v: T) -> Result<(), FfiError> {
    if out.is_null() {
        return Err(FfiError::NullParameter("NULL out-parameter"));
    }
    // SAFETY: checked non-NULL; the caller guarantees it is writable.
    unsafe { out.write(v) };
    Ok(())
}

/// Checks that an out-parameter is non-NULL before any work is done.
pub(crate) fn need_out<T>(out: *mut T) -> Result<(), FfiError> {
    if out.is_null() {
        Err(FfiError::NullParameter("NULL out-parameter"))
    } else {
        Ok(())
    }
}

/// Borrows `(ptr, len)` as a byte slice, or `None` when `ptr` is NULL with `len == 0` (an
/// optional input left out). NULL with a non-zero length is `NullParameter`, as for every
/// other input.
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn opt_slice<'a>(
    ptr: *const u8,
    len: usize,
) -> Result<Option<&'a [u8]>, FfiError> {
    if ptr.is_null() && len == 0 {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { slice_from(ptr, len) }.map(Some)
    }
}

/// Borrows `(ptr, len)` as UTF-8 text, or `None` when `ptr` is NULL with `len == 0` (an
/// optional input left out). NULL with a non-zero length is `NullParameter`.
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn opt_str<'a>(ptr: *const u8, len: usize) -> Result<Option<&'a str>, FfiError> {
    if ptr.is_null() && len == 0 {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { str_from(ptr, len) }.map(Some)
    }
}

/// The optional `X-Hub-Signature-256` header and caller identity of a request-handling call
/// (relay, endpoint): the header as text (a non-UTF-8 header is kept lossily, so it simply does
/// not match), the identity as UTF-8 (`InvalidArgument` otherwise). Each is `None` when NULL
/// with length 0.
///
/// # Safety
/// As for [`slice_from`], for both pairs.
pub(crate) unsafe fn signature_and_identity<'a>(
    signature: *const u8,
    signature_len: usize,
    identity: *const u8,
    identity_len: usize,
) -> Result<(Option<String>, Option<&'a str>), FfiError> {
    // SAFETY: forwarded contract.
    let (sig, id) = unsafe {
        (
            opt_slice(signature, signature_len)?,
            opt_str(identity, identity_len)?,
        )
    };
    Ok((sig.map(|s| String::from_utf8_lossy(s).into_owned()), id))
}

/// Reads `n` (ptr, len) pairs. More than [`WAFLOWS_MAX_LIST_LEN`] entries, or an entry
/// longer than [`WAFLOWS_MAX_INPUT_LEN`], is `InvalidArgument` (checked before reading it).
///
/// # Safety
/// `ptrs` / `lens` must be NULL (with `n == 0`) or arrays of `n` valid entries.
pub(crate) unsafe fn byte_list<'a>(
    ptrs: *const *const u8,
    lens: *const usize,
    n: usize,
) -> Result<Vec<&'a [u8]>, FfiError> {
    if n > WAFLOWS_MAX_LIST_LEN {
        return Err(Error::invalid_argument(format!(
            "{n} list entries is over the limit of {WAFLOWS_MAX_LIST_LEN}"
        ))
        .into());
    }
    if n > 0 && (ptrs.is_null() || lens.is_null()) {
        return Err(FfiError::NullParameter("NULL secrets array"));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: the caller passes arrays of `n` entries.
        let (p, l) = unsafe { (*ptrs.add(i), *lens.add(i)) };
        // SAFETY: each entry is a valid (ptr, len) pair.
        out.push(unsafe { slice_from(p, l) }?);
    }
    Ok(out)
}

/// Copies `bytes` into a new `waflows_bytes` written to `out`.
///
/// # Safety
/// As for [`write_out`].
pub(crate) unsafe fn write_bytes(
    out: *mut *mut waflows_bytes,
    bytes: impl Into<Vec<u8>>,
) -> Result<(), FfiError> {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, bytes::Bytes::into_handle(bytes.into())) }
}

/// Writes `v` as JSON text into a new `waflows_bytes` at `out`.
///
/// # Safety
/// As for [`write_out`].
pub(crate) unsafe fn write_json<T: serde::Serialize + ?Sized>(
    out: *mut *mut waflows_bytes,
    v: &T,
) -> Result<(), FfiError> {
    // A serialisation failure is an error of its own, never reported as a panic.
    let text = serde_json::to_vec(v).map_err(|e| {
        Error::invalid_argument(format!("the result could not be written as JSON: {e}"))
    })?;
    // SAFETY: forwarded contract.
    unsafe { write_bytes(out, text) }
}

/// Reads an optional configuration JSON argument (`ptr` NULL with `len` 0: the type's
/// defaults, as an empty object) through the core type's `Deserialize`.
///
/// # Safety
/// As for [`opt_slice`].
pub(crate) unsafe fn config_from<T: serde::de::DeserializeOwned>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<T, FfiError> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { opt_slice(ptr, len) }?.unwrap_or(b"{}");
    Ok(crate::config::object_from_json(bytes, what)?)
}

/// The stable snake_case name of a result code (`"decryption_failed"`), as a static
/// NUL-terminated string. Unknown codes give `"unknown"`. Never NULL; never free it.
/// Safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_result_name(code: u32) -> *const c_char {
    ffi_boundary!(c"panic".as_ptr(), {
        match <waflows_result as crate::catalogue::Catalogue>::from_number(code) {
            Some(c) => crate::catalogue::Catalogue::as_c_str(c).as_ptr(),
            None => c"unknown".as_ptr(),
        }
    })
}

/// The HTTP status Meta's endpoint contract expects for a result code (400, 421, 427, 432),
/// or 0 when the code has none. Safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_result_http_status(code: u32) -> u16 {
    ffi_boundary!(0, {
        ErrorCode::from_number(code)
            .and_then(ErrorCode::http_status)
            .unwrap_or(0)
    })
}

/// The library version (`"0.1.0"`), a static NUL-terminated string. Never free it.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Test-only export (only in libraries built with the `ffi-test` feature, never in a release
/// library) that panics inside the boundary, proving that a bug becomes `WAFLOWS_RESULT_PANIC`
/// instead of aborting the host, and prints nothing. Always returns `WAFLOWS_RESULT_PANIC`.
#[doc(hidden)]
#[cfg(feature = "ffi-test")]
#[unsafe(no_mangle)]
pub extern "C" fn waflows_test_panic() -> waflows_result {
    ffi_boundary!({
        let v: Vec<u32> = Vec::new();
        // Deliberate out-of-bounds access: this is the point of the function.
        #[allow(clippy::indexing_slicing)]
        let x = v[usize::from(v.is_empty())];
        ErrorCode::from_number(x).map_or(waflows_result::OK, waflows_result::from)
    })
}
