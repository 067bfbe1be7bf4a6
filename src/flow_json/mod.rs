//! Flow JSON: a typed model of Meta's WhatsApp Flow documents ([`model`]) and an offline
//! validator that reports problems with Meta's own error codes.
//!
//! This module never performs I/O: documents arrive as bytes.

pub mod model;

pub use model::{Flow, RoutingModel, Schema, SchemaType, Screen};

/// Meta's size limit for a Flow JSON document (10 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
