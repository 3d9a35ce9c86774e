//! Reusable pieces shared by pages.

pub mod account_bar;
pub mod code_card;
pub mod language_switch;
pub mod qr_code;
pub mod service_status;
pub mod text_field;
