//! The checkpoint scanner's decoder, in a Web Worker of its own (built by Trunk as a second
//! wasm, `data-type="worker"`): QR decoding never blocks the page, and the decoder's code is
//! downloaded by the scan page only, not with the app every resident loads.
//!
//! Protocol: the page posts `{id, width, height, pixels}` (RGBA bytes, transferred); the worker
//! answers `{id, text, ms}` — the code's text or `null`, and the decode time. Once ready it posts
//! `{ready: true}`, since messages sent before then would be lost.

use healthcode_web::camera::{field, set};
use healthcode_web::scanner::decode_rgba;
use js_sys::{Object, Uint8ClampedArray};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn answer(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Object {
    let width = field(data, "width").as_f64().unwrap_or(0.0) as usize;
    let height = field(data, "height").as_f64().unwrap_or(0.0) as usize;
    let pixels = Uint8ClampedArray::new(&field(data, "pixels")).to_vec();
    let clock = scope.performance();
    let start = clock.as_ref().map_or(0.0, |p| p.now());
    let text = decode_rgba(width, height, &pixels);
    let ms = clock.as_ref().map_or(0.0, |p| p.now()) - start;
    let reply = Object::new();
    set(&reply, "id", &field(data, "id"));
    set(&reply, "text", &text.map_or(JsValue::NULL, |t| t.into()));
    set(&reply, "ms", &ms.into());
    reply
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = replies.post_message(&answer(&replies, &event.data()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &true.into());
    let _ = scope.post_message(&ready);
}
