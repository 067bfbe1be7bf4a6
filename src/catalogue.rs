//! Catalogues: the enums that cross a boundary (error codes, statuses, actions, problem codes…).
//!
//! Every such enum is declared once with the crate's `catalogue!` macro, which gives it:
//! a stable number per variant (the C ABI value, `#[repr(u32)]`), a stable name
//! ([`Catalogue::as_str`], also its serde form and its [`Display`](std::fmt::Display)),
//! the list of variants ([`Catalogue::ALL`]), lookup by number ([`Catalogue::from_number`]),
//! one parsing convention ([`FromStr`](std::str::FromStr): the stable name, ASCII
//! case-insensitive, failing with [`UnknownName`]) and a static NUL-terminated C string built at
//! compile time ([`Catalogue::as_c_str`]; nothing is allocated, interned or leaked).
//!
//! The [`Catalogue`] trait lets generic code (the C and Python shells, tests) treat every
//! catalogue alike.
//!
//! ```
//! use waflows::catalogue::Catalogue;
//! use waflows::lifecycle::FlowStatus;
//!
//! let s: FlowStatus = "published".parse().unwrap();
//! assert_eq!(s, FlowStatus::Published);
//! assert_eq!(s.as_str(), "PUBLISHED");
//! assert_eq!(s.as_c_str().to_bytes(), b"PUBLISHED");
//! assert_eq!(FlowStatus::from_number(s.number()), Some(s));
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"PUBLISHED\"");
//! assert!("nope".parse::<FlowStatus>().is_err());
//! assert!(<FlowStatus as Catalogue>::ALL.contains(&s));
//! ```

use std::ffi::CStr;
use std::fmt;
use std::hash::Hash;

use crate::{Error, ErrorCode};

/// What every catalogue enum provides (implemented by the `catalogue!` macro only).
pub trait Catalogue:
    Copy
    + Eq
    + Hash
    + Ord
    + fmt::Debug
    + fmt::Display
    + std::str::FromStr<Err = UnknownName>
    + Send
    + Sync
    + 'static
{
    /// What one value of the catalogue is called in messages (`"flow status"`).
    const LABEL: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stable number (the C ABI value).
    fn number(self) -> u32;
    /// The stable name (serde form, `Display`, what `FromStr` accepts).
    fn as_str(self) -> &'static str;
    /// The stable name as a static NUL-terminated C string (built at compile time).
    fn as_c_str(self) -> &'static CStr;
    /// The value with this number, if any.
    fn from_number(n: u32) -> Option<Self>;
    /// The Rust variant name (`"KeyIsPublic"`), from which C constant names are derived.
    fn variant_name(self) -> &'static str;
    /// The variant's documentation (its `///` lines joined by `\n`).
    fn doc(self) -> &'static str;
}

/// A name that is not in a catalogue (the `Err` of every catalogue's `FromStr`).
///
/// Converts into [`Error`] with the catalogue's own error code (for example
/// `LifecycleUnknownStatus` for a flow status, `InvalidArgument` for most others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    label: &'static str,
    code: ErrorCode,
    input: Box<str>,
}

/// How many characters of a rejected name an [`UnknownName`] keeps (so a message never carries
/// a large pasted value).
pub const MAX_QUOTED_CHARS: usize = 100;

impl UnknownName {
    #[doc(hidden)]
    #[must_use]
    pub fn new(label: &'static str, code: ErrorCode, input: &str) -> Self {
        let input = match input.char_indices().nth(MAX_QUOTED_CHARS) {
            Some((cut, _)) => format!("{}…", &input[..cut]),
            None => input.to_owned(),
        };
        UnknownName {
            label,
            code,
            input: input.into_boxed_str(),
        }
    }

    /// What was being parsed (`"flow status"`).
    #[must_use]
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// The error code this failure maps to.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The rejected text (truncated to [`MAX_QUOTED_CHARS`] characters).
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.label, self.input)
    }
}

impl std::error::Error for UnknownName {}

impl From<UnknownName> for Error {
    fn from(e: UnknownName) -> Self {
        Error::new(e.code, e.to_string())
    }
}

/// Builds a `&'static CStr` from a `"…\0"` literal at compile time (used by `catalogue!`).
#[doc(hidden)]
#[must_use]
pub const fn c_str(with_nul: &'static str) -> &'static CStr {
    match CStr::from_bytes_with_nul(with_nul.as_bytes()) {
        Ok(c) => c,
        Err(_) => panic!("catalogue name contains a NUL byte"),
    }
}

/// Declares a catalogue enum once (see the module docs for what it yields).
///
/// ```ignore
/// catalogue! {
///     /// Docs of the enum.
///     #[non_exhaustive]
///     pub enum Colour as "colour", unknown = InvalidArgument {
///         /// Docs of the variant.
///         Red = 0 => "red",
///         Green = 1 => "green",
///     }
/// }
/// ```
/// `as` gives the label used in messages, `unknown` the [`ErrorCode`] variant an unknown name
/// converts to. Numbers are explicit and stable; a duplicate number does not compile.
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $label:literal, unknown = $unknown:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $num:literal => $str:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[repr(u32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[doc = $doc])* $variant = $num, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable name (its serde form and `Display`).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $str,)* }
            }

            /// The stable number (the C ABI value).
            #[must_use]
            pub const fn number(self) -> u32 {
                self as u32
            }

            /// The value with this stable number, if any.
            #[must_use]
            pub const fn from_number(n: u32) -> Option<$name> {
                match n {
                    $($num => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The stable name as a static NUL-terminated C string (built at compile time).
            #[must_use]
            pub const fn as_c_str(self) -> &'static ::std::ffi::CStr {
                match self {
                    $($name::$variant => {
                        const C: &::std::ffi::CStr =
                            $crate::catalogue::c_str(concat!($str, "\0"));
                        C
                    })*
                }
            }
        }

        impl $crate::catalogue::Catalogue for $name {
            const LABEL: &'static str = $label;
            const ALL: &'static [$name] = $name::ALL;
            fn number(self) -> u32 {
                $name::number(self)
            }
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn as_c_str(self) -> &'static ::std::ffi::CStr {
                $name::as_c_str(self)
            }
            fn from_number(n: u32) -> Option<$name> {
                $name::from_number(n)
            }
            fn variant_name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }
            fn doc(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($($doc, "\n",)* ""),)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::catalogue::UnknownName;

            fn from_str(s: &str) -> ::std::result::Result<$name, Self::Err> {
                $(
                    if s.eq_ignore_ascii_case($str) {
                        return Ok($name::$variant);
                    }
                )*
                Err($crate::catalogue::UnknownName::new(
                    $label,
                    $crate::ErrorCode::$unknown,
                    s,
                ))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$name, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use catalogue;

/// Checks the invariants `catalogue!` cannot check at compile time: names are unique (ignoring
/// ASCII case, since parsing ignores it), non-empty, and every value round-trips through its
/// number, its name, its C string and serde. Used by each catalogue's unit test.
#[cfg(test)]
pub(crate) fn assert_well_formed<T: Catalogue + serde::Serialize + serde::de::DeserializeOwned>() {
    let mut seen = std::collections::HashSet::new();
    assert!(!T::ALL.is_empty());
    for &v in T::ALL {
        let name = v.as_str();
        assert!(!name.is_empty(), "{v:?} has an empty name");
        assert!(
            seen.insert(name.to_ascii_lowercase()),
            "{name} appears twice in {}",
            T::LABEL
        );
        assert_eq!(T::from_number(v.number()), Some(v));
        assert_eq!(name.parse::<T>(), Ok(v));
        assert_eq!(name.to_ascii_uppercase().parse::<T>(), Ok(v));
        assert_eq!(v.as_c_str().to_str(), Ok(name));
        assert_eq!(v.to_string(), name);
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&json).ok(), Some(v));
        assert!(!v.doc().trim().is_empty(), "{v:?} has no documentation");
    }
    let unknown = "not a name".parse::<T>();
    assert!(unknown.is_err());
    assert!(serde_json::from_str::<T>("\"not a name\"").is_err());
    assert!(T::from_number(u32::MAX).is_none());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_name_truncates_and_converts() {
        let long = "x".repeat(10_000);
        let e = UnknownName::new("flow status", ErrorCode::LifecycleUnknownStatus, &long);
        assert_eq!(e.input().chars().count(), MAX_QUOTED_CHARS + 1);
        let err: Error = e.into();
        assert_eq!(err.code(), ErrorCode::LifecycleUnknownStatus);
        assert!(err.message().len() < 200, "{}", err.message());
    }

    #[test]
    fn c_str_is_built_from_the_name() {
        const C: &CStr = c_str("abc\0");
        assert_eq!(C.to_bytes(), b"abc");
    }
}
