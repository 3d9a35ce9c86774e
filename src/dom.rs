//! Small DOM helpers the components share.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with this id after the next render (it may not exist yet); a fieldset
/// passes the focus to its first input.
pub fn focus_by_id(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        let Some(el) = document().get_element_by_id(&id) else {
            return;
        };
        let target = if el.tag_name() == "FIELDSET" {
            el.query_selector("input").ok().flatten()
        } else {
            Some(el)
        };
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
