//! The signing key ring: this server's Ed25519 key (created on first start, kept in the data
//! dir with mode 0600) and the trust list of every issuer key it accepts.

use std::path::Path;

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
