//! Browser tests of the declaration's pieces: the district picker (roles, keyboard, level-by-
//! level loading, recent choices) against a stubbed API, and the step validation of the draft.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use healthcode_core::api::SavedDeclaration;
use healthcode_core::declaration::{DeclarationForm, ItineraryStop, Sex, Step};
use healthcode_core::identity::DocumentType;
use healthcode_web::binding::Bound;
use healthcode_web::components::division_picker::DivisionPicker;
use healthcode_web::draft::Draft;
use healthcode_web::i18n::I18nProvider;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{fake_fetch, find, fresh_container, get, press, requests, sleep, text_of, texts, type_into};

const DIVISIONS: &str = r#"{
  "/api/v1/divisions": [
    {"code": "14", "name": "山西省", "level": 1, "has_children": true},
    {"code": "42", "name": "湖北省", "level": 1, "has_children": true}],
  "/api/v1/divisions?parent=140802": [
    {"code": "140802001", "name": "中城街道", "level": 4, "has_children": true}],
  "/api/v1/divisions?parent=140802001": [
    {"code": "140802001001", "name": "西花园社区居委会", "level": 5, "has_children": false},
    {"code": "140802001002", "name": "解放路社区居委会", "level": 5, "has_children": false}],
  "/api/v1/divisions/search?q=盐湖&limit=20": [
    {"code": "140802", "name": "盐湖区", "level": 3, "has_children": true,
     "path_names": ["山西省", "运城市", "盐湖区"]}]
}"#;

/// Waits until `check` holds (effects, timers and the stubbed fetch run in between).
async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        sleep(20).await;
    }
    panic!("never happened: {what}");
}

#[wasm_bindgen_test]
async fn the_picker_is_a_keyboard_combobox_that_loads_one_level_at_a_time() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    fake_fetch(DIVISIONS);
    requests();
    let value = RwSignal::new(None::<String>);
    let root = fresh_container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <I18nProvider>
                <DivisionPicker id="home" label="现居住地".to_owned() value=Bound::from(value)
                    error=Signal::derive(|| None::<String>) min_level=4 />
            </I18nProvider>
        }
    });
    let trigger = get(&root, "button#home");
    assert_eq!(trigger.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(text_of(&root, "#home-value").contains("请选择"));
    assert!(find(&root, "[role=combobox]").is_none(), "closed until asked");

    // Open: the provinces, and nothing deeper.
    trigger.click();
    until("the provinces are listed", || {
        texts(&root, "[role=option] .picker__name") == ["山西省", "湖北省"]
    })
    .await;
    assert_eq!(trigger.get_attribute("aria-expanded").as_deref(), Some("true"));
    let combobox = get(&root, "input#home-search");
    assert_eq!(combobox.get_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(
        combobox.get_attribute("aria-controls").as_deref(),
        Some("home-listbox")
    );
    assert_eq!(requests(), ["/api/v1/divisions"]);

    // Type-ahead across levels: 盐湖 offers 山西省 运城市 盐湖区.
    type_into(&combobox, "盐湖");
    until("the search answered", || {
        texts(&root, "[role=option] .picker__name") == ["盐湖区"]
    })
    .await;
    assert_eq!(text_of(&root, "[role=option] .picker__path"), "山西省 运城市");
    assert_eq!(text_of(&root, "[role=status]"), "找到 1 个地区");

    // Arrow keys move the active option; Enter opens its level.
    press(&combobox, "ArrowDown");
    sleep(10).await;
    assert_eq!(
        combobox.get_attribute("aria-activedescendant").as_deref(),
        Some("home-opt-0")
    );
    assert_eq!(
        get(&root, "#home-opt-0")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    press(&combobox, "Enter");
    until("the streets of 盐湖区 are listed", || {
        texts(&root, "[role=option] .picker__name") == ["中城街道"]
    })
    .await;
    assert_eq!(
        texts(&root, ".picker__trail button"),
        ["全国", "山西省", "运城市", "盐湖区"]
    );
    assert_eq!(value.get_untracked(), None, "a county is not yet an answer here");

    // A click opens the street; its level may be taken as it is (min level 4) or gone into.
    get(&root, "#home-opt-0").click();
    until("the communities are listed", || {
        texts(&root, "[role=option] .picker__name").len() == 2
    })
    .await;
    assert!(texts(&root, ".picker__actions button")
        .iter()
        .any(|t| t == "就选“中城街道”"));
    press(&combobox, "ArrowUp");
    press(&combobox, "Enter");
    until("the panel closes with the answer", || {
        find(&root, "[role=combobox]").is_none()
    })
    .await;
    assert_eq!(value.get_untracked().as_deref(), Some("140802001002"));
    assert_eq!(
        text_of(&root, "#home-value"),
        "山西省 运城市 盐湖区 中城街道 解放路社区居委会"
    );
    let fetched = requests();
    assert!(
        fetched
            .iter()
            .all(|r| r.contains("parent=") || r.contains("search")),
        "{fetched:?}"
    );

    // The choice is remembered as recent; Escape closes without changing anything.
    trigger.click();
    until("the panel is open again", || {
        find(&root, "[role=combobox]").is_some()
    })
    .await;
    get(&root, ".picker__trail button").click();
    until("a recent choice tops the list", || {
        texts(&root, "[role=option] .picker__badge") == ["最近选择"]
    })
    .await;
    press(&get(&root, "input#home-search"), "Escape");
    until("Escape closes", || find(&root, "[role=combobox]").is_none()).await;
    assert_eq!(value.get_untracked().as_deref(), Some("140802001002"));
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn traveller() -> Draft {
    Draft {
        form: DeclarationForm {
            name: "李华".into(),
            sex: Some(Sex::Female),
            document_type: DocumentType::ResidentId,
            document_number: "11010519491231002X".into(),
            phone: "13900001111".into(),
            residence_division: "140802001002".into(),
            residence_address: "解放路 8 号".into(),
            from_outside_province: true,
            origin_division: Some("4206".into()),
            arrival_date: NaiveDate::from_ymd_opt(2026, 11, 25),
            itinerary: vec![ItineraryStop {
                division: Some("4206".into()),
                country: None,
                from: NaiveDate::from_ymd_opt(2026, 11, 13),
                to: NaiveDate::from_ymd_opt(2026, 11, 24),
            }],
            commitment: true,
            ..DeclarationForm::default()
        },
        temperature_text: "36,5".into(),
        ..Draft::default()
    }
}

fn fields(draft: &Draft, step: Step) -> Vec<String> {
    draft
        .validate_step(step, today())
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[wasm_bindgen_test]
fn a_complete_draft_passes_every_step_and_sends_the_typed_temperature() {
    let draft = traveller();
    assert_eq!(draft.first_invalid_step(today()).map(|(s, _)| s), None);
    assert_eq!(draft.to_form().temperature_c, Some(36.5));
    assert!(draft.to_form().validate(today()).is_ok());
}

#[wasm_bindgen_test]
fn a_wrong_check_digit_is_reported_at_the_document_number_only() {
    let mut draft = traveller();
    draft.form.document_number = "110105194912310021".into();
    assert_eq!(fields(&draft, Step::Identity), ["document_number"]);
    assert_eq!(
        draft.first_invalid_step(today()).map(|(s, _)| s),
        Some(Step::Identity)
    );
}

#[wasm_bindgen_test]
fn saved_masked_numbers_pass_unchanged_and_fail_once_edited() {
    let saved: SavedDeclaration = serde_json::from_value(serde_json::json!({
        "version": 3, "submitted_at": "2026-11-26T08:00:00Z",
        "name": "李华", "sex": "female", "nationality": "CHN", "document_type": "resident_id",
        "document_number": "11**************2X", "phone": "139****1111",
        "residence_division": "140802001002", "residence_address": "解放路 8 号",
        "temperature_c": 36.5, "commitment": true
    }))
    .unwrap();
    let mut draft = Draft::from_saved(saved);
    assert_eq!(draft.temperature_text, "36.5");
    assert!(
        !draft.form.commitment,
        "the commitment is given again for every submission"
    );
    assert_eq!(fields(&draft, Step::Identity), Vec::<String>::new());
    draft.form.document_number = "11**************2".into();
    draft.form.phone = "139****111".into();
    assert_eq!(fields(&draft, Step::Identity), ["document_number", "phone"]);
}

#[wasm_bindgen_test]
fn what_only_the_screen_knows_is_checked_too() {
    let mut draft = traveller();
    draft.temperature_text = "abc".into();
    let errors = draft.validate_step(Step::Health, today());
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code),
        ("temperature_c", "format")
    );
    draft.temperature_text = "36.6".into();
    draft.isolating = true;
    assert_eq!(fields(&draft, Step::Health), ["isolation_start"]);
    draft.departure_known = true;
    assert_eq!(fields(&draft, Step::Itinerary), ["planned_departure"]);
    draft.departure_known = false;
    draft.form.planned_departure = NaiveDate::from_ymd_opt(2020, 1, 1);
    assert_eq!(
        fields(&draft, Step::Itinerary),
        Vec::<String>::new(),
        "暂不确定 sends no date"
    );
    for step in Step::ALL {
        for error in DeclarationForm::default().validate_step(step, today()) {
            assert_eq!(Step::of_field(&error.field), Some(step));
        }
    }
}

#[wasm_bindgen_test]
fn a_retry_of_the_same_body_reuses_its_idempotency_key_and_an_edit_does_not() {
    let mut draft = traveller();
    let first = draft.key_for("{\"a\":1}");
    assert_eq!(first.len(), 32);
    assert_eq!(draft.key_for("{\"a\":1}"), first);
    let second = draft.key_for("{\"a\":2}");
    assert_ne!(second, first);
}
