//! A person's code from everything known now: the latest declaration's findings (evaluated at
//! now, so isolation and look-back windows move), the authorities' lists, and the check-ins.
//! Declarations, check-ins and the periodic sweep all come through here, so the stored code is
//! what the rules say, and statistics read the same colour the resident sees.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use healthcode_core::checkin::ColourChange;
use healthcode_core::colour::Colour;
use healthcode_core::declaration::DeclarationForm;
use healthcode_core::health::Symptom;
use healthcode_core::time::china_date;

use crate::error::AppError;
use crate::routes::declarations::{colour_name, parse_colour};
use crate::rules::validity::{evaluate, CheckinFact, CodeState};
use crate::rules::{findings, Reason, ReviewContext, RiskArea, RiskLevel};
use crate::store::{CheckinRow, CodeRecord};
use crate::AppState;

/// How far back check-ins are read (the longest streak rule is 14 days).
pub const CHECKIN_WINDOW_DAYS: i64 = 30;

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

/// The risk-area list, read once per request or once per sweep.
pub async fn risk_areas(state: &AppState) -> Result<Vec<RiskArea>, AppError> {
    Ok(state
        .store
        .risk_areas()
        .await?
        .into_iter()
        .filter_map(|(division_code, name, level)| {
            let level = healthcode_core::wire::parse::<RiskLevel>(&level)?;
            Some(RiskArea {
                division_code,
                name,
                level,
            })
        })
        .collect())
}

/// The risk areas and the person's authority-list entry.
async fn review_context(
    state: &AppState,
    risk_areas: &[RiskArea],
    document_hash: &str,
) -> Result<ReviewContext, AppError> {
    let authority_colour = state
        .store
        .authority_entry(document_hash)
        .await?
        .and_then(|(colour, category)| parse_colour(&colour).map(|c| (c, category)));
    Ok(ReviewContext {
        risk_areas: risk_areas.to_vec(),
        authority_colour,
    })
}

fn fact(row: &CheckinRow) -> Option<CheckinFact> {
    Some(CheckinFact {
        day: row.day.parse().ok()?,
        at: DateTime::parse_from_rfc3339(&row.at).ok()?.to_utc(),
        temperature_c: row.temperature_c,
        symptoms: serde_json::from_str::<Vec<Symptom>>(&row.symptoms).ok()?,
    })
}

/// The person's approved override made after `declared_at`: its colour, the reason the
/// resident sees (who decided is in the audit log), and when it was approved.
async fn override_after(
    state: &AppState,
    person_id: &str,
    declared_at: DateTime<Utc>,
) -> Result<Option<(Colour, Reason, DateTime<Utc>)>, AppError> {
    let Some(row) = state.store.latest_override(person_id).await? else {
        return Ok(None);
    };
    let (Some(colour), Some(approved_at)) = (
        parse_colour(&row.colour),
        row.approved_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok()),
    ) else {
        return Ok(None);
    };
    let approved_at = approved_at.to_utc();
    if approved_at <= declared_at {
        return Ok(None);
    }
    let when = approved_at
        .with_timezone(&healthcode_core::time::china_offset())
        .format("%Y-%m-%d %H:%M");
    let reason = crate::rules::reason(
        "override",
        format!("经申诉复核改为{}（{when}）：{}", colour.word_zh(), row.reason),
        format!(
            "Changed to {} on appeal review ({when}): {}",
            colour.word_en().to_lowercase(),
            row.reason
        ),
    );
    Ok(Some((colour, reason, approved_at)))
}

/// The code of a person whose declaration is `form` (declared at `declared_at`).
pub async fn evaluate_person(
    state: &AppState,
    person_id: &str,
    form: &DeclarationForm,
    declared_at: DateTime<Utc>,
    document_hash: &str,
    risk_areas: &[RiskArea],
    now: DateTime<Utc>,
) -> Result<CodeState, AppError> {
    let context = review_context(state, risk_areas, document_hash).await?;
    let since = (china_date(now) - Duration::days(CHECKIN_WINDOW_DAYS)).to_string();
    let mut checkins: Vec<CheckinFact> = state
        .store
        .checkins(person_id, &since)
        .await?
        .iter()
        .filter_map(fact)
        .collect();
    // An approved override made after this declaration replaces its findings; the check-ins
    // after it keep counting (a later fever is yellow again), a later declaration supersedes it.
    if let Some((colour, reason, approved_at)) = override_after(state, person_id, declared_at).await? {
        checkins.retain(|c| c.at > approved_at);
        let declared = if colour == Colour::Green {
            Vec::new()
        } else {
            vec![(colour, reason.clone())]
        };
        let mut code = evaluate(declared, approved_at, &checkins, &state.rules, now);
        if code.colour == Colour::Green {
            code.reasons = vec![reason];
        }
        return Ok(code);
    }
    let declared = findings(form, &context, &state.rules, now);
    Ok(evaluate(declared, declared_at, &checkins, &state.rules, now))
}

/// The stored form of a code state.
pub fn code_record(code: &CodeState) -> Result<CodeRecord, AppError> {
    Ok(CodeRecord {
        status: "issued".into(),
        colour: Some(colour_name(code.colour).into()),
        reasons: serde_json::to_string(&code.reasons).map_err(internal)?,
        valid_until: code.valid_until.map(|t| t.to_rfc3339()),
        declaration_version: 0,
        next_step: code
            .next_step
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(internal)?,
    })
}

/// The person's colour changes of the last `days` days, oldest first (history, the grid
/// worker's resident detail, the appeal desk).
pub async fn colour_changes(
    state: &AppState,
    person_id: &str,
    days: i64,
) -> Result<Vec<ColourChange>, AppError> {
    let since = (state.clock.now() - Duration::days(days)).to_rfc3339();
    Ok(state
        .store
        .colour_events(person_id, &since)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(ColourChange {
                colour: parse_colour(&e.colour)?,
                rule: e.rule,
                at: e.at,
            })
        })
        .collect())
}

/// Re-evaluates a declared person's code now and stores it; `None` before a declaration.
pub async fn refresh(state: &AppState, person_id: &str) -> Result<Option<CodeState>, AppError> {
    refresh_with(state, person_id, &risk_areas(state).await?).await
}

/// [`refresh`] with the risk-area list already read (the sweep reads it once for everyone).
async fn refresh_with(
    state: &AppState,
    person_id: &str,
    risk_areas: &[RiskArea],
) -> Result<Option<CodeState>, AppError> {
    let Some(stored) = state.store.latest_declaration(person_id).await? else {
        return Ok(None);
    };
    let form: DeclarationForm = serde_json::from_str(&stored.body).map_err(internal)?;
    let declared_at = DateTime::parse_from_rfc3339(&stored.created_at)
        .map_err(internal)?
        .to_utc();
    let document_hash = state
        .store
        .person_document_hash(person_id)
        .await?
        .unwrap_or_default();
    let now = state.clock.now();
    let code = evaluate_person(
        state,
        person_id,
        &form,
        declared_at,
        &document_hash,
        risk_areas,
        now,
    )
    .await?;
    state
        .store
        .update_code(person_id, &code_record(&code)?, &now.to_rfc3339())
        .await?;
    Ok(Some(code))
}

/// Re-evaluates every issued code (lapses, ended isolations, streaks); returns how many of
/// each colour there are now.
pub async fn sweep(state: &AppState) -> Result<[usize; 3], AppError> {
    let mut counts = [0; 3];
    let areas = risk_areas(state).await?;
    for person_id in state.store.persons_with_codes().await? {
        if let Some(code) = refresh_with(state, &person_id, &areas).await? {
            counts[match code.colour {
                Colour::Green => 0,
                Colour::Yellow => 1,
                Colour::Red => 2,
            }] += 1;
        }
    }
    Ok(counts)
}

/// Runs [`sweep`] every `every` until the server stops.
pub fn spawn_sweeper(state: AppState, every: StdDuration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&state).await {
                Ok([green, yellow, red]) => tracing::debug!(green, yellow, red, "codes re-evaluated"),
                Err(err) => tracing::warn!(error = %err, "code sweep failed; retrying at the next tick"),
            }
        }
    })
}
