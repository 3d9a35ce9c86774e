//! The verdict after a scan, readable at arm's length: 通行 / 不予通行 / 无法核验 in large type,
//! the colour word (never the colour alone), the masked name, the kind of code, its validity,
//! online or offline, and what to do when it is not 通行.

use chrono::DateTime;
use healthcode_core::colour::Colour;
use healthcode_core::family::relation_text;
use healthcode_core::scan::{ScanOutcome, ScanVerdict, REVOKED, STALE_TRUST_LIST};
use healthcode_core::token::{CodeKind, VerifyError};
use leptos::prelude::*;

use crate::clock::date_time_text;
use crate::i18n::{use_i18n, Locale, ScanStrings};

/// The reason of a refusal in the checker's language (签名无效, 已过期, 已挂失, 未知签发机构 …).
pub fn reason_text(reason: &str, locale: Locale) -> String {
    let s = locale.scan();
    match reason {
        REVOKED => s.revoked.to_owned(),
        "unknown_person" => s.unknown_person.to_owned(),
        STALE_TRUST_LIST => s.stale_trust_list.to_owned(),
        other => match VerifyError::from_code(other) {
            Some(err) => locale.pick(err.message_zh(), err.message_en()).to_owned(),
            None => s.unknown_reason.to_owned(),
        },
    }
}

fn kind_text(kind: CodeKind, s: &ScanStrings) -> &'static str {
    match kind {
        CodeKind::Live => s.live,
        CodeKind::Offline => s.offline,
        CodeKind::Paper => s.paper,
    }
}

fn outcome_class(verdict: &ScanVerdict) -> &'static str {
    match (verdict.outcome, verdict.colour) {
        (ScanOutcome::Pass, _) => "verdict--pass",
        (ScanOutcome::Refuse, Some(Colour::Yellow)) => "verdict--yellow",
        (ScanOutcome::Refuse, _) => "verdict--refuse",
        (ScanOutcome::Unverifiable, _) => "verdict--unverifiable",
    }
}

/// One verdict.
#[component]
pub fn ScanResult(
    /// The verdict; `None` while the server is being asked.
    verdict: Option<ScanVerdict>,
    /// When the trust list used offline was fetched (`MM-DD HH:MM`).
    #[prop(into)]
    trust_updated: String,
    /// Seconds until the result clears itself.
    clears_in: Signal<u64>,
    /// Clears the result now.
    on_clear: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale_untracked();
    let s = locale.scan();
    let Some(v) = verdict else {
        return view! {
            <section class="verdict verdict--checking" aria-labelledby="verdict-word" aria-busy="true">
                <p id="verdict-word" class="verdict__word">{s.checking}</p>
            </section>
        }
        .into_any();
    };
    let word = match v.outcome {
        ScanOutcome::Pass => s.pass,
        ScanOutcome::Refuse => s.refuse,
        ScanOutcome::Unverifiable => s.unverifiable,
    };
    let colour_word = v.colour.map(|c| locale.pick(c.word_zh(), c.word_en()));
    let reason = v.reason.as_deref().map(|r| reason_text(r, locale));
    let dependant = v.dependant.as_ref().map(|d| {
        (s.dependant)(
            &d.applicant_masked,
            &relation_text(d.relation, None, locale == Locale::En),
        )
    });
    let valid_until = v
        .expires_at
        .and_then(|t| DateTime::from_timestamp(t, 0))
        .map(|t| (s.valid_until)(&date_time_text(t)));
    let checked = if v.online {
        s.checked_online.to_owned()
    } else {
        (s.checked_offline)(&trust_updated)
    };
    let paper = v.kind == Some(CodeKind::Paper) && v.outcome == ScanOutcome::Pass;
    let hint = match v.outcome {
        ScanOutcome::Pass if paper => s.paper_check_id,
        ScanOutcome::Pass => s.pass_hint,
        _ => s.id_fallback,
    };
    view! {
        <section class=format!("verdict {}", outcome_class(&v)) aria-labelledby="verdict-word">
            <h2 class="visually-hidden">{s.result_title}</h2>
            <p id="verdict-word" class="verdict__word">{word}</p>
            {colour_word.map(|c| view! { <p class="verdict__colour">{c}</p> })}
            {reason.map(|r| view! { <p class="verdict__reason"><span class="visually-hidden">{s.reason_label}": "</span>{r}</p> })}
            <ul class="verdict__facts">
                {v.name_masked.clone().map(|n| view! { <li>{s.name}" "<strong class="verdict__name">{n}</strong></li> })}
                {v.kind.map(|k| view! { <li>{kind_text(k, s)}</li> })}
                {dependant.map(|d| view! { <li>{d}</li> })}
                {valid_until.map(|t| view! { <li>{t}</li> })}
            </ul>
            <p class="verdict__hint">{hint}</p>
            <p class="verdict__checked">{checked}</p>
            <div class="verdict__footer">
                <span>{move || (s.clears_in)(clears_in.get())}</span>
                <button type="button" class="button button--secondary" on:click=move |_| on_clear.run(())>{s.clear}</button>
            </div>
        </section>
    }
    .into_any()
}
