//! The browser's camera, canvas and decoder worker for the checkpoint scanner: open the rear
//! camera, grab a frame or a photo as pixels, switch the torch, and have the worker
//! (`src/bin/scan_worker.rs`, running [`crate::scanner`]) decode them off the page's thread.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8ClampedArray};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints,
    MediaStreamTrack, MessageEvent, Worker,
};

use crate::scanner::{decode_size, MAX_FRAME_SIDE};

/// Why the camera did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraError {
    /// The user or the webview refused permission.
    Denied,
    /// No camera, no `mediaDevices` (an old webview, or a page not served securely).
    Missing,
    /// The decoder worker could not be loaded (offline before it was ever cached).
    Decoder,
}

/// Sets `target[key]` (a JS object built for an API call or a worker message).
pub fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// `data[key]`, `undefined` when absent.
pub fn field(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
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

/// The RGBA pixels of one image, ready for the decoder.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Uint8ClampedArray,
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

    fn read(&self, width: u32, height: u32) -> Option<Pixels> {
        let image = self
            .context
            .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
            .ok()?;
        // The JS array itself (not a copy into this wasm): it is handed to the worker as is.
        let rgba = Reflect::get(&image, &"data".into()).ok()?.dyn_into().ok()?;
        Some(Pixels { width, height, rgba })
    }

    fn resize(&self, width: u32, height: u32) {
        if self.canvas.width() != width || self.canvas.height() != height {
            self.canvas.set_width(width);
            self.canvas.set_height(height);
        }
    }

    /// The video's current frame, scaled for decoding; `None` before the first frame.
    pub fn video_frame(&self, video: &HtmlVideoElement) -> Option<Pixels> {
        if video.ready_state() < 2 || video.video_width() == 0 {
            return None;
        }
        let (w, h) = decode_size(video.video_width(), video.video_height(), MAX_FRAME_SIDE);
        self.resize(w, h);
        self.context
            .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?;
        self.read(w, h)
    }

    /// A photo the user picked, at most `max_side` pixels on its longer side.
    pub async fn photo(&self, photo: &Blob, max_side: u32) -> Option<Pixels> {
        let promise = web_sys::window()?.create_image_bitmap_with_blob(photo).ok()?;
        let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        let (w, h) = decode_size(bitmap.width(), bitmap.height(), max_side);
        self.resize(w, h);
        self.context
            .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?;
        self.read(w, h)
    }
}

/// What the decoder worker answered for one image.
pub struct Decoded {
    /// The code's text; `None` when the image holds no readable code.
    pub text: Option<String>,
    /// The worker's decoding time.
    pub ms: f64,
}

/// The decoder worker's script: Trunk's loader shim for the `scan-worker` bin.
const WORKER_URL: &str = "/scan-worker_loader.js";

type Resolvers = Rc<RefCell<HashMap<u32, Function>>>;
type ReadySlot = Rc<RefCell<Option<(Function, Function)>>>;

/// The QR decoder in its Web Worker (`src/bin/scan_worker.rs`), one per page.
pub struct Decoder {
    worker: Worker,
    ready: Promise,
    pending: Resolvers,
    next_id: Cell<u32>,
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Decoder {
    fn start() -> Option<Self> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let pending: Resolvers = Rc::default();
        let slot: ReadySlot = Rc::default();
        let failed = Rc::new(Cell::new(false));
        let ready = Promise::new(&mut |resolve, reject| *slot.borrow_mut() = Some((resolve, reject)));
        let on_message = {
            let (pending, slot) = (pending.clone(), slot.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if field(&data, "ready").is_truthy() {
                    if let Some((resolve, _)) = slot.borrow_mut().take() {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                } else if let Some(id) = field(&data, "id").as_f64() {
                    if let Some(resolve) = pending.borrow_mut().remove(&(id as u32)) {
                        let _ = resolve.call1(&JsValue::NULL, &data);
                    }
                }
            })
        };
        // The worker failed to load (offline before it was ever cached) or crashed: every
        // waiting decode ends with nothing, and the next use starts a new worker.
        let on_error = {
            let (pending, failed) = (pending.clone(), failed.clone());
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                failed.set(true);
                if let Some((_, reject)) = slot.borrow_mut().take() {
                    let _ = reject.call0(&JsValue::NULL);
                }
                for (_, resolve) in pending.borrow_mut().drain() {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Self {
            worker,
            ready,
            pending,
            next_id: Cell::new(0),
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Decodes `pixels` in the worker; `None` when the worker is not working.
    pub async fn decode(&self, pixels: Pixels) -> Option<Decoded> {
        JsFuture::from(self.ready.clone()).await.ok()?;
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let reply = Promise::new(&mut |resolve, _| {
            self.pending.borrow_mut().insert(id, resolve);
        });
        let message = Object::new();
        set(&message, "id", &id.into());
        set(&message, "width", &pixels.width.into());
        set(&message, "height", &pixels.height.into());
        set(&message, "pixels", &pixels.rgba);
        let transfer = Array::of1(&pixels.rgba.buffer());
        if self
            .worker
            .post_message_with_transfer(&message, &transfer)
            .is_err()
        {
            self.pending.borrow_mut().remove(&id);
            return None;
        }
        let reply = JsFuture::from(reply).await.ok().filter(|r| !r.is_null())?;
        Some(Decoded {
            text: field(&reply, "text").as_string(),
            ms: field(&reply, "ms").as_f64().unwrap_or(0.0),
        })
    }
}

impl Drop for Decoder {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

thread_local! {
    static DECODER: RefCell<Option<Rc<Decoder>>> = const { RefCell::new(None) };
}

/// The page's decoder, started on first use (the scan page starts it on open, so its wasm is
/// loaded by the time the camera is); a worker that failed is replaced.
pub fn decoder() -> Option<Rc<Decoder>> {
    DECODER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_none_or(|d| d.failed.get()) {
            *slot = Decoder::start().map(Rc::new);
        }
        slot.clone()
    })
}

/// Records `ms` ending now as `performance.measure(name)` (a time measured in the worker).
pub fn record(name: &str, ms: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = Object::new();
    set(&options, "start", &(performance.now() - ms).into());
    set(&options, "duration", &ms.into());
    let _ = call(&performance, "measure", &[name.into(), options.into()]);
    cap(&performance, name);
}

fn cap(performance: &web_sys::Performance, name: &str) {
    if performance.get_entries_by_name(name).length() > 2000 {
        performance.clear_measures_with_measure_name(name);
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
    cap(&performance, name);
}

/// `performance.mark(name)`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
