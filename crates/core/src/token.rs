//! The code token: what a QR code holds. Format: `docs/code-token.md`.
//!
//! `HC1:` + Base45(payload ‖ Ed25519 signature). The signature covers `"HC1"` ‖ payload and is
//! checked before any claim is believed; only the issuer and key id are read first, to pick
//! the key from the [`TrustList`].

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::base45;
use crate::colour::Colour;
use crate::family::Relation;

/// The text every token starts with; the digit is the format version.
pub const PREFIX: &str = "HC1:";
/// The payload's version byte.
pub const VERSION: u8 = 1;
/// How far a verifier's clock may lag the issuer's before a fresh token is "not yet valid".
pub const MAX_CLOCK_SKEW_SECS: i64 = 120;
const SIGNATURE_LEN: usize = 64;
const DOMAIN: &[u8] = b"HC1";

/// What kind of code a token is; the checker is told which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// Shown live in the app; expires within minutes and rotates every minute.
    Live,
    /// Cached on the device for display without network; lives longer.
    Offline,
    /// Printed on a paper card; lives longest and can be reported lost.
    Paper,
}

impl CodeKind {
    fn letter(self) -> u8 {
        match self {
            CodeKind::Live => b'L',
            CodeKind::Offline => b'O',
            CodeKind::Paper => b'P',
        }
    }

    fn from_letter(letter: u8) -> Option<Self> {
        Some(match letter {
            b'L' => CodeKind::Live,
            b'O' => CodeKind::Offline,
            b'P' => CodeKind::Paper,
            _ => return None,
        })
    }
}

/// For a dependant's code: who declared for them, and how they are related.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DependantClaims {
    pub applicant_masked: String,
    pub relation: Relation,
}

/// Everything a token asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeClaims {
    /// Division code of the issuing region (e.g. `42` for 湖北).
    pub issuer: String,
    /// Which of the issuer's keys signed it.
    pub key_id: String,
    /// Opaque reference to the person (never a document number).
    pub person_ref: String,
    /// Unique per token, so one token (a lost paper card) can be revoked.
    pub serial: String,
    pub kind: CodeKind,
    pub colour: Colour,
    /// Unix seconds.
    pub issued_at: i64,
    /// Unix seconds; the token is refused from this instant on.
    pub expires_at: i64,
    /// Until when the colour holds (a green code's validity), Unix seconds.
    pub colour_valid_until: Option<i64>,
    /// e.g. `李*`.
    pub name_masked: String,
    pub dependant: Option<DependantClaims>,
}

/// One issuer key a verifier trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustedKey {
    pub issuer: String,
    pub key_id: String,
    /// Ed25519 public key, 64 hex digits.
    pub public_key: String,
    /// Unix seconds: tokens issued before this are refused.
    pub valid_from: i64,
    /// Unix seconds: tokens issued after this are refused (a retired key).
    pub valid_until: Option<i64>,
}

/// The issuer keys a verifier trusts (`GET /api/v1/trust-list`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustList {
    pub keys: Vec<TrustedKey>,
}

/// Why a token was refused. [`VerifyError::code`] is the stable wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    WrongPrefix,
    UnsupportedVersion,
    BadEncoding,
    Truncated,
    Malformed,
    UnknownKey,
    KeyNotValid,
    BadSignature,
    NotYetValid,
    Expired,
}

impl VerifyError {
    pub fn code(self) -> &'static str {
        match self {
            VerifyError::WrongPrefix => "wrong_prefix",
            VerifyError::UnsupportedVersion => "unsupported_version",
            VerifyError::BadEncoding => "bad_encoding",
            VerifyError::Truncated => "truncated",
            VerifyError::Malformed => "malformed",
            VerifyError::UnknownKey => "unknown_key",
            VerifyError::KeyNotValid => "key_not_valid",
            VerifyError::BadSignature => "bad_signature",
            VerifyError::NotYetValid => "not_yet_valid",
            VerifyError::Expired => "expired",
        }
    }

    /// The error whose [`VerifyError::code`] is `code` (a server's or a verifier's reason).
    pub fn from_code(code: &str) -> Option<Self> {
        [
            VerifyError::WrongPrefix,
            VerifyError::UnsupportedVersion,
            VerifyError::BadEncoding,
            VerifyError::Truncated,
            VerifyError::Malformed,
            VerifyError::UnknownKey,
            VerifyError::KeyNotValid,
            VerifyError::BadSignature,
            VerifyError::NotYetValid,
            VerifyError::Expired,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }

    pub fn message_zh(self) -> &'static str {
        match self {
            VerifyError::WrongPrefix | VerifyError::UnsupportedVersion => "不是可识别的健康码",
            VerifyError::BadEncoding | VerifyError::Truncated | VerifyError::Malformed => {
                "二维码内容不完整或已损坏"
            }
            VerifyError::UnknownKey => "未知签发机构",
            VerifyError::KeyNotValid => "签发密钥不在有效期内",
            VerifyError::BadSignature => "签名无效",
            VerifyError::NotYetValid => "尚未生效，请核对设备时间",
            VerifyError::Expired => "已过期",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            VerifyError::WrongPrefix | VerifyError::UnsupportedVersion => "Not a recognised health code",
            VerifyError::BadEncoding | VerifyError::Truncated | VerifyError::Malformed => {
                "The code's content is incomplete or damaged"
            }
            VerifyError::UnknownKey => "Unknown issuer",
            VerifyError::KeyNotValid => "The issuer key is not valid for this code",
            VerifyError::BadSignature => "Invalid signature",
            VerifyError::NotYetValid => "Not yet valid; check the device clock",
            VerifyError::Expired => "Expired",
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for VerifyError {}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Fields are short by construction (masked names, codes); longer ones are cut at a
    // character boundary rather than corrupting the layout.
    let mut end = s.len().min(255);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push(end as u8);
    out.extend_from_slice(&s.as_bytes()[..end]);
}

/// The signed bytes of `claims` (without the signature).
pub fn payload(claims: &CodeClaims) -> Vec<u8> {
    let mut out = Vec::with_capacity(96);
    out.push(VERSION);
    put_str(&mut out, &claims.issuer);
    put_str(&mut out, &claims.key_id);
    out.push(claims.kind.letter());
    out.push(claims.colour.letter() as u8);
    out.extend_from_slice(&claims.issued_at.to_be_bytes());
    out.extend_from_slice(&claims.expires_at.to_be_bytes());
    out.extend_from_slice(&claims.colour_valid_until.unwrap_or(0).to_be_bytes());
    put_str(&mut out, &claims.person_ref);
    put_str(&mut out, &claims.serial);
    put_str(&mut out, &claims.name_masked);
    match &claims.dependant {
        None => out.push(0),
        Some(d) => {
            out.push(1);
            put_str(&mut out, &d.applicant_masked);
            put_str(&mut out, d.relation.wire());
        }
    }
    out
}

fn signed_message(payload: &[u8]) -> Vec<u8> {
    [DOMAIN, payload].concat()
}

/// Signs `claims` with `key` and returns the token text.
pub fn encode(claims: &CodeClaims, key: &SigningKey) -> String {
    let payload = payload(claims);
    let signature = key.sign(&signed_message(&payload));
    encode_raw(&payload, &signature.to_bytes())
}

/// Assembles a token from payload and signature bytes (test vectors build broken ones).
pub fn encode_raw(payload: &[u8], signature: &[u8]) -> String {
    format!("{PREFIX}{}", base45::encode(&[payload, signature].concat()))
}

/// The public key of `key` as a trust-list entry's hex text.
pub fn public_key_hex(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex32(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

/// A cursor over payload bytes; every read fails cleanly past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], VerifyError> {
        let end = self.pos.checked_add(n).ok_or(VerifyError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(VerifyError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, VerifyError> {
        Ok(self.take(1)?[0])
    }

    fn i64(&mut self) -> Result<i64, VerifyError> {
        let bytes: [u8; 8] = self.take(8)?.try_into().map_err(|_| VerifyError::Truncated)?;
        Ok(i64::from_be_bytes(bytes))
    }

    fn str(&mut self) -> Result<String, VerifyError> {
        let len = usize::from(self.u8()?);
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| VerifyError::Malformed)
    }
}

/// Checks `token` against `trust` at Unix time `now` and returns its claims.
///
/// Order: prefix, encoding, version, key lookup, key validity, signature, then the claims
/// themselves (well-formed, not yet valid, expired).
pub fn verify(token: &str, trust: &TrustList, now: i64) -> Result<CodeClaims, VerifyError> {
    // Only line breaks and tabs are trimmed: a space is a Base45 digit.
    let token = token.trim_matches(['\n', '\r', '\t']);
    let body = match token.strip_prefix(PREFIX) {
        Some(body) => body,
        None if token.len() >= 4 && token.starts_with("HC") && token.as_bytes()[3] == b':' => {
            return Err(VerifyError::UnsupportedVersion)
        }
        None => return Err(VerifyError::WrongPrefix),
    };
    let bytes = base45::decode(body).ok_or(VerifyError::BadEncoding)?;
    if bytes.len() <= SIGNATURE_LEN {
        return Err(VerifyError::Truncated);
    }
    let (payload, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let mut reader = Reader {
        bytes: payload,
        pos: 0,
    };
    if reader.u8()? != VERSION {
        return Err(VerifyError::UnsupportedVersion);
    }
    let issuer = reader.str()?;
    let key_id = reader.str()?;
    // Every entry for this issuer and key id is tried (a key listed twice, e.g. with a new
    // validity window after a rotation); strict verification refuses weak keys and malleable
    // signatures.
    let candidates: Vec<&TrustedKey> = trust
        .keys
        .iter()
        .filter(|k| k.issuer == issuer && k.key_id == key_id)
        .collect();
    if candidates.is_empty() {
        return Err(VerifyError::UnknownKey);
    }
    let signature = Signature::from_bytes(signature.try_into().map_err(|_| VerifyError::Truncated)?);
    let message = signed_message(payload);
    let signed_by: Vec<&TrustedKey> = candidates
        .into_iter()
        .filter(|k| {
            unhex32(&k.public_key)
                .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
                .is_some_and(|public| public.verify_strict(&message, &signature).is_ok())
        })
        .collect();
    if signed_by.is_empty() {
        return Err(VerifyError::BadSignature);
    }

    // Signed by a trusted key: now the claims may be read.
    let kind = CodeKind::from_letter(reader.u8()?).ok_or(VerifyError::Malformed)?;
    let colour = Colour::from_letter(char::from(reader.u8()?)).ok_or(VerifyError::Malformed)?;
    let issued_at = reader.i64()?;
    let expires_at = reader.i64()?;
    let colour_valid_until = Some(reader.i64()?).filter(|t| *t != 0);
    let person_ref = reader.str()?;
    let serial = reader.str()?;
    let name_masked = reader.str()?;
    let dependant = match reader.u8()? {
        0 => None,
        1 => Some(DependantClaims {
            applicant_masked: reader.str()?,
            relation: Relation::from_wire(&reader.str()?).ok_or(VerifyError::Malformed)?,
        }),
        _ => return Err(VerifyError::Malformed),
    };
    if reader.pos != payload.len() || expires_at <= issued_at {
        return Err(VerifyError::Malformed);
    }
    let in_window =
        |k: &&TrustedKey| issued_at >= k.valid_from && k.valid_until.is_none_or(|until| issued_at <= until);
    if !signed_by.iter().any(in_window) {
        return Err(VerifyError::KeyNotValid);
    }
    if now + MAX_CLOCK_SKEW_SECS < issued_at {
        return Err(VerifyError::NotYetValid);
    }
    if now >= expires_at {
        return Err(VerifyError::Expired);
    }
    Ok(CodeClaims {
        issuer,
        key_id,
        person_ref,
        serial,
        kind,
        colour,
        issued_at,
        expires_at,
        colour_valid_until,
        name_masked,
        dependant,
    })
}

#[cfg(test)]
mod tests;
