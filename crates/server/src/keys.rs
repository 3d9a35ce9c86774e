//! The signing key ring: this server's Ed25519 key (created on first start, kept in the data
//! dir with mode 0600) and the trust list of every issuer key it accepts.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use ed25519_dalek::SigningKey;
use healthcode_core::token::public_key_hex;

use crate::secrets::read_or_create_secret;

/// This server's current signing key and its identity in tokens.
#[derive(Clone)]
pub struct SigningIdentity {
    /// Division code of this region (`HEALTHCODE_ISSUER`).
    pub issuer: String,
    pub key_id: String,
    pub key: SigningKey,
}

impl std::fmt::Debug for SigningIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningIdentity")
            .field("issuer", &self.issuer)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl SigningIdentity {
    /// Loads the key named in `keys/signing/current` under the data dir, or creates the first
    /// one (`k1`).
    pub fn load_or_create(data_dir: &Path, issuer: &str) -> anyhow::Result<Self> {
        let dir = data_dir.join("keys").join("signing");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let current = dir.join("current");
        let key_id = match std::fs::read_to_string(&current) {
            Ok(id) => id.trim().to_owned(),
            Err(_) => {
                std::fs::write(&current, "k1\n")
                    .with_context(|| format!("cannot write {}", current.display()))?;
                "k1".to_owned()
            }
        };
        let seed = read_or_create_secret(&dir.join(format!("{key_id}.ed25519")))?;
        Ok(Self {
            issuer: issuer.to_owned(),
            key_id,
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Makes a new signing key (`k1` → `k2` …) the current one; returns the old key id. The old
    /// key file stays, so tokens it signed keep verifying while the trust list allows.
    pub fn rotate(data_dir: &Path, issuer: &str) -> anyhow::Result<(String, Self)> {
        let old = Self::load_or_create(data_dir, issuer)?;
        let number: u32 = old.key_id.trim_start_matches('k').parse().unwrap_or(1);
        let next = format!("k{}", number + 1);
        let dir = data_dir.join("keys").join("signing");
        read_or_create_secret(&dir.join(format!("{next}.ed25519")))?;
        std::fs::write(dir.join("current"), format!("{next}\n"))
            .with_context(|| format!("cannot write {}", dir.join("current").display()))?;
        Ok((old.key_id, Self::load_or_create(data_dir, issuer)?))
    }

    pub fn public_key_hex(&self) -> String {
        public_key_hex(&self.key)
    }
}

/// How long after `keys rotate` the old key may still sign: running servers pick up the new key
/// within [`RELOAD_EVERY_SECS`], so a code one of them signs meanwhile stays valid.
pub const ROTATION_GRACE_SECS: i64 = 120;

/// How often a running server looks for a rotated key.
pub const RELOAD_EVERY_SECS: u64 = 2;

/// The signing identity a running server uses, switched when `keys rotate` names a new one.
#[derive(Clone, Debug)]
pub struct KeyRing {
    data_dir: PathBuf,
    current: Arc<RwLock<Arc<SigningIdentity>>>,
}

impl KeyRing {
    /// The current key under `data_dir` (created on first start).
    pub fn load_or_create(data_dir: &Path, issuer: &str) -> anyhow::Result<Self> {
        Ok(Self {
            data_dir: data_dir.to_path_buf(),
            current: Arc::new(RwLock::new(Arc::new(SigningIdentity::load_or_create(
                data_dir, issuer,
            )?))),
        })
    }

    /// The key to sign with now.
    pub fn current(&self) -> Arc<SigningIdentity> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// This region's issuer code (it never changes while running).
    pub fn issuer(&self) -> String {
        self.current().issuer.clone()
    }

    /// Reads `keys/signing/current` again; `true` when it names another key, now in use.
    pub fn reload(&self) -> anyhow::Result<bool> {
        let now = self.current();
        let named = std::fs::read_to_string(self.data_dir.join("keys").join("signing").join("current"))?;
        if named.trim() == now.key_id {
            return Ok(false);
        }
        let next = SigningIdentity::load_or_create(&self.data_dir, &now.issuer)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        Ok(true)
    }
}
