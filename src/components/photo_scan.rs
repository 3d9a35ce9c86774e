//! Upload-a-photo fallback of the scan page: a picture of the code (taken with the phone's own
//! camera app, or received in a chat) is decoded in the wasm like a camera frame.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::camera::FrameGrabber;
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
            let text = match FrameGrabber::new() {
                Some(grabber) => grabber.decode_photo(&file).await,
                None => None,
            };
            reading.set(false);
            match text {
                Some(text) => on_code.run(text),
                None => not_found.set(true),
            }
        });
    };
    view! {
        <div class="field">
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
