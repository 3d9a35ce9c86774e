//! A code's colour as a coloured dot and its word (never colour alone).

use healthcode_core::colour::Colour;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// 绿码 / 黄码 / 红码 with a dot, or 审核中 when there is no colour yet.
#[component]
pub fn ColourWord(
    /// The colour, none while under review.
    colour: Option<Colour>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = match colour {
        Some(Colour::Green) => "dot dot--green",
        Some(Colour::Yellow) => "dot dot--yellow",
        Some(Colour::Red) => "dot dot--red",
        None => "dot",
    };
    view! {
        <span class="colour-word">
            <span class=class aria-hidden="true"></span>
            {move || match colour {
                Some(c) => i18n.locale().pick(c.word_zh(), c.word_en()).to_owned(),
                None => i18n.st().pending.to_owned(),
            }}
        </span>
    }
}
