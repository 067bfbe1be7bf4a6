//! Images from base64: the only images the page shows are `data:` URIs built here, after the
//! text was checked to be base64 and its first bytes to be PNG, JPEG, GIF or WebP.
use base64::Engine as _;

/// `data:image/…;base64,…` for a base64 image (as Flow JSON carries it, without a prefix, or
/// with a `data:image/…;base64,` prefix). `None` when it is not base64 of a known image type.
pub(crate) fn data_uri(src: &str) -> Option<String> {
    let b64 = match src.strip_prefix("data:") {
        Some(rest) => {
            let (head, body) = rest.split_once(',')?;
            let mime = head.strip_suffix(";base64")?;
            if !matches!(
                mime,
                "image/png" | "image/jpeg" | "image/jpg" | "image/gif" | "image/webp"
            ) {
                return None;
            }
            body
        }
        None => src,
    };
    let b64 = b64.trim();
    if b64.len() < 8
        || !b64
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
    {
        return None;
    }
    // The first 16 characters decode to 12 bytes: enough to recognise the format.
    let head = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(b64.get(..16).unwrap_or(b64).trim_end_matches('='))
        .ok()?;
    let mime = sniff(&head)?;
    Some(format!("data:{mime};base64,{b64}"))
}

fn sniff(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("image/png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.starts_with(b"GIF8") {
        Some("image/gif")
    } else if b.len() >= 12 && b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[test]
    fn recognises_png_and_rejects_everything_else() {
        assert_eq!(
            data_uri(PNG).unwrap(),
            format!("data:image/png;base64,{PNG}")
        );
        let prefixed = format!("data:image/png;base64,{PNG}");
        assert!(data_uri(&prefixed).is_some());
        assert!(data_uri("data:text/html;base64,PHNjcmlwdD4=").is_none());
        assert!(data_uri("javascript:alert(1)").is_none());
        assert!(data_uri("iVBORw0KGgo\" onerror=\"x").is_none());
        // Base64 of "<svg>…": valid base64, not an image we show.
        assert!(data_uri("PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+").is_none());
        assert!(data_uri("").is_none());
    }
}
