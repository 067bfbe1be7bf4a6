//! Typed C handles: each opaque C type names the Rust type behind it and how it is owned.
//!
//! A C handle type (`waflows_key`, `waflows_relay`, …) implements [`Castable`]: its
//! `RustType` is what the pointer really points at and its `Ownership` is [`OwnedBox`] (one
//! owner: made by `Box::into_raw`, released once with `Box::from_raw`) or [`OwnedArc`] (shared:
//! made by `Arc::into_raw`; the C side holds one strong count, Rust code may take more). The
//! functions below are the only place a handle pointer is cast, so a handle can be read,
//! shared or released only as the type and ownership it was made with.
use std::sync::Arc;

use super::FfiError;

/// Ties a C handle type to the Rust value behind it and to its ownership.
pub(crate) trait Castable {
    /// The Rust value the handle points at.
    type RustType;
    /// [`OwnedBox`] or [`OwnedArc`].
    type Ownership: Ownership;
}

/// How a handle's value is owned and released.
pub(crate) trait Ownership {
    /// Releases the value behind `p`.
    ///
    /// # Safety
    /// `p` must have been made by this ownership's `into_raw` for a `T`, and not used afterwards.
    unsafe fn release<T>(p: *const T);
}

/// The handle owns its value alone (`Box`).
pub(crate) enum OwnedBox {}
/// The handle holds one strong count of a shared value (`Arc`).
pub(crate) enum OwnedArc {}

impl Ownership for OwnedBox {
    unsafe fn release<T>(p: *const T) {
        // SAFETY: made by `Box::into_raw` for a `T` (caller contract), released once.
        drop(unsafe { Box::from_raw(p.cast_mut()) });
    }
}

impl Ownership for OwnedArc {
    unsafe fn release<T>(p: *const T) {
        // SAFETY: made by `Arc::into_raw` for a `T` (caller contract); drops the C side's count.
        drop(unsafe { Arc::from_raw(p) });
    }
}

/// Moves `v` to the heap and returns the handle that owns it.
pub(crate) fn box_handle<C: Castable<Ownership = OwnedBox>>(v: C::RustType) -> *mut C {
    Box::into_raw(Box::new(v)).cast()
}

/// Returns a handle holding one strong count of `v`.
pub(crate) fn arc_handle<C: Castable<Ownership = OwnedArc>>(v: Arc<C::RustType>) -> *mut C {
    Arc::into_raw(v).cast_mut().cast()
}

/// Borrows the value behind `h`, or `None` for NULL.
///
/// # Safety
/// `h` must be NULL or a live handle of type `C` (made by [`box_handle`] / [`arc_handle`]).
pub(crate) unsafe fn try_ref<'a, C: Castable>(h: *const C) -> Option<&'a C::RustType> {
    // SAFETY: a live handle points at its `RustType` whatever its ownership (both `Box` and
    // `Arc` hand out a pointer to the value itself).
    unsafe { h.cast::<C::RustType>().as_ref() }
}

/// Borrows the value behind `h`; NULL is `NullParameter` with `null_message`.
///
/// # Safety
/// As for [`try_ref`].
pub(crate) unsafe fn handle_ref<'a, C: Castable>(
    h: *const C,
    null_message: &'static str,
) -> Result<&'a C::RustType, FfiError> {
    // SAFETY: forwarded contract.
    unsafe { try_ref(h) }.ok_or(FfiError::NullParameter(null_message))
}

/// A new strong reference to the shared value behind `h`; NULL is `NullParameter`.
///
/// # Safety
/// `h` must be NULL or a live handle of type `C` made by [`arc_handle`].
pub(crate) unsafe fn clone_arc<C: Castable<Ownership = OwnedArc>>(
    h: *const C,
    null_message: &'static str,
) -> Result<Arc<C::RustType>, FfiError> {
    if h.is_null() {
        return Err(FfiError::NullParameter(null_message));
    }
    let p = h.cast::<C::RustType>();
    // SAFETY: `p` came from `Arc::into_raw` and is alive (the C side's count); we add one
    // count and take ownership of it.
    unsafe {
        Arc::increment_strong_count(p);
        Ok(Arc::from_raw(p))
    }
}

/// Releases the handle `h` as its ownership requires. NULL is ignored.
///
/// # Safety
/// `h` must be NULL or a live handle of type `C`, not used afterwards.
pub(crate) unsafe fn free_handle<C: Castable>(h: *mut C) {
    if !h.is_null() {
        // SAFETY: forwarded contract.
        unsafe { C::Ownership::release(h.cast_const().cast::<C::RustType>()) }
    }
}
