//! The browser's camera and canvas for the checkpoint scanner: open the rear camera, grab a
//! frame or a photo as pixels, switch the torch. The decoding itself is in [`crate::scanner`].

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints,
    MediaStreamTrack,
};

use crate::scanner::{decode_rgba, decode_size};

/// Why the camera did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraError {
    /// The user or the webview refused permission.
    Denied,
    /// No camera, no `mediaDevices` (an old webview, or a page not served securely).
    Missing,
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// Calls `target.name(...args)` when the browser has that method.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let method = Reflect::get(target, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    method.apply(target, &args.iter().collect::<Array>()).ok()
}

/// Opens the rear camera (`facingMode: environment`, about 720p) without audio.
pub async fn open_rear_camera() -> Result<MediaStream, CameraError> {
    let devices = web_sys::window()
        .ok_or(CameraError::Missing)?
        .navigator()
        .media_devices()
        .map_err(|_| CameraError::Missing)?;
    let video = Object::new();
    set(&video, "facingMode", &"environment".into());
    let ideal = |n: f64| {
        let o = Object::new();
        set(&o, "ideal", &n.into());
        o
    };
    set(&video, "width", &ideal(1280.0));
    set(&video, "height", &ideal(720.0));
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&false.into());
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraError::Missing)?;
    match JsFuture::from(promise).await {
        Ok(stream) => stream.dyn_into().map_err(|_| CameraError::Missing),
        Err(err) => {
            let name = Reflect::get(&err, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            Err(match name.as_deref() {
                Some("NotAllowedError" | "SecurityError") => CameraError::Denied,
                _ => CameraError::Missing,
            })
        }
    }
}

/// The stream's video track.
fn video_track(stream: &MediaStream) -> Option<MediaStreamTrack> {
    stream.get_video_tracks().get(0).dyn_into().ok()
}

/// Stops every track, so the camera light goes off.
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Whether the camera has a torch the page may switch (most Android phones; not iOS).
pub fn has_torch(stream: &MediaStream) -> bool {
    video_track(stream)
        .and_then(|track| call(&track, "getCapabilities", &[]))
        .and_then(|caps| Reflect::get(&caps, &"torch".into()).ok())
        .is_some_and(|torch| torch.is_truthy())
}

/// Switches the torch; `false` when the camera refused.
pub async fn set_torch(stream: &MediaStream, on: bool) -> bool {
    let Some(track) = video_track(stream) else {
        return false;
    };
    let torch = Object::new();
    set(&torch, "torch", &on.into());
    let constraints = Object::new();
    set(&constraints, "advanced", &Array::of1(&torch));
    match call(&track, "applyConstraints", &[constraints.into()]) {
        Some(promise) => JsFuture::from(js_sys::Promise::from(promise)).await.is_ok(),
        None => false,
    }
}

/// A canvas (not in the page) to draw frames on and read their pixels.
pub struct FrameGrabber {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl FrameGrabber {
    pub fn new() -> Option<Self> {
        let canvas: HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        // The pixels are read back every frame; this keeps the canvas in memory, not the GPU.
        let options = Object::new();
        set(&options, "willReadFrequently", &true.into());
        let context = canvas
            .get_context_with_context_options("2d", &options)
            .ok()??
            .dyn_into()
            .ok()?;
        Some(Self { canvas, context })
    }

    fn read(&self, width: u32, height: u32) -> Option<String> {
        let data = self
            .context
            .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
            .ok()?
            .data();
        decode_rgba(width as usize, height as usize, &data)
    }

    fn resize(&self, width: u32, height: u32) {
        if self.canvas.width() != width || self.canvas.height() != height {
            self.canvas.set_width(width);
            self.canvas.set_height(height);
        }
    }

    /// Decodes the video's current frame; `None` when no code is in it (or no frame yet).
    pub fn decode_video(&self, video: &HtmlVideoElement) -> Option<String> {
        if video.ready_state() < 2 || video.video_width() == 0 {
            return None;
        }
        let (w, h) = decode_size(
            video.video_width(),
            video.video_height(),
            crate::scanner::MAX_FRAME_SIDE,
        );
        self.resize(w, h);
        self.context
            .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?;
        self.read(w, h)
    }

    /// Decodes a photo (a file the user picked); `None` when no code is found.
    pub async fn decode_photo(&self, photo: &Blob) -> Option<String> {
        let promise = web_sys::window()?.create_image_bitmap_with_blob(photo).ok()?;
        let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        // A photo's code is often small in a large picture: try the larger size first.
        for side in [crate::scanner::MAX_PHOTO_SIDE, crate::scanner::MAX_FRAME_SIDE] {
            let (w, h) = decode_size(bitmap.width(), bitmap.height(), side);
            self.resize(w, h);
            self.context
                .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
                .ok()?;
            if let Some(text) = self.read(w, h) {
                return Some(text);
            }
        }
        None
    }
}

/// `performance.measure(name)` between two marks, for the scan benchmark (`make bench`) and
/// the browser's developer tools; the entries are capped so a long shift does not grow memory.
pub fn measure(name: &str, start_mark: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let end = format!("{name}-end");
    let _ = performance.mark(&end);
    let _ = performance.measure_with_start_mark_and_end_mark(name, start_mark, &end);
    if performance.get_entries_by_name(name).length() > 2000 {
        performance.clear_measures_with_measure_name(name);
    }
}

/// `performance.mark(name)`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
