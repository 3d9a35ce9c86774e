//! The checkpoint's verdict: offline from the trust list, then the server's answer.

use ed25519_dalek::SigningKey;

use super::*;
use crate::family::Relation;
use crate::token::{encode, public_key_hex, TrustedKey};

const NOW: i64 = 1_795_000_000;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

fn trust() -> TrustList {
    TrustList {
        keys: vec![TrustedKey {
            issuer: "42".into(),
            key_id: "k1".into(),
            public_key: public_key_hex(&key()),
            valid_from: 0,
            valid_until: None,
        }],
    }
}

fn claims(colour: Colour, kind: CodeKind) -> CodeClaims {
    CodeClaims {
        issuer: "42".into(),
        key_id: "k1".into(),
        person_ref: "p1".into(),
        serial: "s1".into(),
        kind,
        colour,
        issued_at: NOW - 10,
        expires_at: NOW + 290,
        colour_valid_until: None,
        name_masked: "王*".into(),
        dependant: Some(DependantClaims {
            applicant_masked: "李*".into(),
            relation: Relation::Mother,
        }),
    }
}

fn token(colour: Colour, kind: CodeKind) -> String {
    encode(&claims(colour, kind), &key())
}

fn answer(valid: bool, colour: Option<Colour>, reason: Option<&str>) -> VerifyResult {
    VerifyResult {
        valid,
        colour,
        kind: valid.then_some(CodeKind::Paper),
        name_masked: valid.then(|| "王*".into()),
        applicant_masked: None,
        relation: None,
        expires_at: None,
        reason: reason.map(str::to_owned),
        message: None,
    }
}

#[test]
fn a_genuine_green_code_passes_offline_with_its_details() {
    let v = ScanVerdict::offline(&token(Colour::Green, CodeKind::Live), &trust(), NOW - 60, NOW);
    assert_eq!(v.outcome, ScanOutcome::Pass);
    assert_eq!(v.colour, Some(Colour::Green));
    assert_eq!(v.kind, Some(CodeKind::Live));
    assert_eq!(v.name_masked.as_deref(), Some("王*"));
    assert_eq!(v.dependant.map(|d| d.relation), Some(Relation::Mother));
    assert_eq!(v.expires_at, Some(NOW + 290));
    assert!(!v.online);
    assert!(v.reason.is_none());
}

#[test]
fn a_genuine_yellow_or_red_code_is_refused_by_its_colour() {
    for colour in [Colour::Yellow, Colour::Red] {
        let v = ScanVerdict::offline(&token(colour, CodeKind::Offline), &trust(), NOW, NOW);
        assert_eq!(v.outcome, ScanOutcome::Refuse);
        assert_eq!(v.colour, Some(colour));
        assert!(v.reason.is_none());
    }
}

#[test]
fn a_tampered_code_is_unverifiable_and_never_sent_to_the_server() {
    let mut payload = crate::token::payload(&claims(Colour::Red, CodeKind::Live));
    let signature = {
        use ed25519_dalek::Signer;
        key().sign(&[b"HC1".as_slice(), &payload].concat()).to_bytes()
    };
    let colour_at = payload.iter().position(|b| *b == b'R').unwrap();
    payload[colour_at] = b'G';
    let forged = crate::token::encode_raw(&payload, &signature);
    let v = ScanVerdict::offline(&forged, &trust(), NOW, NOW);
    assert_eq!(v.outcome, ScanOutcome::Unverifiable);
    assert_eq!(v.reason.as_deref(), Some("bad_signature"));
    assert_eq!(v.colour, None);
    assert!(!v.worth_asking_server());
}

#[test]
fn an_expired_code_is_refused_and_the_server_is_still_asked() {
    let v = ScanVerdict::offline(&token(Colour::Green, CodeKind::Live), &trust(), NOW, NOW + 290);
    assert_eq!(v.outcome, ScanOutcome::Refuse);
    assert_eq!(v.reason.as_deref(), Some("expired"));
    assert!(v.worth_asking_server());
}

#[test]
fn an_unknown_issuer_is_unverifiable_but_worth_asking_a_server_with_a_newer_list() {
    let v = ScanVerdict::offline(
        &token(Colour::Green, CodeKind::Live),
        &TrustList::default(),
        NOW,
        NOW,
    );
    assert_eq!(v.outcome, ScanOutcome::Unverifiable);
    assert_eq!(v.reason.as_deref(), Some("unknown_key"));
    assert!(v.worth_asking_server());
}

#[test]
fn a_trust_list_older_than_a_week_is_not_used_offline_and_a_day_old_one_warns() {
    let t = token(Colour::Green, CodeKind::Live);
    let stale = ScanVerdict::offline(&t, &trust(), NOW - TRUST_LIST_MAX_SECS - 1, NOW);
    assert_eq!(stale.outcome, ScanOutcome::Unverifiable);
    assert_eq!(stale.reason.as_deref(), Some(STALE_TRUST_LIST));
    let old = ScanVerdict::offline(&t, &trust(), NOW - TRUST_LIST_WARN_SECS - 1, NOW);
    assert_eq!(old.outcome, ScanOutcome::Pass);
    assert_eq!(TrustListAge::of(TRUST_LIST_WARN_SECS), TrustListAge::Fresh);
    assert_eq!(TrustListAge::of(TRUST_LIST_WARN_SECS + 1), TrustListAge::Old);
    assert_eq!(TrustListAge::of(TRUST_LIST_MAX_SECS + 1), TrustListAge::TooOld);
}

#[test]
fn the_server_refusing_a_lost_paper_card_overrides_a_good_signature() {
    let offline = ScanVerdict::offline(&token(Colour::Green, CodeKind::Paper), &trust(), NOW, NOW);
    assert_eq!(offline.outcome, ScanOutcome::Pass);
    let v = offline.with_server_answer(&answer(false, None, Some(REVOKED)));
    assert_eq!(v.outcome, ScanOutcome::Refuse);
    assert_eq!(v.reason.as_deref(), Some(REVOKED));
    assert_eq!(v.colour, None);
    assert!(v.online);
    // What the card says is still shown, so the checker can match the bearer.
    assert_eq!(v.name_masked.as_deref(), Some("王*"));
}

#[test]
fn the_servers_current_colour_wins_over_the_signed_one() {
    let offline = ScanVerdict::offline(&token(Colour::Green, CodeKind::Paper), &trust(), NOW, NOW);
    let v = offline.with_server_answer(&answer(true, Some(Colour::Red), None));
    assert_eq!(v.outcome, ScanOutcome::Refuse);
    assert_eq!(v.colour, Some(Colour::Red));
    assert!(v.online);
    // The server left out the dependant: the signed one stays.
    assert_eq!(v.dependant.map(|d| d.applicant_masked), Some("李*".to_owned()));
}

#[test]
fn a_key_the_server_removed_stops_a_code_the_device_still_trusts() {
    let offline = ScanVerdict::offline(&token(Colour::Green, CodeKind::Live), &trust(), NOW, NOW);
    let v = offline.with_server_answer(&answer(false, None, Some("unknown_key")));
    assert_eq!(v.outcome, ScanOutcome::Unverifiable);
    assert_eq!(v.reason.as_deref(), Some("unknown_key"));
}
