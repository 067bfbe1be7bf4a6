//! Time as every part of the crate takes it: [`UnixTime`].
//!
//! The core never reads a clock. Every "now", expiry and timestamp (a relay request's `now`, a
//! flow token's `expires_at`, an upload record's `ts`, a webhook's `timestamp`, a flow's
//! `last_updated`) is a [`UnixTime`] the caller passes in or reads out, so one value moves
//! between them without conversion, and C (`uint64_t`) and Python (`int`, or a `float` as
//! `time.time()` returns, its fraction dropped) see the same number.
//!
//! ```
//! use waflows::UnixTime;
//! use waflows::tokens::{self, TokenSecret};
//!
//! let now: UnixTime = 1_764_000_000; // from the host's clock, e.g. SystemTime::now()
//! let secret = TokenSecret::new(b"a-token-secret-of-16+-bytes").unwrap();
//! let token = tokens::issue(&secret, "919876543210", "flow-1", None, now + 3600).unwrap();
//! let claims = tokens::verify(&token, &[secret], now).unwrap();
//! assert_eq!(claims.expires_at, now + 3600);
//! ```

/// Whole seconds since the Unix epoch (1970-01-01T00:00:00Z), as the caller's clock gives
/// them. Unsigned: no time this library deals with is before 1970, and a negative input from
/// a binding is refused (`InvalidArgument`) rather than wrapped.
///
/// A plain alias of `u64`, so that integer literals and `Duration::as_secs()` values are
/// accepted as they are.
pub type UnixTime = u64;
