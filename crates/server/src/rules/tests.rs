//! One test per rule and per combination that matters.

use super::*;
use healthcode_core::health::Symptom;

fn now() -> DateTime<Utc> {
    "2026-11-27T09:00:00Z".parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A well person at home in 盐湖区 who came from 襄阳 two days ago.
fn form() -> DeclarationForm {
    DeclarationForm {
        name: "李华".into(),
        residence_division: "140802001001".into(),
        from_outside_province: true,
        origin_division: Some("420602".into()),
        arrival_date: Some(date("2026-11-25")),
        temperature_c: Some(36.5),
        ..DeclarationForm::default()
    }
}

fn run(form: &DeclarationForm, context: &ReviewContext) -> Review {
    review(form, context, &RuleConfig::default(), now())
}

fn rules(review: &Review) -> Vec<&str> {
    review.reasons.iter().map(|r| r.rule.as_str()).collect()
}

fn area(code: &str, level: RiskLevel) -> ReviewContext {
    ReviewContext {
        risk_areas: vec![RiskArea {
            division_code: code.into(),
            name: "襄阳市".into(),
            level,
        }],
        authority_colour: None,
    }
}

#[test]
fn a_well_person_is_green_for_three_days_and_told_why() {
    let r = run(&form(), &ReviewContext::default());
    assert_eq!(r.colour, Colour::Green);
    assert_eq!(rules(&r), ["all_clear"]);
    assert_eq!(r.valid_until, Some(now() + Duration::hours(72)));
}

#[test]
fn fever_starts_at_the_threshold() {
    let mut f = form();
    f.temperature_c = Some(37.2);
    assert_eq!(run(&f, &ReviewContext::default()).colour, Colour::Green);
    f.temperature_c = Some(37.3);
    let r = run(&f, &ReviewContext::default());
    assert_eq!((r.colour, rules(&r)), (Colour::Yellow, vec!["fever"]));
    assert!(r.reasons[0].zh.contains("37.3"));
    assert_eq!(r.valid_until, None);
}

#[test]
fn the_fever_threshold_is_configuration() {
    let mut f = form();
    f.temperature_c = Some(37.3);
    let config = RuleConfig::from_toml("fever_threshold_c = 37.5").unwrap();
    assert_eq!(
        review(&f, &ReviewContext::default(), &config, now()).colour,
        Colour::Green
    );
    assert!(
        RuleConfig::from_toml("fever = 1").is_err(),
        "unknown keys are refused"
    );
}

#[test]
fn any_symptom_is_yellow_and_named() {
    let mut f = form();
    f.symptoms = vec![Symptom::Cough];
    let r = run(&f, &ReviewContext::default());
    assert_eq!((r.colour, rules(&r)), (Colour::Yellow, vec!["symptoms"]));
    assert!(r.reasons[0].zh.contains("咳嗽"));
}

#[test]
fn contact_with_a_confirmed_case_or_being_a_close_contact_is_red() {
    for contact in [ContactHistory::Confirmed, ContactHistory::CloseContact] {
        let mut f = form();
        f.contact_history = contact;
        let r = run(&f, &ReviewContext::default());
        assert_eq!(
            (r.colour, rules(&r)),
            (Colour::Red, vec!["contact_confirmed"]),
            "{contact:?}"
        );
    }
}

#[test]
fn contact_with_a_suspected_case_is_yellow() {
    let mut f = form();
    f.contact_history = ContactHistory::Suspected;
    assert_eq!(run(&f, &ReviewContext::default()).colour, Colour::Yellow);
}

#[test]
fn arriving_from_a_high_risk_area_within_14_days_is_red() {
    let r = run(&form(), &area("4206", RiskLevel::High));
    assert_eq!((r.colour, rules(&r)), (Colour::Red, vec!["risk_area"]));
    assert!(r.reasons[0].zh.contains("襄阳市"));
}

#[test]
fn a_medium_risk_itinerary_stop_is_yellow_until_it_leaves_the_window() {
    let mut f = form();
    f.from_outside_province = false;
    f.origin_division = None;
    f.arrival_date = None;
    f.itinerary.push(healthcode_core::declaration::ItineraryStop {
        division: Some("420602".into()),
        country: None,
        from: Some(date("2026-11-10")),
        to: Some(date("2026-11-13")),
    });
    assert_eq!(run(&f, &area("42", RiskLevel::Medium)).colour, Colour::Yellow);
    // 14 days before 27 Nov is 13 Nov; a stop that ended on 12 Nov no longer counts.
    f.itinerary[0].to = Some(date("2026-11-12"));
    assert_eq!(run(&f, &area("42", RiskLevel::Medium)).colour, Colour::Green);
}

#[test]
fn living_in_a_risk_area_counts() {
    assert_eq!(
        run(&form(), &area("140802", RiskLevel::Medium)).colour,
        Colour::Yellow
    );
}

#[test]
fn isolation_is_counted_from_the_declared_start_not_the_first_check_in() {
    // Seed FAQ 14: someone isolating since 10 days before declaring is on day 11, not day 1.
    let mut f = form();
    f.isolation_start = Some(date("2026-11-17"));
    let r = run(&f, &ReviewContext::default());
    assert_eq!((r.colour, rules(&r)), (Colour::Yellow, vec!["isolation"]));
    assert!(r.reasons[0].zh.contains("第 11 天"), "{}", r.reasons[0].zh);
    // After 14 full days the rule no longer applies.
    f.isolation_start = Some(date("2026-11-13"));
    assert_eq!(run(&f, &ReviewContext::default()).colour, Colour::Green);
}

#[test]
fn on_duty_workers_are_exempt_from_isolation_but_not_from_fever() {
    // Seed FAQ 3: people on duty every day cannot home-isolate.
    let mut f = form();
    f.isolation_start = Some(date("2026-11-26"));
    f.on_duty_worker = true;
    assert_eq!(run(&f, &ReviewContext::default()).colour, Colour::Green);
    f.temperature_c = Some(38.0);
    assert_eq!(rules(&run(&f, &ReviewContext::default())), ["fever"]);
}

#[test]
fn an_authority_list_entry_sets_the_colour() {
    let context = ReviewContext {
        risk_areas: vec![],
        authority_colour: Some((Colour::Red, "密切接触者".into())),
    };
    let r = run(&form(), &context);
    assert_eq!((r.colour, rules(&r)), (Colour::Red, vec!["authority_list"]));
}

#[test]
fn the_strongest_reason_comes_first_and_all_are_kept() {
    let mut f = form();
    f.temperature_c = Some(38.5);
    f.contact_history = ContactHistory::CloseContact;
    let r = run(&f, &ReviewContext::default());
    assert_eq!(r.colour, Colour::Red);
    assert_eq!(rules(&r), ["contact_confirmed", "fever"]);
}

#[test]
fn the_shipped_rules_file_matches_the_compiled_defaults() {
    let text = include_str!("../../../../config/rules.toml");
    assert_eq!(RuleConfig::from_toml(text).unwrap(), RuleConfig::default());
}
