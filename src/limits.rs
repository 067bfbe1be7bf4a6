//! Caps on outside input that are shared by several modules: one JSON nesting limit for every
//! parser of the crate, the work factors accepted when a key file is decrypted, and the length
//! of request text quoted back in messages. The table of every cap (with the error each one
//! produces and the tests on both sides of it) is the Limits table of the README.
//!
//! ```
//! use waflows::limits::MAX_JSON_DEPTH;
//! use waflows::{ErrorCode, ingest};
//!
//! // One nesting limit for every JSON parser of the crate.
//! let n = MAX_JSON_DEPTH + 1;
//! let deep = format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
//! assert!(serde_json::from_str::<serde_json::Value>(&deep).is_ok()); // valid JSON, too deep
//! let e = ingest::extract_json(deep.as_bytes(), &Default::default()).unwrap_err();
//! assert_eq!(e.code(), ErrorCode::LimitExceeded);
//! ```
use crate::{Error, ErrorCode, Result};

/// Deepest JSON nesting accepted by every parser of the crate (request bodies and plaintexts,
/// customer answers, Flow JSON, ingestion payloads and webhooks, records, templates, messages,
/// lifecycle rows, JWT segments). Deeper input is [`ErrorCode::LimitExceeded`] (or, where the
/// input is a customer answer, a relay fallback naming this limit). The Python layer applies
/// the same number to `dict` inputs.
///
/// cbindgen:ignore
pub const MAX_JSON_DEPTH: usize = 64;

/// Largest key file accepted, PEM or DER, in bytes. An RSA-8192 private key in PEM is about
/// 6.5 KiB; longer input is refused before it is parsed ([`ErrorCode::LimitExceeded`]).
///
/// cbindgen:ignore
pub const MAX_KEY_FILE_BYTES: usize = 64 << 10;

/// Largest PBKDF2 iteration count accepted in an `ENCRYPTED PRIVATE KEY` (PBES2). OpenSSL 3
/// writes 2,048 by default and OWASP's current advice for PBKDF2-HMAC-SHA256 is 600,000; a
/// count above this cap is refused before any key derivation runs
/// ([`ErrorCode::KeyUnsupported`]), so a hostile key file cannot burn seconds of CPU.
///
/// cbindgen:ignore
pub const MAX_PBKDF2_ITERATIONS: u32 = 600_000;

/// Largest scrypt work (`N · r · p`) accepted in an `ENCRYPTED PRIVATE KEY` (PBES2 with
/// scrypt). `openssl pkcs8 -scrypt` writes N = 16384, r = 8, p = 1 (131,072).
///
/// cbindgen:ignore
pub const MAX_SCRYPT_WORK: u64 = 1 << 20;

/// Largest scrypt memory (`128 · N · r` bytes) accepted: 32 MiB, OpenSSL's own default
/// `maxmem`.
///
/// cbindgen:ignore
pub const MAX_SCRYPT_MEMORY: u64 = 32 << 20;

/// Longest piece of request text (a screen name, a value, an action) quoted in an error
/// message or a relay decision, in characters. Longer text is cut and marked with `…`, so a log
/// line never carries a whole field someone pasted into a form.
///
/// cbindgen:ignore
pub const MAX_ECHO_CHARS: usize = 100;

/// Longest error message, in characters: a longer one is cut to this many (the last being
/// `…`). Messages name what was wrong and may quote a little input (at most
/// [`MAX_ECHO_CHARS`] characters where the quote is ours), but a parser's own message can
/// quote more; this cap bounds every message whatever the input.
///
/// cbindgen:ignore
pub const MAX_ERROR_MESSAGE_CHARS: usize = 1_000;

/// Rejects JSON text nesting deeper than [`MAX_JSON_DEPTH`] with
/// [`ErrorCode::LimitExceeded`] (`what` names the input in the message). Run before the
/// recursive parser, so that it never sees hostile depth.
///
/// # Errors
/// [`ErrorCode::LimitExceeded`].
pub(crate) fn check_json_depth(bytes: &[u8], what: &str) -> Result<()> {
    if exceeds_depth(bytes, MAX_JSON_DEPTH) {
        Err(Error::new(
            ErrorCode::LimitExceeded,
            format!("{what} nests deeper than {MAX_JSON_DEPTH} levels"),
        ))
    } else {
        Ok(())
    }
}

/// Whether JSON text nests deeper than `max` (cheap byte scan, string-aware; it does not
/// validate the JSON).
pub(crate) fn exceeds_depth(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for &b in bytes {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// `s` quoted for a message (`"…"`, JSON-style escapes), cut to [`MAX_ECHO_CHARS`] characters.
pub(crate) fn quote(s: &str) -> String {
    format!("{:?}", truncate(s))
}

/// `s` cut to [`MAX_ECHO_CHARS`] characters (a cut string ends with `…`).
pub(crate) fn truncate(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => {
            // Keep MAX_ECHO_CHARS - 1 characters and the ellipsis.
            let keep = s
                .char_indices()
                .nth(MAX_ECHO_CHARS - 1)
                .map_or(cut, |(i, _)| i);
            std::borrow::Cow::Owned(format!("{}…", &s[..keep]))
        }
    }
}

/// Refuses a key file over [`MAX_KEY_FILE_BYTES`].
///
/// # Errors
/// [`ErrorCode::LimitExceeded`].
pub(crate) fn check_key_file_size(bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_KEY_FILE_BYTES {
        Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "the key file is {} bytes; the limit is {MAX_KEY_FILE_BYTES}",
                bytes.len()
            ),
        ))
    } else {
        Ok(())
    }
}

/// Serialises `v` as JSON text; a serialisation failure is an error, never an empty string.
///
/// # Errors
/// [`ErrorCode::InvalidArgument`] naming `what` and serde's reason.
pub(crate) fn to_json_string<T: serde::Serialize + ?Sized>(v: &T, what: &str) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::invalid_argument(format!("{what} cannot be serialised as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scan_counts_only_structure() {
        assert!(!exceeds_depth(br#"{"a":"{{{{{{"}"#, 1));
        assert!(exceeds_depth(br#"{"a":{"b":1}}"#, 1));
        assert!(!exceeds_depth(br#"{"a":"\"{"}"#, 1));
        assert!(exceeds_depth(&b"[".repeat(100_000), 64));
        let at = format!("{}{}", "[".repeat(64), "]".repeat(64));
        let over = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(check_json_depth(at.as_bytes(), "x").is_ok());
        let e = check_json_depth(over.as_bytes(), "x").unwrap_err();
        assert_eq!(e.code(), ErrorCode::LimitExceeded);
        assert!(e.message().contains("64"));
    }

    #[test]
    fn truncation_keeps_at_most_the_cap() {
        assert_eq!(truncate("abc"), "abc");
        let exact = "é".repeat(MAX_ECHO_CHARS);
        assert_eq!(truncate(&exact), exact.as_str());
        let long = "é".repeat(MAX_ECHO_CHARS + 1);
        let cut = truncate(&long);
        assert_eq!(cut.chars().count(), MAX_ECHO_CHARS);
        assert!(cut.ends_with('…'));
        let q = quote(&"4".repeat(500_000));
        assert!(q.chars().count() <= MAX_ECHO_CHARS + 2, "{}", q.len());
    }

    #[test]
    fn error_messages_are_capped_on_both_sides() {
        use crate::{Error, ErrorCode};
        let exact = "é".repeat(MAX_ERROR_MESSAGE_CHARS);
        assert_eq!(
            Error::new(ErrorCode::InvalidArgument, exact.clone()).message(),
            exact
        );
        let long = format!("{exact}x");
        let e = Error::new(ErrorCode::InvalidArgument, long);
        assert_eq!(e.message().chars().count(), MAX_ERROR_MESSAGE_CHARS);
        assert!(e.message().ends_with('…'));
        assert!(e.message().starts_with("éé"));
    }
}
