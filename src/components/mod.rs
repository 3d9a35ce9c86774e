//! Reusable pieces shared by pages.

pub mod account_bar;
pub mod camera_scanner;
pub mod card_image;
pub mod choice_field;
pub mod code_card;
pub mod division_names;
pub mod division_picker;
pub mod kept_code;
pub mod language_switch;
pub mod manual_entry;
pub mod paper_card;
pub mod person_tabs;
pub mod photo_scan;
pub mod qr_code;
pub mod scan_result;
pub mod service_status;
pub mod stepper;
pub mod symptom_checklist;
pub mod text_field;
pub mod trust_status;
