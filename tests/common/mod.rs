//! Helpers of the browser tests (wasm-bindgen-test in headless Chromium).
#![allow(dead_code)]

use wasm_bindgen::JsCast;

/// Waits for the browser to run timers and reactive effects.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

pub fn fresh_container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    container
}

pub fn text_of(container: &web_sys::HtmlElement, selector: &str) -> String {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is rendered"))
        .text_content()
        .unwrap_or_default()
}

/// The element matching `selector` inside `container`, if any.
pub fn find(container: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    container
        .query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

/// The element matching `selector`; panics with the selector when it is missing.
pub fn get(container: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    find(container, selector).unwrap_or_else(|| panic!("{selector} is rendered"))
}

/// Types `text` into an input the way a browser reports it (value, then an `input` event).
pub fn type_into(input: &web_sys::HtmlElement, text: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Presses a key on an element (`keydown`, bubbling, cancelable).
pub fn press(el: &web_sys::HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

/// Texts of every element matching `selector`.
pub fn texts(container: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = container.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

/// Replaces `window.fetch` with a function answering from `routes` (a JS object literal of
/// path-and-query → JSON body); other URLs get a 404. Requested URLs are kept in
/// `window.__requests`.
pub fn fake_fetch(routes: &str) {
    let body = format!(
        "const routes = {routes};
         const url = new URL(input instanceof Request ? input.url : input, location.href);
         const key = decodeURIComponent(url.pathname + url.search).replace(/[?&]$/, '');
         (window.__requests = window.__requests || []).push(key);
         const found = routes[key];
         return Promise.resolve(new Response(JSON.stringify(found ?? {{code: 'not_found', message: 'not found', errors: []}}),
           {{status: found === undefined ? 404 : 200, headers: {{'content-type': 'application/json'}}}}));"
    );
    let fetch = js_sys::Function::new_with_args("input, init", &body);
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &fetch).unwrap();
}

/// The URLs `fake_fetch` answered so far (and forgets them).
pub fn requests() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let list = js_sys::Reflect::get(&window, &"__requests".into()).unwrap();
    let out = if list.is_undefined() {
        Vec::new()
    } else {
        js_sys::Array::from(&list)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    };
    js_sys::Reflect::set(&window, &"__requests".into(), &js_sys::Array::new()).unwrap();
    out
}
