//! `waflows_bytes`: a buffer the library allocated for the caller.
use super::ffi_boundary;

/// An owned byte buffer returned by waflows (a response body, a PEM, a JSON export).
/// Read it with `waflows_bytes_data` / `waflows_bytes_len`; release it with
/// `waflows_bytes_free` exactly once. Immutable: may be shared between threads.
pub struct waflows_bytes {
    _private: [u8; 0],
}

pub(crate) struct Bytes(pub(crate) Vec<u8>);

impl Bytes {
    /// Boxes `v` (with a trailing NUL not counted in the length, so text can be printed with
    /// `%s`) and returns the handle.
    pub(crate) fn into_handle(mut v: Vec<u8>) -> *mut waflows_bytes {
        let len = v.len();
        v.push(0);
        v.truncate(len);
        Box::into_raw(Box::new(Bytes(v))).cast()
    }
    /// # Safety
    /// `p` must be a live handle from `into_handle`.
    pub(crate) unsafe fn from_handle<'a>(p: *const waflows_bytes) -> Option<&'a Bytes> {
        // SAFETY: caller contract; NULL gives None.
        unsafe { p.cast::<Bytes>().as_ref() }
    }
}

/// Pointer to the buffer's bytes (valid until `waflows_bytes_free`). The data is followed by a
/// NUL byte that `waflows_bytes_len` does not count, so text outputs can be used as C strings.
/// NULL when `b` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_data(b: *const waflows_bytes) -> *const u8 {
    ffi_boundary!(std::ptr::null(), {
        // SAFETY: `b` is NULL or a live handle (caller contract).
        match unsafe { Bytes::from_handle(b) } {
            Some(bytes) => bytes.0.as_ptr(),
            None => std::ptr::null(),
        }
    })
}

/// Length of the buffer in bytes (0 when `b` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_len(b: *const waflows_bytes) -> usize {
    ffi_boundary!(0, {
        // SAFETY: `b` is NULL or a live handle (caller contract).
        unsafe { Bytes::from_handle(b) }.map_or(0, |bytes| bytes.0.len())
    })
}

/// Releases a buffer. NULL is ignored. Call exactly once per buffer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_free(b: *mut waflows_bytes) {
    ffi_boundary!((), {
        if !b.is_null() {
            // SAFETY: `b` came from `Bytes::into_handle` and is freed once (caller contract).
            drop(unsafe { Box::from_raw(b.cast::<Bytes>()) });
        }
    })
}
