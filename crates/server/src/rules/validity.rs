//! The code over time (seed notice item 4): a green code is valid for 3 days after the latest
//! check-in or review; without a check-in in time it shows 黄码 (未按时打卡) until the next one;
//! a fever or symptom at a check-in is yellow at once; and a streak of clean daily check-ins
//! (7 for yellow, 14 for red) clears what a streak can clear. Pure: the server time comes in.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use healthcode_core::colour::Colour;
use healthcode_core::health::Symptom;
use healthcode_core::time::china_date;

use super::{all_clear, reason, Reason, RuleConfig};

/// One daily check-in, as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinFact {
    /// The day in China it counts for (one per day; a later one that day replaced it).
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
    pub temperature_c: f64,
    pub symptoms: Vec<Symptom>,
}

impl CheckinFact {
    fn clean(&self, config: &RuleConfig) -> bool {
        self.temperature_c < config.fever_threshold_c && self.symptoms.is_empty()
    }
}

/// The code as of now, with why, and what would change it.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeState {
    pub colour: Colour,
    pub reasons: Vec<Reason>,
    /// Until when a green code holds without a new check-in.
    pub valid_until: Option<DateTime<Utc>>,
    /// What the person can do, e.g. 再连续打卡 5 天无异常可转为绿码.
    pub next_step: Option<Reason>,
}

/// Findings a streak of clean check-ins clears; isolation ends by its date, an authority list
/// entry only by the authority (or a two-admin override).
fn streak_clears(rule: &str) -> bool {
    matches!(
        rule,
        "fever" | "symptoms" | "contact_confirmed" | "contact_suspected" | "risk_area" | "checkin_unwell"
    )
}

fn needed(colour: Colour, config: &RuleConfig) -> i64 {
    match colour {
        Colour::Red => config.red_recovery_checkins,
        _ => config.yellow_recovery_checkins,
    }
}

/// Consecutive days of clean check-ins made after `since`, ending today or yesterday (today's
/// may still come); any unwell check-in after `since` ends the count.
fn clean_streak(
    checkins: &[CheckinFact],
    since: DateTime<Utc>,
    today: NaiveDate,
    config: &RuleConfig,
) -> i64 {
    let mut days: Vec<&CheckinFact> = checkins.iter().filter(|c| c.at > since).collect();
    days.sort_by_key(|c| c.day);
    let Some(last) = days.last() else { return 0 };
    if last.day < today - Duration::days(1) {
        return 0;
    }
    let mut streak = 0;
    let mut expected = last.day;
    for c in days.iter().rev() {
        if c.day != expected || !c.clean(config) {
            break;
        }
        streak += 1;
        expected -= Duration::days(1);
    }
    streak
}

/// The code at `now`, from the declaration's findings (evaluated at `now`, so isolation days
/// and look-back windows move with time), when it was declared, and the check-ins.
pub fn evaluate(
    declared: Vec<(Colour, Reason)>,
    declared_at: DateTime<Utc>,
    checkins: &[CheckinFact],
    config: &RuleConfig,
    now: DateTime<Utc>,
) -> CodeState {
    let today = china_date(now);
    let since_declared = clean_streak(checkins, declared_at, today, config);
    // (colour, reason, clean days so far towards clearing it)
    let mut open: Vec<(Colour, Reason, i64)> = declared
        .into_iter()
        .map(|(colour, r)| (colour, r, since_declared))
        .filter(|(colour, r, streak)| !(streak_clears(&r.rule) && *streak >= needed(*colour, config)))
        .collect();
    if let Some(unwell) = checkins.iter().filter(|c| !c.clean(config)).max_by_key(|c| c.at) {
        let streak = clean_streak(checkins, unwell.at, today, config);
        if streak < needed(Colour::Yellow, config) {
            open.push((Colour::Yellow, unwell_reason(unwell, config), streak));
        }
    }
    open.sort_by_key(|(colour, _, _)| std::cmp::Reverse(*colour));

    if let Some((colour, _, _)) = open.first() {
        let colour = *colour;
        let next_step = next_step(&open, config);
        return CodeState {
            colour,
            reasons: open.into_iter().map(|(_, r, _)| r).collect(),
            valid_until: None,
            next_step,
        };
    }
    let latest = checkins
        .iter()
        .map(|c| c.at)
        .max()
        .unwrap_or(declared_at)
        .max(declared_at);
    let valid_until = latest + Duration::hours(config.green_validity_hours);
    if now >= valid_until {
        return lapsed();
    }
    CodeState {
        colour: Colour::Green,
        reasons: vec![all_clear()],
        valid_until: Some(valid_until),
        next_step: Some(reason(
            "keep_checking_in",
            format!(
                "每天健康打卡，绿码有效期自动延长 {} 小时",
                config.green_validity_hours
            ),
            format!(
                "Check in daily: each check-in extends the green code by {} hours",
                config.green_validity_hours
            ),
        )),
    }
}

/// A green code whose validity passed without a check-in: 黄码 until the next one.
pub fn lapsed() -> CodeState {
    CodeState {
        colour: Colour::Yellow,
        reasons: vec![reason(
            "checkin_missed",
            "未按时打卡：绿码有效期内没有健康打卡，已转为黄码".into(),
            "Missed check-in: no check-in within the green code's validity, so it turned yellow".into(),
        )],
        valid_until: None,
        next_step: Some(reason(
            "next_checkin",
            "完成一次健康打卡即可恢复绿码".into(),
            "One check-in turns it green again".into(),
        )),
    }
}

fn unwell_reason(c: &CheckinFact, config: &RuleConfig) -> Reason {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if c.temperature_c >= config.fever_threshold_c {
        zh.push(format!("体温 {:.1} °C", c.temperature_c));
        en.push(format!("temperature {:.1} °C", c.temperature_c));
    }
    for s in &c.symptoms {
        zh.push(s.name_zh().to_owned());
        en.push(s.name_en().to_lowercase());
    }
    reason(
        "checkin_unwell",
        format!("{} 打卡时报告：{}", c.day, zh.join("、")),
        format!("Check-in of {} reported {}", c.day, en.join(", ")),
    )
}

/// What would turn the code green: the longest wait among the open findings.
fn next_step(open: &[(Colour, Reason, i64)], config: &RuleConfig) -> Option<Reason> {
    if open.iter().any(|(_, r, _)| r.rule == "authority_list") {
        return Some(reason(
            "appeal",
            "如对赋码有异议，请联系所在社区或提出申诉".into(),
            "If you think this is wrong, contact your community or appeal".into(),
        ));
    }
    if let Some((_, r, _)) = open.iter().find(|(_, r, _)| r.rule == "isolation") {
        return Some(reason(
            "isolation_ends",
            format!("居家隔离期满后自动转为绿码（{}）", r.zh),
            format!("Turns green when home isolation ends ({})", r.en),
        ));
    }
    let days = open
        .iter()
        .filter(|(_, r, _)| streak_clears(&r.rule))
        .map(|(colour, _, streak)| needed(*colour, config) - streak)
        .max()?;
    Some(reason(
        "streak",
        format!("再连续打卡 {days} 天无异常可转为绿码"),
        format!("{days} more consecutive days of check-ins without fever or symptoms turn it green"),
    ))
}

#[cfg(test)]
mod tests;
