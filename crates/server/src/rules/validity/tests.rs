//! The code over time, with the clock in the test's hands.

use super::*;
use crate::rules::{findings, ReviewContext};
use healthcode_core::declaration::DeclarationForm;

/// The declaration: 10:00 in China on 2026-11-20.
fn t0() -> DateTime<Utc> {
    "2026-11-20T02:00:00Z".parse().unwrap()
}

fn at(days: i64, hours: i64) -> DateTime<Utc> {
    t0() + Duration::days(days) + Duration::hours(hours)
}

fn checkin(days: i64, temperature_c: f64, symptoms: &[Symptom]) -> CheckinFact {
    let when = at(days, 0);
    CheckinFact {
        day: china_date(when),
        at: when,
        temperature_c,
        symptoms: symptoms.to_vec(),
    }
}

/// Clean check-ins on days `from..=to` after the declaration.
fn clean_days(from: i64, to: i64) -> Vec<CheckinFact> {
    (from..=to).map(|d| checkin(d, 36.5, &[])).collect()
}

fn well() -> DeclarationForm {
    DeclarationForm {
        residence_division: "140802001001".into(),
        temperature_c: Some(36.5),
        ..DeclarationForm::default()
    }
}

fn state(form: &DeclarationForm, checkins: &[CheckinFact], now: DateTime<Utc>) -> CodeState {
    let config = RuleConfig::default();
    let declared = findings(form, &ReviewContext::default(), &config, now);
    evaluate(declared, t0(), checkins, &config, now)
}

fn rules(state: &CodeState) -> Vec<&str> {
    state.reasons.iter().map(|r| r.rule.as_str()).collect()
}

#[test]
fn a_check_in_on_day_2_keeps_the_code_green_on_day_4() {
    let checkins = [checkin(2, 36.6, &[])];
    let s = state(&well(), &checkins, at(4, 0));
    assert_eq!(s.colour, Colour::Green);
    assert_eq!(s.valid_until, Some(at(2, 72)));
    // Without it, day 4 is past the 72 hours.
    assert_eq!(state(&well(), &[], at(4, 0)).colour, Colour::Yellow);
}

#[test]
fn no_check_in_lapses_to_yellow_one_second_after_72_hours() {
    let just_before = t0() + Duration::hours(72) - Duration::seconds(1);
    assert_eq!(state(&well(), &[], just_before).colour, Colour::Green);
    let lapsed = state(&well(), &[], t0() + Duration::hours(72) + Duration::seconds(1));
    assert_eq!(lapsed.colour, Colour::Yellow);
    assert_eq!(rules(&lapsed), ["checkin_missed"]);
    assert!(lapsed.reasons[0].zh.starts_with("未按时打卡"));
    assert_eq!(lapsed.next_step.map(|r| r.rule), Some("next_checkin".into()));
    // One check-in after the lapse brings green back for another 72 hours.
    let back = state(&well(), &[checkin(4, 36.4, &[])], at(4, 1));
    assert_eq!(back.colour, Colour::Green);
    assert_eq!(back.valid_until, Some(at(4, 72)));
}

#[test]
fn seven_consecutive_clean_check_ins_turn_declared_symptoms_green() {
    let mut form = well();
    form.symptoms = vec![Symptom::Cough];
    let six = state(&form, &clean_days(1, 6), at(6, 1));
    assert_eq!((six.colour, rules(&six)), (Colour::Yellow, vec!["symptoms"]));
    let hint = six.next_step.unwrap();
    assert_eq!(hint.zh, "再连续打卡 1 天无异常可转为绿码");
    let seven = state(&form, &clean_days(1, 7), at(7, 1));
    assert_eq!(seven.colour, Colour::Green);
    assert_eq!(seven.valid_until, Some(at(7, 72)));
}

#[test]
fn a_gap_restarts_the_streak() {
    let mut form = well();
    form.symptoms = vec![Symptom::Cough];
    let mut checkins = clean_days(1, 3);
    checkins.extend(clean_days(5, 9));
    let s = state(&form, &checkins, at(9, 1));
    assert_eq!(s.colour, Colour::Yellow);
    assert_eq!(s.next_step.unwrap().zh, "再连续打卡 2 天无异常可转为绿码");
}

#[test]
fn red_needs_fourteen_clean_days() {
    let mut form = well();
    form.contact_history = healthcode_core::health::ContactHistory::CloseContact;
    assert_eq!(state(&form, &clean_days(1, 13), at(13, 1)).colour, Colour::Red);
    assert_eq!(state(&form, &clean_days(1, 14), at(14, 1)).colour, Colour::Green);
}

#[test]
fn a_fever_at_a_check_in_is_yellow_at_once_and_needs_its_own_streak() {
    let mut checkins = clean_days(1, 2);
    checkins.push(checkin(3, 38.2, &[]));
    let s = state(&well(), &checkins, at(3, 0));
    assert_eq!((s.colour, rules(&s)), (Colour::Yellow, vec!["checkin_unwell"]));
    assert!(s.reasons[0].zh.contains("体温 38.2 °C"), "{}", s.reasons[0].zh);
    checkins.extend(clean_days(4, 10));
    assert_eq!(state(&well(), &checkins, at(10, 1)).colour, Colour::Green);
}

#[test]
fn isolation_counts_from_its_declared_start_not_the_first_check_in() {
    let now = at(0, 1);
    let mut form = well();
    // Isolating since 10 days before the declaration; the first check-in comes after.
    form.isolation_start = Some(china_date(now) - Duration::days(10));
    let s = state(&form, &[checkin(0, 36.5, &[])], now);
    assert_eq!(s.colour, Colour::Yellow);
    assert_eq!(s.reasons[0].zh, "居家隔离第 11 天（共 14 天），还需 4 天");
    assert_eq!(s.next_step.unwrap().rule, "isolation_ends");
    // Check-ins do not shorten isolation, and its end turns the code green by date.
    let checkins = clean_days(0, 4);
    assert_eq!(state(&form, &checkins, at(3, 1)).colour, Colour::Yellow);
    assert_eq!(state(&form, &checkins, at(4, 1)).colour, Colour::Green);
}

#[test]
fn on_duty_workers_skip_isolation_but_a_fever_still_counts() {
    let mut form = well();
    form.on_duty_worker = true;
    form.isolation_start = Some(china_date(t0()) - Duration::days(2));
    assert_eq!(state(&form, &[], at(0, 1)).colour, Colour::Green);
    assert_eq!(
        state(&form, &[checkin(1, 37.5, &[])], at(1, 1)).colour,
        Colour::Yellow
    );
}
