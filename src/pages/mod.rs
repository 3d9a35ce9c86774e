//! One page per file; each is a route of [`crate::App`] or the body of one.

pub mod appeal;
pub mod checkin;
pub mod code;
pub mod declare;
pub mod family;
pub mod history;
pub mod home;
pub mod kept_codes;
pub mod login;
pub mod not_found;
pub mod persons;
pub mod print;
pub mod scan;
pub mod welcome;
