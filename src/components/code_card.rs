//! The code as shown at a checkpoint: colour band and word, QR, masked identity, a live clock
//! on server time, validity, and the reasons for the colour.

use chrono::{DateTime, Utc};
use healthcode_core::api::CodeView;
use healthcode_core::colour::Colour;
use leptos::prelude::*;

use crate::clock::{clock_text, date_time_text, remaining, ServerAnchor};
use crate::components::qr_code::QrCodeImage;
use crate::i18n::{use_i18n, Locale};

fn colour_class(colour: Colour) -> &'static str {
    match colour {
        Colour::Green => "green",
        Colour::Yellow => "yellow",
        Colour::Red => "red",
    }
}

fn parse_time(text: &Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// An issued code.
#[component]
pub fn CodeCard(
    /// The code as the server sent it.
    code: CodeView,
    /// Server-anchored time of the fetch.
    anchor: ServerAnchor,
    /// Ticks every second, to move the clock.
    tick: ReadSignal<u64>,
    /// The person, for the way to 申诉 from a yellow or red code.
    #[prop(into)]
    person: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let colour = code.colour.unwrap_or(Colour::Yellow);
    let word = move || match i18n.locale() {
        Locale::ZhCn => colour.word_zh(),
        Locale::En => colour.word_en(),
    };
    let name = code.name_masked.clone().unwrap_or_default();
    let token = code.token.clone().unwrap_or_default();
    let valid_until = parse_time(&code.valid_until);
    let qr_label = {
        let name = name.clone();
        Signal::derive(move || (i18n.t().qr_label)(word(), &name))
    };
    let now = move || {
        tick.track();
        anchor.now()
    };
    let reasons = code.reasons.clone();
    view! {
        <article class=format!("code code--{}", colour_class(colour)) aria-labelledby="code-word">
            <div class="code__band">
                <h1 id="code-word" class="code__word">{word}</h1>
                <p class="code__pass">
                    {move || if colour.passes() { i18n.t().pass_green } else { i18n.t().pass_not }}
                </p>
            </div>
            {code.dependant.clone().map(|d| {
                let relation = code.relation_text.clone().unwrap_or_else(|| d.relation.name_zh().to_owned());
                view! {
                    <p class="code__family">{move || (i18n.f().dependant_band)(&d.applicant_masked, &relation)}</p>
                }
            })}
            <div class="code__frame">
                <QrCodeImage token=Signal::stored(token) label=qr_label />
            </div>
            <p class="code__clock" aria-live="off">
                <span class="visually-hidden">{move || i18n.t().time_now_label}</span>
                {move || clock_text(now())}
            </p>
            <dl class="code__facts">
                <div>
                    <dt>{move || i18n.t().name_label}</dt>
                    <dd class="code__name">{name}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().document_label}</dt>
                    <dd>{code.document_masked.clone().unwrap_or_default()}</dd>
                </div>
                {valid_until.map(|until| view! {
                    <div>
                        <dt>{move || i18n.t().valid_until_label}</dt>
                        <dd>
                            {date_time_text(until)}
                            " "
                            <span class="code__left">
                                {move || remaining(now(), until).map(|(h, m)| (i18n.t().time_left)(h, m))}
                            </span>
                        </dd>
                    </div>
                })}
            </dl>
            <section class="code__reasons" aria-labelledby="reasons-title">
                <h2 id="reasons-title">{move || i18n.t().reasons_title}</h2>
                <ul>
                    {reasons.into_iter().map(|r| view! { <li data-rule=r.rule>{r.message}</li> }).collect_view()}
                </ul>
                {code.next_step.clone().map(|step| view! {
                    <p class="code__next"><strong>{move || i18n.t().next_step_label}</strong> " " {step}</p>
                })}
                {(!colour.passes()).then(|| view! {
                    <a class="code__appeal" href=format!("/appeal/{person}")>{move || i18n.c().appeal}</a>
                })}
            </section>
        </article>
    }
}
