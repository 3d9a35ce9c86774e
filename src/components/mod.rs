//! Reusable pieces shared by pages.

pub mod language_switch;
pub mod service_status;
