//! `waflows_bytes`: a buffer the library allocated for the caller.
use super::{Castable, OwnedBox, box_handle, ffi_boundary, free_handle, try_ref};

/// An owned byte buffer returned by waflows (a response body, a PEM, a JSON export).
/// Read it with `waflows_bytes_data` / `waflows_bytes_len`; release it with
/// `waflows_bytes_free` exactly once. Immutable: may be shared between threads.
pub struct waflows_bytes {
    _private: [u8; 0],
}

/// The value behind a `waflows_bytes` handle: the data followed by one NUL byte that the
/// buffer owns explicitly (so text outputs can be printed with `%s`) and that the length
/// does not count.
pub(crate) struct Bytes {
    with_nul: Box<[u8]>,
}

impl Castable for waflows_bytes {
    type RustType = Bytes;
    type Ownership = OwnedBox;
}

impl Bytes {
    /// Takes `v`, appends the NUL and returns the handle.
    pub(crate) fn into_handle(mut v: Vec<u8>) -> *mut waflows_bytes {
        v.push(0);
        box_handle(Bytes {
            with_nul: v.into_boxed_slice(),
        })
    }

    /// The data, without the trailing NUL.
    pub(crate) fn data(&self) -> &[u8] {
        self.with_nul
            .split_last()
            .map_or(&[][..], |(_nul, data)| data)
    }
}

/// Pointer to the buffer's bytes (valid until `waflows_bytes_free`). The data is followed by a
/// NUL byte that `waflows_bytes_len` does not count, so text outputs can be used as C strings.
/// NULL when `b` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_data(b: *const waflows_bytes) -> *const u8 {
    ffi_boundary!(std::ptr::null(), {
        // SAFETY: `b` is NULL or a live handle (caller contract).
        unsafe { try_ref(b) }.map_or(std::ptr::null(), |bytes| bytes.with_nul.as_ptr())
    })
}

/// Length of the buffer in bytes, not counting the trailing NUL (0 when `b` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_len(b: *const waflows_bytes) -> usize {
    ffi_boundary!(0, {
        // SAFETY: `b` is NULL or a live handle (caller contract).
        unsafe { try_ref(b) }.map_or(0, |bytes| bytes.data().len())
    })
}

/// Releases a buffer. NULL is ignored. Call exactly once per buffer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_bytes_free(b: *mut waflows_bytes) {
    ffi_boundary!((), {
        // SAFETY: `b` is NULL or came from the library and is freed once (caller contract).
        unsafe { free_handle(b) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_owns_its_nul() {
        for data in [&b""[..], b"abc", b"a\0b"] {
            let h = Bytes::into_handle(data.to_vec());
            // SAFETY: a live handle, freed once below.
            unsafe {
                let len = waflows_bytes_len(h);
                assert_eq!(len, data.len());
                let p = waflows_bytes_data(h);
                assert_eq!(std::slice::from_raw_parts(p, len + 1).last(), Some(&0));
                assert_eq!(std::slice::from_raw_parts(p, len), data);
                waflows_bytes_free(h);
            }
        }
    }
}
