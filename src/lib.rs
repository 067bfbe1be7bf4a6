//! # waflows
//!
//! A small, fast, zero-I/O library for running WhatsApp Flows from a messaging platform's
//! backend: Meta's endpoint codec, offline Flow JSON validation, ingestion of `ct-evt` /
//! `ct-up`, a sans-I/O relay, and the flow lifecycle.
//!
//! The core never opens a socket or a file and never reads a clock: bytes, keys, secrets and
//! `now` are arguments. The same API is exported to C (`--features ffi`, `include/waflows.h`)
//! and to Python (`--features python`, `import waflows`).
#![deny(unsafe_code)] // allowed locally in `ffi` and `python` only
#![warn(missing_docs)]

#[cfg(not(any(feature = "aws-lc", feature = "pure-rust")))]
compile_error!("waflows needs an RSA backend: enable feature `aws-lc` (default) or `pure-rust`");

pub mod catalogue;
pub mod codec;
pub mod error;
pub mod flow_json;
pub mod ingest;
pub mod lifecycle;
pub mod messages;
pub mod relay;
pub mod simulator;
pub mod templates;
pub mod tokens;
// endpoint (issue 9)
pub mod endpoint;
// shells-py: serde readers/writers of the configuration types (one parse for C and Python).
pub mod config;
// media branch (issue 10)
pub mod media;
pub mod webhooks;
// fuzz (issue 13, issue 8 item 7)
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;

pub mod preview;

#[cfg(feature = "ffi")]
pub mod ffi;
#[cfg(feature = "python")]
mod python;

#[allow(unused_imports)]
pub(crate) use catalogue::catalogue;
pub use error::{Error, ErrorCode, Result};

/// The crate version (`CARGO_PKG_VERSION`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's and the docs pages' Rust examples run as doctests.
#[cfg(doctest)]
mod doc_pages {
    #[doc = include_str!("../README.md")]
    struct Readme;
    #[doc = include_str!("../docs/codec.md")]
    struct Codec;
    #[doc = include_str!("../docs/relay.md")]
    struct Relay;
    #[doc = include_str!("../docs/lifecycle.md")]
    struct Lifecycle;
    #[doc = include_str!("../docs/design.md")]
    struct Design;
    #[doc = include_str!("../docs/preview.md")]
    struct Preview;
}
