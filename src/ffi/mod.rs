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
mod codec;
mod flow_json;
mod ingest;
mod lifecycle;
mod messages;
mod relay;
mod simulator;
mod templates;
mod tokens;

pub use bytes::*;
pub use codec::*;
pub use flow_json::*;
pub use ingest::*;
pub use lifecycle::*;
pub use messages::*;
pub use relay::*;
pub use simulator::*;
pub use templates::*;
pub use tokens::*;

use crate::{Error, ErrorCode};
use std::ffi::c_char;

/// Result code of every fallible `waflows_*` function: [`ErrorCode`], exported to C as
/// `waflows_result` (cbindgen renames it). `WAFLOWS_RESULT_OK` (0) is success; other values are
/// stable and never reused. Codes that arrive *from* C are plain `uint32_t` and are checked.
pub type waflows_result = ErrorCode;

/// Runs `$body` (which evaluates to the function's return value) and turns a panic into
/// `$on_panic`. Every exported function uses it.
macro_rules! ffi_boundary {
    ($on_panic:expr, $body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(v) => v,
            Err(_) => $on_panic,
        }
    }};
    ($body:block) => {
        ffi_boundary!($crate::ErrorCode::Panic, $body)
    };
}
pub(crate) use ffi_boundary;

/// The usual exported body: `$body` is a block evaluating to `Result<(), Error>`; it runs
/// inside the panic boundary and its error becomes the returned `waflows_result`.
macro_rules! ffi_result {
    ($body:block) => {
        $crate::ffi::ffi_boundary!({
            let run = || -> ::std::result::Result<(), $crate::Error> { $body };
            $crate::ffi::code_of(run())
        })
    };
}
pub(crate) use ffi_result;

/// Turns a `Result<(), Error>` into the C result code.
pub(crate) fn code_of(r: Result<(), Error>) -> waflows_result {
    match r {
        Ok(()) => ErrorCode::Ok,
        Err(e) => e.code(),
    }
}

/// Borrows `(ptr, len)` as a byte slice. NULL with `len == 0` is the empty slice.
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that outlive the returned slice.
pub(crate) unsafe fn slice_from<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(Error::new(
            ErrorCode::NullParameter,
            "NULL buffer with non-zero length",
        ));
    }
    // SAFETY: the caller guarantees `ptr` points to `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `(ptr, len)` as UTF-8 text.
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn str_from<'a>(ptr: *const u8, len: usize) -> Result<&'a str, Error> {
    // SAFETY: forwarded contract.
    let b = unsafe { slice_from(ptr, len) }?;
    std::str::from_utf8(b).map_err(|_| Error::invalid_argument("text argument is not valid UTF-8"))
}

/// Writes `v` to `out` when `out` is non-NULL.
///
/// # Safety
/// `out` must be NULL or valid for a write of `T`.
pub(crate) unsafe fn write_out<T>(out: *mut T, v: T) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::new(ErrorCode::NullParameter, "NULL out-parameter"));
    }
    // SAFETY: checked non-NULL; the caller guarantees it is writable.
    unsafe { out.write(v) };
    Ok(())
}

/// Checks that an out-parameter is non-NULL before any work is done.
pub(crate) fn need_out<T>(out: *mut T) -> Result<(), Error> {
    if out.is_null() {
        Err(Error::new(ErrorCode::NullParameter, "NULL out-parameter"))
    } else {
        Ok(())
    }
}

/// Borrows `(ptr, len)` as a byte slice, or `None` when `ptr` is NULL (an optional input).
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn opt_slice<'a>(ptr: *const u8, len: usize) -> Result<Option<&'a [u8]>, Error> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { slice_from(ptr, len) }.map(Some)
    }
}

/// Borrows `(ptr, len)` as UTF-8 text, or `None` when `ptr` is NULL (an optional input).
///
/// # Safety
/// As for [`slice_from`].
pub(crate) unsafe fn opt_str<'a>(ptr: *const u8, len: usize) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { str_from(ptr, len) }.map(Some)
    }
}

/// Reads `n` (ptr, len) pairs.
///
/// # Safety
/// `ptrs` / `lens` must be NULL (with `n == 0`) or arrays of `n` valid entries.
pub(crate) unsafe fn byte_list<'a>(
    ptrs: *const *const u8,
    lens: *const usize,
    n: usize,
) -> Result<Vec<&'a [u8]>, Error> {
    if n > 0 && (ptrs.is_null() || lens.is_null()) {
        return Err(Error::new(ErrorCode::NullParameter, "NULL secrets array"));
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
) -> Result<(), Error> {
    // SAFETY: forwarded contract.
    unsafe { write_out(out, bytes::Bytes::into_handle(bytes.into())) }
}

/// Writes `v` as JSON text into a new `waflows_bytes` at `out`.
///
/// # Safety
/// As for [`write_out`].
pub(crate) unsafe fn write_json(
    out: *mut *mut waflows_bytes,
    v: &serde_json::Value,
) -> Result<(), Error> {
    // SAFETY: forwarded contract.
    unsafe { write_bytes(out, v.to_string()) }
}

/// Moves `v` to the heap and returns it as the opaque handle `H` (release with
/// [`free_handle`] for the same `T`).
pub(crate) fn new_handle<T, H>(v: T) -> *mut H {
    Box::into_raw(Box::new(v)).cast()
}

/// Borrows the `T` behind handle `h`; NULL fails with `NullParameter` and `null_message`.
///
/// # Safety
/// `h` must be NULL or a live handle made by [`new_handle`] from a `T`.
pub(crate) unsafe fn handle_ref<'a, T, H>(
    h: *const H,
    null_message: &'static str,
) -> Result<&'a T, Error> {
    // SAFETY: forwarded contract.
    unsafe { h.cast::<T>().as_ref() }
        .ok_or_else(|| Error::new(ErrorCode::NullParameter, null_message))
}

/// Releases a handle made by [`new_handle`] from a `T`. NULL is ignored.
///
/// # Safety
/// `h` must be NULL or a live handle made by [`new_handle`] from a `T`, not used afterwards.
pub(crate) unsafe fn free_handle<T, H>(h: *mut H) {
    if !h.is_null() {
        // SAFETY: forwarded contract: `h` came from `Box::into_raw` and is freed once.
        drop(unsafe { Box::from_raw(h.cast::<T>()) });
    }
}

/// The stable snake_case name of a result code (`"decryption_failed"`), as a static
/// NUL-terminated string. Unknown codes give `"unknown"`. Never NULL; never free it.
/// Safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_result_name(code: u32) -> *const c_char {
    ffi_boundary!(c"panic".as_ptr(), {
        match ErrorCode::from_u32(code) {
            Some(c) => static_cstr(c.as_str()),
            None => c"unknown".as_ptr(),
        }
    })
}

/// The HTTP status Meta's endpoint contract expects for a result code (400, 421, 427, 432),
/// or 0 when the code has none. Safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_result_http_status(code: u32) -> u16 {
    ffi_boundary!(0, {
        ErrorCode::from_u32(code)
            .and_then(ErrorCode::http_status)
            .unwrap_or(0)
    })
}

/// The library version (`"0.1.0"`), a static NUL-terminated string. Never free it.
#[unsafe(no_mangle)]
pub extern "C" fn waflows_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Interns `&'static str` names as NUL-terminated C strings (built once, kept forever).
pub(crate) fn static_cstr(s: &'static str) -> *const c_char {
    use std::collections::HashMap;
    use std::ffi::CString;
    use std::sync::{Mutex, OnceLock};
    static TABLE: OnceLock<Mutex<HashMap<&'static str, &'static std::ffi::CStr>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = match table.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let c = guard.entry(s).or_insert_with(|| {
        let owned = CString::new(s).unwrap_or_else(|_| CString::from(c"invalid"));
        Box::leak(owned.into_boxed_c_str())
    });
    c.as_ptr()
}

/// Test-only export that panics inside the boundary, proving that a bug becomes
/// `WAFLOWS_RESULT_PANIC` instead of aborting the host. Always returns `WAFLOWS_RESULT_PANIC`.
#[doc(hidden)]
#[unsafe(no_mangle)]
pub extern "C" fn waflows_test_panic() -> ErrorCode {
    ffi_boundary!({
        let v: Vec<u32> = Vec::new();
        // Deliberate out-of-bounds access: this is the point of the function.
        #[allow(clippy::indexing_slicing)]
        let x = v[usize::from(v.is_empty())];
        ErrorCode::from_u32(x).unwrap_or(ErrorCode::Ok)
    })
}
