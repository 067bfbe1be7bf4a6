//! RSA private keys: loading (PEM in every form Meta's material produces), generation, and
//! the SubjectPublicKeyInfo PEM that is uploaded to Meta.
use std::fmt;

use pkcs1::der::{Decode, Encode};
use pkcs8::{EncryptedPrivateKeyInfo, PrivateKeyInfo};
use zeroize::Zeroizing;

use super::{backend, legacy, pem};
use crate::{Error, ErrorCode, Result};

/// Smallest RSA modulus accepted, in bits (Meta's documentation only ever uses 2048).
pub const MIN_KEY_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits.
pub const MAX_KEY_BITS: usize = 8192;
/// PBKDF2 iterations used when waflows encrypts a generated key (OpenSSL 3's default, so
/// every tool reads it back quickly; the passphrase's strength is what matters).
const PBKDF2_ITERATIONS: u32 = 2048;

/// The rsaEncryption OID (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// An RSA private key, loaded once and shared by every request thread (it is immutable and
/// `Send + Sync`). Its `Debug` shows only the modulus size.
pub struct PrivateKey {
    inner: backend::Private,
    bits: usize,
    public_spki_der: Vec<u8>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{})", self.bits)
    }
}

fn key_err(code: ErrorCode, msg: impl Into<String>) -> Error {
    Error::new(code, msg)
}

impl PrivateKey {
    /// Loads a PEM private key: PKCS#1 (`RSA PRIVATE KEY`, plain or legacy OpenSSL-encrypted
    /// with `DEK-Info` DES-EDE3-CBC / AES-128/192/256-CBC), PKCS#8 (`PRIVATE KEY`) or encrypted
    /// PKCS#8 (`ENCRYPTED PRIVATE KEY`, PBES2 with AES-CBC or DES-EDE3-CBC).
    ///
    /// `password` is required for encrypted keys and ignored for plain ones.
    ///
    /// # Errors
    /// `KeyPasswordRequired`, `KeyPasswordWrong`, `KeyIsPublic`, `KeySizeUnsupported`
    /// (under 2048 or over 8192 bits), `KeyUnsupported` (not RSA, unknown cipher, a PBKDF2
    /// iteration count or scrypt cost above the caps of [`crate::limits`]), `LimitExceeded`
    /// (a file over [`crate::limits::MAX_KEY_FILE_BYTES`]), `KeyMalformed` (anything else).
    pub fn from_pem(pem_text: &[u8], password: Option<&[u8]>) -> Result<Self> {
        crate::limits::check_key_file_size(pem_text)?;
        let block = pem::parse(pem_text)?;
        let pkcs8_der: Zeroizing<Vec<u8>> = match block.label.as_str() {
            "PRIVATE KEY" => block.der.clone(),
            "ENCRYPTED PRIVATE KEY" => {
                let pw = password.ok_or_else(|| {
                    key_err(
                        ErrorCode::KeyPasswordRequired,
                        "the key is encrypted: a passphrase is required",
                    )
                })?;
                let info = EncryptedPrivateKeyInfo::try_from(block.der.as_slice()).map_err(|_| {
                    if encrypted_info_oid(&block.der).is_some() {
                        key_err(
                            ErrorCode::KeyUnsupported,
                            "the key's encryption scheme is not supported (PBES2 with PBKDF2 and AES-CBC or DES-EDE3-CBC is)",
                        )
                    } else {
                        key_err(ErrorCode::KeyMalformed, "ENCRYPTED PRIVATE KEY is not valid PKCS#8 DER")
                    }
                })?;
                check_work_factor(&info.encryption_algorithm)?;
                let doc = info.decrypt(pw).map_err(|e| match e {
                    pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::UnsupportedAlgorithm { .. })
                    | pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::AlgorithmParametersInvalid { .. }) => key_err(
                        ErrorCode::KeyUnsupported,
                        "the key's encryption scheme is not supported (PBES2 with PBKDF2 and AES-CBC or DES-EDE3-CBC is)",
                    ),
                    _ => key_err(ErrorCode::KeyPasswordWrong, "the passphrase does not decrypt the key"),
                })?;
                // A wrong passphrase that happens to leave valid padding yields garbage DER.
                if PrivateKeyInfo::try_from(doc.as_bytes()).is_err() {
                    return Err(key_err(
                        ErrorCode::KeyPasswordWrong,
                        "the passphrase does not decrypt the key",
                    ));
                }
                Zeroizing::new(doc.as_bytes().to_vec())
            }
            "RSA PRIVATE KEY" => {
                let pkcs1_der = match block.header("Proc-Type") {
                    Some(pt) if pt.contains("ENCRYPTED") => {
                        let pw = password.ok_or_else(|| {
                            key_err(
                                ErrorCode::KeyPasswordRequired,
                                "the key is encrypted: a passphrase is required",
                            )
                        })?;
                        let dek = block.header("DEK-Info").ok_or_else(|| {
                            key_err(
                                ErrorCode::KeyMalformed,
                                "encrypted PEM without a DEK-Info header",
                            )
                        })?;
                        let der = legacy::decrypt(dek, &block.der, pw)?;
                        if pkcs1::RsaPrivateKey::from_der(&der).is_err() {
                            return Err(key_err(
                                ErrorCode::KeyPasswordWrong,
                                "the passphrase does not decrypt the key",
                            ));
                        }
                        der
                    }
                    _ => block.der.clone(),
                };
                pkcs1_to_pkcs8(&pkcs1_der)?
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {
                return Err(key_err(
                    ErrorCode::KeyIsPublic,
                    format!(
                        "a {} was given; the endpoint needs the private key",
                        block.label
                    ),
                ));
            }
            "EC PRIVATE KEY" | "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
                return Err(key_err(
                    ErrorCode::KeyUnsupported,
                    format!("{} is not an RSA key", block.label),
                ));
            }
            other => {
                return Err(key_err(
                    ErrorCode::KeyMalformed,
                    format!("unexpected PEM block '{other}'"),
                ));
            }
        };
        Self::from_pkcs8_der(&pkcs8_der)
    }

    /// Loads an unencrypted DER private key, PKCS#8 (`PrivateKeyInfo`) or PKCS#1
    /// (`RSAPrivateKey`).
    ///
    /// # Errors
    /// As for [`PrivateKey::from_pem`].
    pub fn from_der(der: &[u8]) -> Result<Self> {
        crate::limits::check_key_file_size(der)?;
        if PrivateKeyInfo::try_from(der).is_ok() {
            Self::from_pkcs8_der(der)
        } else if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
            Self::from_pkcs8_der(&pkcs1_to_pkcs8(der)?)
        } else {
            Err(key_err(
                ErrorCode::KeyMalformed,
                "not a DER PKCS#8 or PKCS#1 private key",
            ))
        }
    }

    fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = PrivateKeyInfo::try_from(der)
            .map_err(|_| key_err(ErrorCode::KeyMalformed, "not a valid PKCS#8 private key"))?;
        if info.algorithm.oid != RSA_ENCRYPTION {
            return Err(key_err(
                ErrorCode::KeyUnsupported,
                format!("not an RSA key (algorithm {})", info.algorithm.oid),
            ));
        }
        let rsa = pkcs1::RsaPrivateKey::from_der(info.private_key).map_err(|_| {
            key_err(
                ErrorCode::KeyMalformed,
                "the RSA key inside PKCS#8 does not parse",
            )
        })?;
        let modulus = rsa.modulus.as_bytes();
        let bits = bit_len(modulus);
        if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
            return Err(key_err(
                ErrorCode::KeySizeUnsupported,
                format!(
                    "RSA-{bits} is not supported: use a {MIN_KEY_BITS}-bit key (up to {MAX_KEY_BITS})"
                ),
            ));
        }
        let public = pkcs1::RsaPublicKey {
            modulus: rsa.modulus,
            public_exponent: rsa.public_exponent,
        };
        let public_spki_der = spki_der(&public)?;
        let inner = backend::Private::from_pkcs8(der).map_err(|()| {
            key_err(
                ErrorCode::KeyMalformed,
                "the RSA key is inconsistent (failed key validation)",
            )
        })?;
        Ok(PrivateKey {
            inner,
            bits,
            public_spki_der,
        })
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the form
    /// Meta's `whatsapp_business_encryption` API takes.
    #[must_use]
    pub fn public_key_pem(&self) -> String {
        pem::encode("PUBLIC KEY", &self.public_spki_der).to_string()
    }

    /// The public key as SubjectPublicKeyInfo DER.
    #[must_use]
    pub fn public_key_der(&self) -> &[u8] {
        &self.public_spki_der
    }

    /// RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) decryption. Any failure is `Err(())`.
    pub(crate) fn oaep_decrypt(&self, ct: &[u8]) -> std::result::Result<Zeroizing<Vec<u8>>, ()> {
        self.inner.oaep_sha256_decrypt(ct)
    }

    /// The modulus size in bytes (the length of every OAEP ciphertext).
    pub(crate) fn modulus_len(&self) -> usize {
        self.bits.div_ceil(8)
    }
}

/// An RSA public key (the client side: what WhatsApp encrypts requests with).
pub struct PublicKey {
    inner: backend::Public,
    bits: usize,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA-{})", self.bits)
    }
}

impl PublicKey {
    /// Loads `-----BEGIN PUBLIC KEY-----` (SPKI) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1).
    ///
    /// # Errors
    /// `KeyMalformed`, `KeyUnsupported` (not RSA), `KeySizeUnsupported`, `LimitExceeded`
    /// (over [`crate::limits::MAX_KEY_FILE_BYTES`]).
    pub fn from_pem(pem_text: &[u8]) -> Result<Self> {
        crate::limits::check_key_file_size(pem_text)?;
        let block = pem::parse(pem_text)?;
        let rsa_der: Vec<u8> = match block.label.as_str() {
            "PUBLIC KEY" => {
                let info = spki::SubjectPublicKeyInfoRef::try_from(block.der.as_slice()).map_err(
                    |_| {
                        key_err(
                            ErrorCode::KeyMalformed,
                            "PUBLIC KEY is not valid SubjectPublicKeyInfo DER",
                        )
                    },
                )?;
                if info.algorithm.oid != RSA_ENCRYPTION {
                    return Err(key_err(ErrorCode::KeyUnsupported, "not an RSA public key"));
                }
                info.subject_public_key.raw_bytes().to_vec()
            }
            "RSA PUBLIC KEY" => block.der.to_vec(),
            other => {
                return Err(key_err(
                    ErrorCode::KeyMalformed,
                    format!("expected a PUBLIC KEY PEM block, got '{other}'"),
                ));
            }
        };
        let rsa = pkcs1::RsaPublicKey::from_der(&rsa_der)
            .map_err(|_| key_err(ErrorCode::KeyMalformed, "the RSA public key does not parse"))?;
        let bits = bit_len(rsa.modulus.as_bytes());
        if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
            return Err(key_err(
                ErrorCode::KeySizeUnsupported,
                format!("RSA-{bits} is not supported"),
            ));
        }
        let der = spki_der(&rsa)?;
        let inner = backend::Public::from_spki(&der)
            .map_err(|()| key_err(ErrorCode::KeyMalformed, "the RSA public key was rejected"))?;
        Ok(PublicKey { inner, bits })
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bits
    }

    pub(crate) fn oaep_encrypt(&self, msg: &[u8]) -> Result<Vec<u8>> {
        self.inner
            .oaep_sha256_encrypt(msg)
            .map_err(|()| Error::invalid_argument("RSA-OAEP encryption failed"))
    }
}

/// A freshly generated key pair, as PEM text.
pub struct KeyPair {
    /// The private key: PKCS#8 `PRIVATE KEY`, or `ENCRYPTED PRIVATE KEY` (PBES2,
    /// PBKDF2-HMAC-SHA256, AES-256-CBC) when a passphrase was given. Zeroized on drop.
    pub private_pem: Zeroizing<String>,
    /// The SubjectPublicKeyInfo `PUBLIC KEY` PEM to upload to Meta.
    pub public_pem: String,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public_pem", &self.public_pem)
            .finish_non_exhaustive()
    }
}

/// Generates an RSA key pair (2048, 3072 or 4096 bits; Meta documents 2048).
///
/// # Errors
/// `InvalidArgument` for another size or an empty passphrase, `KeyGenerationFailed` when the
/// system random source fails.
pub fn generate_key_pair(bits: usize, password: Option<&[u8]>) -> Result<KeyPair> {
    if !matches!(bits, 2048 | 3072 | 4096) {
        return Err(Error::invalid_argument(format!(
            "key size must be 2048, 3072 or 4096 bits, not {bits}"
        )));
    }
    if password.is_some_and(<[u8]>::is_empty) {
        return Err(Error::invalid_argument(
            "an empty passphrase would not protect the key; pass None instead",
        ));
    }
    let der = backend::generate_pkcs8(bits)
        .map_err(|()| Error::new(ErrorCode::KeyGenerationFailed, "RSA key generation failed"))?;
    let key = PrivateKey::from_pkcs8_der(&der)?;
    let private_pem = match password {
        None => pem::encode("PRIVATE KEY", &der),
        Some(pw) => {
            let mut salt = [0u8; 16];
            let mut iv = [0u8; 16];
            random_bytes(&mut salt)?;
            random_bytes(&mut iv)?;
            let params =
                pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(PBKDF2_ITERATIONS, &salt, &iv)
                    .map_err(|_| {
                        Error::new(ErrorCode::KeyGenerationFailed, "PBES2 parameters rejected")
                    })?;
            let info = PrivateKeyInfo::try_from(der.as_slice()).map_err(|_| {
                Error::new(
                    ErrorCode::KeyGenerationFailed,
                    "generated key does not parse",
                )
            })?;
            let enc = info.encrypt_with_params(params, pw).map_err(|_| {
                Error::new(ErrorCode::KeyGenerationFailed, "encrypting the key failed")
            })?;
            pem::encode("ENCRYPTED PRIVATE KEY", enc.as_bytes())
        }
    };
    Ok(KeyPair {
        private_pem,
        public_pem: key.public_key_pem(),
    })
}

/// Refuses a PBES2 key-derivation work factor above the caps of [`crate::limits`] before any
/// derivation runs (a hostile key file must not burn CPU or memory).
fn check_work_factor(scheme: &pkcs5::EncryptionScheme<'_>) -> Result<()> {
    use crate::limits::{MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, MAX_SCRYPT_WORK};
    let pkcs5::EncryptionScheme::Pbes2(params) = scheme else {
        // PBES1 is refused by the decryption itself (unsupported), before any work.
        return Ok(());
    };
    match &params.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(key_err(
            ErrorCode::KeyUnsupported,
            format!(
                "the key is encrypted with {} PBKDF2 iterations; the limit is {MAX_PBKDF2_ITERATIONS}",
                p.iteration_count
            ),
        )),
        pkcs5::pbes2::Kdf::Scrypt(s) => {
            let n = s.cost_parameter;
            let r = u64::from(s.block_size);
            let p = u64::from(s.parallelization);
            let work = n.saturating_mul(r).saturating_mul(p);
            let memory = n.saturating_mul(r).saturating_mul(128);
            if work > MAX_SCRYPT_WORK || memory > MAX_SCRYPT_MEMORY {
                Err(key_err(
                    ErrorCode::KeyUnsupported,
                    format!(
                        "the key is encrypted with scrypt N={n}, r={r}, p={p}; the limits are N·r·p ≤ {MAX_SCRYPT_WORK} and 128·N·r ≤ {MAX_SCRYPT_MEMORY} bytes"
                    ),
                ))
            } else {
                Ok(())
            }
        }
        // PBKDF2 under the cap; any other KDF is refused by the decryption itself.
        _ => Ok(()),
    }
}

/// The encryption-algorithm OID of an `EncryptedPrivateKeyInfo` whose scheme the pkcs8
/// crate does not know (PBES1, say): the structure is fine, the scheme is unsupported.
fn encrypted_info_oid(der: &[u8]) -> Option<pkcs8::ObjectIdentifier> {
    use pkcs1::der::{Reader, SliceReader, asn1::OctetStringRef};
    let mut r = SliceReader::new(der).ok()?;
    r.sequence(|r| {
        let alg = pkcs8::AlgorithmIdentifierRef::decode(r)?;
        OctetStringRef::decode(r)?;
        Ok(alg.oid)
    })
    .ok()
}

fn bit_len(be: &[u8]) -> usize {
    let mut i = 0;
    while i < be.len() && be[i] == 0 {
        i += 1;
    }
    match be.get(i) {
        None => 0,
        Some(first) => (be.len() - i - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

fn rsa_algorithm() -> pkcs8::AlgorithmIdentifierRef<'static> {
    pkcs8::AlgorithmIdentifierRef {
        oid: RSA_ENCRYPTION,
        parameters: Some(pkcs1::der::asn1::AnyRef::NULL),
    }
}

fn pkcs1_to_pkcs8(pkcs1_der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    pkcs1::RsaPrivateKey::from_der(pkcs1_der).map_err(|_| {
        key_err(
            ErrorCode::KeyMalformed,
            "RSA PRIVATE KEY is not valid PKCS#1 DER",
        )
    })?;
    let info = PrivateKeyInfo::new(rsa_algorithm(), pkcs1_der);
    info.to_der().map(Zeroizing::new).map_err(|_| {
        key_err(
            ErrorCode::KeyMalformed,
            "could not re-encode the key as PKCS#8",
        )
    })
}

fn spki_der(public: &pkcs1::RsaPublicKey<'_>) -> Result<Vec<u8>> {
    let rsa_der = public
        .to_der()
        .map_err(|_| key_err(ErrorCode::KeyMalformed, "could not encode the public key"))?;
    let info = spki::SubjectPublicKeyInfoRef {
        algorithm: rsa_algorithm(),
        subject_public_key: spki::der::asn1::BitStringRef::from_bytes(&rsa_der)
            .map_err(|_| key_err(ErrorCode::KeyMalformed, "could not encode the public key"))?,
    };
    info.to_der()
        .map_err(|_| key_err(ErrorCode::KeyMalformed, "could not encode the public key"))
}

/// Fills `buf` from the system random source (`KeyGenerationFailed` when it fails).
pub(super) fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|_| {
        Error::new(
            ErrorCode::KeyGenerationFailed,
            "the system random source failed",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkcs5::pbes2::{Kdf, Pbkdf2Params, ScryptParams};

    const AES256: &[u8] = include_bytes!("../../tests/fixtures/keys/private_pkcs8_aes256.pem");

    /// The PBES2 AES-256 fixture (2,048 iterations) with its KDF replaced by `kdf`, as PEM.
    fn with_kdf(kdf: impl FnOnce(&[u8]) -> Kdf<'_>) -> Zeroizing<String> {
        let block = pem::parse(AES256).unwrap();
        let info = EncryptedPrivateKeyInfo::try_from(block.der.as_slice()).unwrap();
        let pkcs5::EncryptionScheme::Pbes2(params) = &info.encryption_algorithm else {
            panic!("fixture is PBES2")
        };
        let salt = match &params.kdf {
            Kdf::Pbkdf2(p) => p.salt,
            _ => panic!("fixture is PBKDF2"),
        };
        let mut params = params.clone();
        params.kdf = kdf(salt);
        let info = EncryptedPrivateKeyInfo {
            encryption_algorithm: pkcs5::EncryptionScheme::Pbes2(params),
            encrypted_data: info.encrypted_data,
        };
        pem::encode("ENCRYPTED PRIVATE KEY", &info.to_der().unwrap())
    }

    fn pbkdf2(iterations: u32) -> impl FnOnce(&[u8]) -> Kdf<'_> {
        move |salt| {
            Kdf::Pbkdf2(Pbkdf2Params {
                salt,
                iteration_count: iterations,
                key_length: None,
                prf: pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256,
            })
        }
    }

    /// Issue 8 item 7: two million iterations and a wrong passphrase fail at once with a key
    /// error (before the cap, this ran PBKDF2 two million times).
    #[test]
    fn pbkdf2_iterations_over_the_cap_fail_fast() {
        let pem = with_kdf(pbkdf2(2_000_000));
        // Before the cap this ran PBKDF2 two million times and answered KeyPasswordWrong;
        // the work factor is now refused before any derivation (speed lives in benches, not
        // in timed tests).
        let e = PrivateKey::from_pem(pem.as_bytes(), Some(b"wrong")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyUnsupported);
        assert!(e.message().contains("2000000"), "{e}");
        // The right passphrase does not help either: the work factor is refused first.
        let e = PrivateKey::from_pem(pem.as_bytes(), Some(b"waflows-test")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyUnsupported);
    }

    /// Both sides of the PBKDF2 cap, checked without running the KDF.
    #[test]
    fn pbkdf2_cap_both_sides() {
        use crate::limits::MAX_PBKDF2_ITERATIONS;
        for (n, ok) in [
            (2048, true),
            (MAX_PBKDF2_ITERATIONS, true),
            (MAX_PBKDF2_ITERATIONS + 1, false),
        ] {
            let pem = with_kdf(pbkdf2(n));
            let block = pem::parse(pem.as_bytes()).unwrap();
            let info = EncryptedPrivateKeyInfo::try_from(block.der.as_slice()).unwrap();
            assert_eq!(
                check_work_factor(&info.encryption_algorithm).is_ok(),
                ok,
                "{n}"
            );
        }
        // The fixture itself (2,048 iterations) still loads.
        PrivateKey::from_pem(AES256, Some(b"waflows-test")).unwrap();
    }

    /// scrypt: OpenSSL's default (N=16384, r=8, p=1) passes the cap; N=2^20 or a huge p is
    /// refused before any derivation (no 1 GiB allocation, no minutes of CPU).
    #[test]
    fn scrypt_cost_capped() {
        fn scrypt(n: u64, r: u16, p: u16) -> impl FnOnce(&[u8]) -> Kdf<'_> {
            move |salt| {
                Kdf::Scrypt(ScryptParams {
                    salt,
                    cost_parameter: n,
                    block_size: r,
                    parallelization: p,
                    key_length: None,
                })
            }
        }
        for (n, r, p, ok) in [
            (1 << 14, 8, 1, true),
            (1 << 15, 8, 1, true),
            (1 << 16, 8, 1, false),
            (1 << 20, 8, 1, false),
            (1 << 14, 8, 16, false),
            (1 << 40, 8, 1, false),
        ] {
            let pem = with_kdf(scrypt(n, r, p));
            let block = pem::parse(pem.as_bytes()).unwrap();
            let info = EncryptedPrivateKeyInfo::try_from(block.der.as_slice()).unwrap();
            assert_eq!(
                check_work_factor(&info.encryption_algorithm).is_ok(),
                ok,
                "N={n} r={r} p={p}"
            );
            if !ok {
                let e = PrivateKey::from_pem(pem.as_bytes(), Some(b"wrong")).unwrap_err();
                assert_eq!(e.code(), ErrorCode::KeyUnsupported);
            }
        }
    }

    #[test]
    fn bit_len_counts_from_the_top_bit() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[0x7f, 0xff]), 15);
    }
}
