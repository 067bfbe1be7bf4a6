//! Legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED` + `DEK-Info:`), as written by
//! Meta's Node key generator and `openssl genrsa -des3 -traditional`. No maintained crate
//! reads it, so it lives here: key = OpenSSL `EVP_BytesToKey(MD5, passphrase, salt = IV[..8],
//! count = 1)`, then CBC decryption with PKCS#7 padding.
use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use crate::{Error, ErrorCode, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // named as OpenSSL's DEK-Info spells them
enum Cipher {
    DesEde3Cbc,
    Aes128Cbc,
    Aes192Cbc,
    Aes256Cbc,
}

impl Cipher {
    fn from_name(name: &str) -> Option<Cipher> {
        match name.to_ascii_uppercase().as_str() {
            "DES-EDE3-CBC" => Some(Cipher::DesEde3Cbc),
            "AES-128-CBC" => Some(Cipher::Aes128Cbc),
            "AES-192-CBC" => Some(Cipher::Aes192Cbc),
            "AES-256-CBC" => Some(Cipher::Aes256Cbc),
            _ => None,
        }
    }
    fn key_len(self) -> usize {
        match self {
            Cipher::DesEde3Cbc | Cipher::Aes192Cbc => 24,
            Cipher::Aes128Cbc => 16,
            Cipher::Aes256Cbc => 32,
        }
    }
    fn iv_len(self) -> usize {
        match self {
            Cipher::DesEde3Cbc => 8,
            _ => 16,
        }
    }
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration.
fn bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut prev: Option<Zeroizing<[u8; 16]>> = None;
    while out.len() < len {
        let mut h = Md5::new();
        if let Some(p) = &prev {
            h.update(p.as_slice());
        }
        h.update(password);
        h.update(salt);
        let d: Zeroizing<[u8; 16]> = Zeroizing::new(h.finalize().into());
        out.extend_from_slice(d.as_slice());
        prev = Some(d);
    }
    out.truncate(len);
    out
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

/// CBC-decrypts `buf` in place and strips PKCS#7 padding; returns the plaintext length, or
/// `None` when the padding is wrong (the usual sign of a wrong passphrase).
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<usize>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockDecryptMut + aes::cipher::KeyInit,
{
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    dec.decrypt_padded_mut::<Pkcs7>(buf).ok().map(<[u8]>::len)
}

/// Decrypts a legacy-encrypted PEM body given its `DEK-Info` header value. Returns the
/// PKCS#1 DER. A wrong passphrase shows up as bad padding or as DER that does not parse; the
/// caller maps both to `KeyPasswordWrong`.
pub(crate) fn decrypt(dek_info: &str, body: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let (name, iv_hex) = dek_info.split_once(',').ok_or_else(|| {
        Error::new(
            ErrorCode::KeyMalformed,
            "DEK-Info header is not '<cipher>,<iv>'",
        )
    })?;
    let cipher = Cipher::from_name(name.trim()).ok_or_else(|| {
        Error::new(
            ErrorCode::KeyUnsupported,
            format!(
                "legacy PEM cipher {} is not supported (DES-EDE3-CBC, AES-128/192/256-CBC are)",
                crate::limits::quote(name.trim())
            ),
        )
    })?;
    let iv = decode_hex(iv_hex.trim())
        .filter(|iv| iv.len() == cipher.iv_len())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::KeyMalformed,
                "DEK-Info IV is not valid hex of the cipher's block size",
            )
        })?;
    let salt = iv.get(..8).unwrap_or_default();
    let key = bytes_to_key(password, salt, cipher.key_len());
    let mut buf = Zeroizing::new(body.to_vec());
    let len = match cipher {
        Cipher::DesEde3Cbc => cbc_decrypt::<des::TdesEde3>(&key, &iv, &mut buf),
        Cipher::Aes128Cbc => cbc_decrypt::<aes::Aes128>(&key, &iv, &mut buf),
        Cipher::Aes192Cbc => cbc_decrypt::<aes::Aes192>(&key, &iv, &mut buf),
        Cipher::Aes256Cbc => cbc_decrypt::<aes::Aes256>(&key, &iv, &mut buf),
    }
    .ok_or_else(|| {
        Error::new(
            ErrorCode::KeyPasswordWrong,
            "the passphrase does not decrypt the key",
        )
    })?;
    buf.truncate(len);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_to_key_matches_openssl() {
        // EVP_BytesToKey(MD5, count 1): D1 = MD5(pass || salt), D2 = MD5(D1 || pass || salt).
        // (The fixture keys under tests/fixtures/keys pin the whole scheme against OpenSSL.)
        let k = bytes_to_key(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8], 24);
        assert_eq!(k.len(), 24);
        // D1 = MD5(pass || salt); the key must start with it.
        let d1: [u8; 16] = Md5::new()
            .chain_update(b"secret")
            .chain_update([1u8, 2, 3, 4, 5, 6, 7, 8])
            .finalize()
            .into();
        assert_eq!(&k[..16], &d1);
        let d2: [u8; 16] = Md5::new()
            .chain_update(d1)
            .chain_update(b"secret")
            .chain_update([1u8, 2, 3, 4, 5, 6, 7, 8])
            .finalize()
            .into();
        assert_eq!(&k[16..], &d2[..8]);
    }

    #[test]
    fn rejects_unknown_cipher_and_bad_iv() {
        assert_eq!(
            decrypt("RC2-CBC,0011223344556677", b"x", b"p")
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::KeyUnsupported)
        );
        assert_eq!(
            decrypt("DES-EDE3-CBC,zz", b"x", b"p")
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::KeyMalformed)
        );
        assert_eq!(
            decrypt("AES-128-CBC,0011223344556677", b"x", b"p")
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::KeyMalformed)
        );
        assert_eq!(
            decrypt("nocomma", b"x", b"p").err().map(|e| e.code()),
            Some(ErrorCode::KeyMalformed)
        );
    }
}
