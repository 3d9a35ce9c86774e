//! The card as a PNG, drawn on a canvas in the browser (FAQ 9: some keep a picture of the code
//! on the phone, or send it to a parent's). Same content as the printed card, at 300 dpi.

use healthcode_core::api::PaperCode;
use qrcode::{Color, EcLevel, QrCode};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement};

use crate::components::paper_card::CardText;
use crate::i18n::Locale;

/// 85.6 × 54 mm at 300 dpi.
const WIDTH: u32 = 1011;
const HEIGHT: u32 = 638;
const QR_SIZE: f64 = 440.0;
const MARGIN: f64 = 36.0;

fn draw(ctx: &CanvasRenderingContext2d, card: &PaperCode, text: &CardText) -> Option<()> {
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(4.0);
    ctx.stroke_rect(2.0, 2.0, WIDTH as f64 - 4.0, HEIGHT as f64 - 4.0);
    ctx.set_fill_style_str("#000000");
    ctx.set_font("bold 46px sans-serif");
    ctx.fill_text(&text.title, MARGIN, 76.0).ok()?;
    if let Some(family) = &text.family {
        ctx.set_font("bold 36px sans-serif");
        ctx.fill_text(family, WIDTH as f64 - MARGIN - 160.0, 74.0).ok()?;
    }

    // The QR with its quiet zone (four modules), black on white.
    let code = QrCode::with_error_correction_level(card.token.as_deref()?.as_bytes(), EcLevel::Q).ok()?;
    let modules = code.width();
    let cell = QR_SIZE / (modules + 8) as f64;
    let (left, top) = (MARGIN - 12.0, 110.0);
    for (i, colour) in code.to_colors().iter().enumerate() {
        if *colour == Color::Dark {
            let (x, y) = ((i % modules) as f64, (i / modules) as f64);
            ctx.fill_rect(
                left + (x + 4.0) * cell,
                top + (y + 4.0) * cell,
                cell + 0.5,
                cell + 0.5,
            );
        }
    }

    let x = left + QR_SIZE + 16.0;
    let mut y = 150.0;
    let mut line = |font: &str, s: &str, gap: f64| {
        ctx.set_font(font);
        let _ = ctx.fill_text(s, x, y);
        y += gap;
    };
    line("bold 40px sans-serif", &text.name, 58.0);
    if let Some(relation) = &text.relation {
        line("32px sans-serif", relation, 52.0);
    }
    line("bold 48px sans-serif", &text.colour, 56.0);
    line("bold 26px sans-serif", &text.scan, 46.0);
    line("28px sans-serif", &text.printed, 40.0);
    line("28px sans-serif", &text.until, 46.0);
    line("24px sans-serif", &text.lost, 0.0);
    Some(())
}

/// Draws `card` and offers it as a download named after the masked name.
pub fn save(card: &PaperCode, locale: Locale) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(canvas) = document
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
    else {
        return;
    };
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    if draw(&ctx, card, &CardText::new(card, locale)).is_none() {
        return;
    }
    let Ok(url) = canvas.to_data_url_with_type("image/png") else {
        return;
    };
    if let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(&format!("健康码-{}.png", card.name_masked.replace('*', "")));
        link.click();
    }
}
