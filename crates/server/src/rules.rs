//! The rule engine: from a declaration and the authorities' lists to a colour with reasons.
//!
//! One pure function, [`review`], over data-driven thresholds ([`RuleConfig`], defaults in
//! `config/rules.toml`). Every colour carries the ids of the rules that produced it; a green
//! code says so too, so no colour is ever bare.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use healthcode_core::admin::AuthorityCategory;
use healthcode_core::colour::Colour;
use healthcode_core::declaration::DeclarationForm;
use healthcode_core::health::ContactHistory;
use healthcode_core::wire;
use serde::{Deserialize, Serialize};

/// Thresholds of the rules; see `config/rules.toml` for their meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleConfig {
    pub fever_threshold_c: f64,
    pub risk_lookback_days: i64,
    pub isolation_days: i64,
    pub green_validity_hours: i64,
    pub yellow_recovery_checkins: i64,
    pub red_recovery_checkins: i64,
    pub paper_code_days: i64,
}

impl Default for RuleConfig {
    fn default() -> Self {
        Self {
            fever_threshold_c: 37.3,
            risk_lookback_days: 14,
            isolation_days: 14,
            green_validity_hours: 72,
            yellow_recovery_checkins: 7,
            red_recovery_checkins: 14,
            paper_code_days: 14,
        }
    }
}

impl RuleConfig {
    /// Reads a TOML file (`HEALTHCODE_RULES`); absent keys keep their defaults.
    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        Ok(toml::from_str(text)?)
    }
}

pub use healthcode_core::admin::RiskLevel;

/// One entry of the risk-area list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskArea {
    pub division_code: String,
    pub name: String,
    pub level: RiskLevel,
}

/// What the authorities know beyond the declaration.
#[derive(Debug, Clone, Default)]
pub struct ReviewContext {
    pub risk_areas: Vec<RiskArea>,
    /// The person's entry on an authority list (confirmed, suspected, close contact).
    pub authority_colour: Option<(Colour, String)>,
}

/// One reason for a colour: the rule id and what it means, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub zh: String,
    pub en: String,
}

/// The outcome of a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub colour: Colour,
    pub reasons: Vec<Reason>,
    /// Until when a green code holds without a new check-in.
    pub valid_until: Option<DateTime<Utc>>,
}

pub(crate) fn reason(rule: &str, zh: String, en: String) -> Reason {
    Reason {
        rule: rule.to_owned(),
        zh,
        en,
    }
}

/// Reviews a declaration at `now` (server time).
pub fn review(
    form: &DeclarationForm,
    context: &ReviewContext,
    config: &RuleConfig,
    now: DateTime<Utc>,
) -> Review {
    let mut findings = findings(form, context, config, now);
    let colour = findings.iter().map(|(c, _)| *c).max().unwrap_or(Colour::Green);
    if colour == Colour::Green {
        return Review {
            colour,
            reasons: vec![all_clear()],
            valid_until: Some(now + Duration::hours(config.green_validity_hours)),
        };
    }
    // The strongest findings first, so the first reason explains the colour.
    findings.sort_by_key(|(colour, _)| std::cmp::Reverse(*colour));
    Review {
        colour,
        reasons: findings.into_iter().map(|(_, r)| r).collect(),
        valid_until: None,
    }
}

/// The reason of a green code.
pub fn all_clear() -> Reason {
    reason(
        "all_clear",
        "未发现发热、症状、接触史或中高风险地区旅居史".into(),
        "No fever, symptoms, contacts or stays in risk areas were found".into(),
    )
}

/// Every finding of the declaration at `now`, each with the colour it calls for (none: green).
pub fn findings(
    form: &DeclarationForm,
    context: &ReviewContext,
    config: &RuleConfig,
    now: DateTime<Utc>,
) -> Vec<(Colour, Reason)> {
    let today = healthcode_core::time::china_date(now);
    let mut findings: Vec<(Colour, Reason)> = Vec::new();

    if let Some(t) = form.temperature_c.filter(|t| *t >= config.fever_threshold_c) {
        findings.push((
            Colour::Yellow,
            reason(
                "fever",
                format!("体温 {t:.1} °C，达到发热标准 {:.1} °C", config.fever_threshold_c),
                format!(
                    "Temperature {t:.1} °C is at or above the fever threshold of {:.1} °C",
                    config.fever_threshold_c
                ),
            ),
        ));
    }
    if !form.symptoms.is_empty() {
        let zh: Vec<&str> = form.symptoms.iter().map(|s| s.name_zh()).collect();
        let en: Vec<&str> = form.symptoms.iter().map(|s| s.name_en()).collect();
        findings.push((
            Colour::Yellow,
            reason(
                "symptoms",
                format!("申报有症状：{}", zh.join("、")),
                format!("Declared symptoms: {}", en.join(", ").to_lowercase()),
            ),
        ));
    }
    match form.contact_history {
        ContactHistory::None => {}
        ContactHistory::Confirmed | ContactHistory::CloseContact => findings.push((
            Colour::Red,
            reason(
                "contact_confirmed",
                format!("14 天内{}", form.contact_history.name_zh()),
                format!(
                    "Within 14 days: {}",
                    form.contact_history.name_en().to_lowercase()
                ),
            ),
        )),
        ContactHistory::Suspected => findings.push((
            Colour::Yellow,
            reason(
                "contact_suspected",
                "14 天内接触过疑似病例".into(),
                "Contact with a suspected case within 14 days".into(),
            ),
        )),
    }
    if let Some(found) = risk_area_finding(form, context, config, today) {
        findings.push(found);
    }
    if let Some(found) = isolation_finding(form, config, today) {
        findings.push(found);
    }
    if let Some((colour, category)) = &context.authority_colour {
        let (zh, en) = match wire::parse::<AuthorityCategory>(category) {
            Some(c) => (c.name_zh(), c.name_en()),
            None => (category.as_str(), category.as_str()),
        };
        findings.push((
            *colour,
            reason(
                "authority_list",
                format!("卫生健康部门名单：{zh}"),
                format!("On a health authority list: {en}"),
            ),
        ));
    }

    findings
}

/// Places the person was in within the look-back window: residence (now), origin (until the
/// arrival date) and itinerary stops (until their end dates).
fn recent_places(form: &DeclarationForm, since: NaiveDate) -> Vec<&str> {
    let mut places = vec![form.residence_division.as_str()];
    if form.from_outside_province && form.arrival_date.is_some_and(|d| d >= since) {
        places.extend(form.origin_division.as_deref());
    }
    places.extend(
        form.itinerary
            .iter()
            .filter(|s| s.to.is_some_and(|to| to >= since))
            .filter_map(|s| s.division.as_deref()),
    );
    places
}

fn risk_area_finding(
    form: &DeclarationForm,
    context: &ReviewContext,
    config: &RuleConfig,
    today: NaiveDate,
) -> Option<(Colour, Reason)> {
    let since = today - Duration::days(config.risk_lookback_days);
    let places = recent_places(form, since);
    let hit = context
        .risk_areas
        .iter()
        .filter(|area| places.iter().any(|p| p.starts_with(area.division_code.as_str())))
        .max_by_key(|area| area.level as u8)?;
    let (colour, zh_level, en_level) = match hit.level {
        RiskLevel::High => (Colour::Red, "高风险", "high-risk"),
        RiskLevel::Medium => (Colour::Yellow, "中风险", "medium-risk"),
    };
    Some((
        colour,
        reason(
            "risk_area",
            format!(
                "{} 天内到过{zh_level}地区：{}",
                config.risk_lookback_days, hit.name
            ),
            format!(
                "Within {} days, stayed in a {en_level} area: {}",
                config.risk_lookback_days, hit.name
            ),
        ),
    ))
}

fn isolation_finding(
    form: &DeclarationForm,
    config: &RuleConfig,
    today: NaiveDate,
) -> Option<(Colour, Reason)> {
    let start = form.isolation_start?;
    if form.on_duty_worker {
        // On-duty epidemic workers cannot stay home (seed FAQ 3): exempt from this rule only.
        return None;
    }
    // Day 1 is the start date itself (seed FAQ 14: counted from the declared start, not from
    // the first check-in).
    let day = (today - start).num_days() + 1;
    if day > config.isolation_days {
        return None;
    }
    let left = config.isolation_days - day + 1;
    Some((
        Colour::Yellow,
        reason(
            "isolation",
            format!(
                "居家隔离第 {day} 天（共 {} 天），还需 {left} 天",
                config.isolation_days
            ),
            format!(
                "Home isolation day {day} of {}; {left} more day(s)",
                config.isolation_days
            ),
        ),
    ))
}

pub mod validity;

#[cfg(test)]
mod tests;
