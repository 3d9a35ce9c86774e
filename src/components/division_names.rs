//! What the district picker remembers: the names of divisions already seen (so a chosen place
//! shows its names without another request) and the device's recent choices.

use std::cell::RefCell;
use std::collections::HashMap;

use healthcode_core::api::{Division, DivisionMatch};
use healthcode_core::division::DivisionCode;
use leptos::prelude::*;

use crate::api;
use crate::i18n::use_i18n;
use crate::storage;

/// Where the device keeps its recent choices (cleared at logout: places are personal data).
pub const RECENT_KEY: &str = "hc.recent-divisions";
const MAX_RECENT: usize = 5;

thread_local! {
    static NAMES: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
}

/// Remembers the names from the province down to `code`.
pub fn remember_names(code: &str, names: Vec<String>) {
    NAMES.with(|n| n.borrow_mut().insert(code.to_owned(), names));
}

fn cached_names(code: &str) -> Option<Vec<String>> {
    NAMES.with(|n| n.borrow().get(code).cloned())
}

/// The names of a division, province first, e.g. "山西省 运城市 盐湖区": from memory when the
/// place was picked on this page, else from `GET /divisions/{code}`.
pub fn division_text(code: Signal<Option<String>>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let fetched = LocalResource::new(move || {
        let code = code.get();
        let locale = i18n.locale_untracked();
        async move {
            let code = code?;
            if let Some(names) = cached_names(&code) {
                return Some(names);
            }
            let path = api::division_path(&code, locale).await.ok()?;
            let names: Vec<String> = path.path.into_iter().map(|d| d.name).collect();
            remember_names(&code, names.clone());
            Some(names)
        }
    });
    Signal::derive(move || {
        let names = code
            .get()
            .and_then(|c| cached_names(&c))
            .or_else(|| fetched.get().flatten())?;
        Some(names.join(" "))
    })
}

/// The names of a division, province first, as text.
#[component]
pub fn DivisionName(
    /// The division code.
    code: String,
) -> impl IntoView {
    let text = division_text(Signal::stored(Some(code)));
    move || text.get().unwrap_or_default()
}

/// The path of divisions from the province down to `hit`, rebuilt from its code (every level
/// is a prefix of the code) and its names.
pub fn trail_of(hit: &DivisionMatch) -> Vec<Division> {
    let Ok(code) = DivisionCode::parse("code", &hit.code) else {
        return Vec::new();
    };
    let ancestry = code.ancestry();
    if ancestry.len() != hit.path_names.len() {
        return Vec::new();
    }
    let last = ancestry.len() - 1;
    ancestry
        .into_iter()
        .zip(&hit.path_names)
        .enumerate()
        .map(|(i, (code, name))| Division {
            code: code.into(),
            name: name.clone(),
            level: (i + 1) as u8,
            has_children: i < last || hit.has_children,
        })
        .collect()
}

/// The device's recent final choices, newest first.
pub fn recent() -> Vec<DivisionMatch> {
    storage::load(RECENT_KEY).unwrap_or_default()
}

/// Puts `hit` first in the recent choices.
pub fn remember_recent(hit: &DivisionMatch) {
    let mut list = recent();
    list.retain(|r| r.code != hit.code);
    list.insert(0, hit.clone());
    list.truncate(MAX_RECENT);
    storage::store(RECENT_KEY, &list);
}
