//! A printed code card (纸质码), credit-card sized (85.6 × 54 mm), four to an A4 page: the paper
//! token's QR, masked name and document, relation and applicant for a dependant, the colour at
//! print time with the instruction that the checkpoint must scan it, printed-at and valid-until,
//! and what to do when it is lost. Black on white, so a black-and-white printer keeps the QR
//! and the colour word.

use healthcode_core::api::PaperCode;
use healthcode_core::colour::Colour;
use leptos::prelude::*;

use crate::clock::full_date_time_text;
use crate::components::card_image;
use crate::components::qr_code::qr_svg;
use crate::i18n::{use_i18n, Locale};

/// The text lines of a card, shared by the printed card and its PNG.
pub struct CardText {
    pub title: String,
    pub family: Option<String>,
    pub name: String,
    pub relation: Option<String>,
    pub colour: String,
    pub scan: String,
    pub printed: String,
    pub until: String,
    pub lost: String,
}

impl CardText {
    pub fn new(card: &PaperCode, locale: Locale) -> Self {
        let f = locale.family();
        let word = locale.pick(card.colour.word_zh(), card.colour.word_en());
        Self {
            title: f.card_title.to_owned(),
            family: card.dependant.as_ref().map(|_| f.card_family.to_owned()),
            name: format!("{}  {}", card.name_masked, card.document_masked),
            relation: card.dependant.as_ref().map(|d| {
                let relation = card
                    .relation_text
                    .clone()
                    .unwrap_or_else(|| locale.pick(d.relation.name_zh(), d.relation.name_en()).to_owned());
                (f.card_relation)(&relation, &d.applicant_masked)
            }),
            colour: (f.card_colour)(word),
            scan: f.card_scan.to_owned(),
            printed: (f.card_printed)(&full_date_time_text(&card.issued_at)),
            until: (f.card_until)(&full_date_time_text(&card.valid_until)),
            lost: f.card_lost.to_owned(),
        }
    }
}

fn colour_class(colour: Colour) -> &'static str {
    match colour {
        Colour::Green => "green",
        Colour::Yellow => "yellow",
        Colour::Red => "red",
    }
}

/// One card, with a button (not printed) to save it as a PNG.
#[component]
pub fn PaperCard(
    /// The card as issued (with its token).
    card: PaperCode,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = CardText::new(&card, i18n.locale_untracked());
    let token = card.token.clone().unwrap_or_default();
    let label = format!("{}：{}，{}", text.title, text.colour, card.name_masked);
    let for_image = card.clone();
    let article_label = label.clone();
    view! {
        <div class="paper-slot">
            <article class="paper-card" aria-label=article_label>
                <header class="paper-card__head">
                    <strong>{text.title}</strong>
                    {text.family.map(|f| view! { <span class="paper-card__family">{f}</span> })}
                </header>
                <div class="paper-card__body">
                    <div class="paper-card__qr" role="img" aria-label=label inner_html=qr_svg(&token).unwrap_or_default()></div>
                    <div class="paper-card__facts">
                        <p class="paper-card__name">{text.name}</p>
                        {text.relation.map(|r| view! { <p>{r}</p> })}
                        <p class=format!("paper-card__colour paper-card__colour--{}", colour_class(card.colour))>
                            {text.colour}
                        </p>
                        <p class="paper-card__scan">{text.scan}</p>
                        <p>{text.printed}</p>
                        <p>{text.until}</p>
                        <p class="paper-card__lost">{text.lost}</p>
                    </div>
                </div>
            </article>
            <button
                type="button"
                class="button button--secondary no-print"
                on:click=move |_| card_image::save(&for_image, i18n.locale_untracked())
            >
                {move || i18n.f().save_image}
            </button>
        </div>
    }
}
