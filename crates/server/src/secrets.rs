//! Server secrets kept in the data directory: the pepper for keyed hashes of phone and
//! document numbers, and random tokens.

use std::path::Path;

use anyhow::Context;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Keyed hashing of personal identifiers: equal inputs give equal hashes (for lookups) but the
/// database alone does not reveal them.
#[derive(Clone)]
pub struct Pepper([u8; 32]);

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pepper(..)")
    }
}

impl Pepper {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads `keys/pepper` under the data dir, creating it (mode 0600) on first start.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join("keys").join("pepper");
        let bytes = read_or_create_secret(&path)?;
        Ok(Self(bytes))
    }

    /// HMAC-SHA256 of `parts` joined by a separator, as hex.
    pub fn hash(&self, domain: &str, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// The keyed hash a document is found by (declarations, the authorities' lists). The
    /// document type is part of it as its Debug name, as stored since the first release.
    pub fn document_hash(&self, document: &healthcode_core::identity::DocumentNumber) -> String {
        self.hash(
            "document",
            &format!("{:?}:{}", document.kind(), document.expose()),
        )
    }
}

/// Reads a 32-byte secret stored as hex, or creates one readable by the owner only.
pub fn read_or_create_secret(path: &Path) -> anyhow::Result<[u8; 32]> {
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let bytes = unhex(text.trim()).with_context(|| format!("{} is not 64 hex digits", path.display()))?;
        return Ok(bytes);
    }
    let dir = path.parent().context("secret path has a directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    write_private(path, &hex(&bytes))?;
    Ok(bytes)
}

/// Creates `dir` if needed and makes it the owner's alone (0700): it holds the database,
/// the pepper and the signing keys.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict {} to its owner", dir.display()))?;
    }
    Ok(())
}

/// Creates `path` empty if missing, and makes it the owner's alone (0600), so a database
/// SQLite opens there (and the -wal and -shm files it makes beside it) is not world-readable.
pub fn private_file(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options
            .open(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {} to its owner", path.display()))?;
    }
    #[cfg(not(unix))]
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

/// Writes a file only its owner can read (mode 0600 on Unix).
pub fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// A random token for cookies and ids: `bytes` random bytes, base64url.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A uniformly random 6-digit login code.
pub fn random_login_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

/// SHA-256 as hex (session tokens: long and random, so no key is needed).
pub fn sha256_hex(value: &str) -> String {
    hex(&Sha256::digest(value.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pepper_hashes_are_stable_keyed_and_domain_separated() {
        let a = Pepper::from_bytes([1; 32]);
        let b = Pepper::from_bytes([2; 32]);
        assert_eq!(a.hash("phone", "13800000000"), a.hash("phone", "13800000000"));
        assert_ne!(a.hash("phone", "13800000000"), b.hash("phone", "13800000000"));
        assert_ne!(a.hash("phone", "13800000000"), a.hash("document", "13800000000"));
        assert!(!a.hash("phone", "13800000000").contains("1380"));
    }

    #[test]
    fn secrets_are_created_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/pepper");
        let first = read_or_create_secret(&path).unwrap();
        assert_eq!(read_or_create_secret(&path).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn login_codes_are_six_digits() {
        for _ in 0..100 {
            let code = random_login_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
