//! Every numeric limit of the validator, once. Meta's documented limits (the digest's §14) and
//! the validator's own walking bounds live here; the rules import them by name.

/// Meta's size limit for a Flow JSON document (10 MiB).
///
/// cbindgen:ignore
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// Maximum JSON nesting accepted (real flows stay far below it). The same figure as the
/// crate's general JSON depth limit (64).
///
/// cbindgen:ignore
pub const MAX_DEPTH: usize = crate::limits::MAX_JSON_DEPTH;

/// Nesting of a data-model schema that is read and checked (deeper parts are treated as `Any`
/// and not checked further). One value for the shape rules, the `__example__` check and the
/// typed model.
pub(crate) const MAX_SCHEMA_DEPTH: usize = 32;

/// Component nesting walked when collecting actions for the typed model.
pub(crate) const MAX_WALK_DEPTH: usize = MAX_DEPTH;

/// Maximum depth of nested containers walked (If/Switch/Form), well above any real flow.
pub(crate) const MAX_CONTAINER_DEPTH: usize = 16;

/// Maximum screens per flow (Builder).
pub(crate) const MAX_SCREENS: usize = 100;

/// Screens checked at most (ten times the limit); the rest of a larger document is skipped.
pub(crate) const MAX_SCREENS_WALKED: usize = 10 * MAX_SCREENS;

/// Routing branches per screen.
pub(crate) const MAX_BRANCHES: usize = 10;

/// `If` nesting levels.
pub(crate) const MAX_IF_NESTING: usize = 3;

/// ImageCarousel components per flow (per screen: the per-type table in `semantic.rs`).
pub(crate) const MAX_CAROUSELS_PER_FLOW: usize = 3;

/// Images in one ImageCarousel.
pub(crate) const MAX_CAROUSEL_IMAGES: usize = 3;

/// Nesting of a payload value walked for its strings.
pub(crate) const MAX_PAYLOAD_DEPTH: usize = 32;

/// Nesting of a backtick expression or `If` condition parsed.
pub(crate) const MAX_EXPRESSION_DEPTH: usize = MAX_DEPTH;
