//! The RSA backend, chosen once at compile time: `aws-lc-rs` (feature `aws-lc`, the default:
//! constant-time, OpenSSL speed) or the pure-Rust `rsa` crate (feature `pure-rust`, used only
//! when `aws-lc` is off; note RUSTSEC-2023-0071 against its private-key operations). Enabling
//! both is a compile error (see the crate root).
//!
//! Every failure of a private-key operation is reported as `()`: the caller turns it into the
//! one undetailed `DecryptionFailed`.
use zeroize::Zeroizing;

/// Name of the compiled-in backend (`"aws-lc-rs"` or `"rsa"`).
#[cfg(feature = "aws-lc")]
pub const BACKEND: &str = "aws-lc-rs";
/// Name of the compiled-in backend (`"aws-lc-rs"` or `"rsa"`).
#[cfg(all(feature = "pure-rust", not(feature = "aws-lc")))]
pub const BACKEND: &str = "rsa";

#[cfg(feature = "aws-lc")]
mod imp {
    use super::Zeroizing;
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
    use aws_lc_rs::rsa::{
        KeySize, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
        PrivateDecryptingKey, PublicEncryptingKey,
    };

    pub(crate) struct Private(OaepPrivateDecryptingKey);
    pub(crate) struct Public(OaepPublicEncryptingKey);

    impl Private {
        pub(crate) fn from_pkcs8(der: &[u8]) -> Result<Self, ()> {
            let k = PrivateDecryptingKey::from_pkcs8(der).map_err(|_| ())?;
            Ok(Private(OaepPrivateDecryptingKey::new(k).map_err(|_| ())?))
        }
        pub(crate) fn oaep_sha256_decrypt(&self, ct: &[u8]) -> Result<Zeroizing<Vec<u8>>, ()> {
            let mut buf = Zeroizing::new(vec![0u8; self.0.min_output_size()]);
            let n = self
                .0
                .decrypt(&OAEP_SHA256_MGF1SHA256, ct, &mut buf, None)
                .map_err(|_| ())?
                .len();
            buf.truncate(n);
            Ok(buf)
        }
    }

    impl Public {
        pub(crate) fn from_spki(der: &[u8]) -> Result<Self, ()> {
            let k = PublicEncryptingKey::from_der(der).map_err(|_| ())?;
            Ok(Public(OaepPublicEncryptingKey::new(k).map_err(|_| ())?))
        }
        pub(crate) fn oaep_sha256_encrypt(&self, msg: &[u8]) -> Result<Vec<u8>, ()> {
            let mut out = vec![0u8; self.0.ciphertext_size()];
            let n = self
                .0
                .encrypt(&OAEP_SHA256_MGF1SHA256, msg, &mut out, None)
                .map_err(|_| ())?
                .len();
            out.truncate(n);
            Ok(out)
        }
    }

    pub(crate) fn generate_pkcs8(bits: usize) -> Result<Zeroizing<Vec<u8>>, ()> {
        let size = match bits {
            2048 => KeySize::Rsa2048,
            3072 => KeySize::Rsa3072,
            4096 => KeySize::Rsa4096,
            _ => return Err(()),
        };
        let k = PrivateDecryptingKey::generate(size).map_err(|_| ())?;
        let der: Pkcs8V1Der<'static> = AsDer::<Pkcs8V1Der>::as_der(&k).map_err(|_| ())?;
        Ok(Zeroizing::new(der.as_ref().to_vec()))
    }
}

#[cfg(all(feature = "pure-rust", not(feature = "aws-lc")))]
mod imp {
    use super::Zeroizing;
    use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};
    use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};

    pub(crate) struct Private(RsaPrivateKey);
    pub(crate) struct Public(RsaPublicKey);

    impl Private {
        pub(crate) fn from_pkcs8(der: &[u8]) -> Result<Self, ()> {
            RsaPrivateKey::from_pkcs8_der(der)
                .map(Private)
                .map_err(|_| ())
        }
        pub(crate) fn oaep_sha256_decrypt(&self, ct: &[u8]) -> Result<Zeroizing<Vec<u8>>, ()> {
            // Blinded decryption (the crate blinds when given an RNG).
            let mut rng = rand_core::OsRng;
            self.0
                .decrypt_blinded(&mut rng, Oaep::new::<sha2::Sha256>(), ct)
                .map(Zeroizing::new)
                .map_err(|_| ())
        }
    }

    impl Public {
        pub(crate) fn from_spki(der: &[u8]) -> Result<Self, ()> {
            RsaPublicKey::from_public_key_der(der)
                .map(Public)
                .map_err(|_| ())
        }
        pub(crate) fn oaep_sha256_encrypt(&self, msg: &[u8]) -> Result<Vec<u8>, ()> {
            let mut rng = rand_core::OsRng;
            self.0
                .encrypt(&mut rng, Oaep::new::<sha2::Sha256>(), msg)
                .map_err(|_| ())
        }
    }

    pub(crate) fn generate_pkcs8(bits: usize) -> Result<Zeroizing<Vec<u8>>, ()> {
        if !matches!(bits, 2048 | 3072 | 4096) {
            return Err(());
        }
        let mut rng = rand_core::OsRng;
        let k = RsaPrivateKey::new(&mut rng, bits).map_err(|_| ())?;
        let doc = k.to_pkcs8_der().map_err(|_| ())?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }
}

pub(crate) use imp::{Private, Public, generate_pkcs8};
