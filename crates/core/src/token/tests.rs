//! Token round trips and refusals; the published vectors are in `tests/vectors/`.

use super::*;
#[cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;

const NOW: i64 = 1_795_000_000;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn trust(keys: &[(&str, &str, &SigningKey)]) -> TrustList {
    TrustList {
        keys: keys
            .iter()
            .map(|(issuer, key_id, key)| TrustedKey {
                issuer: issuer.to_string(),
                key_id: key_id.to_string(),
                public_key: public_key_hex(key),
                valid_from: 0,
                valid_until: None,
            })
            .collect(),
    }
}

fn claims() -> CodeClaims {
    CodeClaims {
        issuer: "42".into(),
        key_id: "k1".into(),
        person_ref: "p_3f9a1c".into(),
        serial: "s1".into(),
        kind: CodeKind::Live,
        colour: Colour::Green,
        issued_at: NOW - 10,
        expires_at: NOW + 290,
        colour_valid_until: Some(NOW + 3 * 86_400),
        name_masked: "李*".into(),
        dependant: None,
    }
}

#[test]
fn a_signed_token_verifies_to_its_claims() {
    let k = key(7);
    let token = encode(&claims(), &k);
    assert!(token.starts_with("HC1:"));
    assert_eq!(verify(&token, &trust(&[("42", "k1", &k)]), NOW), Ok(claims()));
}

#[test]
fn a_dependants_token_carries_applicant_and_relation() {
    let k = key(7);
    let mut c = claims();
    c.kind = CodeKind::Paper;
    c.dependant = Some(DependantClaims {
        applicant_masked: "李*".into(),
        relation: Relation::Mother,
    });
    c.name_masked = "王*".into();
    let token = encode(&c, &k);
    let back = verify(&token, &trust(&[("42", "k1", &k)]), NOW).unwrap();
    assert_eq!(back.dependant.unwrap().relation, Relation::Mother);
}

#[test]
fn another_regions_key_verifies_only_when_trusted() {
    let hubei = key(1);
    let shanxi = key(2);
    let mut c = claims();
    c.issuer = "14".into();
    let token = encode(&c, &shanxi);
    assert_eq!(
        verify(&token, &trust(&[("42", "k1", &hubei)]), NOW),
        Err(VerifyError::UnknownKey)
    );
    let both = trust(&[("42", "k1", &hubei), ("14", "k1", &shanxi)]);
    assert!(verify(&token, &both, NOW).is_ok());
}

#[test]
fn a_key_signing_under_another_issuers_name_fails() {
    let hubei = key(1);
    let forger = key(9);
    let token = encode(&claims(), &forger);
    assert_eq!(
        verify(&token, &trust(&[("42", "k1", &hubei)]), NOW),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn expiry_is_exclusive_and_skew_is_tolerated() {
    let k = key(7);
    let t = trust(&[("42", "k1", &k)]);
    let token = encode(&claims(), &k);
    assert!(verify(&token, &t, NOW + 289).is_ok());
    assert_eq!(verify(&token, &t, NOW + 290), Err(VerifyError::Expired));
    assert!(verify(&token, &t, NOW - 10 - MAX_CLOCK_SKEW_SECS).is_ok());
    assert_eq!(
        verify(&token, &t, NOW - 11 - MAX_CLOCK_SKEW_SECS),
        Err(VerifyError::NotYetValid)
    );
}

#[test]
fn a_retired_key_stops_verifying_codes_issued_after_its_end() {
    let k = key(7);
    let mut t = trust(&[("42", "k1", &k)]);
    t.keys[0].valid_until = Some(NOW - 100);
    assert_eq!(
        verify(&encode(&claims(), &k), &t, NOW),
        Err(VerifyError::KeyNotValid)
    );
}

#[test]
fn a_key_listed_twice_verifies_within_either_entrys_window() {
    let k = key(7);
    let mut list = trust(&[("42", "k1", &key(9)), ("42", "k1", &k), ("42", "k1", &k)]);
    // The first matching entry is another key; the right key is listed with an old window and
    // a current one: the token verifies by the current entry.
    list.keys[1].valid_until = Some(NOW - 86_400);
    list.keys[2].valid_from = NOW - 3_600;
    let token = encode(&claims(), &k);
    assert_eq!(verify(&token, &list, NOW), Ok(claims()));
    list.keys.pop();
    assert_eq!(verify(&token, &list, NOW), Err(VerifyError::KeyNotValid));
}

#[test]
fn a_weak_key_on_the_list_cannot_be_used_to_forge_a_code() {
    // The identity point as the "public key", and a signature of R = identity, s = 0: a
    // cofactorless non-strict check accepts it for any message; strict verification must not.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let list = TrustList {
        keys: vec![TrustedKey {
            issuer: "42".into(),
            key_id: "k1".into(),
            public_key: hex(&identity),
            valid_from: 0,
            valid_until: None,
        }],
    };
    let mut signature = [0u8; 64];
    signature[0] = 1;
    let forged = encode_raw(&payload(&claims()), &signature);
    let weak = VerifyingKey::from_bytes(&identity).unwrap();
    let message = signed_message(&payload(&claims()));
    assert!(
        ed25519_dalek::Verifier::verify(&weak, &message, &Signature::from_bytes(&signature)).is_ok(),
        "the forgery works against a non-strict check"
    );
    assert_eq!(verify(&forged, &list, NOW), Err(VerifyError::BadSignature));
}

#[test]
fn line_breaks_around_a_pasted_token_are_ignored() {
    let k = key(7);
    let token = format!("\n{}\r\n", encode(&claims(), &k));
    assert!(verify(&token, &trust(&[("42", "k1", &k)]), NOW).is_ok());
}

#[test]
fn payload_is_compact_enough_for_a_small_qr() {
    let k = key(7);
    let mut c = claims();
    c.dependant = Some(DependantClaims {
        applicant_masked: "欧*".into(),
        relation: Relation::MaternalGrandparent,
    });
    let token = encode(&c, &k);
    // QR version 10 at level Q holds 251 alphanumeric characters.
    assert!(token.len() <= 251, "{} characters", token.len());
}

#[cfg(not(target_arch = "wasm32"))]
fn arb_claims() -> impl Strategy<Value = CodeClaims> {
    (
        "[0-9]{2,6}",
        "[a-z0-9]{1,8}",
        "[A-Za-z0-9_]{1,24}",
        prop_oneof![
            Just(CodeKind::Live),
            Just(CodeKind::Offline),
            Just(CodeKind::Paper)
        ],
        prop_oneof![Just(Colour::Green), Just(Colour::Yellow), Just(Colour::Red)],
        0i64..4_000_000_000,
        1i64..2_000_000,
        proptest::option::of(1i64..4_000_000_000),
        "\\PC{1,4}",
        proptest::option::of(("\\PC{1,3}", 1usize..8)),
    )
        .prop_map(
            |(issuer, key_id, person_ref, kind, colour, issued_at, life, valid, name, dep)| CodeClaims {
                issuer,
                key_id,
                person_ref: person_ref.clone(),
                serial: person_ref,
                kind,
                colour,
                issued_at,
                expires_at: issued_at + life,
                colour_valid_until: valid,
                name_masked: name,
                dependant: dep.map(|(applicant_masked, r)| DependantClaims {
                    applicant_masked,
                    relation: Relation::ALL[r],
                }),
            },
        )
}

#[cfg(not(target_arch = "wasm32"))]
proptest! {
    #[test]
    fn encode_then_verify_round_trips(c in arb_claims(), seed in any::<u8>()) {
        let k = key(seed);
        let t = trust(&[(&c.issuer, &c.key_id, &k)]);
        let token = encode(&c, &k);
        prop_assert_eq!(verify(&token, &t, c.issued_at), Ok(c));
    }

    #[test]
    fn any_single_byte_change_is_refused(c in arb_claims(), pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let k = key(3);
        let t = trust(&[(&c.issuer, &c.key_id, &k)]);
        let token = encode(&c, &k);
        let mut bytes = token.clone().into_bytes();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        if let Ok(changed) = String::from_utf8(bytes) {
            prop_assert!(verify(&changed, &t, c.issued_at).is_err(), "{} verified", changed);
        }
    }
}

#[test]
fn every_refusal_reads_back_from_its_wire_code() {
    for err in [
        VerifyError::WrongPrefix,
        VerifyError::UnknownKey,
        VerifyError::BadSignature,
        VerifyError::Expired,
        VerifyError::NotYetValid,
    ] {
        assert_eq!(VerifyError::from_code(err.code()), Some(err));
    }
    assert_eq!(VerifyError::from_code("revoked"), None);
}
