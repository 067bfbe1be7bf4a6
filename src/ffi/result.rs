//! The C result type (`waflows_result`) and the error type of the FFI helpers.
//!
//! A Rust [`Error`] carries an [`ErrorCode`]; C also needs three outcomes that no Rust call can
//! have: success (`WAFLOWS_RESULT_OK` = 0), a NULL pointer (`WAFLOWS_RESULT_NULL_PARAMETER` = 2)
//! and a bug caught at the boundary (`WAFLOWS_RESULT_PANIC` = 3). They are declared once here
//! (`COnly`); `waflows_result` is that catalogue merged with [`ErrorCode::ALL`] (the merge is
//! built at compile time, sorted by number, and a number used by both does not compile), and
//! `include/waflows_catalogue.h` renders it from this one declaration. Every number is the one
//! C has always seen.
//!
//! The FFI helpers return [`FfiError`]: a NULL parameter, or a core [`Error`]. A panic never is a
//! value: `ffi_boundary!` turns it into `WAFLOWS_RESULT_PANIC`.
use std::ffi::CStr;
use std::fmt;

use crate::catalogue::{Catalogue, UnknownName};
use crate::{Error, ErrorCode};

crate::catalogue! {
    /// The result codes that exist only in C (never a Rust [`ErrorCode`]).
    pub(crate) enum COnly as "result", unknown = InvalidArgument {
        /// Success.
        Ok = 0 => "ok",
        /// A required pointer argument was NULL.
        NullParameter = 2 => "null_parameter",
        /// A bug inside waflows was caught at the C boundary instead of unwinding into the host.
        Panic = 3 => "panic",
    }
}

/// Result code of every fallible `waflows_*` function (a `uint32_t` in C; its constants are the
/// `WAFLOWS_RESULT_*` of `waflows_catalogue.h`). `WAFLOWS_RESULT_OK` (0) is success; the other
/// values are [`ErrorCode`] numbers plus `NULL_PARAMETER` (2) and `PANIC` (3), stable and never
/// reused. Codes that arrive *from* C are plain `uint32_t` and are checked.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct waflows_result(u32);

const RESULT_LEN: usize = COnly::ALL.len() + ErrorCode::ALL.len();

/// Every result code sorted by number: `COnly` merged with [`ErrorCode::ALL`] at compile time.
const ALL_RESULTS: [waflows_result; RESULT_LEN] = {
    let (c, e) = (COnly::ALL, ErrorCode::ALL);
    let mut out = [waflows_result(0); RESULT_LEN];
    let (mut i, mut j, mut k) = (0, 0, 0);
    while k < RESULT_LEN {
        let next = if j >= e.len() || (i < c.len() && c[i].number() < e[j].number()) {
            i += 1;
            c[i - 1].number()
        } else {
            j += 1;
            e[j - 1].number()
        };
        assert!(
            k == 0 || out[k - 1].0 < next,
            "a C-only result number is an ErrorCode too"
        );
        out[k] = waflows_result(next);
        k += 1;
    }
    out
};

impl waflows_result {
    /// `WAFLOWS_RESULT_OK`.
    pub const OK: Self = waflows_result(COnly::Ok.number());
    /// `WAFLOWS_RESULT_NULL_PARAMETER`.
    pub const NULL_PARAMETER: Self = waflows_result(COnly::NullParameter.number());
    /// `WAFLOWS_RESULT_PANIC`.
    pub const PANIC: Self = waflows_result(COnly::Panic.number());

    /// The core error code, when this is one (not OK, NULL_PARAMETER or PANIC).
    #[must_use]
    pub const fn error_code(self) -> Option<ErrorCode> {
        ErrorCode::from_number(self.0)
    }

    fn c_only(self) -> Option<COnly> {
        COnly::from_number(self.0)
    }
}

impl From<ErrorCode> for waflows_result {
    fn from(code: ErrorCode) -> Self {
        waflows_result(code.number())
    }
}

impl PartialEq<ErrorCode> for waflows_result {
    fn eq(&self, other: &ErrorCode) -> bool {
        self.0 == other.number()
    }
}

impl PartialEq<waflows_result> for ErrorCode {
    fn eq(&self, other: &waflows_result) -> bool {
        self.number() == other.0
    }
}

/// One of the two halves; every method of [`Catalogue`] is answered by the half that has it.
macro_rules! either {
    ($v:expr, $f:ident) => {
        match $v.c_only() {
            Some(c) => Catalogue::$f(c),
            None => match $v.error_code() {
                Some(e) => Catalogue::$f(e),
                // Only numbers from ALL_RESULTS are ever built.
                None => Catalogue::$f(COnly::Panic),
            },
        }
    };
}

impl Catalogue for waflows_result {
    const LABEL: &'static str = "result";
    const ALL: &'static [Self] = &ALL_RESULTS;
    fn number(self) -> u32 {
        self.0
    }
    fn as_str(self) -> &'static str {
        either!(self, as_str)
    }
    fn as_c_str(self) -> &'static CStr {
        either!(self, as_c_str)
    }
    fn from_number(n: u32) -> Option<Self> {
        (COnly::from_number(n).is_some() || ErrorCode::from_number(n).is_some())
            .then_some(waflows_result(n))
    }
    fn variant_name(self) -> &'static str {
        either!(self, variant_name)
    }
    fn doc(self) -> &'static str {
        either!(self, doc)
    }
}

impl fmt::Debug for waflows_result {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match <waflows_result as Catalogue>::from_number(self.0) {
            Some(r) => f.write_str(Catalogue::as_str(r)),
            None => write!(f, "waflows_result({})", self.0),
        }
    }
}

impl fmt::Display for waflows_result {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::str::FromStr for waflows_result {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        match s.parse::<COnly>() {
            Ok(c) => Ok(waflows_result(c.number())),
            Err(_) => s
                .parse::<ErrorCode>()
                .map(waflows_result::from)
                .map_err(|_| UnknownName::new("result", ErrorCode::InvalidArgument, s)),
        }
    }
}

impl serde::Serialize for waflows_result {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Catalogue::as_str(*self))
    }
}

impl<'de> serde::Deserialize<'de> for waflows_result {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// What an FFI helper or an exported body can fail with: a NULL pointer where one is required,
/// or a core [`Error`]. (A panic is caught by `ffi_boundary!`, never built as a value.)
pub(crate) enum FfiError {
    /// A required pointer was NULL (`WAFLOWS_RESULT_NULL_PARAMETER`); says which (for tests and
    /// debugging: C sees only the code).
    NullParameter(&'static str),
    /// A core error (its code is the result).
    Core(Error),
}

impl FfiError {
    /// The C result code of this failure.
    pub(crate) fn result(&self) -> waflows_result {
        match self {
            FfiError::NullParameter(_) => waflows_result::NULL_PARAMETER,
            FfiError::Core(e) => e.code().into(),
        }
    }
}

impl fmt::Debug for FfiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FfiError::NullParameter(what) => write!(f, "NullParameter({what})"),
            FfiError::Core(e) => fmt::Debug::fmt(e, f),
        }
    }
}

impl From<Error> for FfiError {
    fn from(e: Error) -> Self {
        FfiError::Core(e)
    }
}

impl From<UnknownName> for FfiError {
    fn from(e: UnknownName) -> Self {
        FfiError::Core(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_numbers_never_change() {
        let names: Vec<(u32, &str)> = waflows_result::ALL
            .iter()
            .take(6)
            .map(|r| (r.number(), r.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (0, "ok"),
                (1, "invalid_argument"),
                (2, "null_parameter"),
                (3, "panic"),
                (4, "limit_exceeded"),
                (100, "malformed_request"),
            ]
        );
        assert_eq!(waflows_result::ALL.len(), ErrorCode::ALL.len() + 3);
        for &e in ErrorCode::ALL {
            let r = waflows_result::from(e);
            assert_eq!((r.number(), r.as_str()), (e.number(), e.as_str()));
            assert_eq!(r.error_code(), Some(e));
        }
        assert_eq!(waflows_result::PANIC.error_code(), None);
        assert_eq!("NULL_PARAMETER".parse(), Ok(waflows_result::NULL_PARAMETER));
        assert_eq!(
            FfiError::NullParameter("x").result(),
            waflows_result::NULL_PARAMETER
        );
        assert_eq!(
            FfiError::from(Error::decryption_failed()).result(),
            ErrorCode::DecryptionFailed
        );
        crate::catalogue::assert_well_formed::<waflows_result>();
        crate::catalogue::assert_well_formed::<COnly>();
    }
}
