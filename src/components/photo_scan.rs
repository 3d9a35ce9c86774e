//! Upload-a-photo fallback of the scan page: a picture of the code (taken with the phone's own
//! camera app, or received in a chat) is decoded in the wasm like a camera frame.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::camera::{self, Decoder, FrameGrabber};
use crate::scanner::{MAX_FRAME_SIDE, MAX_PHOTO_SIDE};

/// The code in a photo: tried large first (a small code in a 12-megapixel picture), then at
/// the camera's size (a code that fills the picture decodes better scaled down).
async fn read_photo(grabber: &FrameGrabber, decoder: &Decoder, file: &web_sys::File) -> Option<String> {
    for side in [MAX_PHOTO_SIDE, MAX_FRAME_SIDE] {
        let pixels = grabber.photo(file, side).await?;
        if let Some(text) = decoder.decode(pixels).await?.text {
            return Some(text);
        }
    }
    None
}
use crate::i18n::use_i18n;

/// The photo picker; the code read from the photo goes to `on_code`.
#[component]
pub fn PhotoScan(
    /// Called with the text of the code found in the photo.
    on_code: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let reading = RwSignal::new(false);
    let not_found = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The same photo may be picked again after a failure.
        input.set_value("");
        reading.set(true);
        not_found.set(false);
        leptos::task::spawn_local(async move {
            let text = match (FrameGrabber::new(), camera::decoder()) {
                (Some(grabber), Some(decoder)) => read_photo(&grabber, &decoder, &file).await,
                _ => None,
            };
            reading.set(false);
            match text {
                // The page may have been left while the photo was read.
                Some(text) => {
                    on_code.try_run(text);
                }
                None => not_found.set(true),
            }
        });
    };
    view! {
        <div class="field photo-field">
            <input
                id="scan-photo"
                class="visually-hidden"
                type="file"
                accept="image/*"
                on:change=on_change
                aria-describedby="scan-photo-error"
            />
            <label class="button button--secondary photo-scan" for="scan-photo">
                {move || if reading.get() { s().photo_reading } else { s().photo_label }}
            </label>
            <p id="scan-photo-error" class="field__error" role="alert">
                {move || not_found.get().then(|| s().photo_none)}
            </p>
        </div>
    }
}
