//! Browser tests of the app's components, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use healthcode_web::components::language_switch::LanguageSwitch;
use healthcode_web::i18n::{I18nProvider, Locale, EN, ZH_CN};
use healthcode_web::pages::welcome::Welcome as Home;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{fresh_container, sleep, text_of};

#[wasm_bindgen_test]
fn every_string_is_translated_and_different() {
    let zh = format!("{ZH_CN:?}");
    let en = format!("{EN:?}");
    assert!(!zh.contains(": \"\""), "an empty zh-CN string: {zh}");
    assert!(!en.contains(": \"\""), "an empty English string: {en}");
    assert_ne!(ZH_CN.welcome_lead, EN.welcome_lead);
    let zh = format!("{:?}", Locale::ZhCn.declare());
    let en = format!("{:?}", Locale::En.declare());
    assert!(!zh.contains("\"\""), "an empty zh-CN declaration string: {zh}");
    assert!(!en.contains("\"\""), "an empty English declaration string: {en}");
    assert_ne!(Locale::ZhCn.declare().commitment, Locale::En.declare().commitment);
    for (zh, en) in [
        (
            format!("{:?}", Locale::ZhCn.family()),
            format!("{:?}", Locale::En.family()),
        ),
        (
            format!("{:?}", Locale::ZhCn.offline()),
            format!("{:?}", Locale::En.offline()),
        ),
        (
            format!("{:?}", Locale::ZhCn.checkin()),
            format!("{:?}", Locale::En.checkin()),
        ),
        (
            format!("{:?}", Locale::ZhCn.scan()),
            format!("{:?}", Locale::En.scan()),
        ),
    ] {
        assert!(!zh.contains("\"\""), "an empty zh-CN string: {zh}");
        assert!(!en.contains("\"\""), "an empty English string: {en}");
        assert_ne!(zh, en);
    }
}

#[wasm_bindgen_test]
async fn home_renders_in_chinese_switches_to_english_and_remembers_it() {
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.remove_item("hc.locale").unwrap();

    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || {
        view! { <I18nProvider><LanguageSwitch /><Home /></I18nProvider> }
    });
    assert_eq!(text_of(&container, "h1"), "健康码");
    sleep(10).await;
    assert_eq!(document.title(), "健康码");
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );

    // The test runner serves no API, so the status line must end in its unreachable state
    // rather than spin for ever.
    for _ in 0..100 {
        if text_of(&container, ".service-status__value") == ZH_CN.service_unreachable {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(
        text_of(&container, ".service-status__value"),
        ZH_CN.service_unreachable
    );

    let button: web_sys::HtmlElement = container
        .query_selector("button.language-switch")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "English");
    button.click();
    sleep(10).await;
    assert_eq!(text_of(&container, "h1"), EN.app_title);
    assert_eq!(document.title(), EN.app_title);
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert_eq!(
        storage.get_item("hc.locale").unwrap().as_deref(),
        Some(Locale::En.tag())
    );
    drop(handle);

    // A new start (a reload) comes up in the remembered language.
    let again = fresh_container();
    let _handle = leptos::mount::mount_to(again.clone(), || {
        view! { <I18nProvider><Home /></I18nProvider> }
    });
    assert_eq!(text_of(&again, "h1"), EN.app_title);
    storage.remove_item("hc.locale").unwrap();
}
