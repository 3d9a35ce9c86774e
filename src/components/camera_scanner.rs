//! The camera view of the scan page: 打开摄像头 opens the rear camera, a frame ~100 ms after the
//! last one's answer goes to the decoder worker, and each code read goes to `on_code`. A torch switch appears where the
//! camera has one. The camera stops when the page is left.

use leptos::html;
use leptos::prelude::*;
use web_sys::MediaStream;

use crate::camera::{self, CameraError, FrameGrabber};
use crate::i18n::use_i18n;
use crate::retry::sleep_ms;

/// Time between two decoded frames: ~10 a second is instant for a person holding up a phone
/// and leaves the CPU of a low-end phone free to draw the result.
const FRAME_GAP_MS: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CameraState {
    Off,
    Starting,
    Scanning,
    Failed(CameraError),
}

/// The camera, its switch and its torch.
#[component]
pub fn CameraScanner(
    /// Called with the text of each code read from the video.
    on_code: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let video = NodeRef::<html::Video>::new();
    let state = RwSignal::new(CameraState::Off);
    let torch = RwSignal::new(None::<bool>);
    let stream = StoredValue::new_local(None::<MediaStream>);
    // Bumped at every start and stop: a frame loop ends when its run is no longer current.
    let run = StoredValue::new(0u32);

    // Also runs from the frame loop, possibly after the page was left: only `try_` reads.
    let stop = move || {
        run.update_value(|r| *r += 1);
        if let Some(Some(s)) = stream.try_get_value() {
            camera::stop(&s);
        }
        stream.set_value(None);
        if let Some(v) = video.try_get_untracked().flatten() {
            v.set_src_object(None);
        }
        torch.set(None);
    };
    on_cleanup(stop);

    let start = move || {
        state.set(CameraState::Starting);
        run.update_value(|r| *r += 1);
        let this_run = run.get_value();
        leptos::task::spawn_local(async move {
            let opened = camera::open_rear_camera().await;
            // Left or stopped meanwhile: let the camera go.
            let current = run.try_get_value() == Some(this_run);
            let (true, Some(el)) = (current, video.try_get_untracked().flatten()) else {
                if let Ok(s) = opened {
                    camera::stop(&s);
                }
                return;
            };
            let media = match opened {
                Ok(media) => media,
                Err(err) => return state.set(CameraState::Failed(err)),
            };
            el.set_src_object(Some(&media));
            let _ = el.play();
            torch.set(camera::has_torch(&media).then_some(false));
            stream.set_value(Some(media));
            state.set(CameraState::Scanning);
            let (Some(grabber), Some(decoder)) = (FrameGrabber::new(), camera::decoder()) else {
                return state.set(CameraState::Failed(CameraError::Decoder));
            };
            while run.try_get_value() == Some(this_run) {
                camera::mark("hc-frame-start");
                if let Some(frame) = grabber.video_frame(&el) {
                    let Some(decoded) = decoder.decode(frame).await else {
                        stop();
                        return state.set(CameraState::Failed(CameraError::Decoder));
                    };
                    camera::measure("hc-scan-frame", "hc-frame-start");
                    camera::record("hc-scan-decode", decoded.ms);
                    if let (Some(text), true) = (decoded.text, run.try_get_value() == Some(this_run)) {
                        on_code.try_run(text);
                    }
                }
                sleep_ms(FRAME_GAP_MS).await;
            }
        });
    };

    let toggle_torch = move |_| {
        let (Some(on), Some(media)) = (torch.get_untracked(), stream.get_value()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if camera::set_torch(&media, !on).await {
                torch.set(Some(!on));
            }
        });
    };

    let scanning = move || state.get() == CameraState::Scanning;
    view! {
        <div class="camera">
            <div class="camera__view" class:camera__view--on=scanning>
                <video
                    node_ref=video
                    class="camera__video"
                    aria-label=move || s().camera_label
                    autoplay=true
                    playsinline=true
                    prop:muted=true
                ></video>
                <div class="camera__frame" aria-hidden="true"></div>
            </div>
            <p class="camera__status" role="status">
                {move || match state.get() {
                    CameraState::Off => "",
                    CameraState::Starting => s().camera_starting,
                    CameraState::Scanning => s().camera_scanning,
                    CameraState::Failed(_) => "",
                }}
            </p>
            {move || match state.get() {
                CameraState::Failed(CameraError::Denied) => Some(view! { <p class="field__error" role="alert">{s().camera_denied}</p> }),
                CameraState::Failed(CameraError::Missing) => Some(view! { <p class="field__error" role="alert">{s().camera_missing}</p> }),
                CameraState::Failed(CameraError::Decoder) => Some(view! { <p class="field__error" role="alert">{s().decoder_failed}</p> }),
                _ => None,
            }}
            <div class="camera__buttons">
                {move || if matches!(state.get(), CameraState::Scanning | CameraState::Starting) {
                    view! {
                        <button type="button" class="button button--secondary" on:click=move |_| { stop(); state.set(CameraState::Off); }>
                            {s().camera_stop}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button--primary" on:click=move |_| start()>
                            {s().camera_start}
                        </button>
                    }.into_any()
                }}
                {move || torch.get().map(|on| view! {
                    <button type="button" class="button button--secondary" aria-pressed=move || on.to_string() on:click=toggle_torch>
                        {if on { s().torch_off } else { s().torch_on }}
                    </button>
                })}
            </div>
        </div>
    }
}
