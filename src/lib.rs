//! # waflows
//!
//! A small, fast, zero-I/O library for running WhatsApp Flows from a messaging platform's
//! backend: Meta's endpoint codec, offline Flow JSON validation, ingestion of `ct-evt` /
//! `ct-up`, a sans-I/O relay, and the flow lifecycle.
//!
//! The core never opens a socket or a file and never reads a clock: bytes, keys, secrets and
//! `now` ([`UnixTime`]) are arguments. The same API is exported to C (`--features ffi`,
//! `include/waflows.h`) and to Python (`--features python`, `import waflows`); both shells read
//! and write the core's own serde types, so a configuration key or an output field has one
//! name everywhere.
//!
//! # Quick start
//!
//! ```toml
//! [dependencies]
//! waflows = "0.1"   # RSA through aws-lc-rs; for the pure-Rust backend:
//! # waflows = { version = "0.1", default-features = false, features = ["pure-rust"] }
//! ```
//!
//! Feature `preserve-order` (off by default; the C library and the Python wheel turn it on)
//! keeps JSON objects in document order where waflows holds them as a `serde_json::Value`: a
//! request forwarded to a customer endpoint, the answers built from `Value`s, media uploads,
//! report exports. It turns on `serde_json/preserve_order`, which applies to every crate of the
//! build, hence not a default. Without it those objects come out with their keys sorted (the
//! same JSON to any parser); bytes handed to waflows as bytes
//! (`FlowRequest::encrypt_response_json`, a customer's answer) are always kept as given.
//!
//! Answer one request of Meta's data endpoint (decrypt, decide, encrypt), check a Flow JSON
//! offline and turn a payload's `ct-evt` into a CleverTap upload record:
//!
//! ```
//! use waflows::codec::{PrivateKey, PublicKey, generate_key_pair, testing};
//! use waflows::{flow_json, ingest};
//!
//! let pair = generate_key_pair(2048, None)?;
//! let key = PrivateKey::from_pem(pair.private_pem.as_bytes(), None)?;
//!
//! // What WhatsApp POSTs (here made with the public key, as the phone does).
//! let phone = testing::encrypt_request(
//!     &PublicKey::from_pem(pair.public_pem.as_bytes())?,
//!     br#"{"version":"3.0","action":"data_exchange","screen":"RATE","flow_token":"T",
//!          "data":{"stars":"5","ct-evt":{"evtName":"Rated","evtData":{"stars":"5"}}}}"#,
//! )?;
//!
//! // 1. The endpoint: decrypt, answer with the next screen (HTTP 200, text/plain body).
//! let req = key.decrypt_request(phone.body.as_bytes())?;
//! let body = req.respond_next_screen("THANKS", Default::default(), None)?;
//! assert_eq!(serde_json::from_slice::<serde_json::Value>(&phone.decrypt_response(body.as_bytes())?).unwrap(), serde_json::json!({"screen":"THANKS","data":{}}));
//!
//! // 2. Ingestion: the payload's `ct-evt` becomes an upload record for this user.
//! let x = ingest::extract(&serde_json::json!({"ct-evt": {"evtName": "Rated", "evtData": {"stars": "5"}}}))?;
//! let (records, problems) = x.records(Some("919876543210"), Some(1_764_000_000));
//! assert!(problems.is_empty());
//! assert_eq!(records[0].to_json()["evtName"], "Rated");
//!
//! // 3. Flow JSON, checked offline as Flow Builder does.
//! let report = flow_json::validate(br#"{"version": "7.3", "screens": []}"#, &Default::default())?;
//! assert!(!report.ok());
//! # Ok::<(), waflows::Error>(())
//! ```
//!
//! # Modules
//!
//! | Module | What it does |
//! | --- | --- |
//! | [`codec`] | Meta's endpoint encryption (RSA-OAEP + AES-GCM), signatures, keys |
//! | [`flow_json`] | offline Flow JSON validation with Meta's error codes |
//! | [`ingest`] | `ct-evt` / `ct-up` → CleverTap upload records |
//! | [`relay`] | the sans-I/O relay between Meta, the platform and a customer endpoint |
//! | [`tokens`] | signed flow tokens that carry the user's identity |
//! | [`lifecycle`], [`templates`], [`messages`] | flow statuses, template checks, send bodies |
//! | [`media`], [`webhooks`] | media decryption, the `flows` webhook |
//! | [`simulator`], [`preview`] | run and draw a flow offline |
//! | [`config`] | the serde readers the C and Python shells share |
//!
//! Every fallible call returns [`Result`], whose [`Error`] carries a stable [`ErrorCode`].
#![deny(unsafe_code)] // allowed locally in `ffi` and `python` only
#![warn(missing_docs)]

#[cfg(not(any(feature = "aws-lc", feature = "pure-rust")))]
compile_error!("waflows needs an RSA backend: enable feature `aws-lc` (default) or `pure-rust`");
#[cfg(all(feature = "aws-lc", feature = "pure-rust"))]
compile_error!(
    "waflows: features `aws-lc` and `pure-rust` select two RSA backends; enable one. For the \
     pure-Rust backend: `default-features = false, features = [\"pure-rust\"]`"
);

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
// endpoint
pub mod endpoint;
// shells-py: serde readers/writers of the configuration types (one parse for C and Python).
pub mod config;
// media and the flows webhook
pub mod media;
pub mod webhooks;
// fuzz (issue 13, issue 8 item 7)
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;

pub mod preview;
// shells (issue 8 item 9): one Unix time type
pub mod time;

#[cfg(feature = "ffi")]
pub mod ffi;
#[cfg(feature = "python")]
mod python;

#[allow(unused_imports)]
pub(crate) use catalogue::catalogue;
pub use error::{Error, ErrorCode, Result};
pub use time::UnixTime;

// Public dependencies: their types appear in the API (`serde_json::Value` in and out of every
// JSON-shaped call, `zeroize::Zeroizing` around secrets), so users name the same versions.
pub use serde_json;
pub use zeroize;

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
    #[doc = include_str!("../docs/flow_json.md")]
    struct FlowJson;
    #[doc = include_str!("../docs/media.md")]
    struct Media;
    #[doc = include_str!("../docs/webhooks.md")]
    struct Webhooks;
    #[doc = include_str!("../docs/simulator.md")]
    struct Simulator;
}
