//! A QR code drawn as SVG from a token (error correction level Q).

use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Renders `text` as an SVG QR code, black on white with a quiet zone, so any scanner (and a
/// black-and-white printer) reads it.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// The QR code of `token`, labelled for screen readers.
#[component]
pub fn QrCodeImage(
    /// The token text the QR holds.
    #[prop(into)]
    token: Signal<String>,
    /// What a screen reader says for the image.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="qr" role="img" aria-label=label inner_html=move || qr_svg(&token.get()).unwrap_or_default()></div>
    }
}
