//! Declaration validation, one test per rule; several are seed FAQ items.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The seed's traveller: lives in 山西省运城市盐湖区, just arrived from 湖北省襄阳市.
fn traveller() -> DeclarationForm {
    serde_json::from_value(serde_json::json!({
        "name": "李华", "sex": "female", "nationality": "CHN",
        "document_type": "resident_id", "document_number": "11010519491231002X",
        "phone": "13900001111",
        "residence_division": "140802001001", "residence_address": "解放路 8 号 3 单元 501",
        "from_outside_province": true,
        "origin_division": "420602", "origin_country": null, "arrival_date": "2026-11-25",
        "itinerary": [{"division": "420602", "country": null, "from": "2026-11-13", "to": "2026-11-24"}],
        "planned_departure": null,
        "temperature_c": 36.5, "symptoms": [], "contact_history": "none",
        "isolation_start": null, "on_duty_worker": false,
        "commitment": true
    }))
    .unwrap()
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn the_design_wire_example_is_a_valid_declaration() {
    let declaration = traveller().validate(today()).unwrap();
    assert_eq!(declaration.residence.as_str(), "140802001001");
    assert_eq!(declaration.document.masked(), "11**************2X");
}

#[test]
fn faq12_a_wrong_id_check_digit_names_the_document_field_and_nothing_else() {
    let mut form = traveller();
    form.document_number = "110105194912310021".into();
    let errors = form.validate(today()).unwrap_err();
    assert_eq!(fields(&errors), ["document_number"]);
    assert_eq!(errors[0].code, "check_digit");
}

#[test]
fn faq11_planned_departure_may_be_not_yet_known() {
    let mut form = traveller();
    form.planned_departure = None;
    assert!(form.validate_step(Step::Itinerary, today()).is_empty());
    form.planned_departure = Some(date("2026-11-20"));
    assert_eq!(
        fields(&form.validate_step(Step::Itinerary, today())),
        ["planned_departure"]
    );
}

#[test]
fn faq13_arrival_from_outside_needs_an_origin_in_another_province() {
    let mut form = traveller();
    form.origin_division = Some("1408".into()); // 运城市: same province as the residence.
    let errors = form.validate_step(Step::Residence, today());
    assert_eq!(errors[0].code, "same_province");

    form.origin_division = None;
    assert_eq!(
        fields(&form.validate_step(Step::Residence, today())),
        ["origin_division"]
    );

    form.origin_country = Some("KOR".into());
    assert!(form.validate_step(Step::Residence, today()).is_empty());
}

#[test]
fn faq13_arrival_date_is_required_and_not_in_the_future() {
    let mut form = traveller();
    form.arrival_date = None;
    assert_eq!(
        fields(&form.validate_step(Step::Residence, today())),
        ["arrival_date"]
    );
    form.arrival_date = Some(date("2026-11-28"));
    assert_eq!(form.validate_step(Step::Residence, today())[0].code, "future");
}

#[test]
fn faq10_what_is_stored_is_what_was_sent_normalised() {
    let mut form = traveller();
    form.name = "  李华 ".into();
    form.document_number = "11010519491231002x".into();
    form.phone = "+86 139 0000 1111".into();
    form.symptoms = vec![Symptom::Cough, Symptom::Fever];
    let stored = form.validate(today()).unwrap().form;
    assert_eq!(stored.name, "李华");
    assert_eq!(stored.document_number, "11010519491231002X");
    assert_eq!(stored.phone, "13900001111");
    assert_eq!(stored.symptoms, [Symptom::Fever, Symptom::Cough]);
    // The answer to 是否外来进入 is kept as given (the 2020 bug showed the default instead).
    assert!(stored.from_outside_province);
    assert_eq!(stored.origin_division.as_deref(), Some("420602"));
}

#[test]
fn faq6_hong_kong_and_foreign_residents_can_declare() {
    let mut form = traveller();
    form.document_type = DocumentType::HkMacauPermit;
    form.document_number = "H12345678".into();
    form.nationality = "HKG".into();
    assert!(form.validate(today()).is_ok());

    form.document_type = DocumentType::Passport;
    form.document_number = "X1234567".into();
    form.nationality = "DEU".into();
    assert!(form.validate(today()).is_ok());
}

#[test]
fn resident_id_implies_chinese_nationality() {
    let mut form = traveller();
    form.nationality = "USA".into();
    assert_eq!(form.validate_step(Step::Identity, today())[0].code, "mismatch");
}

#[test]
fn identity_step_reports_every_problem_at_its_field() {
    let form = DeclarationForm {
        nationality: "CHN".into(),
        ..DeclarationForm::default()
    };
    let errors = form.validate_step(Step::Identity, today());
    assert_eq!(fields(&errors), ["name", "sex", "document_number", "phone"]);
    assert!(errors.iter().all(|e| !e.zh.is_empty() && !e.en.is_empty()));
}

#[test]
fn names_of_every_script_pass_and_digits_do_not() {
    let mut form = traveller();
    for name in ["买买提·艾力", "Jean-Luc O'Neil", "김민준"] {
        form.name = name.into();
        assert!(form.validate_step(Step::Identity, today()).is_empty(), "{name}");
    }
    form.name = "李华1".into();
    assert_eq!(form.validate_step(Step::Identity, today())[0].code, "characters");
    form.name = "李".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(form.validate_step(Step::Identity, today())[0].code, "too_long");
}

#[test]
fn faq1_residence_must_reach_the_street_level() {
    let mut form = traveller();
    form.residence_division = "140802".into();
    assert_eq!(form.validate_step(Step::Residence, today())[0].code, "too_coarse");
    // A street whose community is not in the dataset yet can still be declared.
    form.residence_division = "140802001".into();
    assert!(form.validate_step(Step::Residence, today()).is_empty());
}

#[test]
fn itinerary_stops_are_checked_each_at_its_index() {
    let mut form = traveller();
    form.itinerary.push(ItineraryStop {
        division: None,
        country: None,
        from: Some(date("2026-11-20")),
        to: Some(date("2026-11-19")),
    });
    let errors = form.validate_step(Step::Itinerary, today());
    assert_eq!(fields(&errors), ["itinerary[1].division", "itinerary[1].to"]);
}

#[test]
fn faq3_on_duty_workers_declare_like_anyone_else() {
    let mut form = traveller();
    form.on_duty_worker = true;
    form.isolation_start = None;
    assert!(form.validate(today()).is_ok());
}

#[test]
fn health_step_needs_a_plausible_temperature() {
    let mut form = traveller();
    form.temperature_c = None;
    assert_eq!(
        fields(&form.validate_step(Step::Health, today())),
        ["temperature_c"]
    );
    form.temperature_c = Some(365.0);
    assert_eq!(form.validate_step(Step::Health, today())[0].code, "range");
}

#[test]
fn the_solemn_commitment_must_be_ticked() {
    let mut form = traveller();
    form.commitment = false;
    let errors = form.validate(today()).unwrap_err();
    assert_eq!(fields(&errors), ["commitment"]);
}

#[test]
fn step_slugs_round_trip() {
    for step in Step::ALL {
        assert_eq!(Step::from_slug(step.slug()), Some(step));
    }
    assert_eq!(Step::from_slug("nope"), None);
}

#[test]
fn every_field_the_validation_names_belongs_to_the_step_that_reported_it() {
    let mut form = DeclarationForm {
        from_outside_province: true,
        origin_country: Some(String::new()),
        planned_departure: Some(date("2020-01-01")),
        isolation_start: Some(date("2099-01-01")),
        ..DeclarationForm::default()
    };
    form.itinerary.push(ItineraryStop::default());
    form.residence_division = "140802001".into();
    form.residence_address = "解放路 8 号".into();
    let mut seen = 0;
    for step in Step::ALL {
        for error in form.validate_step(step, today()) {
            assert_eq!(Step::of_field(&error.field), Some(step), "{}", error.field);
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} errors were checked");
    assert_eq!(Step::of_field("Idempotency-Key"), None);
}

#[test]
fn steps_go_forward_and_back_in_order() {
    assert_eq!(Step::Identity.previous(), None);
    assert_eq!(Step::Identity.next(), Some(Step::Residence));
    assert_eq!(Step::Health.next(), Some(Step::Confirm));
    assert_eq!(Step::Confirm.previous(), Some(Step::Health));
    assert_eq!(Step::Confirm.next(), None);
}

#[test]
fn a_country_not_yet_chosen_is_required_not_malformed() {
    let mut form = traveller();
    form.origin_division = None;
    form.origin_country = Some(String::new());
    let errors = form.validate_step(Step::Residence, today());
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code),
        ("origin_country", "required")
    );
}

#[test]
fn a_child_under_14_needs_the_guardians_consent_named_at_its_field() {
    let mut form = traveller();
    form.document_number = "110105201506010016".into(); // born 2015-06-01: 11 years old
    assert_eq!(
        fields(&form.validate_step(Step::Identity, today())),
        ["guardian_consent"]
    );
    assert_eq!(Step::of_field("guardian_consent"), Some(Step::Identity));
    form.guardian_consent = true;
    assert!(form.validate(today()).is_ok());
}

#[test]
fn fourteen_years_to_the_day_needs_no_consent() {
    let mut form = traveller();
    form.document_number = "110105201211270013".into(); // 14 today
    assert!(form.validate_step(Step::Identity, today()).is_empty());
    form.document_number = "110105201211280019".into(); // 14 tomorrow
    assert_eq!(
        fields(&form.validate_step(Step::Identity, today())),
        ["guardian_consent"]
    );
}
