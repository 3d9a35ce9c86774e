//! Reusable pieces shared by pages.

pub mod account_bar;
pub mod language_switch;
pub mod service_status;
pub mod text_field;
