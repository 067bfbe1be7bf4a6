//! A small PEM reader/writer (RFC 7468 plus the legacy OpenSSL `Proc-Type`/`DEK-Info`
//! headers, which the strict RFC 7468 parsers reject).
use crate::{Error, ErrorCode, Result};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

/// One decoded PEM block.
pub(crate) struct PemBlock {
    pub(crate) label: String,
    /// `(name, value)` encapsulated headers, in order (legacy encrypted PEM only).
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) der: Zeroizing<Vec<u8>>,
}

impl PemBlock {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn malformed(msg: &str) -> Error {
    Error::new(ErrorCode::KeyMalformed, msg)
}

/// Parses the first PEM block of `text`. Text before the block (comments, as `openssl`
/// sometimes writes) is ignored.
pub(crate) fn parse(text: &[u8]) -> Result<PemBlock> {
    let text =
        std::str::from_utf8(text).map_err(|_| malformed("key data is not PEM text (not UTF-8)"))?;
    let start = text
        .find("-----BEGIN ")
        .ok_or_else(|| malformed("no PEM block found (expected '-----BEGIN ...-----')"))?;
    let rest = &text[start + "-----BEGIN ".len()..];
    let label_end = rest
        .find("-----")
        .ok_or_else(|| malformed("unterminated PEM BEGIN line"))?;
    let label = rest[..label_end].trim().to_string();
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_end
        .find(&end_marker)
        .ok_or_else(|| malformed("PEM block has no matching END line"))?;
    let body = &body_and_end[..end];
    let mut headers = Vec::new();
    let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        } else {
            b64.push_str(line);
        }
    }
    let der = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| malformed("PEM body is not valid base64"))?;
    if der.is_empty() {
        return Err(malformed("PEM block is empty"));
    }
    Ok(PemBlock {
        label,
        headers,
        der: Zeroizing::new(der),
    })
}

/// Encodes `der` as PEM with 64-character lines and LF line endings.
pub(crate) fn encode(label: &str, der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 64));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_headers() {
        let der: Vec<u8> = (0..200u8).collect();
        let pem = encode("TEST", &der);
        let block = parse(pem.as_bytes()).expect("parses");
        assert_eq!(block.label, "TEST");
        assert_eq!(&*block.der, &der);
        assert!(pem.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));

        let legacy = "junk\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,0011\n\nAAEC\n-----END RSA PRIVATE KEY-----\n";
        let b = parse(legacy.as_bytes()).expect("parses");
        assert_eq!(b.header("dek-info"), Some("DES-EDE3-CBC,0011"));
        assert_eq!(&*b.der, &[0, 1, 2]);
    }

    #[test]
    fn rejects_broken_pem() {
        for bad in [
            &b"hello"[..],
            b"-----BEGIN X-----\nAAAA\n",
            b"-----BEGIN X-----\n!!!!\n-----END X-----",
            b"-----BEGIN X-----\n-----END X-----",
            b"\xff\xfe",
            b"-----BEGIN X",
        ] {
            let e = parse(bad).err().expect("must fail");
            assert_eq!(e.code(), ErrorCode::KeyMalformed);
        }
    }
}
